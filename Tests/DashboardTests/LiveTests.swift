import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SessionEngine
import SessionStore
import Testing

@testable import Dashboard

#if canImport(Glibc)
import Glibc
#endif

/// Server-sent events on a real socket: every commit of any connection reaches an open stream,
/// with the journal seq as the event id, and a reconnect resumes after `Last-Event-ID`.
@Suite struct LiveTests {
    @Test func aCommitByAnotherConnectionReachesTheStreamAndAReconnectResumes() async throws {
        let lab = try TestDashboard()
        _ = try lab.signIn("alice", at: "LAB-1/1")  // seq 1
        _ = try lab.signIn("bob", at: "LAB-1/2")  // seq 2
        let server = try await LiveServer(lab)
        defer { server.stop() }
        // Resumes after seq 1: gets 2 from the journal, then 3, committed by another process's connection.
        let stream = try SSEClient(port: server.port, token: lab.adminToken, lastEventID: 1)
        defer { stream.close() }
        #expect(try await stream.next().id == 2)
        let other = try SessionStore(path: try #require(lab.store.path))
        _ = try other.perform(.lock(.user("bob", computer: "LAB-1")), actor: .user, at: Date())
        let event = try await stream.next()
        #expect(event.id == 3)
        #expect(event.name == "journal")
        #expect(event.data.contains(#""event":"locked""#))
        #expect(event.data.contains(#""user":"bob""#))
    }

    @Test func aTeachersStreamCarriesOnlyTheirComputers() async throws {
        let lab = try TestDashboard()
        let server = try await LiveServer(lab)
        defer { server.stop() }
        let stream = try SSEClient(port: server.port, token: lab.teacherToken, lastEventID: 0)
        defer { stream.close() }
        _ = try lab.signIn("bob", at: "LAB-2/front")
        _ = try lab.signIn("alice", at: "LAB-1/1")
        let event = try await stream.next()
        #expect(event.id == 2)
        #expect(event.data.contains("alice"))
    }
}

/// The dashboard on a real loopback port, served by a task.
final class LiveServer: @unchecked Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    init(_ lab: TestDashboard) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var app = Application(
            router: lab.dashboard.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            })
        app.logger.logLevel = .warning
        let application = app
        task = Task { try await application.run() }
        var started = 0
        for await port in ports {
            started = port
            break
        }
        guard started > 0 else { throw TestFailure("the dashboard did not start") }
        port = started
    }

    func stop() { task.cancel() }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A blocking event-stream reader on a plain socket, with a timeout per event.
final class SSEClient: @unchecked Sendable {
    struct Message {
        var id: Int64?
        var name: String?
        var data: String
    }

    private let socket: Int32
    private var buffer = ""

    init(port: Int, token: String, lastEventID: Int64) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to the dashboard on port \(port)") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)  // generous: a loaded CI machine; latency is the bench's job
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request =
            "GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nLast-Event-ID: \(lastEventID)\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
    }

    /// The next event with data (comments and the response head skipped); throws after 20 s without one.
    func nextEvent() throws -> Message {
        while true {
            while let end = buffer.range(of: "\n\n") {
                let block = String(buffer[..<end.lowerBound])
                buffer = String(buffer[end.upperBound...])
                var message = Message(data: "")
                var hasData = false
                for line in block.split(separator: "\n") {
                    let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                    if text.hasPrefix("id: ") { message.id = Int64(text.dropFirst(4)) }
                    if text.hasPrefix("event: ") { message.name = String(text.dropFirst(7)) }
                    if text.hasPrefix("data: ") {
                        message.data += String(text.dropFirst(6))
                        hasData = true
                    }
                }
                if hasData { return message }
            }
            var bytes = [UInt8](repeating: 0, count: 4096)
            let count = recv(socket, &bytes, bytes.count, 0)
            guard count > 0 else { throw TestFailure("no event within 20 s") }
            // Chunked transfer encoding: the chunk sizes are lines of their own, which no event line starts with.
            buffer += String(decoding: bytes[0..<count], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    /// ``nextEvent()`` on a thread of its own: its blocking reads must not hold one of Swift's
    /// few cooperative threads, which the server needs to answer.
    func next() async throws -> Message {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try self.nextEvent() }) }
        }
    }

    func close() { Glibc.close(socket) }
}
