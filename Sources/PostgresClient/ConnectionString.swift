import CPostgres

/// What this client needs to know of a libpq connection string before connecting: a description
/// of where it goes without the password (`user@host:port/db`), and the texts that must never
/// appear in a message (the password as libpq reads it, and as written in the string, which may
/// be percent-encoded, in case libpq quotes part of a string it cannot parse).
struct ConnectionString {
    var target: String
    var secrets: [String]

    init(_ text: String) {
        var secrets = Self.writtenPasswords(text)
        var options: [String: String] = [:]
        var error: UnsafeMutablePointer<CChar>?
        if let parsed = PQconninfoParse(text, &error) {
            var option = parsed
            while let keyword = option.pointee.keyword {
                if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
                option += 1
            }
            PQconninfoFree(parsed)
        }
        if let error { PQfreemem(error) }
        if let password = options["password"], !password.isEmpty { secrets.append(password) }
        self.secrets = Array(Set(secrets)).sorted { $0.count > $1.count }
        if options.isEmpty {
            target = "(a connection string libpq cannot read)"
        } else {
            let user = options["user"].map { "\($0)@" } ?? ""
            let host = options["host"] ?? options["hostaddr"] ?? "localhost"
            let port = options["port"].map { ":\($0)" } ?? ""
            let database = options["dbname"].map { "/\($0)" } ?? ""
            target = user + host + port + database
        }
    }

    /// Passwords as written: in a URL's `user:password@` (libpq reads the user part up to the first
    /// `@` or `/`), and in `password=` (URL query or key=value form), raw and percent-decoded.
    static func writtenPasswords(_ text: String) -> [String] {
        var found: [String] = []
        if let scheme = text.firstRange(of: "://") {
            let rest = text[scheme.upperBound...]
            if let end = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[end] == "@",
                let colon = rest[..<end].firstIndex(of: ":")
            {
                found.append(String(rest[rest.index(after: colon)..<end]))
            }
        }
        for match in text.matches(of: /password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]+)/) {
            var value = String(match.1)
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            found.append(value)
        }
        return (found + found.compactMap(percentDecoded)).filter { !$0.isEmpty }
    }

    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let high = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                let low = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), low < utf8.endIndex,
                let value = UInt8(String(decoding: utf8[high...low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index = utf8.index(after: low)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
