import Foundation
import GRDB

/// How a store file says it is a Stationkeeper store, and of which schema: SQLite's
/// `application_id` and `user_version` header fields. A file that exists but does not say so —
/// empty, not SQLite, another program's database, or made by a newer version — is refused and
/// never recreated: a new store is made only where no file exists.
enum StoreIdentity {
    /// "SKPR" in the header's application_id field.
    static let applicationID: Int32 = 0x534B_5052
    /// The schema's generation: how many named migrations this version knows.
    static var schemaVersion: Int32 { Int32(Schema.migrator.migrations.count) }

    /// Refuses, before SQLite opens it, a file that exists and cannot be a store (empty, or not SQLite).
    static func vetFile(at path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // missing: made new; unreadable: SQLite says why
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty {
            throw StoreError(
                .notADatabase,
                "the store \(path) is an empty file (0 bytes), not a Stationkeeper store: its history is not there. Restore it from a backup (stationctl backup makes one), or move it away to start a new store; it was left as it is"
            )
        }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw StoreError(
                .notADatabase,
                "the store \(path) is not a Stationkeeper database (not an SQLite file); point --store at another file, or restore it from a backup"
            )
        }
    }

    /// Refuses an open database that is another program's, or a newer Stationkeeper's; `true` when
    /// its header already says it is this version's store (nothing to stamp).
    @discardableResult
    static func vet(_ db: Database, path: String?) throws -> Bool {
        let place = path.map { " \($0)" } ?? ""
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let version = try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if application != 0, application != applicationID {
            throw StoreError(
                .notADatabase,
                "the store\(place) is another program's SQLite database (application id \(application)), not a Stationkeeper store; point --store at another file"
            )
        }
        if version > schemaVersion {
            throw StoreError(
                .newerVersion,
                "the store\(place) was made by a newer stationctl (schema \(version); this one knows \(schemaVersion)): upgrade stationctl, or use the version that made it"
            )
        }
        guard application == 0 else { return version == schemaVersion }
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty { return false }  // new: stamped once migrated
        // A store made before the header was stamped: GRDB's migration table with our steps.
        let steps = tables.contains("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        let ours = steps.contains { $0.hasPrefix("v1: ") }
        guard ours else {
            throw StoreError(
                .notADatabase,
                "the store\(place) is an SQLite database of another program (tables: \(tables.prefix(5).joined(separator: ", "))), not a Stationkeeper store; point --store at another file"
            )
        }
        return false
    }

    /// Writes the header fields after the schema is up to date.
    static func stamp(_ db: Database) throws {
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
    }
}
