/// A D-Bus value as read from a message: what a variant of a property holds.
///
/// Logind's properties are mostly basic values; a few are structs (`User` is
/// `(uo)`, `Seat` is `(so)`). A dict entry is read as a two-element
/// `.structure`.
///
/// ```swift
/// let seat = properties["Seat"]        // .structure([.string("seat0"), .objectPath("/org/freedesktop/login1/seat/seat0")])
/// seat?[0]?.string                     // "seat0"
/// properties["VTNr"]?.unsigned         // 7
/// ```
enum BusValue: Equatable, Sendable {
    case string(String)
    case objectPath(String)
    case signature(String)
    case bool(Bool)
    case byte(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    /// A file descriptor's number in the message (never used by logind's properties).
    case unixFD(Int32)
    case array([BusValue])
    case structure([BusValue])

    /// The text of a string, object path or signature.
    var string: String? {
        switch self {
        case .string(let text), .objectPath(let text), .signature(let text): text
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Any unsigned integer (y, q, u, t) widened.
    var unsigned: UInt64? {
        switch self {
        case .byte(let value): UInt64(value)
        case .uint16(let value): UInt64(value)
        case .uint32(let value): UInt64(value)
        case .uint64(let value): value
        default: nil
        }
    }

    /// The elements of an array or the fields of a struct.
    var elements: [BusValue]? {
        switch self {
        case .array(let values), .structure(let values): values
        default: nil
        }
    }

    /// The element or field at `index`, if there is one.
    subscript(index: Int) -> BusValue? {
        guard let values = elements, values.indices.contains(index) else { return nil }
        return values[index]
    }
}
