import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program without a shell in its own process group, feeding it input and capturing its
/// output, with a hard deadline: on timeout the whole group (children included) is killed, so
/// nothing it started can keep the caller waiting.
enum ChildProcess {
    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        var description: String {
            switch self {
            case .spawn(let program, let code): return "cannot run \(program): \(String(cString: strerror(code)))"
            }
        }
    }

    static let outputLimit = 65_536

    /// - Parameter stopped: checked while waiting; once true the program is killed at once (the
    ///   watchdog stopped the policy call that runs it).
    static func run(
        _ program: String, arguments: [String], input: Data, timeout: TimeInterval, stopped: () -> Bool = { false }
    ) throws -> Outcome {
        // A program that exits without reading its input gets EPIPE, not us a SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let stdin = try pipePair()
        let stdout = try pipePair()
        let stderr = try pipePair()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        for fd in [stdin.read, stdout.write, stderr.write] { close(fd) }
        guard code == 0 else {
            for fd in [stdin.write, stdout.read, stderr.read] { close(fd) }
            throw Failure.spawn(program, code)
        }
        var io = Exchange(input: input, stdin: stdin.write, stdout: stdout.read, stderr: stderr.read)
        var deadline = Date() + timeout
        var status: Int32 = 0
        var exited = false
        var timedOut = false
        while !exited || io.open {
            let now = Date()
            if !timedOut, stopped() { deadline = min(deadline, now - 2) }  // straight to SIGKILL
            if !exited && now >= deadline && !timedOut {
                timedOut = true
                kill(-pid, SIGTERM)
                kill(-pid, SIGCONT)
            }
            if timedOut && now >= deadline + 2 { kill(-pid, SIGKILL) }
            if !exited {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    exited = true
                    status = decode(raw)
                    // Whatever it left behind holds our pipes no longer than this.
                    kill(-pid, SIGKILL)
                }
            }
            io.step(waitMilliseconds: exited ? 50 : 20)
            if exited && now >= deadline + 3 { break }
        }
        io.closeAll()
        return Outcome(status: status, stdout: io.output, stderr: io.errors, timedOut: timedOut)
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure.spawn("a pipe", errno) }
        // Not inherited by other programs spawned meanwhile (posix_spawn's dup2 clears it on 0-2).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// Non-blocking input and output through `poll`.
    private struct Exchange {
        var input: Data
        var written = 0
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
        var output = Data()
        var errors = Data()

        init(input: Data, stdin: Int32, stdout: Int32, stderr: Int32) {
            self.input = input
            self.stdin = stdin
            self.stdout = stdout
            self.stderr = stderr
            for fd in [stdin, stdout, stderr] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            if input.isEmpty { closeInput() }
        }

        var open: Bool { stdout >= 0 || stderr >= 0 }

        mutating func step(waitMilliseconds: Int32) {
            var fds: [pollfd] = []
            if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
            if stdout >= 0 { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            guard !fds.isEmpty, poll(&fds, nfds_t(fds.count), waitMilliseconds) > 0 else { return }
            for entry in fds where entry.revents != 0 {
                if entry.fd == stdin { writeInput() } else { readOutput(entry.fd) }
            }
        }

        private mutating func writeInput() {
            let count = input.withUnsafeBytes { bytes in
                write(stdin, bytes.baseAddress.map { $0 + written }, input.count - written)
            }
            if count > 0 { written += count }
            if count < 0 && errno != EAGAIN || written >= input.count { closeInput() }
        }

        private mutating func readOutput(_ fd: Int32) {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                let chunk = Data(buffer[0..<count])
                if fd == stdout {
                    if output.count < ChildProcess.outputLimit { output.append(chunk.prefix(ChildProcess.outputLimit - output.count)) }
                } else if errors.count < ChildProcess.outputLimit {
                    errors.append(chunk.prefix(ChildProcess.outputLimit - errors.count))
                }
            } else if count == 0 || errno != EAGAIN {
                close(fd)
                if fd == stdout { stdout = -1 } else { stderr = -1 }
            }
        }

        private mutating func closeInput() {
            if stdin >= 0 { close(stdin) }
            stdin = -1
        }

        mutating func closeAll() {
            closeInput()
            for fd in [stdout, stderr] where fd >= 0 { close(fd) }
            stdout = -1
            stderr = -1
        }
    }
}
