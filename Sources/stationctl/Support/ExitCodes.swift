import ArgumentParser
import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// The documented exit codes. Scripts rely on these numbers: never renumber one.
enum Exit {
    static let failure: Int32 = 1
    static let unknownName: Int32 = 2
    static let refused: Int32 = 3
    static let configError: Int32 = 4
    static let storeError: Int32 = 5
    static let usage: Int32 = 64

    /// Runs a command body, turning our errors into one line on stderr and their exit code.
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as EngineError {
            switch error {
            case .invalidName(let message): try fail(message, code: usage)
            case .unknown(let message): try fail(message, code: unknownName)
            case .refused(let message): try fail(message, code: refused)
            }
        } catch let error as ConfigError {
            try fail(error.description, code: configError)
        } catch let error as StoreError {
            try fail(error.message, code: storeError)
        } catch let error as ExitCodeError {
            throw ExitCode(error.code)
        }
    }

    static func fail(_ message: String, code: Int32) throws -> Never {
        Console.error(message)
        throw ExitCode(code)
    }
}

/// Writing to stdout and stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("stationctl: error: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("stationctl: warning: \(message)\n".utf8))
    }
}
