import Foundation

/// One seat of a computer. Its status is derived: see ``LabState/status(of:)``.
public struct Station: Hashable, Sendable {
    public var id: StationID
    /// Order in the config, for listings.
    public var position: Int
    /// The message shown while blocked; `nil` when the station is not blocked.
    public var blockMessage: String?
    /// The config no longer lists it: it stays only while a session is there, and refuses sign-ins.
    public var retired: Bool

    public var isBlocked: Bool { blockMessage != nil }

    public init(id: StationID, position: Int, blockMessage: String? = nil, retired: Bool = false) {
        self.id = id
        self.position = position
        self.blockMessage = blockMessage
        self.retired = retired
    }
}
