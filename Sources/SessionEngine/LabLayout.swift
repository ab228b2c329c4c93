import Foundation

/// Which computers and stations exist, in config order: the config is the truth for this.
public struct LabLayout: Hashable, Sendable {
    public struct Computer: Hashable, Sendable {
        public var name: String
        public var stations: [String]
        public init(name: String, stations: [String]) {
            self.name = name
            self.stations = stations
        }
    }

    public var computers: [Computer]

    public init(computers: [Computer]) {
        self.computers = computers
    }

    /// A short stable digest of the layout (FNV-1a, 64 bits, over every name in order), to notice
    /// when the config changed without keeping a district's half a million names in the store.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String, then separator: UInt8) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= UInt64(separator)
            hash = hash &* 0x100_0000_01b3
        }
        for computer in computers {
            mix(computer.name, then: 0x3D)  // =
            for station in computer.stations { mix(station, then: 0x2C) }  // ,
            hash ^= 0x3B  // ;
            hash = hash &* 0x100_0000_01b3
        }
        return "v2:\(computers.count):" + String(hash, radix: 16)
    }
}
