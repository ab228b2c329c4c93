import Foundation

/// The transition table of docs/domain.md.
///
/// The engine is pure: it changes a ``LabState`` slice and returns the events. The store
/// loads the slice and writes the result in one transaction.
///
/// ```swift
/// var lab = LabState(computers: [Computer(name: "LAB-1")],
///                    stations: [Station(id: StationID(computer: "LAB-1", name: "1"), position: 0)])
/// let outcome = try Engine.apply(.signIn(user: "alice", station: StationID(computer: "LAB-1", name: "1")),
///                                actor: .user, at: Date(), to: &lab, nextSessionID: { 1 })
/// outcome.events.first?.name // .signedIn
/// ```
public enum Engine {
    /// Applies a command to `lab`. On a thrown error `lab` is left unchanged.
    ///
    /// - Parameters:
    ///   - history: answers for session ids that are not live, so a refusal can say how they ended.
    ///   - nextSessionID: called once for each new session.
    /// - Throws: also `.invalid` for an admin whose name the journal could not read back.
    public static func apply(
        _ command: Command, actor: Actor, reason: String? = nil, at now: Date,
        to lab: inout LabState, rules: EngineRules = EngineRules(), history: (any SessionHistory)? = nil,
        nextSessionID: () -> Int64
    ) throws(EngineError) -> Outcome {
        if let name = actor.adminName { try Names.validate(name, as: "admin") }
        var run = CommandRun(lab: lab, actor: actor, reason: reason, now: now, rules: rules, history: history)
        try run.apply(command, nextSessionID: nextSessionID)
        lab = run.lab
        return run.outcome
    }
}
