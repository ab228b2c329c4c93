import Foundation

/// A computer's power state.
public enum PowerState: String, Sendable {
    case running, off
}
