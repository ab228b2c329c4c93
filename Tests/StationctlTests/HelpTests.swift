import Foundation
import Testing

@Suite struct HelpTests {
    static let commands = [
        "computers", "stations", "sessions", "show", "journal", "sign-in", "lock", "unlock",
        "disconnect", "sign-out", "activity", "suspend", "end", "block", "unblock", "shutdown",
        "restart", "start", "message", "messages", "serve", "policies", "simulate", "demo", "init", "migrate-store",
    ]

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverEveryCommand(shell: String) throws {
        let result = try Lab.execute(
            ["--generate-completion-script", shell], in: FileManager.default.temporaryDirectory,
            environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0)
        for command in Self.commands {
            #expect(result.out.contains(command), "the \(shell) completion lacks \(command)")
        }
    }

    @Test func everyCommandHasHelpWithEveryOptionExplained() throws {
        let folder = FileManager.default.temporaryDirectory
        let top = try Lab.execute(["--help"], in: folder, environment: ProcessInfo.processInfo.environment)
        #expect(top.status == 0 && top.out.contains("Exit codes: 0 success, 2 unknown name"))
        for command in Self.commands {
            let help = try Lab.execute([command, "--help"], in: folder, environment: ProcessInfo.processInfo.environment)
            #expect(help.status == 0, "stationctl \(command) --help failed")
            #expect(help.out.contains("OVERVIEW:"), "stationctl \(command) --help has no overview")
            // An option listed without a description shows its name alone at the end of a line.
            let bare = help.out.split(separator: "\n").filter { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.wholeMatch(of: /(-\w, )?--[\w-]+( <[^>]*>)*/) != nil
            }
            #expect(bare.isEmpty, "stationctl \(command): options without help: \(bare)")
        }
    }
}
