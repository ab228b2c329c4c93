import Foundation

/// The verbs that policies, plugins and scenarios name, in one table: what each acts on, what its
/// second argument carries, where the policy API offers it, and the ``Command`` it builds.
///
/// The policy API's methods (`s:lock()`, `c:shutdown{ delay = "15m" }`, …) and the scenario
/// language's functions (`lock("alice@LAB-1")`) are both generated from ``allCases``, so a verb
/// added here appears in both. `stationctl`'s commands build the same typed ``Command``s.
///
/// ```swift
/// let command = try Verb.block.command(
///     VerbInput(target: .station(StationID(computer: "LAB-1", name: "3")), message: "Exam"), now: Date())
/// // .block([LAB-1/3], message: "Exam")
/// ```
public enum Verb: String, CaseIterable, Sendable {
    case signIn = "sign_in"
    case lock
    case unlock
    case disconnect
    case signOut = "sign_out"
    case activity
    case suspend
    /// Ends a session (`end` is a Lua keyword).
    case terminate
    case message
    case suspendStation = "suspend_station"
    case block
    case unblock
    case suspendAll = "suspend_all"
    case endAll = "end_all"
    case blockAll = "block_all"
    case unblockAll = "unblock_all"
    case messageAll = "message_all"
    case shutdown
    case restart
    case cancelShutdown = "cancel_shutdown"
    case start

    /// What a verb acts on: its first argument, or the object whose method it is.
    public enum Target: String, Sendable {
        case user, session, station, computer
    }

    /// What a verb's second argument carries.
    public enum Argument: Sendable {
        /// An optional reason, recorded in the journal.
        case reason
        /// The message text, required.
        case text
        /// `sign_in`'s station.
        case station
        /// `"message"` or `{ message = …, reason = … }`.
        case blockOptions
        /// `"reason"` or `{ delay = "15m", message = …, reason = … }`; a delay schedules it.
        case powerOptions

        /// The option names a table may hold, and the one a lone string stands for.
        public var options: (allowed: [String], shorthand: String)? {
            switch self {
            case .blockOptions: return (["message", "reason"], "message")
            case .powerOptions: return (["delay", "message", "reason"], "reason")
            case .reason, .text, .station: return nil
            }
        }
    }

    /// The table's row for this verb.
    public struct Row: Sendable {
        public var target: Target
        public var argument: Argument
        /// The policy API's method name on objects of ``target``'s kind; `nil` for a user's verb
        /// that no policy takes (signing in, unlocking, disconnecting, activity, starting a computer).
        public var method: String?
        /// Who takes the verb in a scenario.
        public var scenarioActor: Actor
    }

    /// The table.
    public var row: Row {
        switch self {
        case .signIn: return Row(target: .user, argument: .station, method: nil, scenarioActor: .user)
        case .lock: return Row(target: .session, argument: .reason, method: "lock", scenarioActor: .user)
        case .unlock: return Row(target: .session, argument: .reason, method: nil, scenarioActor: .user)
        case .disconnect: return Row(target: .session, argument: .reason, method: nil, scenarioActor: .user)
        case .signOut: return Row(target: .session, argument: .reason, method: "sign_out", scenarioActor: .user)
        case .activity: return Row(target: .session, argument: .reason, method: nil, scenarioActor: .user)
        case .suspend: return Row(target: .session, argument: .reason, method: "suspend", scenarioActor: .admin(nil))
        case .terminate: return Row(target: .session, argument: .reason, method: "terminate", scenarioActor: .admin(nil))
        case .message: return Row(target: .session, argument: .text, method: "message", scenarioActor: .admin(nil))
        case .suspendStation:
            return Row(target: .station, argument: .reason, method: "suspend", scenarioActor: .admin(nil))
        case .block: return Row(target: .station, argument: .blockOptions, method: "block", scenarioActor: .admin(nil))
        case .unblock: return Row(target: .station, argument: .reason, method: "unblock", scenarioActor: .admin(nil))
        case .suspendAll:
            return Row(target: .computer, argument: .reason, method: "suspend_all", scenarioActor: .admin(nil))
        case .endAll: return Row(target: .computer, argument: .reason, method: "end_all", scenarioActor: .admin(nil))
        case .blockAll:
            return Row(target: .computer, argument: .blockOptions, method: "block_all", scenarioActor: .admin(nil))
        case .unblockAll:
            return Row(target: .computer, argument: .reason, method: "unblock_all", scenarioActor: .admin(nil))
        case .messageAll:
            return Row(target: .computer, argument: .text, method: "message_all", scenarioActor: .admin(nil))
        case .shutdown:
            return Row(target: .computer, argument: .powerOptions, method: "shutdown", scenarioActor: .admin(nil))
        case .restart:
            return Row(target: .computer, argument: .powerOptions, method: "restart", scenarioActor: .admin(nil))
        case .cancelShutdown:
            return Row(target: .computer, argument: .reason, method: "cancel_shutdown", scenarioActor: .admin(nil))
        case .start: return Row(target: .computer, argument: .reason, method: nil, scenarioActor: .admin(nil))
        }
    }

