// Numerals, short strings with their escapes, and long brackets.
extension LuaLexer {
    // MARK: - Numerals

    /// Reads a numeral the way Lua does (greedily: digits, hex digits, dots, exponents with their
    /// sign, and one letter after them), then checks its form.
    mutating func readNumeral() throws(LuaSyntaxError) -> String {
        let start = offset
        var exponents: (UInt8, UInt8) = (UInt8(ascii: "e"), UInt8(ascii: "E"))
        if bytes[offset] == UInt8(ascii: "0"), (at(offset + 1) | 0x20) == UInt8(ascii: "x") {
            offset += 2
            exponents = (UInt8(ascii: "p"), UInt8(ascii: "P"))
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == exponents.0 || byte == exponents.1 {
                offset += 1
                if at(offset) == UInt8(ascii: "+") || at(offset) == UInt8(ascii: "-") { offset += 1 }
            } else if Self.isHexDigit(byte) || byte == UInt8(ascii: ".") {
                offset += 1
            } else {
                break
            }
        }
        if Self.isNameStart(at(offset)) { offset += 1 }
        let text = bytes[start..<offset]
        guard Self.isWellFormedNumeral(text) else { throw error("malformed number", near: quotedText(from: start)) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is a decimal or hexadecimal numeral of Lua 5.4 (§3.1).
    static func isWellFormedNumeral(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        let end = text.endIndex
        let isHex = text.count > 2 && text[index] == UInt8(ascii: "0") && (text[index + 1] | 0x20) == UInt8(ascii: "x")
        func isMantissaDigit(_ byte: UInt8) -> Bool { isHex ? isHexDigit(byte) : isDigit(byte) }
        if isHex { index += 2 }
        var digits = 0
        while index < end, isMantissaDigit(text[index]) {
            index += 1
            digits += 1
        }
        if index < end, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, isMantissaDigit(text[index]) {
                index += 1
                digits += 1
            }
        }
        guard digits > 0 else { return false }
        if index < end, (text[index] | 0x20) == (isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")) {
            index += 1
            if index < end, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < end, isDigit(text[index]) {
                index += 1
                exponentDigits += 1
            }
            guard exponentDigits > 0 else { return false }
        }
        return index == end
    }

    // MARK: - Short strings

    /// Reads a `'…'` or `"…"` string and returns its decoded value.
    mutating func readShortString() throws(LuaSyntaxError) -> String {
        let start = offset
        let quote = bytes[offset]
        offset += 1
        var value: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw error("unfinished string", near: "<eof>") }
            let byte = bytes[offset]
            if byte == quote {
                offset += 1
                break
            }
            if Self.isNewline(byte) { throw error("unfinished string", near: quotedText(from: start)) }
            if byte == UInt8(ascii: "\\") {
                try readEscape(into: &value, stringStart: start)
            } else {
                value.append(byte)
                offset += 1
            }
        }
        return String(decoding: value, as: UTF8.self)
    }

    private static let simpleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
        UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "v"): 0x0B, UInt8(ascii: "\\"): 0x5C,
        UInt8(ascii: "\""): 0x22, UInt8(ascii: "'"): 0x27,
    ]

    /// Decodes one escape sequence starting at the backslash at `offset`.
    private mutating func readEscape(into value: inout [UInt8], stringStart: Int) throws(LuaSyntaxError) {
        offset += 1
        guard offset < bytes.count else { return }  // the string loop reports the end of file
        let byte = bytes[offset]
        if let decoded = Self.simpleEscapes[byte] {
            value.append(decoded)
            offset += 1
        } else if Self.isNewline(byte) {
            consumeNewline()
            value.append(0x0A)
        } else if byte == UInt8(ascii: "x") {
            offset += 1
            let high = try hexDigit(stringStart: stringStart)
            let low = try hexDigit(stringStart: stringStart)
            value.append(UInt8(high * 16 + low))
        } else if byte == UInt8(ascii: "z") {
            offset += 1
            while offset < bytes.count, Self.isSpace(bytes[offset]) {
                if Self.isNewline(bytes[offset]) { consumeNewline() } else { offset += 1 }
            }
        } else if Self.isDigit(byte) {
            var number = 0
            var count = 0
            while count < 3, offset < bytes.count, Self.isDigit(bytes[offset]) {
                number = number * 10 + Int(bytes[offset] - 0x30)
                offset += 1
                count += 1
            }
            guard number <= 255 else { throw escapeError("decimal escape too large", stringStart: stringStart) }
            value.append(UInt8(number))
        } else if byte == UInt8(ascii: "u") {
            try readUnicodeEscape(into: &value, stringStart: stringStart)
        } else {
            throw escapeError("invalid escape sequence", stringStart: stringStart)
        }
    }

    /// `\u{XXX}`: up to 2^31 - 1, encoded as (extended) UTF-8.
    private mutating func readUnicodeEscape(into value: inout [UInt8], stringStart: Int) throws(LuaSyntaxError) {
        offset += 1
        guard at(offset) == UInt8(ascii: "{") else { throw escapeError("missing '{' in \\u{xxxx}", stringStart: stringStart) }
        offset += 1
        var code = UInt64(try hexDigit(stringStart: stringStart))
        while offset < bytes.count, let digit = Self.hexValue(bytes[offset]) {
            code = code * 16 + UInt64(digit)
            guard code <= 0x7FFF_FFFF else { throw escapeError("UTF-8 value too large", stringStart: stringStart) }
            offset += 1
        }
        guard at(offset) == UInt8(ascii: "}") else { throw escapeError("missing '}' in \\u{xxxx}", stringStart: stringStart) }
        offset += 1
        value.append(contentsOf: Self.extendedUTF8(UInt32(code)))
    }

    private mutating func hexDigit(stringStart: Int) throws(LuaSyntaxError) -> UInt32 {
        guard offset < bytes.count, let digit = Self.hexValue(bytes[offset]) else {
            throw escapeError("hexadecimal digit expected", stringStart: stringStart)
        }
        offset += 1
        return digit
    }

    /// An error inside an escape, shown with the string up to and including the offending byte.
    private mutating func escapeError(_ message: String, stringStart: Int) -> LuaSyntaxError {
        let position = currentPosition()
        if offset < bytes.count, !Self.isNewline(bytes[offset]) { offset += 1 }
        return LuaSyntaxError("\(message) near \(quotedText(from: stringStart))", at: position)
    }

    /// UTF-8 as Lua extends it: up to six bytes, for values below 2^31.
    static func extendedUTF8(_ code: UInt32) -> [UInt8] {
        if code < 0x80 { return [UInt8(code)] }
        var continuation: [UInt8] = []
        var rest = code
        var firstMax: UInt32 = 0x3F  // the largest value the first byte can still hold
        while rest > firstMax {
            continuation.append(UInt8(0x80 | (rest & 0x3F)))
            rest >>= 6
            firstMax >>= 1
        }
        let lead = UInt8(truncatingIfNeeded: (~(firstMax << 1 | 1) & 0xFF) | rest)
        return [lead] + continuation.reversed()
    }

    // MARK: - Long brackets

    /// At a `[`: the level of a long bracket `[==[` starting here, or nil.
    func longBracketLevel() -> Int? {
        var index = offset + 1
        while at(index) == UInt8(ascii: "=") { index += 1 }
        return at(index) == UInt8(ascii: "[") ? index - offset - 1 : nil
    }

    /// Reads a long string or comment whose opening bracket (of `level`) is at `offset`.
    mutating func readLongString(level: Int, isComment: Bool) throws(LuaSyntaxError) -> [UInt8] {
        let startLine = line
        offset += level + 2
        if offset < bytes.count, Self.isNewline(bytes[offset]) { consumeNewline() }
        var value: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "]"), closesLongBracket(level: level) {
                offset += level + 2
                return value
            }
            if Self.isNewline(byte) {
                consumeNewline()
                if !isComment { value.append(0x0A) }
            } else {
                if !isComment { value.append(byte) }
                offset += 1
            }
        }
        let what = isComment ? "comment" : "string"
        throw error("unfinished long \(what) (starting at line \(startLine))", near: "<eof>")
    }

    private func closesLongBracket(level: Int) -> Bool {
        var index = offset + 1
        for _ in 0..<level {
            guard at(index) == UInt8(ascii: "=") else { return false }
            index += 1
        }
        return at(index) == UInt8(ascii: "]")
    }
}
