import Foundation

/// The state of a live or ended session (docs/domain.md, "Session states").
public enum SessionState: String, Sendable, CaseIterable {
    case active, locked, suspended, ended
}
