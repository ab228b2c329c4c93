/// The config's `limit { policy_actions_per_minute = N }` refused a policy action.
public struct PolicyLimitError: Error, CustomStringConvertible, Sendable {
    public var limit: Int
    public var recent: Int
    public var wanted: Int

    public var description: String {
        "refused by limit { policy_actions_per_minute = \(limit) }: policies already took \(recent) action(s) in the last minute and this one would add \(wanted)"
    }
}
