import Foundation

/// One seat of a computer. Its status is derived: see ``LabState/status(of:)``.
public struct Station: Hashable, Sendable {
    public var id: StationID
    /// Order in the config, for listings.
    public var position: Int
    /// The message shown while blocked; `nil` when the station is not blocked.
    public var blockMessage: String?

    public var isBlocked: Bool { blockMessage != nil }

    public init(id: StationID, position: Int, blockMessage: String? = nil) {
        self.id = id
        self.position = position
        self.blockMessage = blockMessage
    }
}
