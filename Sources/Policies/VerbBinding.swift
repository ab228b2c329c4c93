import Foundation
import Lua
import SessionEngine

/// Reads a verb's Lua arguments into a ``SessionEngine/VerbInput``, as ``SessionEngine/Verb``'s
/// table says: the policy API's methods and the scenario language both come through here.
public enum VerbBinding {
    /// The command for `verb` called on `target` with `argument`, and the reason it gave.
    ///
    /// ```swift
    /// let (command, reason) = try VerbBinding.command(.block, target: .string("LAB-1/3"),
    ///                                                 argument: .string("Exam"), now: now)
    /// ```
    public static func command(_ verb: Verb, target: LuaValue, argument: LuaValue, now: Date) throws
        -> (command: Command, reason: String?)
    {
        let input = try Self.input(verb, target: target, argument: argument)
        do {
            return (try verb.command(input, now: now), input.reason)
        } catch {
            throw LuaScriptError(error.description)
        }
    }

    /// The verb's arguments, checked and read; the command is built from them later (a scenario
    /// builds it when its step runs).
    public static func input(_ verb: Verb, target: LuaValue, argument: LuaValue) throws -> VerbInput {
        let name = verb.rawValue
        var input = VerbInput(target: try Self.target(verb.row.target, target, name))
        switch verb.row.argument {
        case .reason:
            input.reason = try reason(argument, name)
        case .text:
            guard case .string(let text) = argument, !text.isEmpty else {
                throw LuaScriptError("\(name): expects the message text, a non-empty string")
            }
            input.text = text
        case .station:
            input.station = try station(argument, name)
        case .blockOptions, .powerOptions:
            let options = try Self.options(argument, name, verb.row.argument.options)
            input.message = options["message"].stringValue
            input.reason = options["reason"].stringValue
            if options["delay"] != .nil {
                input.delay = try PolicyValues.seconds(options["delay"], what: "\(name): delay")
                guard input.delay != 0 else {
                    throw LuaScriptError("\(name): delay must be longer than 0s (omit it to act now)")
                }
            }
        }
        return input
    }

    private static func target(_ kind: Verb.Target, _ value: LuaValue, _ verb: String) throws -> VerbInput.Target {
        switch kind {
        case .session: return .session(try PolicyValues.sessionRef(value, what: verb))
        case .station: return .station(try station(value, verb))
        case .user, .computer:
            guard case .string(let name) = value, !name.isEmpty else {
                throw LuaScriptError("\(verb): expects a \(kind.rawValue) name, not \(value.typeName)")
            }
            return kind == .user ? .user(name) : .computer(name)
        }
    }

    private static func station(_ value: LuaValue, _ verb: String) throws -> StationID {
        guard case .string(let text) = value else {
            throw LuaScriptError("\(verb): expects a station \"COMPUTER/STATION\", not \(value.typeName)")
        }
        do {
            return try StationID(parsing: text)
        } catch {
            throw LuaScriptError("\(verb): \(error)")
        }
    }

    private static func reason(_ value: LuaValue, _ verb: String) throws -> String? {
        switch value {
        case .nil: return nil
        case .string(let text): return text
        default: throw LuaScriptError("\(verb): the reason must be a string, not \(value.typeName)")
        }
    }

    /// "shutdown: unknown option 'dealy' (allowed: delay, message, reason)", for runs and `policies check`.
    static func unknownOption(_ option: String, verb: String, allowed: [String]) -> String {
        "\(verb): " + NameSuggestion.unknown("option", option, allowed: allowed)
    }

    private static func options(_ value: LuaValue, _ verb: String, _ shape: (allowed: [String], shorthand: String)?)
        throws -> LuaTable
    {
        let allowed = shape?.allowed ?? []
        switch value {
        case .nil: return LuaTable()
        case .string(let text): return LuaTable(fields: [shape?.shorthand ?? "reason": .string(text)])
        case .table(let table):
            if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw LuaScriptError(unknownOption(unknown, verb: verb, allowed: allowed))
            }
            return table
        default:
            throw LuaScriptError("\(verb): expects a table of options (\(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
