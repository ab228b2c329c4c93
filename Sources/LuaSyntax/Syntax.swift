/// A place in a source file: 1-based line, and 1-based column counted in UTF-8 bytes (as Lua and
/// luacheck count them).
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
    public var description: String { "\(line):\(column)" }
}

/// A name as written, where it was written.
public struct Name: Sendable, Hashable {
    public var text: String
    public var position: SourcePosition

    public init(_ text: String, at position: SourcePosition) {
        self.text = text
        self.position = position
    }
}

/// A parsed file: its top-level block.
public struct Chunk: Sendable {
    public var block: Block

    public init(block: Block) { self.block = block }
}

/// A sequence of statements; `end` is where the block's closing word (or the end of file) is.
public struct Block: Sendable {
    public var statements: [Statement]
    public var end: SourcePosition

    public init(statements: [Statement], end: SourcePosition) {
        self.statements = statements
        self.end = end
    }
}

/// A statement; `position` is where its first token is.
public struct Statement: Sendable {
    public var position: SourcePosition
    public var kind: Kind

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    public enum Kind: Sendable {
        /// `local a <const>, b = 1, 2`
        case local([LocalName], [Expression])
        /// `a, b.c = 1, 2`
        case assign([Expression], [Expression])
        /// `f(x)`, `o:m(x)`: a call used as a statement (the expression is `.call` or `.method`).
        case call(Expression)
        case `do`(Block)
        case `while`(Expression, Block)
        case `repeat`(Block, until: Expression)
        /// `if c1 then … elseif c2 then … else … end`
        case `if`([IfClause], else: Block?)
        /// `for i = first, last, step do … end`
        case numericFor(Name, Expression, Expression, Expression?, Block)
        /// `for k, v in explist do … end`
        case genericFor([Name], [Expression], Block)
        /// `function a.b.c:m(…) … end`
        case function(FunctionName, FunctionBody)
        /// `local function f(…) … end`
        case localFunction(Name, FunctionBody)
        case `return`([Expression])
        case `break`
        case goto(Name)
        case label(Name)
    }
}

/// A name declared by `local`, with its attribute (`const`, `close`) if any.
public struct LocalName: Sendable {
    public var name: Name
    public var attribute: String?

    public init(name: Name, attribute: String?) {
        self.name = name
        self.attribute = attribute
    }
}

/// One `if`/`elseif` condition and its block.
public struct IfClause: Sendable {
    public var condition: Expression
    public var block: Block

    public init(condition: Expression, block: Block) {
        self.condition = condition
        self.block = block
    }
}

/// The name of a `function` statement: `base.fields[1].fields[2]:method`.
public struct FunctionName: Sendable {
    public var base: Name
    public var fields: [Name]
    public var method: Name?

    public init(base: Name, fields: [Name], method: Name?) {
        self.base = base
        self.fields = fields
        self.method = method
    }
}

/// A function's parameters and body; `position` is its `function` keyword, `end` its `end`.
public struct FunctionBody: Sendable {
    public var parameters: [Name]
    public var isVararg: Bool
    public var block: Block
    public var position: SourcePosition

    public init(parameters: [Name], isVararg: Bool, block: Block, position: SourcePosition) {
        self.parameters = parameters
        self.isVararg = isVararg
        self.block = block
        self.position = position
    }
}

/// One field of a table constructor.
public enum TableField: Sendable {
    /// `{ x }`
    case positional(Expression)
    /// `{ name = x }`
    case named(Name, Expression)
    /// `{ [k] = x }`
    case keyed(Expression, Expression)
}

/// An expression; `position` is where its first token is (for a binary operation, its left operand).
public struct Expression: Sendable {
    public var position: SourcePosition
    public var kind: Kind

    public init(_ kind: Kind, at position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    public indirect enum Kind: Sendable {
        case `nil`, `true`, `false`, vararg
        /// A numeral as written (`10`, `0x1F`, `1.5e3`).
        case number(String)
        /// A string's value, escapes decoded.
        case string(String)
        case function(FunctionBody)
        case table([TableField])
        /// A name read or written: a local, an upvalue or a global.
        case name(String)
        /// `object.field`
        case field(Expression, Name)
        /// `object[key]`
        case index(Expression, Expression)
        /// `f(arguments)`, `f"text"`, `f{…}`
        case call(Expression, [Expression])
        /// `object:method(arguments)`
        case method(Expression, Name, [Expression])
        /// `a OP b` with the operator as written (`+`, `..`, `==`, `and`, …).
        case binary(String, Expression, Expression)
        /// `OP a` (`-`, `not`, `#`, `~`).
        case unary(String, Expression)
        /// `(a)`: one value.
        case paren(Expression)
    }
}

/// Why a file does not parse, where, and — when a block is left open — which one.
public struct LuaSyntaxError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    /// "'end' expected (to close 'function' at line 3) near ')'"
    public var message: String

    public init(_ message: String, at position: SourcePosition) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(position): \(message)" }
}
