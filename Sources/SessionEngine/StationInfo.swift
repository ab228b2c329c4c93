import Foundation

/// A station with what is on it, for listings.
public struct StationInfo: Sendable {
    public init(station: Station, status: StationStatus, session: Int64?, user: String?) {
        self.station = station
        self.status = status
        self.session = session
        self.user = user
    }

    public var station: Station
    public var status: StationStatus
    public var session: Int64?
    public var user: String?
}
