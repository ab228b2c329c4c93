import PostgresClient
import Testing

@Suite(.enabled(if: TestServer.available, TestServer.skipReason))
struct NotificationTests {
    @Test func aNotifyFromAnotherConnectionArrivesWithinABoundedTime() throws {
        let listener = try TestServer.connect()
        let sender = try TestServer.connect()
        let channel = uniqueName("Commits")  // mixed case: kept by the quoting
        try listener.listen(channel)
        let clock = ContinuousClock()
        let start = clock.now
        try sender.notify(channel, payload: "seq 42 — Zoë")
        let received = try listener.notifications(timeout: .seconds(5))
        let elapsed = clock.now - start
        #expect(received == [PostgresNotification(channel: channel, payload: "seq 42 — Zoë", processID: sender.processID)])
        #expect(elapsed < .seconds(2), "delivered in \(elapsed)")
    }

    @Test func nothingArrivesAndTheWaitEndsOnTime() throws {
        let listener = try TestServer.connect()
        try listener.listen(uniqueName("quiet"))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try listener.notifications(timeout: .milliseconds(200)).isEmpty)
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(2))
    }

    @Test func aNotifyInATransactionArrivesAtCommitOnly() throws {
        let listener = try TestServer.connect()
        let sender = try TestServer.connect()
        let channel = uniqueName("wake")
        try listener.listen(channel)
        try sender.transaction {
            try sender.notify(channel, payload: "1")
            #expect(try listener.notifications(timeout: .milliseconds(200)).isEmpty, "not before the commit")
        }
        #expect(try listener.notifications(timeout: .seconds(5)).map(\.payload) == ["1"])
        struct Abort: Error {}
        _ = try? sender.transaction {
            try sender.notify(channel, payload: "2")
            throw Abort()
        }
        #expect(try listener.notifications(timeout: .milliseconds(200)).isEmpty, "a rolled-back notify is never sent")
    }

    @Test func notificationsThatCameWithAResultAreNotLost() throws {
        let listener = try TestServer.connect()
        let channel = uniqueName("own")
        try listener.listen(channel)
        try listener.notify(channel, payload: "a")  // delivered with this statement's own result
        try listener.notify(channel, payload: "b")
        let received = try listener.notifications(timeout: .seconds(5))
        #expect(received.map(\.payload) == ["a", "b"])
        #expect(received.allSatisfy { $0.processID == listener.processID })
        try listener.unlisten(channel)
        try listener.notify(channel, payload: "c")
        #expect(try listener.notifications(timeout: .milliseconds(100)).isEmpty)
    }

    @Test func theServerGoingAwayEndsTheWaitWithConnectionLost() throws {
        let listener = try TestServer.connect()
        let killer = try TestServer.connect()
        try listener.listen(uniqueName("gone"))
        try killer.execute("SELECT pg_terminate_backend($1)", [.int(Int64(listener.processID))])
        let error = try #require(throws: PostgresError.self) { try listener.notifications(timeout: .seconds(5)) }
        #expect(error.kind == .connectionLost)
        try listener.reconnect()
        #expect(try listener.execute("SELECT 1").single().int64(0) == 1)
    }
}
