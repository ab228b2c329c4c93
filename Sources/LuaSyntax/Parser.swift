/// Parses Lua 5.4 source (reference manual §9) into a syntax tree, without running it.
///
/// Errors read like Lua's own ("'=' expected near 'x'"), with one improvement: when a block is
/// left open, the message names it and its line, and, from the indentation of the `end`s already
/// matched inside it, the block that is probably missing its `end`:
///
/// ```
/// 'end' expected (to close 'function' at line 1) near ')'; the 'if' at line 2 is probably
/// missing its 'end' (the 'end' at line 4 lines up with line 1)
/// ```
public enum LuaParser {
    /// Parses a whole chunk.
    /// - Throws: `LuaSyntaxError` at the first token that cannot be read or parsed.
    public static func parse(_ source: String) throws(LuaSyntaxError) -> Chunk {
        var parser = try Parser(bytes: Array(source.utf8))
        return try parser.chunk()
    }
}

/// The recursive-descent parser's state: the lexer, the current token and one token of lookahead,
/// the open blocks (for messages) and the enclosing functions.
struct Parser {
    /// How deeply statements and expressions may nest (about as deep as Lua allows).
    static let maximumDepth = 200

    var lexer: LuaLexer
    var token: Token
    private var lookahead: Token?
    var openBlocks: [OpenBlock] = []
    var mismatches: [MismatchedEnd] = []
    var blocksOpened = 0
    var functions: [FunctionContext] = [FunctionContext(isVararg: true)]
    var depth = 0
    /// How many `(`, `[` and `{` are open: a `)`, `]`, `}` or `,` where a statement should start
    /// then most likely means a block inside them was not closed.
    var openBrackets = 0
    /// The locals in scope, innermost last, and whether each is read-only (`<const>`, `<close>`).
    var locals: [(name: String, isReadOnly: Bool)] = []

    init(bytes: [UInt8]) throws(LuaSyntaxError) {
        lexer = LuaLexer(bytes: bytes)
        token = try lexer.next()
    }

    mutating func chunk() throws(LuaSyntaxError) -> Chunk {
        let block = try self.block()
        guard token.kind == .eof else { throw error("<eof> expected") }
        try closeFunctionGotos()
        return Chunk(block: block)
    }

    // MARK: - Tokens

    mutating func advance() throws(LuaSyntaxError) {
        if let next = lookahead {
            token = next
            lookahead = nil
        } else {
            token = try lexer.next()
        }
    }

    mutating func peek() throws(LuaSyntaxError) -> Token {
        if let next = lookahead { return next }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    /// Whether the current token is the keyword or symbol `symbol`.
    func at(_ symbol: String) -> Bool { token.isSymbol(symbol) }

    /// Skips the keyword or symbol `symbol` if it is the current token.
    mutating func accept(_ symbol: String) throws(LuaSyntaxError) -> Bool {
        guard at(symbol) else { return false }
        try advance()
        return true
    }

    /// Skips `symbol`, or fails with "'symbol' expected".
    mutating func expect(_ symbol: String) throws(LuaSyntaxError) {
        guard try accept(symbol) else { throw error("'\(symbol)' expected") }
    }

    /// Skips the `closing` symbol of a pair opened at `opening`, or fails naming the opening one.
    mutating func expect(_ closing: String, closing opening: String, at position: SourcePosition) throws(LuaSyntaxError) {
        guard try accept(closing) else {
            if position.line == token.position.line { throw error("'\(closing)' expected") }
            throw error("'\(closing)' expected (to close '\(opening)' at line \(position.line))")
        }
    }

    /// Reads a name, or fails with "<name> expected".
    mutating func name() throws(LuaSyntaxError) -> Name {
        guard token.kind == .name else { throw error("<name> expected") }
        let name = Name(token.text, at: token.position)
        try advance()
        return name
    }

    // MARK: - Errors

    /// An error at the current token: "message near 'token'".
    func error(_ message: String) -> LuaSyntaxError {
        LuaSyntaxError("\(message) near \(near(token))", at: token.position)
    }

    /// The token as Lua shows it in messages: quoted as written, or `<eof>`.
    func near(_ token: Token) -> String {
        switch token.kind {
        case .eof: "<eof>"
        case .keyword, .symbol: "'\(token.text)'"
        case .name, .number, .string: "'" + String(decoding: lexer.bytes[token.range], as: UTF8.self) + "'"
        }
    }

    /// Counts one more level of nesting (a statement or an expression).
    mutating func enterLevel() throws(LuaSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("too many nested levels (more than \(Self.maximumDepth))")
        }
    }

    mutating func leaveLevel() { depth -= 1 }
}

/// What the parser knows about a function it is inside.
struct FunctionContext {
    var isVararg: Bool
    var loopDepth = 0
    /// The labels of each open block of this function, innermost last.
    var labels: [[String: Int]] = []
    /// The gotos not yet matched to a label, with the block depth they may still jump from.
    var pendingGotos: [PendingGoto] = []
}

/// A `goto` waiting for its label.
struct PendingGoto {
    var label: Name
    var blockDepth: Int
}
