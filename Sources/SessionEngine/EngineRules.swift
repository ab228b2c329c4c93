import Foundation

/// Site rules the engine enforces whatever the actor: the config's `protect`, the nologin window.
public struct EngineRules: Hashable, Sendable {
    /// Users whose sessions no policy action touches.
    public var protectedUsers: Set<String>
    /// How long before a scheduled shutdown new sign-ins are refused.
    public var nologinWindow: TimeInterval

    public init(protectedUsers: Set<String> = [], nologinWindow: TimeInterval = 300) {
        self.protectedUsers = protectedUsers
        self.nologinWindow = nologinWindow
    }
}
