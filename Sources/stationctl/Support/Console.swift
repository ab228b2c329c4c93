import ArgumentParser
import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// Writing to stdout and stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("stationctl: error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("stationctl: warning: \(message)\n".utf8))
    }

    /// A line on stderr as it is (a `file:line:column: …` problem, which editors read as is).
    static func line(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}
