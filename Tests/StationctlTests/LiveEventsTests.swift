import Foundation
import LogindTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Server-sent events of a real `stationctl dashboard` process: a commit by another process
/// (`stationctl`) reaches an open stream with the journal seq as the event id, a reconnect resumes
/// after `Last-Event-ID`, and a teacher's stream carries only their computers. (In a separate
/// process because a server inside the test process shares its few threads with every test.)
@Suite struct LiveEventsTests {
    /// A dashboard on a free port over `lab`, with an admin and a teacher of LAB-1, and their tokens.
    static func serve(_ lab: Lab) throws -> (server: Child, port: Int, admin: String, teacher: String) {
        try #require(try lab.run(["admins", "add", "rivera", "--role", "admin"], input: "long enough password\n").status == 0)
        try #require(
            try lab.run(["admins", "add", "dupont", "--role", "teacher", "--computer", "LAB-1"], input: "long enough password\n").status
                == 0)
        let admin = try lab.ok("admins", "token", "rivera").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let teacher = try lab.ok("admins", "token", "dupont").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try DashboardCommandTests.freeLoopbackPort()
        let server = try Child(
            Lab.binary.path, ["dashboard", "--listen", "127.0.0.1:\(port)", "--config", lab.config.path, "--store", lab.storeLocation])
        try waitFor { (try? SSEClient(port: port, token: admin, lastEventID: 0)).map { $0.close() } != nil }
        return (server, port, admin, teacher)
    }

    @Test func aCommitByAnotherProcessReachesTheStreamAndAReconnectResumes() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        let (server, port, admin, _) = try Self.serve(lab)
        defer { server.stop() }
        let first = try lab.ok("journal", "--json").jsonArray().compactMap { $0["seq"] as? Int }
        // Resumes after the first sign-in: gets the second from the journal, then the lock.
        let stream = try SSEClient(port: port, token: admin, lastEventID: Int64(first[0]))
        defer { stream.close() }
        #expect(try stream.nextEvent().id == Int64(first[1]))
        try lab.ok("lock", "bob@LAB-1")
        let event = try stream.nextEvent()
        #expect(event.id == Int64(first[1] + 1))
        #expect(event.name == "journal")
        #expect(event.data.contains(#""event":"locked""#))
        #expect(event.data.contains(#""user":"bob""#))
    }

    @Test func aTeachersStreamCarriesOnlyTheirComputers() throws {
        let lab = try Lab()
        let (server, port, _, teacher) = try Self.serve(lab)
        defer { server.stop() }
        let stream = try SSEClient(port: port, token: teacher, lastEventID: 0)
        defer { stream.close() }
        try lab.ok("sign-in", "bob", "--station", "LAB-2/front")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let event = try stream.nextEvent()
        #expect(event.data.contains(#""user":"alice""#), "\(event.data)")
    }
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
        guard connected == 0 else { throw HarnessError("cannot connect to the dashboard on port \(port)") }
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
            guard count > 0 else { throw HarnessError("no event within 20 s") }
            // Chunked transfer encoding: the chunk sizes are lines of their own, which no event line starts with.
            buffer += String(decoding: bytes[0..<count], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    func close() { Glibc.close(socket) }
}
