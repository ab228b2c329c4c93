/// Splits Lua 5.4 source into tokens, one at a time, tracking the line and byte column of each.
///
/// A first line starting with `#` (a `#!` line) is skipped. `\r\n`, `\n\r`, `\r` and `\n` each
/// count as one newline.
public struct LuaLexer: Sendable {
    let bytes: [UInt8]
    var offset = 0
    var line = 1
    var lineStart = 0
    private var indentLine = 0
    private var indentation = 0

    /// A lexer over `source`.
    public init(_ source: String) {
        self.init(bytes: Array(source.utf8))
    }

    /// A lexer over the UTF-8 (or any ASCII-compatible) bytes of a source.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.first == UInt8(ascii: "#") {
            while offset < bytes.count, !Self.isNewline(bytes[offset]) { offset += 1 }
        }
    }

    /// The next token; at the end, a `.eof` token (again on every later call).
    /// - Throws: on an unfinished string or comment, a malformed number, a bad escape, or a byte
    ///   that starts no token.
    public mutating func next() throws(LuaSyntaxError) -> Token {
        skipSpaceAndComments: while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case 0x0A, 0x0D: consumeNewline()
            case 0x20, 0x09, 0x0B, 0x0C: offset += 1
            case UInt8(ascii: "-") where at(offset + 1) == UInt8(ascii: "-"): try skipComment()
            default: break skipSpaceAndComments
            }
        }
        let start = offset
        let position = currentPosition()
        let indent = currentIndentation()
        func token(_ kind: TokenKind, _ text: String) -> Token {
            Token(kind: kind, text: text, position: position, range: start..<offset, indentation: indent)
        }
        guard offset < bytes.count else { return token(.eof, "") }
        let byte = bytes[offset]
        if Self.isNameStart(byte) {
            while offset < bytes.count, Self.isNameByte(bytes[offset]) { offset += 1 }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            return token(Token.keywords.contains(text) ? .keyword : .name, text)
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && Self.isDigit(at(offset + 1))) {
            return token(.number, try readNumeral())
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            return token(.string, try readShortString())
        }
        if byte == UInt8(ascii: "[") {
            if let level = longBracketLevel() {
                let value = try readLongString(level: level, isComment: false)
                return token(.string, String(decoding: value, as: UTF8.self))
            }
            if at(offset + 1) == UInt8(ascii: "=") {
                offset += 1
                while at(offset) == UInt8(ascii: "=") { offset += 1 }
                throw error("invalid long string delimiter", near: quotedText(from: start))
            }
        }
        return token(.symbol, try readSymbol())
    }

    // MARK: - Positions

    func currentPosition() -> SourcePosition {
        SourcePosition(line: line, column: offset - lineStart + 1)
    }

    private mutating func currentIndentation() -> Int {
        if indentLine != line {
            indentLine = line
            var index = lineStart
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            indentation = index - lineStart
        }
        return indentation
    }

    /// Consumes one newline (`\n`, `\r`, `\r\n` or `\n\r`) at `offset`.
    mutating func consumeNewline() {
        let first = bytes[offset]
        offset += 1
        if offset < bytes.count, Self.isNewline(bytes[offset]), bytes[offset] != first { offset += 1 }
        line += 1
        lineStart = offset
    }

    func at(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    func error(_ message: String, near: String?) -> LuaSyntaxError {
        LuaSyntaxError(near.map { "\(message) near \($0)" } ?? message, at: currentPosition())
    }

    /// The source from `start` to the current offset, quoted as Lua quotes a token in messages.
    func quotedText(from start: Int) -> String {
        "'" + String(decoding: bytes[start..<min(offset, bytes.count)], as: UTF8.self) + "'"
    }

    // MARK: - Comments

    private mutating func skipComment() throws(LuaSyntaxError) {
        offset += 2
        if at(offset) == UInt8(ascii: "["), let level = longBracketLevel() {
            _ = try readLongString(level: level, isComment: true)
            return
        }
        while offset < bytes.count, !Self.isNewline(bytes[offset]) { offset += 1 }
    }

    // MARK: - Symbols

    private mutating func readSymbol() throws(LuaSyntaxError) -> String {
        let byte = bytes[offset]
        let next = at(offset + 1)
        if byte == UInt8(ascii: ".") {
            var length = 1
            if next == UInt8(ascii: ".") { length = at(offset + 2) == UInt8(ascii: ".") ? 3 : 2 }
            offset += length
            return String(repeating: ".", count: length)
        }
        if let seconds = Self.twoByteSymbols[byte], seconds.contains(next) {
            offset += 2
            return String(decoding: [byte, next], as: UTF8.self)
        }
        guard Self.singleSymbols.contains(byte) else {
            offset += 1
            let shown = byte >= 0x21 && byte < 0x7F ? String(UnicodeScalar(byte)) : "<\\\(byte)>"
            throw LuaSyntaxError("unexpected symbol near '\(shown)'", at: SourcePosition(line: line, column: offset - lineStart))
        }
        offset += 1
        return String(UnicodeScalar(byte))
    }

    private static let twoByteSymbols: [UInt8: [UInt8]] = [
        UInt8(ascii: "/"): [UInt8(ascii: "/")], UInt8(ascii: ">"): [UInt8(ascii: ">"), UInt8(ascii: "=")],
        UInt8(ascii: "<"): [UInt8(ascii: "<"), UInt8(ascii: "=")], UInt8(ascii: "="): [UInt8(ascii: "=")],
        UInt8(ascii: "~"): [UInt8(ascii: "=")], UInt8(ascii: ":"): [UInt8(ascii: ":")],
    ]

    private static let singleSymbols: Set<UInt8> = Set("+-*/%^#&~|<>=(){}[];:,".utf8)

    // MARK: - Character classes

    static func isNewline(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isHexDigit(_ byte: UInt8) -> Bool { hexValue(byte) != nil }
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
    static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
