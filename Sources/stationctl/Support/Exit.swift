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
    /// ArgumentParser's own errors and `ExitCode`s pass through.
    static func guarding(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch  where error is EngineError || error is ConfigError || error is StoreError {
            try fail("\(error)", code: code(for: error))
        }
    }

    /// The exit code of any error a command body may throw; 1 for an unexpected one.
    static func code(for error: any Error) -> Int32 {
        switch error {
        case let error as EngineError: return code(for: error)
        case let error as ConfigError: return code(for: error.code)
        case let error as StoreError: return code(for: error.code)
        default: return failure
        }
    }

    static func code(for error: EngineError) -> Int32 {
        switch error {
        case .invalid: return usage
        case .unknown: return unknownName
        case .refused: return refused
        }
    }

    /// Every config problem, a missing config included, is a config error (4).
    static func code(for code: ConfigError.Code) -> Int32 {
        switch code {
        case .invalid, .notFound, .noSuchFile, .unreadable, .missingPolicy, .luaUnavailable, .unreadableState:
            return configError
        }
    }

    /// Every store failure is a store error (5), but a location that is not a URL (64).
    static func code(for code: StoreError.Code) -> Int32 {
        switch code {
        case .badURL: return usage
        case .cannotOpen, .readOnly, .notADatabase, .newerVersion, .corrupt, .filesChanged, .busy, .daemonRunning, .unreadableRow,
            .unsupported, .server, .notEmpty, .unknownTable, .sqlite:
            return storeError
        }
    }

    static func fail(_ message: String, code: Int32) throws -> Never {
        Console.error(message)
        throw ExitCode(code)
    }
}
