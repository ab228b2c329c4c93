import Foundation
import GRDB
import SessionEngine

/// What syncing the config's layout into the store did.
public struct LayoutSync: Sendable {
    /// Computers and stations that appeared, as names (`LAB-3`, `LAB-1/5`).
    public var added: [String] = []
    public var removed: [String] = []
    /// Removals the store refused because a live session is there; they stay until it ends.
    public var kept: [String] = []
}

extension SessionStore {
    /// Makes the store's computers and stations match the config, which is the truth for them.
    ///
    /// A computer or station that still has a live session is not removed: it is reported in
    /// ``LayoutSync/kept`` (say why to the user) and removed by a later sync once the session ended.
    /// Costs one read when the layout did not change since the last sync.
    @discardableResult
    public func syncLayout(_ layout: LabLayout) throws -> LayoutSync {
        let fingerprint = layout.fingerprint
        let current = try storedLayoutFingerprint()
        if current == fingerprint { return LayoutSync() }
        return try write { db in try Self.sync(layout, fingerprint: fingerprint, in: db) }
    }

    /// The store as ``syncLayout(_:)`` would leave it, without writing to it: the store itself when
    /// the layout is already in step (one read), else an in-memory copy brought in step.
    public func viewSynced(to layout: LabLayout) throws -> (store: SessionStore, sync: LayoutSync) {
        let current = try storedLayoutFingerprint()
        if current == layout.fingerprint { return (self, LayoutSync()) }
        let copy = try SessionStore(copying: self)
        return (copy, try copy.syncLayout(layout))
    }

    /// The fingerprint of the layout last synced (`nil` for a new store).
    private func storedLayoutFingerprint() throws -> String? {
        try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'layout'")) }
    }

    private static func sync(_ layout: LabLayout, fingerprint: String, in db: Database) throws -> LayoutSync {
        var result = LayoutSync()
        let wanted = Dictionary(layout.computers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let existing = try Set(String.fetchAll(db.cachedStatement(sql: "SELECT name FROM computer")))
        for name in existing.subtracting(wanted.keys).sorted() {
            let users = try String.fetchAll(
                db.cachedStatement(sql: "SELECT user FROM session WHERE computer = ? ORDER BY id"), arguments: [name])
            if users.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM computer WHERE name = ?").execute(arguments: [name])
                result.removed.append(name)
            } else {
                result.kept.append("computer \(name) (live sessions: \(users.map { "\($0)@\(name)" }.joined(separator: ", ")))")
            }
        }
        for (position, computer) in layout.computers.enumerated() {
            if existing.contains(computer.name) {
                try db.cachedStatement(sql: "UPDATE computer SET position = ? WHERE name = ?").execute(arguments: [position, computer.name])
            } else {
                try db.cachedStatement(sql: "INSERT INTO computer (name, position) VALUES (?, ?)").execute(arguments: [
                    computer.name, position,
                ])
                result.added.append(computer.name)
            }
            try syncStations(of: computer, in: db, into: &result)
        }
        if result.kept.isEmpty {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('layout', ?)").execute(arguments: [fingerprint])
        }
        return result
    }

    private static func syncStations(of computer: LabLayout.Computer, in db: Database, into result: inout LayoutSync) throws {
        let existing = try Set(
            String.fetchAll(db.cachedStatement(sql: "SELECT name FROM station WHERE computer = ?"), arguments: [computer.name]))
        for name in existing.subtracting(computer.stations).sorted() {
            let id = StationID(computer: computer.name, name: name)
            if let user = try String.fetchOne(
                db.cachedStatement(sql: "SELECT user FROM session WHERE computer = ? AND station = ?"), arguments: [computer.name, name])
            {
                result.kept.append("station \(id) (\(user)@\(computer.name) is signed in there)")
            } else {
                try db.cachedStatement(sql: "DELETE FROM station WHERE computer = ? AND name = ?").execute(arguments: [computer.name, name])
                result.removed.append(id.description)
            }
        }
        for (position, name) in computer.stations.enumerated() {
            if existing.contains(name) {
                try db.cachedStatement(sql: "UPDATE station SET position = ? WHERE computer = ? AND name = ?").execute(arguments: [
                    position, computer.name, name,
                ])
            } else {
                try db.cachedStatement(sql: "INSERT INTO station (computer, name, position) VALUES (?, ?, ?)").execute(arguments: [
                    computer.name, name, position,
                ])
                result.added.append(StationID(computer: computer.name, name: name).description)
            }
        }
    }
}
