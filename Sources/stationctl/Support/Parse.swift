import ArgumentParser
import Foundation
import SessionEngine

/// Parses names given on the command line; a malformed one is a usage error naming what is allowed.
enum Parse {
    static func sessions(_ texts: [String]) throws -> [SessionRef] {
        try texts.map { text throws(EngineError) in try SessionRef(parsing: text) }
    }

    static func stations(_ texts: [String]) throws -> [StationID] {
        try texts.map { text throws(EngineError) in try StationID(parsing: text) }
    }
}
