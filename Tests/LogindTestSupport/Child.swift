import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A long-running program the tests start and stop: the PAM session helper, a private
/// dbus-daemon. Spawned with an empty signal mask and default signal actions, because test
/// threads block most signals and a child would inherit that (Foundation's `Process` does not
/// reset it): a helper that cannot receive SIGTERM outlives its terminated logind session.
public final class Child {
    public let pid: pid_t
    public let program: String
    /// The read ends of its stdout and stderr.
    public let stdout: Int32
    public let stderr: Int32
    private var exited = false

    public init(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.program = program
        let output = try Self.pipePair()
        let errors = try Self.pipePair()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var spawned: pid_t = 0
        let code = posix_spawn(&spawned, program, &actions, &attributes, argv, envp)
        close(output.write)
        close(errors.write)
        guard code == 0 else {
            close(output.read)
            close(errors.read)
            throw TestFailure("cannot run \(program): \(String(cString: strerror(code)))")
        }
        pid = spawned
        stdout = output.read
        stderr = errors.read
    }

    deinit {
        stop()
        close(stdout)
        close(stderr)
    }

    /// Whether it still runs (reaps it once it ended).
    public var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; returns once it is reaped.
    public func stop(grace: TimeInterval = 5) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(10_000) }
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        exited = true
    }

    /// Reads stdout until a line starting with `prefix` and returns the rest of that line.
    public func line(startingWith prefix: String, within seconds: TimeInterval) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while true {
            let complete = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            if let line = complete.first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw TestFailure("\(program) printed no \(prefix)… line within \(seconds) s (stdout: \(text)\(errorsSoFar()))")
            }
            var poller = pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { Glibc.read(stdout, $0.baseAddress, $0.count) }
            guard count > 0 else {
                throw TestFailure("\(program) ended before printing \(prefix)… (stdout: \(text)\(errorsSoFar()))")
            }
            text += String(decoding: buffer[..<count], as: UTF8.self)
        }
    }

    /// What it wrote to stderr so far, for messages.
    public func errorsSoFar() -> String {
        _ = fcntl(stderr, F_SETFL, fcntl(stderr, F_GETFL) | O_NONBLOCK)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(stderr, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            data += buffer[..<count]
        }
        return data.isEmpty ? "" : "; stderr: " + String(decoding: data, as: UTF8.self)
    }

    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestFailure("cannot make a pipe: \(String(cString: strerror(errno)))") }
        // Not inherited by other programs (posix_spawn's dup2 clears the flag on 1 and 2).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}
