/// The escaping sd-bus applies to a name that becomes one element of an object path
/// (`sd_bus_path_encode`): logind's session "c1" lives at `/org/freedesktop/login1/session/c1`,
/// session "12" at `/org/freedesktop/login1/session/_312`.
///
/// ASCII letters are kept, and digits except in the first place; every other byte becomes `_`
/// and two lowercase hex digits. The empty name is `_`.
///
/// ```swift
/// BusLabel.escape("12")                                  // "_312"
/// BusLabel.unescape("_312")                              // "12"
/// BusLabel.name(in: "/org/freedesktop/login1/session/c1", under: "/org/freedesktop/login1/session")   // "c1"
/// ```
enum BusLabel {
    static func escape(_ name: String) -> String {
        guard !name.isEmpty else { return "_" }
        var escaped = ""
        for (index, byte) in name.utf8.enumerated() {
            let letter =
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if letter || (digit && index > 0) {
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                escaped += "_" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return escaped
    }

    /// The name an escaped label stands for; a `_` not followed by two hex digits stays as it is.
    static func unescape(_ label: String) -> String {
        guard label != "_" else { return "" }
        let bytes = Array(label.utf8)
        var name: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                name.append(high << 4 | low)
                index += 3
            } else {
                name.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The unescaped last element of `path` when it is directly under `namespace`, else nil.
    static func name(in path: String, under namespace: String) -> String? {
        let prefix = namespace + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let label = path.dropFirst(prefix.count)
        guard !label.isEmpty, !label.contains("/") else { return nil }
        return unescape(String(label))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
