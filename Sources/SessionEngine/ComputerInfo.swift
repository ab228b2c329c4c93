import Foundation

/// A computer with its counts, for listings.
public struct ComputerInfo: Sendable {
    public init(computer: Computer, stations: Int, sessions: Int) {
        self.computer = computer
        self.stations = stations
        self.sessions = sessions
    }

    public var computer: Computer
    public var stations: Int
    public var sessions: Int
}
