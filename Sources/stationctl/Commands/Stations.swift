import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Stations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations", abstract: "List stations with their status and who is on them.")

    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp("Only the stations of this computer.", valueName: "computer"))
    var computer: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let stations = try context.store.stations(computer: computer)
            if output.json {
                print(JSON.array(stations.map { Render.json($0) }).text, terminator: "")
                return
            }
            var table = Table("STATION", "STATUS", "USER", "SESSION", "MESSAGE")
            for info in stations {
                table.add(
                    info.station.id.description, info.status.rawValue, info.user ?? "-",
                    info.session.map(String.init) ?? "-", info.station.blockMessage ?? "")
            }
            print(table.text, terminator: "")
        }
    }
}
