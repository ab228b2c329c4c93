import ArgumentParser
import Foundation
import Presentation
import SessionStore

struct Daemons: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemons",
        abstract: "List the daemons serving the store, and the computers each serves.",
        discussion: """
            On a district's PostgreSQL store, every 'stationctl serve' that holds computers, as the \
            server sees it (its lock connection), and the computers no daemon serves. On a SQLite \
            store, the one daemon, if it runs.
            """)

    @OptionGroup var lab: PathOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding(list)
    }

    private func list() throws {
        let context = try Context.open(lab, readOnly: true)
        let store = context.store
        let computers = try store.computerNames()
        let daemons = try store.servingDaemons()
        let served = Set(daemons.flatMap(\.computers))
        let unserved = computers.filter { !served.contains($0) }
        if output.json {
            let list = JSON.array(
                daemons.map { daemon in
                    .object([
                        ("name", .string(daemon.name)), ("server_pid", .int(Int64(daemon.serverPID))),
                        ("address", .string(daemon.address)),
                        ("since", .date(daemon.since)),
                        ("computers", .array(daemon.computers.map { .string($0) })),
                    ])
                })
            print(JSON.object([("daemons", list), ("unserved", .array(unserved.map { .string($0) }))]).text, terminator: "")
            return
        }
        var table = Table("DAEMON", "FROM", "SINCE", "COMPUTERS")
        for daemon in daemons {
            let names = daemon.computers.prefix(6).joined(separator: ", ") + (daemon.computers.count > 6 ? ", …" : "")
            table.add(
                daemon.name, daemon.address ?? "-", daemon.since?.iso8601 ?? "-", "\(daemon.computers.count): \(names)")
        }
        print(table.text, terminator: "")
        if !unserved.isEmpty {
            let names = unserved.prefix(10).joined(separator: ", ") + (unserved.count > 10 ? ", …" : "")
            print("not served (no daemon runs their hooks, timers or scheduled shutdowns): \(unserved.count): \(names)")
        }
    }
}
