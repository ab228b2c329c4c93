/// A statement's parameter, sent in PostgreSQL's text format. Literals work directly:
/// `execute("… WHERE id = $1 AND name = $2", [42, "Zoë"])`; values from variables are
/// `.int(n)`, `.text(s)`, or `PostgresValue(optional)`, which is `.null` for nil.
///
/// Every parameter is sent untyped, as PQexecParams does without `paramTypes`: the server gives
/// each the type its place in the statement needs (an `int4` argument, a `timestamptz` column,
/// a `bool` comparison). Where nothing decides, as in a bare `SELECT $1`, it is `text`: cast it
/// (`$1::bigint`).
public enum PostgresValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bool(Bool)

    public init(_ value: Int64?) { self = value.map(PostgresValue.int) ?? .null }
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
    public init(_ value: Double?) { self = value.map(PostgresValue.double) ?? .null }
    public init(_ value: String?) { self = value.map(PostgresValue.text) ?? .null }
    public init(_ value: Bool?) { self = value.map(PostgresValue.bool) ?? .null }

    /// The text format of the value, nil for NULL.
    func encoded() throws -> String? {
        switch self {
        case .null: return nil
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .double(let value):
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
            return "\(value)"
        case .text(let value):
            guard !value.utf8.contains(0) else {
                throw PostgresError(kind: .usage, message: "a text parameter contains a NUL character, which PostgreSQL's text cannot hold")
            }
            return value
        }
    }
}

extension PostgresValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension PostgresValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension PostgresValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension PostgresValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension PostgresValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// The OIDs of the built-in types this client reads and sends (pg_type.dat; fixed across versions).
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
    public static let numeric: UInt32 = 1700
}
