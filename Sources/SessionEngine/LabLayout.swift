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

    /// A stable text of the layout, to notice when the config changed.
    public var fingerprint: String {
        computers.map { "\($0.name)=\($0.stations.joined(separator: ","))" }.joined(separator: ";")
    }
}
