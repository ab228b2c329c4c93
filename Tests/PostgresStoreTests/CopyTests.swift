import Foundation
import PostgresClient
import SessionEngine
import SessionStore
import Testing

@testable import SessionStore

/// A school's store made by the engine itself: sign-ins, a suspend, a block, an end, a cursor,
/// timers, policy state and an account.
func schoolStore(at path: String) throws -> SessionStore {
    let store = try SessionStore(path: path)
    try store.syncLayout(
        LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3"]), .init(name: "LAB-2", stations: ["front", "back"])]))
    let eight = Date(timeIntervalSince1970: 1_772_438_400.25)
    func at(_ minutes: Double) -> Date { eight.addingTimeInterval(minutes * 60) }
    try store.perform(.signIn(user: "alice", station: StationID(computer: "LAB-1", name: "1")), actor: .user, at: at(0))
    try store.perform(.signIn(user: "bob", station: StationID(computer: "LAB-1", name: "2")), actor: .user, at: at(1))
    try store.perform(.signIn(user: "carol", station: StationID(computer: "LAB-2", name: "front")), actor: .user, at: at(2))
    try store.perform(.suspend([.user("bob", computer: "LAB-1")]), actor: .admin("root"), reason: "lunch", at: at(3))
    try store.perform(.block([StationID(computer: "LAB-1", name: "3")], message: "broken keyboard"), actor: .admin("root"), at: at(4))
    try store.perform(.end([.user("carol", computer: "LAB-2")]), actor: .admin("root"), at: at(5))
    try store.setCursor("daemon", to: 3)
    try store.setTimers([(key: "nightly", next: at(600))], ranAt: at(5))
    try store.setPolicyMemory("idle-logout", "{ seen = 3 }", at: at(5))
    try store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .policy("idle-logout"), at: at(6))
    try store.setPolicyHealth(
        PolicyHealth(name: "idle-logout", state: .failing, failures: 2, lastError: "attempt to index a nil value", lastErrorAt: at(6)),
        at: at(6))
    try store.addAccount(Account(name: "dupont", role: .teacher, computers: ["LAB-1"]), passwordHash: "$2b$12$notarealhash", at: at(7))
    try store.addToken(digest: "0123abcd", to: "dupont", at: at(7))
    return store
}

