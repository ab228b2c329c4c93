import Foundation

/// Which computers and stations exist, in config order: the config is the truth for this.
public struct LabLayout: Hashable, Sendable {
    public struct Computer: Hashable, Sendable {
        public var name: String
        /// Its stations, in config order; empty for a computer whose stations follow logind.
        public var stations: [String]
        /// `seats = "logind"`: the stations are the machine's logind seats (and its remote
        /// stations), kept in step by the daemon; a config sync leaves them alone.
        public var followsLogind: Bool
        public init(name: String, stations: [String], followsLogind: Bool = false) {
            self.name = name
            self.stations = stations
            self.followsLogind = followsLogind
        }
    }

    public var computers: [Computer]

    public init(computers: [Computer]) {
        self.computers = computers
    }

    /// A short stable digest of the layout (FNV-1a, 64 bits, over every name in order), to notice
    /// when the config changed without keeping a district's half a million names in the store.
    public var fingerprint: String {
        var digest = Digest()
        for computer in computers {
            digest.add(computer.name.utf8)
            if computer.followsLogind { digest.add("@logind".utf8) }
            digest.add(byte: 0x3D)  // =
            for station in computer.stations {
                digest.add(station.utf8)
                digest.add(byte: 0x2C)  // ,
            }
            digest.add(byte: 0x3B)  // ;
        }
        return "v2:\(computers.count):" + digest.text
    }
}
