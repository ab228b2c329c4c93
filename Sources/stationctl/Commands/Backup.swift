import ArgumentParser
import Foundation
import SessionStore

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the store, journal and all, to a new file (SQLite's online backup; the daemon may keep running).",
        discussion: "Restore by stopping the daemon and putting the copy in the store's place (with no -wal or -shm file beside it).")

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The new file to write (it must not exist).", valueName: "path"))
    var target: String

    func run() throws {
        try Exit.guarding {
            let path = try lab.existingStorePath()
            try SessionStore.reading(path: path).backup(to: target)
            print("backed up \(path) to \(target)")
        }
    }
}
