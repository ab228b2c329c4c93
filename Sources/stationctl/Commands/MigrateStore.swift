import ArgumentParser
import Foundation
import PostgresClient
import SessionStore

struct MigrateStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a school's SQLite store, journal and all, into an empty PostgreSQL store (a district's).",
        discussion: """
            Creates the PostgreSQL schema if it is not there, then copies every table in one \
            transaction: the same rows, the same journal seqs, the daemon's cursor, timers, policy \
            state and dashboard accounts. A target that already has data is refused before anything \
            is written (exit 5). The SQLite store is only read; stop its daemon first so that nothing \
            happens there after the copy. The password comes from the URL, PGPASSWORD or PGPASSFILE \
            (libpq's rules) and is never printed. Then run the school's commands and daemon on the \
            district's store (--store postgresql://…, serve --computers): see docs/district.md.
            """)

    @Option(help: ArgumentHelp("The school's SQLite store to copy (it is only read).", valueName: "path"))
    var from: String

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL store to copy into, as a URL: postgresql://USER@HOST:PORT/DATABASE (libpq's options may follow ?).",
            valueName: "url"))
    var to: String

    func run() throws {
        do {
            // Not echoed: a libpq `key=value` string may hold a password.
            guard SessionStore.isServerURL(to) else {
                try Exit.fail("--to must be a PostgreSQL URL: postgresql://USER@HOST:PORT/DATABASE", code: Exit.usage)
            }
            guard SessionStore.exists(at: from) else {
                try Exit.fail("there is no store at \(from): --from names the school's SQLite store (its state.db)", code: Exit.storeError)
            }
            let store = try SessionStore.reading(path: from)
            let connection = try PostgresStore.connect(to)
            let report = try PostgresStore.copy(from: store, into: connection)
            print("copied \(from) to \(connection.target) (journal up to seq \(report.lastSeq)):")
            let width = report.rows.map(\.table.count).max() ?? 0
            for (table, rows) in report.rows {
                print("  \(table.padding(toLength: width, withPad: " ", startingAt: 0))  \(rows) row\(rows == 1 ? "" : "s")")
            }
        } catch let error as PostgresError {
            try Exit.fail("the PostgreSQL store: \(StoreError(error).message)", code: Exit.storeError)
        } catch let error as StoreError {
            try Exit.fail(error.message, code: Exit.code(for: error))
        }
    }
}
