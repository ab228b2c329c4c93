import Foundation
import SessionEngine
import SessionStore

#if canImport(Glibc)
import Glibc
#endif

/// Issue 13 against a real `stationctl dashboard` process on loopback: the station grid of a lab
/// of 100 computers × 40 stations rendered on the server (against a static asset of the same
/// server, as the baseline), one commit reaching 200 open event streams, and one login's cost.
func dashboardFigures(rounds: Int, clients: Int) throws -> ([Figure], [String]) {
    let stationctl = try stationctlBinary()
    let folder = try makeTemporaryFolder("dashboard")
    let config = folder + "/stationkeeper.lua"
    let storePath = folder + "/state.db"
    let computers = (1...100).map { String(format: "C-%03d", $0) }
    try write(computers.map { "computer \"\($0)\" { stations = 40 }" }.joined(separator: "\n") + "\n", to: config)
    // 30 sessions per computer: most tiles have a user, a state and idle time.
    let added = try runChild(
        [
            "/bin/sh", "-c",
            "printf 'bench-password-1\\n' | '\(stationctl)' admins add bench --role admin --config '\(config)' --store '\(storePath)'",
        ])
    guard added.status == 0 else { throw BenchError("stationctl admins add exited \(added.status)") }
    let store = try SessionStore(path: storePath)
    let now = Date()
    try store.batch {
        for computer in computers {
            for seat in 1...30 {
                _ = try store.perform(
                    .signIn(user: "u\(seat)", station: StationID(computer: computer, name: "\(seat)")), actor: .user, at: now)
            }
        }
    }
    let port = try freePort()
    let server = Process()
    server.executableURL = URL(fileURLWithPath: stationctl)
    server.arguments = ["dashboard", "--listen", "127.0.0.1:\(port)", "--config", config, "--store", storePath]
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    try waitForPort(port, seconds: 20)
    var lines: [String] = []

    // Login: bcrypt at cost 12 on the server, measured as the whole request.
    var logins: [Double] = []
    var cookie = ""
    for _ in 0..<3 {
        let response = try httpRequest(
            port: port, "POST /login", headers: ["Content-Type: application/x-www-form-urlencoded"],
            body: "name=bench&password=bench-password-1")
        logins.append(response.seconds)
        cookie = response.header("Set-Cookie")?.split(separator: ";").first.map(String.init) ?? ""
    }
    guard !cookie.isEmpty else { throw BenchError("the bench account could not sign in") }
    let login = median(logins)
    lines.append(String(format: "  one login (bcrypt cost 12 on the server, the whole request): %.0f ms", login * 1000))

    // The grid: the page of every station (4,000 tiles) and one computer's (40); the baseline is
    // the same server answering a static asset.
    let grid = try httpRequest(port: port, "GET /stations", headers: ["Cookie: \(cookie)"])
    guard grid.status == 200, grid.body.contains("data-station=\"C-100/40\"") else {
        throw BenchError("the stations page answered \(grid.status)")
    }
    var allGrids: [Double] = []
    var oneGrid: [Double] = []
    var asset: [Double] = []
    for _ in 0..<rounds {
        allGrids.append(try httpRequest(port: port, "GET /stations", headers: ["Cookie: \(cookie)"]).seconds)
        oneGrid.append(try httpRequest(port: port, "GET /computers/C-050", headers: ["Cookie: \(cookie)"]).seconds)
        asset.append(try httpRequest(port: port, "GET /assets/dashboard.css").seconds)
    }
    lines.append(
        String(
            format: "  every station (4,000 tiles, %d KB) %.1f ms; one computer (40 tiles) %.1f ms; a static asset %.2f ms",
            grid.body.utf8.count / 1024, median(allGrids) * 1000, median(oneGrid) * 1000, median(asset) * 1000))

    // Server-sent events: `clients` streams open, one commit by this process, the time until each has it.
    let streams = try (0..<clients).map { _ in try EventStream(port: port, cookie: cookie) }
    defer { for stream in streams { stream.close() } }
    var latencies: [Double] = []
    for round in 0..<rounds {
        let seq = try store.lastSeq() + 1
        let arrived = Atomic([Double]())
        let group = DispatchGroup()
        let committed = Atomic(0.0)
        for stream in streams {
            group.enter()
            Thread.detachNewThread {
                let at = stream.waitFor(id: seq, timeout: 5)
                arrived.append(at)
                group.leave()
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        committed.value = monotonic()
        _ = try store.perform(
            .lock(.user("u\(round % 30 + 1)", computer: "C-001")), actor: .user, at: now)
        group.wait()
        latencies += arrived.value.map { $0 < 0 ? 5 : $0 - committed.value }
        _ = try store.perform(.unlock(.user("u\(round % 30 + 1)", computer: "C-001")), actor: .user, at: now)
        let unlockSeq = seq + 1
        for stream in streams { _ = stream.waitFor(id: unlockSeq, timeout: 5) }
    }
    latencies.sort()
    let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
    let p50 = latencies[latencies.count / 2]
    lines.append(
        String(
            format: "  %d event streams, %d commits: p50 %.1f ms, p99 %.1f ms, max %.1f ms", clients, rounds, p50 * 1000, p99 * 1000,
            (latencies.last ?? 0) * 1000))

    return (
        [
            Figure(
                id: "dashboard_grid", name: "station grid, 100 computers × 40 stations (issue 13)", unit: "ms",
                value: median(allGrids) * 1000, baseline: median(asset) * 1000, kind: .limit(50),
                target: "≤ 50 ms for the 4,000 tiles",
                notes:
                    "GET /stations of a 100×40 lab with 3,000 sessions (4,000 tiles with their actions) from a real `stationctl dashboard`, the full round trip on loopback, median of \(rounds); baseline: a static asset of the same server"
            ),
            Figure(
                id: "dashboard_events", name: "commit → \(clients) event streams, p99 (issue 13)", unit: "ms", value: p99 * 1000,
                baseline: nil,
                kind: .limit(250), target: "p99 ≤ 250 ms",
                notes:
                    "\(clients) open /events streams; \(rounds) commits by another connection; the time from the commit's return to each stream's read of its event (p50 \(String(format: "%.1f", p50 * 1000)) ms)"
            ),
            Figure(
                id: "dashboard_login", name: "one login, bcrypt cost 12 (issue 13)", unit: "ms", value: login * 1000, baseline: nil,
                kind: .judged(met: true), target: "stated",
                notes: "the whole POST /login, median of 3: nearly all of it is the bcrypt check, on a thread of its own"
            ),
        ], lines
    )
}

/// A value shared with the stream threads.
private final class Atomic<T>: @unchecked Sendable {
    fileprivate let lock = NSLock()
    fileprivate var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension Atomic where T == [Double] {
    func append(_ item: Double) { lock.withLock { stored.append(item) } }
}

struct HTTPAnswer {
    var status: Int
    var head: String
    var body: String
    var seconds: Double

    func header(_ name: String) -> String? {
        head.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
    }
}

/// One request on a new connection (`Connection: close`), read to the end.
func httpRequest(port: Int, _ line: String, headers: [String] = [], body: String = "") throws -> HTTPAnswer {
    let start = monotonic()
    let socket = try connectLoopback(port)
    defer { close(socket) }
    var request = "\(line) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for header in headers { request += header + "\r\n" }
    if !body.isEmpty { request += "Content-Length: \(body.utf8.count)\r\n" }
    request += "\r\n" + body
    _ = request.withCString { send(socket, $0, strlen($0), 0) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = recv(socket, &buffer, buffer.count, 0)
        if count <= 0 { break }
        data += buffer[0..<count]
    }
    let seconds = monotonic() - start
    let text = String(decoding: data, as: UTF8.self)
    let parts = text.components(separatedBy: "\r\n\r\n")
    let head = parts.first ?? ""
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    return HTTPAnswer(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"), seconds: seconds)
}

func connectLoopback(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard rc == 0 else {
        close(fd)
        throw BenchError("cannot connect to 127.0.0.1:\(port)")
    }
    return fd
}

func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw BenchError("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

func waitForPort(_ port: Int, seconds: Double) throws {
    let deadline = monotonic() + seconds
    while monotonic() < deadline {
        if let fd = try? connectLoopback(port) {
            close(fd)
            return
        }
        Thread.sleep(forTimeInterval: 0.05)
    }
    throw BenchError("the dashboard did not listen on \(port) within \(Int(seconds)) s")
}

/// An open `/events` stream, read by whoever waits for an id.
final class EventStream: @unchecked Sendable {
    private let socket: Int32
    private var pending = ""

    init(port: Int, cookie: String) throws {
        socket = try connectLoopback(port)
        let request = "GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nCookie: \(cookie)\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
    }

    /// The monotonic time at which the event with this id was read; -1 after `timeout` seconds.
    func waitFor(id: Int64, timeout: Double) -> Double {
        let marker = "id: \(id)\n"
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            if let range = pending.range(of: marker) {
                pending = String(pending[range.upperBound...])
                return monotonic()
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return -1 }
            pending += String(decoding: buffer[0..<count], as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            if pending.count > 1_000_000 { pending = String(pending.suffix(4096)) }
        }
    }

    func close() { Glibc.close(socket) }
}