@Suite(.enabled(if: TestDatabase.available, TestDatabase.skipReason))
struct CopyTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgstore-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("state.db").path }

    /// Every row of every table on both sides is the same, value for value.
    private func expectSameRows(_ store: SessionStore, _ connection: PostgresConnection) throws {
        try store.export { slice in
            let columns = slice.columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let order = slice.table == "journal" ? "seq" : "1, 2"
            let limit = slice.columns.count == 1 ? "1" : order
            let rows = try connection.execute("SELECT \(columns) FROM \"\(slice.table)\" ORDER BY \(limit)").rows
            #expect(rows.count >= slice.rows.count, "\(slice.table)")
            let ours = slice.rows.map { row in row.map { "\($0)" } }
            var theirs: [[String]] = []
            for row in rows {
                theirs.append(
                    try slice.rows.first.map { sample in
                        try sample.indices.map { index -> String in
                            switch sample[index] {
                            case .real: return try row.double(index).map { "\(ExportedValue.real($0))" } ?? "\(ExportedValue.null)"
                            case .integer: return try row.int64(index).map { "\(ExportedValue.integer($0))" } ?? "\(ExportedValue.null)"
                            case .text, .null:
                                if try row.isNull(index) { return "\(ExportedValue.null)" }
                                if case .null = sample[index], let number = try? row.int64(index) {
                                    return "\(ExportedValue.integer(number))"
                                }
                                if case .null = sample[index], let number = try? row.double(index) {
                                    return "\(ExportedValue.real(number))"
                                }
                                return try "\(ExportedValue.text(row.string(index) ?? ""))"
                            }
                        }
                    } ?? [])
            }
            #expect(Set(theirs) == Set(ours), "table \(slice.table)")
        }
    }

    @Test func aSchoolsStoreIsCopiedRowForRowWithItsSeqs() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try TestDatabase()
        defer { database.drop() }
        let store = try schoolStore(at: path)
        let report = try PostgresStore.copy(from: store, to: database.url)
        let connection = try database.connect()

        let counts = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.table, $0.rows) })
        #expect(counts["computer"] == 2)
        #expect(counts["station"] == 5)
        #expect(counts["session"] == 2)  // carol's ended
        #expect(counts["journal"] == Int(try store.lastSeq()))
        #expect(report.lastSeq == (try store.lastSeq()))
        // Every table had rows to copy (logind links only exist on a computer that follows logind).
        #expect(report.rows.filter { $0.rows == 0 }.map(\.table) == ["logind_link"])
        for table in PostgresSchema.dataTables {
            #expect(try connection.execute("SELECT count(*) FROM \"\(table)\"").single().int64(0) == Int64(counts[table] ?? -1), "\(table)")
        }
        try expectSameRows(store, connection)
        let seqs = try connection.execute("SELECT seq FROM journal ORDER BY seq").rows.compactMap { try $0.int64(0) }
        #expect(seqs == Array(1...(try store.lastSeq())))
        #expect(try connection.execute("SELECT station, state FROM session WHERE \"user\" = 'bob'").single().string("state") == "suspended")
        #expect(try connection.execute("SELECT block_message FROM station WHERE name = '3'").single().string(0) == "broken keyboard")
        #expect(try connection.execute("SELECT seq FROM cursor WHERE name = 'daemon'").single().int64(0) == 3)

        // The counters go on from the copy: the next event takes the next seq, the next session
        // an id above carol's (ended, so only the journal names it).
        let next = try connection.execute("INSERT INTO journal (at, event, actor) VALUES (1, 'signed_in', 'user') RETURNING seq")
        #expect(try next.single().int64(0) == (try store.lastSeq()) + 1)
        let carol = try connection.execute("SELECT max(session) FROM journal WHERE \"user\" = 'carol'").single().int64(0) ?? 0
        let id =
            try connection.execute(
                """
                INSERT INTO session ("user", computer, station, state, started_at, state_since, last_activity)
                    VALUES ('dave', 'LAB-2', 'back', 'active', 1, 1, 1) RETURNING id
                """
            ).single().int64(0) ?? 0
        #expect(id > carol)
    }

    @Test func aSecondCopyIsRefusedAndChangesNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try TestDatabase()
        defer { database.drop() }
        let store = try schoolStore(at: path)
        try PostgresStore.copy(from: store, to: database.url)
        let connection = try database.connect()
        let before = try connection.execute("SELECT count(*), max(seq) FROM journal").single()
        let seqBefore = try connection.execute("SELECT last FROM journal_seq").single().int64(0)
        do {
            try PostgresStore.copy(from: store, to: database.url)
            Issue.record("the second copy was not refused")
        } catch let error as StoreError {
            #expect(error.code == .notEmpty)
            #expect(error.message.contains("computer: 2 rows"))
            #expect(error.message.contains("journal: \(before.values[0] ?? "?") rows"))
        }
        let after = try connection.execute("SELECT count(*), max(seq) FROM journal").single()
        #expect(after.values == before.values)
        #expect(try connection.execute("SELECT last FROM journal_seq").single().int64(0) == seqBefore)
        #expect(try connection.execute("SELECT count(*) FROM computer").single().int64(0) == 2)
    }

    @Test func anEmptyStoreCopiesIntoAFreshDatabaseAndCreatesTheSchema() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try TestDatabase()
        defer { database.drop() }
        let report = try PostgresStore.copy(from: SessionStore(), to: database.url)
        #expect(report.rows.allSatisfy { $0.rows == 0 })
        #expect(try PostgresSchema.appliedSteps(database.connect()) == PostgresSchema.steps.map(\.name))
    }

    @Test func aURLThatIsNotPostgresIsRefused() throws {
        #expect(throws: StoreError.self) { try PostgresStore.copy(from: SessionStore(), to: "/var/lib/state.db") }
        #expect(PostgresStore.redacted("postgresql://me:secret@host/db") == "postgresql://me:***@host/db")
    }
}
