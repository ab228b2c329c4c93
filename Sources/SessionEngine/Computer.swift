import Foundation

/// One machine hosting several stations.
public struct Computer: Hashable, Sendable {
    public var name: String
    public var power: PowerState
    /// The shutdown or restart scheduled for this computer, if any.
    public var scheduled: ScheduledShutdown?
    /// The config no longer lists it: it stays only while it has live sessions, and refuses sign-ins.
    public var retired: Bool

    /// When the scheduled shutdown or restart is due.
    public var shutdownAt: Date? { scheduled?.at }

    public init(name: String, power: PowerState = .running, scheduled: ScheduledShutdown? = nil, retired: Bool = false) {
        self.name = name
        self.power = power
        self.scheduled = scheduled
        self.retired = retired
    }
}
