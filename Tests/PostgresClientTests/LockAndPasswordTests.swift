import Foundation
import PostgresClient
import Testing

@Suite(.enabled(if: TestServer.available, TestServer.skipReason))
struct AdvisoryLockTests {
    @Test func aLockHeldByOneIsRefusedToAnotherAndGoesWithItsHolder() throws {
        let key = uniqueKey()
        let holder = try TestServer.connect()
        let other = try TestServer.connect()
        #expect(try holder.tryAdvisoryLock(key))
        #expect(try other.tryAdvisoryLock(key) == false)
        #expect(try other.advisoryUnlock(key) == false, "it does not hold it")
        holder.close()
        // The server ends the holder's session a moment after the socket closes.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        var taken = try other.tryAdvisoryLock(key)
        while !taken, clock.now < deadline {
            usleep(20_000)
            taken = try other.tryAdvisoryLock(key)
        }
        #expect(taken, "released when the holder disconnected")
    }

    @Test func unlockLetsAnotherTakeIt() throws {
        let key = uniqueKey()
        let first = try TestServer.connect()
        let second = try TestServer.connect()
        #expect(try first.tryAdvisoryLock(key))
        #expect(try first.tryAdvisoryLock(key), "a session may take its own lock again (counted)")
        #expect(try first.advisoryUnlock(key))
        #expect(try second.tryAdvisoryLock(key) == false, "still held once")
        #expect(try first.advisoryUnlock(key))
        #expect(try second.tryAdvisoryLock(key))
        try second.advisoryUnlockAll()
        try first.advisoryLock(key)
        #expect(try first.advisoryUnlock(key))
    }
}

@Suite(.enabled(if: TestServer.available, TestServer.skipReason))
struct PasswordTests {
    @Test func thePasswordInTheURLWorksAndIsNotInTheTarget() throws {
        let server = try TestServer.require()
        let db = try PostgresConnection(url: server.url(password: server.password))
        #expect(try db.execute("SELECT current_user").single().string(0) == "stationkeeper_test")
        #expect(!db.target.contains(server.password))
        #expect(db.target.hasPrefix("stationkeeper_test@127.0.0.1:"))
    }

    @Test func aWrongPasswordsErrorDoesNotContainIt() throws {
        let server = try TestServer.require()
        let wrong = "Wr0ng-\(uniqueKey())"
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: server.url(password: wrong)) }
        #expect(error.kind == .connection)
        #expect(error.message.contains("password authentication failed"))
        #expect(!"\(error)".contains(wrong))
        #expect("\(error)".contains("stationkeeper_test@127.0.0.1"))
    }

    @Test func aPercentEncodedPasswordInAnUnreadableURLIsRedactedToo() throws {
        let secret = "s3cr%3At"
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://someone:\(secret)@127.0.0.1:notaport/db")
        }
        #expect(!"\(error)".contains(secret))
        #expect(!"\(error)".contains("s3cr:t"))
    }

    @Test func noPasswordAtAllIsRefused() throws {
        let server = try TestServer.require()
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: "\(server.url)?passfile=/nonexistent") }
        #expect(error.kind == .connection)
    }
}

@Suite struct OfflineTests {
    @Test func anUnreachableServerIsAConnectionError() throws {
        // Port 1 on loopback: nothing listens there.
        let error = try #require(throws: PostgresError.self) {
            try PostgresConnection(url: "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2")
        }
        #expect(error.kind == .connection)
        #expect(!"\(error)".contains("hunter2"))
        #expect(error.message.contains("u@127.0.0.1:1/db"))
    }

    @Test func literalsMakeParameters() {
        let values: [PostgresValue] = [1, 2.5, "x", true, nil]
        #expect(values == [.int(1), .double(2.5), .text("x"), .bool(true), .null])
        #expect(PostgresValue(nil as String?) == .null)
        #expect(PostgresValue(3 as Int?) == .int(3))
    }
}
