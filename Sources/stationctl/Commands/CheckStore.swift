import ArgumentParser
import Foundation
import Presentation
import SessionStore

struct CheckStore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-store",
        abstract: "Check the store: SQLite's integrity, the journal's sequence, the sessions and stations.",
        discussion: """
            Reads the store only (the daemon may keep running). Each check prints ok or its problems; \
            the exit code is 5 when one fails. After a failure, stop the daemon and restore the last \
            backup (stationctl backup).
            """)

    @OptionGroup var lab: PathOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let path = try lab.existingStorePath()
            let result = try SessionStore.reading(path: path).check()
            if output.json {
                print(
                    JSON.array(
                        result.findings.map { finding in
                            .object([
                                ("check", .string(finding.check)), ("ok", .bool(finding.isOK)),
                                ("problems", .array(finding.problems.map { .string($0) })),
                            ])
                        }
                    ).text, terminator: "")
            } else {
                for finding in result.findings {
                    print(finding.isOK ? "ok: \(finding.check)" : "FAILED: \(finding.check)")
                    for problem in finding.problems { print("  \(problem)") }
                }
            }
            if !result.isOK {
                try Exit.fail("the store \(path) failed a check: stop the daemon and restore the last backup", code: Exit.storeError)
            }
        }
    }
}