    /// The verbs the policy API offers on objects of one kind, with their method names.
    public static func methods(on target: Target) -> [(method: String, verb: Verb)] {
        allCases.compactMap { verb in
            let row = verb.row
            guard row.target == target, let method = row.method else { return nil }
            return (method, verb)
        }
    }

    /// The command a verb's checked arguments make.
    /// - Throws: ``EngineError/invalid(_:)`` when the target is not of the verb's kind or a delay is not positive.
    public func command(_ input: VerbInput, now: Date) throws(EngineError) -> Command {
        switch (self, input.target) {
        case (.signIn, .user(let user)):
            guard let station = input.station else { throw .invalid("\(rawValue) expects a station") }
            return .signIn(user: user, station: station)
        case (.lock, .session(let ref)): return .lock(ref)
        case (.unlock, .session(let ref)): return .unlock(ref)
        case (.disconnect, .session(let ref)): return .disconnect(ref)
        case (.signOut, .session(let ref)): return .signOut(ref)
        case (.activity, .session(let ref)): return .activity(ref)
        case (.suspend, .session(let ref)): return .suspend([ref])
        case (.terminate, .session(let ref)): return .end([ref])
        case (.message, .session(let ref)): return .message([ref], text: try text(input))
        case (.suspendStation, .station(let id)): return .suspendStation(id)
        case (.block, .station(let id)): return .block([id], message: input.message ?? Command.defaultBlockMessage)
        case (.unblock, .station(let id)): return .unblock([id])
        case (.suspendAll, .computer(let name)): return .suspendAll(computer: name)
        case (.endAll, .computer(let name)): return .endAll(computer: name)
        case (.blockAll, .computer(let name)):
            return .blockAll(computer: name, message: input.message ?? Command.defaultBlockMessage)
        case (.unblockAll, .computer(let name)): return .unblockAll(computer: name)
        case (.messageAll, .computer(let name)): return .messageAll(computer: name, text: try text(input))
        case (.shutdown, .computer(let name)), (.restart, .computer(let name)):
            let restart = self == .restart
            guard let delay = input.delay else { return restart ? .restart(computer: name) : .shutdown(computer: name) }
            guard delay > 0 else { throw .invalid("\(rawValue): delay must be longer than 0s (omit it to act now)") }
            return .schedule(
                computer: name, ScheduledShutdown(at: now + Double(delay), restart: restart, message: input.message))
        case (.cancelShutdown, .computer(let name)): return .cancelShutdown(computer: name)
        case (.start, .computer(let name)): return .start(computer: name)
        default:
            throw .invalid("\(rawValue) acts on a \(row.target.rawValue), not on \(input.target)")
        }
    }

    private func text(_ input: VerbInput) throws(EngineError) -> String {
        guard let text = input.text, !text.isEmpty else {
            throw .invalid("\(rawValue): expects the message text, a non-empty string")
        }
        return text
    }
}
