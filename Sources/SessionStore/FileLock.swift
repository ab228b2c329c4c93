import Foundation

/// An exclusive `flock` on a side file, held until ``unlock()`` or the end of the process.
public struct FileLock: Sendable {
    private let descriptor: Int32

    /// Why a lock could not be taken.
    enum Failure: Error {
        /// The lock file cannot be opened or created; `errno` says why.
        case cannotOpen(path: String, errno: Int32)
        /// Another process holds it (only when not waiting).
        case held(path: String)

        var reason: String {
            switch self {
            case .cannotOpen(_, let code): return String(cString: strerror(code))
            case .held: return "held by another process"
            }
        }
    }

    /// A lock that holds nothing (an in-memory store has nobody to share it with).
    static let none = FileLock(descriptor: -1)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock on `path`, waiting for it unless `wait` is false.
    init(path: String, wait: Bool = true) throws(Failure) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        var result: Int32
        repeat {
            result = flock(descriptor, wait ? LOCK_EX : LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        if result != 0 {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw .held(path: path) }
            throw .cannotOpen(path: path, errno: code)
        }
    }

    /// Replaces what the lock file holds (the daemon's pid), for others to read.
    func replaceContents(with text: String) {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Empties the file and releases the lock.
    public func unlock() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
