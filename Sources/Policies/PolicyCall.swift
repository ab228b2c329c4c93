import SessionEngine

/// Who is calling into a policy's Lua, and how deep in a cascade: handed to each call of a hook,
/// timer, action or command, and read by the actions that call takes.
public struct PolicyCall: Sendable {
    /// Whom the call's actions are journaled as: the policy, or the admin (`admin:NAME`) who ran a plugin command.
    public var actor: Actor
    /// The cascade depth of the events its actions produce: 1 for a timer, one more than the event
    /// for a hook, 0 for an admin's command.
    public var actionDepth: Int

    public init(actor: Actor, actionDepth: Int) {
        self.actor = actor
        self.actionDepth = actionDepth
    }
}
