import Foundation

/// What a dashboard account may do (docs/dashboard.md).
///
/// ```swift
/// AccountRole.teacher.allows(.lock)      // true, on the teacher's computers only
/// AccountRole.teacher.allows(.endAll)    // false
/// ```
public enum AccountRole: String, Sendable, CaseIterable, Codable {
    /// Everything, on every computer.
    case admin
    /// On the computers given to the account only: message (one session or all), lock and unlock,
    /// block and unblock (stations or all), suspend (a session or a station). Never end, shut down or restart.
    case teacher

    /// The verbs a teacher may use (on their computers).
    public static let teacherVerbs: Set<Verb> = [
        .message, .messageAll, .lock, .unlock, .block, .unblock, .blockAll, .unblockAll, .suspend, .suspendStation,
    ]

    public func allows(_ verb: Verb) -> Bool {
        self == .admin || Self.teacherVerbs.contains(verb)
    }
}
