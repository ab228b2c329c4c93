/// FNV-1a over 64 bits: a short digest to notice that something changed (a config, a layout, a
/// policy file). Not a security measure: nothing relies on it being hard to forge.
///
/// ```swift
/// var digest = Digest()
/// digest.add("LAB-1".utf8)
/// digest.text  // "af63bd4c8601b7be"-like
/// ```
public struct Digest: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }

    public mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }

    /// The value in hexadecimal.
    public var text: String { String(value, radix: 16) }
}
