import Foundation
import Lua
import SessionEngine

/// Collects what the config's statements declare, checking each as it is made so that
/// errors point at the line that made it.
final class ConfigReader {
    private struct Declared {
        var name: String
        var stations: [String]?
        var location: LuaLocation?
    }

    let path: String
    private var computers: [Declared] = []

    init(path: String) {
        self.path = path
    }

    func install(in state: LuaState) {
        state.register("computer") { [unowned self, unowned state] arguments in
            let location = arguments.callerLocation()
            guard arguments.count == 1, case .string(let name) = arguments[0] else {
                throw LuaScriptError("computer expects a name: computer \"LAB-1\" { stations = 4 }")
            }
            do {
                try Names.validate(name, as: "computer")
            } catch {
                throw LuaScriptError(String(describing: error))
            }
            if let earlier = computers.first(where: { $0.name == name }) {
                let place = earlier.location.map { " at \($0)" } ?? ""
                throw LuaScriptError("computer \"\(name)\" is already declared\(place)")
            }
            let index = computers.count
            computers.append(Declared(name: name, location: location))
            return [.function(state.makeFunction { [unowned self] arguments in
                try self.settings(arguments, forComputerAt: index)
                return []
            })]
        }
    }

    private func settings(_ arguments: LuaArguments, forComputerAt index: Int) throws {
        let name = computers[index].name
        guard computers[index].stations == nil else {
            throw LuaScriptError("computer \"\(name)\" already has its settings")
        }
        guard case .table(let table) = arguments[0], arguments.count == 1 else {
            throw LuaScriptError("computer \"\(name)\" expects a table of settings, for example { stations = 4 }")
        }
        let unknown = table.fields.keys.filter { $0 != "stations" }.sorted()
        guard unknown.isEmpty, table.array.isEmpty, table.otherKeys.isEmpty else {
            let what = unknown.first.map { "unknown setting '\($0)'" } ?? "settings must be named"
            throw LuaScriptError("computer \"\(name)\": \(what) (allowed: stations)")
        }
        computers[index].stations = try stationNames(table["stations"], computer: name)
    }

    private func stationNames(_ value: LuaValue, computer: String) throws -> [String] {
        switch value {
        case .int(let count) where (1...256).contains(count):
            return (1...count).map(String.init)
        case .number(let number) where number.rounded() == number && (1...256).contains(number):
            return (1...Int(number)).map(String.init)
        case .table(let list) where !list.array.isEmpty && list.fields.isEmpty && list.otherKeys.isEmpty:
            var names: [String] = []
            for item in list.array {
                guard case .string(let name) = item else {
                    throw LuaScriptError("computer \"\(computer)\": station names must be strings, not \(item.typeName)")
                }
                do {
                    try Names.validate(name, as: "station")
                } catch {
                    throw LuaScriptError("computer \"\(computer)\": \(String(describing: error))")
                }
                guard !names.contains(name) else {
                    throw LuaScriptError("computer \"\(computer)\": station \"\(name)\" is listed twice")
                }
                names.append(name)
            }
            return names
        case .nil:
            throw LuaScriptError("computer \"\(computer)\" needs stations: a count from 1 to 256, or a list of names")
        default:
            throw LuaScriptError("computer \"\(computer)\": stations must be a count from 1 to 256 or a list of names, not \(value.typeName) \(Self.show(value))")
        }
    }

    private static func show(_ value: LuaValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .number(let number): return String(number)
        case .string(let text): return "\"\(text)\""
        default: return ""
        }
    }

    func layout() throws(ConfigError) -> LabLayout {
        var result: [LabLayout.Computer] = []
        for computer in computers {
            guard let stations = computer.stations else {
                throw ConfigError("computer \"\(computer.name)\" has no settings: write computer \"\(computer.name)\" { stations = 4 }",
                                  at: computer.location)
            }
            result.append(LabLayout.Computer(name: computer.name, stations: stations))
        }
        guard !result.isEmpty else {
            throw ConfigError("\(path): no computer declared: add a line such as computer \"LAB-1\" { stations = 4 }")
        }
        return LabLayout(computers: result)
    }
}
