import Foundation
import PostgresClient
import Testing

@testable import SessionStore

@Suite(.enabled(if: TestDatabase.available, TestDatabase.skipReason))
struct JournalSeqTests {
    private static func append(_ connection: PostgresConnection, _ event: String) throws -> Int64 {
        let seq = try connection.execute(
            "INSERT INTO journal (at, event, actor) VALUES (1, $1, 'user') RETURNING seq", [.text(event)]
        ).single().int64(0)
        guard let seq else { throw TestFailure("no seq") }
        return seq
    }

    /// A writer that took a seq holds the next writer back until it commits: a reader never sees
    /// seq N+1 while N may still commit.
    @Test func aLaterSeqWaitsForTheEarlierToCommit() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let first = try database.connect()
        try PostgresSchema.migrate(first)
        let reader = try database.connect()
        let url = database.url
        try first.execute("BEGIN")
        #expect(try Self.append(first, "first") == 1)
        let second = Locked<Int64?>(nil)
        let thread = Thread {
            guard let connection = try? PostgresConnection(url: url) else { return }
            let seq = try? connection.transaction { try Self.append(connection, "second") }
            second.update { $0 = seq }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(second.value == nil, "the second writer took a seq while the first had not committed")
        #expect(try reader.execute("SELECT count(*) FROM journal").single().int64(0) == 0)
        try first.execute("COMMIT")
        try waitUntil { second.value != nil }
        #expect(second.value == 2)
        #expect(try reader.execute("SELECT seq, event FROM journal ORDER BY seq").rows.map { try $0.string(1) } == ["first", "second"])
    }

    /// A rolled-back writer gives its seq back: the journal has no gaps.
    @Test func aRolledBackSeqIsTakenAgain() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        try PostgresSchema.migrate(connection)
        try connection.execute("BEGIN")
        #expect(try Self.append(connection, "lost") == 1)
        try connection.execute("ROLLBACK")
        #expect(try Self.append(connection, "kept") == 1)
    }

    /// Two writers committing as fast as they can, and a reader that only ever asks for the
    /// seqs above the last it saw: the reader sees every event, each once, in seq order.
    @Test func concurrentWritersCommitSeqsInOrderAndAReaderMissesNone() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let readerConnection = try database.connect()
        try PostgresSchema.migrate(readerConnection)
        let url = database.url
        let perWriter = 150
        let finished = Locked(0)
        let failures = Locked<[String]>([])
        let writers = (0..<2).map { writer in
            Thread {
                do {
                    let connection = try PostgresConnection(url: url)
                    for index in 0..<perWriter {
                        try connection.transaction {
                            _ = try Self.append(connection, "w\(writer)-\(index)")
                            // Some transactions take a while to commit after taking their seq.
                            if index % 10 == 0 { Thread.sleep(forTimeInterval: 0.005) }
                        }
                    }
                } catch {
                    failures.update { $0.append("\(error)") }
                }
                finished.update { $0 += 1 }
            }
        }
        for writer in writers { writer.start() }
        var seen: [Int64] = []
        var cursor: Int64 = 0
        let deadline = Date().addingTimeInterval(60)
        while seen.count < 2 * perWriter, Date() < deadline {
            // Read before the query: writers that were done then have committed everything it can see.
            let writersDone = finished.value == 2
            let rows = try readerConnection.execute("SELECT seq FROM journal WHERE seq > $1 ORDER BY seq", [.int(cursor)]).rows
            for row in rows {
                guard let seq = try row.int64(0) else { continue }
                seen.append(seq)
                cursor = seq
            }
            if failures.value.count > 0 || (writersDone && rows.isEmpty && seen.count < 2 * perWriter) { break }
        }
        #expect(failures.value.isEmpty)
        #expect(seen == Array(1...Int64(2 * perWriter)))
    }
}
