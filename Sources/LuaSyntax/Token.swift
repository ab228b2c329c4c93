/// What kind of token a `Token` is.
public enum TokenKind: Sendable, Hashable {
    /// An identifier that is not a keyword.
    case name
    /// One of Lua's 22 reserved words (`and`, `break`, … `while`).
    case keyword
    /// A numeral, as written.
    case number
    /// A short or long string; `Token.text` is its decoded value.
    case string
    /// An operator or punctuation mark (`+`, `//`, `...`, `::`, `(`, …).
    case symbol
    /// The end of the source.
    case eof
}

/// One token of Lua source.
public struct Token: Sendable, Hashable {
    /// A name, keyword, numeral, string, symbol or the end of file.
    public var kind: TokenKind
    /// The name, keyword, numeral or symbol as written; for a string, its decoded value
    /// (bytes that are not UTF-8 are replaced); empty at the end of file.
    public var text: String
    /// Where the token starts.
    public var position: SourcePosition
    /// The byte range of the token in the source.
    public var range: Range<Int>
    /// The indentation (leading spaces and tabs, one column each) of the line the token starts on.
    public var indentation: Int

    /// A token with all its parts (the lexer makes them).
    public init(kind: TokenKind, text: String, position: SourcePosition, range: Range<Int>, indentation: Int) {
        self.kind = kind
        self.text = text
        self.position = position
        self.range = range
        self.indentation = indentation
    }

    /// Whether this is the keyword or symbol `text`.
    public func isSymbol(_ symbol: String) -> Bool {
        (kind == .symbol || kind == .keyword) && text == symbol
    }

    /// Lua's 22 reserved words.
    public static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]
}
