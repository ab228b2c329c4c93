import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Computers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "computers", abstract: "List computers with their power, stations and live sessions.")

    @OptionGroup var lab: PathOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding(list)
    }

    private func list() throws {
        let context = try Context.open(lab, readOnly: true)
        let computers = try context.store.computers()
        if output.json {
            print(JSON.array(computers.map { Render.json($0) }).text, terminator: "")
            return
        }
        var table = Table("COMPUTER", "POWER", "STATIONS", "SESSIONS", "SHUTDOWN")
        for info in computers {
            var shutdown = "-"
            if let at = info.computer.shutdownAt { shutdown = "at \(at.iso8601)" }
            table.add(info.computer.name, info.computer.power.rawValue, String(info.stations), String(info.sessions), shutdown)
        }
        print(table.text, terminator: "")
    }
}
