import Foundation
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
    /// A computer or station that still has a live session is not removed: it is *retired* (it
    /// refuses new sign-ins), reported in ``LayoutSync/kept`` on every sync (say why to the user),
    /// and removed in the command that ends its last session. A config that lists it again brings
    /// it back. Costs one read when the layout did not change since the last sync.
    @discardableResult
    public func syncLayout(_ layout: LabLayout) throws -> LayoutSync {
        try syncLayout(fingerprint: layout.fingerprint) { layout }
    }

    /// Same, for a layout known by its fingerprint: `layout` is only called (a district's config
    /// read in full) when the store is not in step with it.
    @discardableResult
    public func syncLayout(fingerprint: String, layout: () throws -> LabLayout) throws -> LayoutSync {
        if let inStep = try syncIfInStep(fingerprint) { return inStep }
        let wanted = try layout()
        return try write { db in try Self.sync(wanted, fingerprint: fingerprint, in: db) }
    }

    /// What a sync does when the store is already in step with `fingerprint` (one read, and the
    /// kept stations' names when something is retired); `nil` when it is not.
    private func syncIfInStep(_ fingerprint: String) throws -> LayoutSync? {
        let (current, retired) = try storedLayout()
        guard current == fingerprint else { return nil }
        return retired ? LayoutSync(kept: try read { db in try Self.keptNames(in: db) }) : LayoutSync()
    }

    /// The store as ``syncLayout(_:)`` would leave it, without writing to it: the store itself when
    /// the layout is already in step (one read), else an in-memory copy brought in step.
    public func viewSynced(to layout: LabLayout) throws -> (store: SessionStore, sync: LayoutSync) {
        try viewSynced(fingerprint: layout.fingerprint) { layout }
    }

    /// A shared (PostgreSQL) store is brought in step itself: the district's config is the truth
    /// for every daemon and admin, and a private copy of a district is not made for a listing.
    public func viewSynced(fingerprint: String, layout: () throws -> LabLayout) throws -> (store: SessionStore, sync: LayoutSync) {
        if let inStep = try syncIfInStep(fingerprint) { return (self, inStep) }
        if isShared { return (self, try syncLayout(fingerprint: fingerprint, layout: layout)) }
        let copy = try SessionStore(copying: self)
        return (copy, try copy.syncLayout(fingerprint: fingerprint, layout: layout))
    }

    /// The fingerprint of the layout last synced (`nil` for a new store), and whether anything is retired.
    private func storedLayout() throws -> (fingerprint: String?, retired: Bool) {
        try read { db in
            let found = try db.rows(
                """
                SELECT (SELECT value FROM meta WHERE key = 'layout') AS fingerprint,
                    EXISTS (SELECT 1 FROM computer WHERE retired = 1) OR EXISTS (SELECT 1 FROM station WHERE retired = 1) AS retired
                """
            ) { row in (row[0] as String?, row[1] as Bool) }
            return found.first ?? (nil, false)
        }
    }

    /// What is kept for live sessions, as the warnings say it.
    private static func keptNames(in db: any SQLConnection) throws -> [String] {
        var kept: [String] = []
        for name: String in try db.column("SELECT name FROM computer WHERE retired = 1 ORDER BY name") {
            let users: [String] = try db.column("SELECT \"user\" FROM session WHERE computer = ? ORDER BY id", [name])
            kept.append("computer \(name) (live sessions: \(users.map { "\($0)@\(name)" }.joined(separator: ", ")))")
        }
        try db.each(
            """
            SELECT st.computer, st.name, s."user" FROM station st JOIN session s ON s.computer = st.computer AND s.station = st.name
            JOIN computer c ON c.name = st.computer
            WHERE st.retired = 1 AND c.retired = 0 ORDER BY st.computer, st.position
            """, []
        ) { row in
            let computer: String = row[0]
            let user: String = row[2]
            kept.append("station \(StationID(computer: computer, name: row[1])) (\(user)@\(computer) is signed in there)")
        }
        return kept
    }

    private static func sync(_ layout: LabLayout, fingerprint: String, in db: any SQLConnection) throws -> LayoutSync {
        var result = LayoutSync()
        let wanted = Dictionary(layout.computers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let existing = Set(try db.column("SELECT name FROM computer") as [String])
        for name in existing.subtracting(wanted.keys).sorted() {
            if try db.exists("SELECT 1 FROM session WHERE computer = ? LIMIT 1", [name]) {
                try db.execute("UPDATE computer SET retired = 1 WHERE name = ?", [name])
                try db.execute("UPDATE station SET retired = 1 WHERE computer = ?", [name])
            } else {
                try db.execute("DELETE FROM computer WHERE name = ?", [name])
                result.removed.append(name)
            }
        }
        for (position, computer) in layout.computers.enumerated() {
            if existing.contains(computer.name) {
                try db.execute("UPDATE computer SET position = ?, retired = 0 WHERE name = ?", [position, computer.name])
            } else {
                try db.execute("INSERT INTO computer (name, position) VALUES (?, ?)", [computer.name, position])
                result.added.append(computer.name)
            }
            if !computer.followsLogind { try syncStations(of: computer, in: db, into: &result) }
        }
        try removeRetired(in: db)
        result.kept = try keptNames(in: db)
        try db.execute(
            "INSERT INTO meta (key, value) VALUES ('layout', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [fingerprint])
        return result
    }

    /// Makes the stations of a computer that follows logind (`seats = "logind"`) those named, in
    /// order: its seats and remote stations, as the daemon finds them. Stations with a live session
    /// are retired as a config sync retires them.
    @discardableResult
    public func syncStations(ofLogindComputer name: String, to stations: [String]) throws -> LayoutSync {
        try write { db in
            var result = LayoutSync()
            try Self.syncStations(of: LabLayout.Computer(name: name, stations: stations), in: db, into: &result)
            try Self.removeRetired(in: db)
            result.kept = try Self.keptNames(in: db)
            return result
        }
    }

    private static func syncStations(of computer: LabLayout.Computer, in db: any SQLConnection, into result: inout LayoutSync) throws {
        let existing = Set(try db.column("SELECT name FROM station WHERE computer = ?", [computer.name]) as [String])
        for name in existing.subtracting(computer.stations).sorted() {
            let id = StationID(computer: computer.name, name: name)
            if try db.exists("SELECT 1 FROM session WHERE computer = ? AND station = ? LIMIT 1", [computer.name, name]) {
                try db.execute("UPDATE station SET retired = 1 WHERE computer = ? AND name = ?", [computer.name, name])
            } else {
                try db.execute("DELETE FROM station WHERE computer = ? AND name = ?", [computer.name, name])
                result.removed.append(id.description)
            }
        }
        for (position, name) in computer.stations.enumerated() {
            if existing.contains(name) {
                try db.execute(
                    "UPDATE station SET position = ?, retired = 0 WHERE computer = ? AND name = ?", [position, computer.name, name])
            } else {
                try db.execute("INSERT INTO station (computer, name, position) VALUES (?, ?, ?)", [computer.name, name, position])
                result.added.append(StationID(computer: computer.name, name: name).description)
            }
        }
    }

    /// Removes the retired stations nobody is at any more, and the retired computers with no live
    /// session left. Run by every sync and in every action's transaction (cheap: partial indexes).
    static func removeRetired(in db: any SQLConnection) throws {
        try db.execute(
            """
            DELETE FROM station WHERE retired = 1
                AND NOT EXISTS (SELECT 1 FROM session s WHERE s.computer = station.computer AND s.station = station.name)
            """)
        try db.execute("DELETE FROM computer WHERE retired = 1 AND NOT EXISTS (SELECT 1 FROM session s WHERE s.computer = computer.name)")
    }
}
