/// logind's answer to `CanPowerOff` (and the other `Can…` calls).
///
/// ```swift
/// switch try bus.canPowerOff() {
/// case .yes: try bus.powerOff(interactive: false)
/// case .challenge: print("polkit will ask for a password")
/// case .no, .notApplicable, .other: print("this computer cannot be powered off from here")
/// }
/// ```
public enum LogindCapability: Equatable, Sendable {
    /// Allowed without asking.
    case yes
    /// Allowed after polkit asks for authentication.
    case challenge
    /// Not allowed for this caller.
    case no
    /// Not possible on this system ("na").
    case notApplicable
    /// An answer this module does not know.
    case other(String)

    public init(_ answer: String) {
        switch answer {
        case "yes": self = .yes
        case "challenge": self = .challenge
        case "no": self = .no
        case "na": self = .notApplicable
        default: self = .other(answer)
        }
    }
}
