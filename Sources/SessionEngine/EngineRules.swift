import Foundation

/// Site rules the engine enforces whatever the actor: the config's `protect`, the nologin window.
public struct EngineRules: Hashable, Sendable {
    /// Users whose sessions no policy action touches.
    public var protectedUsers: Set<String>
    /// How long before a scheduled shutdown new sign-ins are refused.
    public var nologinWindow: TimeInterval

    /// The computer whose sessions are logind's (`seats = "logind"`): there an admin or a policy
    /// cannot suspend a session, since logind has no way to switch a seat away to a greeter.
    public var logindComputer: String?

    public init(protectedUsers: Set<String> = [], nologinWindow: TimeInterval = 300, logindComputer: String? = nil) {
        self.protectedUsers = protectedUsers
        self.nologinWindow = nologinWindow
        self.logindComputer = logindComputer
    }
}
