import StationConfig

extension StationConfig {
    /// Policies then plugins, each in config order: the order hooks run in.
    public var declarations: [(PolicyKind, Declaration)] {
        policies.map { (.policy, $0) } + plugins.map { (.plugin, $0) }
    }
}
