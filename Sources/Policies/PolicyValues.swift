import Foundation
import Lua
import SessionEngine

/// Conversions between the engine's values and what policies see in Lua.
enum PolicyValues {
    /// A duration given as `"1h30m"` or a number of seconds.
    static func seconds(_ value: LuaValue, what: String) throws -> Int {
        switch value {
        case .string(let text):
            do {
                return try Durations.seconds(text)
            } catch {
                throw LuaScriptError("\(what): \(error)")
            }
        case .int(let number) where number >= 0: return Int(number)
        case .number(let number) where number >= 0 && number.isFinite: return Int(number)
        default:
            throw LuaScriptError("\(what) must be a duration such as \"90s\", \"5m\", \"2h\" or a number of seconds, not \(value.typeName)")
        }
    }

    static func time(_ date: Date) -> LuaValue { .int(Int64(date.timeIntervalSince1970.rounded(.down))) }

    /// A time as policies hold them (`now()`, `e.at`: seconds since 1970).
    static func date(_ value: LuaValue, what: String) throws -> Date {
        switch value {
        case .int(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .number(let seconds) where seconds.isFinite: return Date(timeIntervalSince1970: seconds)
        default: throw LuaScriptError("\(what) expects a time such as now() or an event's at, not \(value.typeName)")
        }
    }

    /// A table from named fields; `nil` fields are left out, as Lua would. Runs once per session a
    /// query returns and once per event, so it builds the dictionary in one pass.
    static func table(_ fields: KeyValuePairs<String, LuaValue?>) -> LuaValue {
        var table: [String: LuaValue] = Dictionary(minimumCapacity: fields.count)
        for (key, value) in fields {
            if let value, value != .nil { table[key] = value }
        }
        return .table(LuaTable(fields: table))
    }

    static func string(_ text: String?) -> LuaValue { text.map(LuaValue.string) ?? .nil }

    static func session(_ session: Session, now: Date) -> LuaValue {
        table([
            "id": .int(session.id), "user": .string(session.user), "computer": .string(session.computer),
            "station": string(session.stationID?.description), "state": .string(session.state.rawValue),
            "suspended_by": string(session.suspendedBy?.rawValue), "state_since": time(session.stateSince),
            "last_activity": time(session.lastActivity), "started_at": time(session.startedAt),
            "idle_seconds": .int(Int64(session.idleSeconds(at: now))),
            "in_state_seconds": .int(Int64(max(0, now.timeIntervalSince(session.stateSince)))),
        ])
    }

    static func computer(_ info: ComputerInfo) -> LuaValue {
        let computer = info.computer
        return table([
            "name": .string(computer.name), "power": .string(computer.power.rawValue),
            "shutdown_at": computer.shutdownAt.map(time), "shutdown_kind": string(computer.scheduled?.verb),
            "shutdown_message": string(computer.scheduled?.message),
            "station_count": .int(Int64(info.stations)), "session_count": .int(Int64(info.sessions)),
        ])
    }

    static func station(_ info: StationInfo) -> LuaValue {
        table([
            "id": .string(info.station.id.description), "computer": .string(info.station.id.computer),
            "name": .string(info.station.id.name), "status": .string(info.status.rawValue),
            "session": info.session.map { .int($0) }, "user": string(info.user),
            "message": string(info.station.blockMessage),
        ])
    }

    /// An event as hooks see it: built once per event and handed to every hook.
    static func event(_ event: Event) -> LuaValue {
        table([
            "name": .string(event.name.rawValue), "seq": event.seq.map { .int($0) }, "at": time(event.at),
            "session": event.session.map { .int($0) }, "user": string(event.user), "computer": string(event.computer),
            "station": string(event.station?.description), "from": string(event.from?.text),
            "to": string(event.to?.text), "actor": .string(event.actor.rawValue), "reason": string(event.reason),
            "detail": string(event.detail?.text),
        ])
    }

    /// A `message_sent` event as a plugin's notifier sees it.
    static func message(_ event: Event) -> LuaValue {
        table([
            "session": event.session.map { .int($0) }, "user": string(event.user), "computer": string(event.computer),
            "station": string(event.station?.description), "text": string(event.detail?.text), "at": time(event.at),
            "actor": .string(event.actor.rawValue),
        ])
    }

    /// A session named by number or `USER@COMPUTER`.
    static func sessionRef(_ value: LuaValue, what: String) throws -> SessionRef {
        if let id = value.intValue, id > 0 { return .id(id) }
        if case .string(let text) = value {
            do {
                return try SessionRef(parsing: text)
            } catch {
                throw LuaScriptError("\(what): \(error)")
            }
        }
        if case .table(let table) = value, let id = table["id"].intValue { return .id(id) }
        throw LuaScriptError("\(what) expects a session number or \"USER@COMPUTER\", not \(value.typeName)")
    }
}
