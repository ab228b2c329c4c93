/// A place in a Lua source file.
public struct LuaLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// "file:line"
    public var description: String { "\(file):\(line)" }

    /// Parses a leading "file:line: " as Lua writes it at the start of error messages.
    static func parse(prefixOf message: String) -> LuaLocation? {
        // The first ":<digits>:" whose file part contains no ": " (messages do, paths rarely).
        var index = message.startIndex
        while let colon = message[index...].firstIndex(of: ":") {
            let file = message[..<colon]
            if file.contains(": ") || file.contains("\n") { return nil }
            let afterColon = message.index(after: colon)
            let digits = message[afterColon...].prefix(while: \.isASCII).prefix(while: \.isNumber)
            if !file.isEmpty, !digits.isEmpty, let line = Int(digits),
                message[digits.endIndex...].hasPrefix(":")
            {
                return LuaLocation(file: String(file), line: line)
            }
            index = afterColon
        }
        return nil
    }
}
