import Foundation
import Lua
import SchoolCalendar
import SessionEngine
import StationConfig

/// A school day written in Lua: what users and admins do, and when.
///
/// ```lua
/// at("08:02", sign_in("alice", "LAB-1/1"))
/// at("10:15", disconnect("alice@LAB-1"))
/// at("12:00", idle("bob@LAB-1"))          -- no activity from now on
/// at("15:30", shutdown("LAB-1", { delay = "15m" }))
/// ```
public struct Scenario: Sendable {
    /// One thing that happens at a time of day.
    public struct Step: Sendable {
        /// Seconds after midnight of the simulated day (may pass 24h: `"+1d 08:00"`), or of ``date``.
        public var time: Int
        /// The day it happens on when the scenario named one (`"2026-03-25 08:00"`), local time.
        public var date: LocalDate? = nil
        public var action: Action
        /// Where the scenario said it, for the timeline and errors.
        public var location: LuaLocation?
    }

    /// What a step does.
    public enum Action: Sendable {
        /// A verb of the engine's table, taken by its scenario actor (a user or an admin); its
        /// command is built when the step runs (a `delay` counts from then).
        case verb(Verb, VerbInput)
        /// The session's user stops doing anything (its idle time grows from now on).
        case idle(SessionRef)
        /// The session's user starts working again (activity every minute).
        case busy(SessionRef)
    }

    public var path: String
    /// In time order; steps at the same time keep the scenario's order.
    public var steps: [Step]

    /// Reads a scenario file. Errors name the file and line.
    public static func load(path: String) throws(ConfigError) -> Scenario {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "cannot read the scenario \(path): \(error.localizedDescription)")
        }
        return try parse(source, path: path)
    }

    public static func parse(_ source: String, path: String) throws(ConfigError) -> Scenario {
        let reader = ScenarioReader()
        do {
            let lua = try LuaState(limits: LuaLimits(memoryBytes: 16 << 20, instructionsPerCall: 5_000_000))
            defer { lua.close() }
            reader.install(in: lua)
            try lua.run(source, path: path)
        } catch {
            throw ConfigError(error)
        }
        if let location = reader.unscheduled {
            throw ConfigError("this step is never scheduled: write it inside at(\"HH:MM\", …)", at: location)
        }
        // Dated steps go after the others here; the simulation orders them by their instants.
        let ordered = reader.steps.enumerated().sorted {
            ($0.element.date?.description ?? "", $0.element.time, $0.offset) < (
                $1.element.date?.description ?? "", $1.element.time, $1.offset
            )
        }.map(\.element)
        return Scenario(path: path, steps: ordered)
    }

    /// Parses `"2026-03-25 08:02"` into that day and the seconds of its time.
    static func datedTime(_ text: String) -> (date: LocalDate, seconds: Int)? {
        let parts = text.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].contains("-"), let date = try? LocalDate(String(parts[0])),
            let seconds = time(String(parts[1])), seconds < 86_400
        else { return nil }
        return (date, seconds)
    }

    /// Parses `"08:02"`, or `"+1d 08:02"` for a later day, into seconds after the first midnight.
    static func time(_ text: String) -> Int? {
        var days = 0
        var clock = Substring(text)
        if clock.hasPrefix("+") {
            let parts = clock.dropFirst().split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].hasSuffix("d"), let count = Int(parts[0].dropLast()), count >= 0 else { return nil }
            days = count
            clock = parts[1]
        }
        let pieces = clock.split(separator: ":")
        guard pieces.count == 2 || pieces.count == 3, pieces[0].count <= 2, pieces[1].count == 2,
            let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else {
            return nil
        }
        let second = pieces.count == 3 ? Int(pieces[2]) ?? -1 : 0
        guard (0..<60).contains(second) else { return nil }
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }
}
