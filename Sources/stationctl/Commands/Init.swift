import ArgumentParser
import Foundation
import StationConfig

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter config, stationkeeper.lua, into a folder.")

    @Argument(help: ArgumentHelp("The folder (created if needed).", valueName: "dir"))
    var directory = "."
    @Flag(help: "Replace an existing stationkeeper.lua.")
    var force = false

    func run() throws {
        let folder = URL(fileURLWithPath: directory)
        let file = folder.appendingPathComponent("stationkeeper.lua")
        if FileManager.default.fileExists(atPath: file.path) && !force {
            try Exit.fail("\(file.path) already exists: edit it, or pass --force to replace it", code: Exit.usage)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(StarterConfig.text.utf8).write(to: file)
        } catch {
            try Exit.fail("cannot write \(file.path): \(error.localizedDescription)", code: Exit.failure)
        }
        print("wrote \(file.path)\nnext: edit it, then run 'stationctl computers --config \(file.path)'")
    }
}
