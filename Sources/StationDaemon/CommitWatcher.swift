import Foundation
import SessionStore

#if canImport(Glibc)
import Glibc
#endif

/// Wakes the daemon when any process commits to the store: a commit writes the store's `-wal`
/// file, which inotify reports at once, so the daemon does not wait for its next poll. It also
/// notices that the `-wal` file was removed or replaced under the daemon (a commit would then go to
/// a file nobody reads), which the daemon treats as fatal.
///
/// ```swift
/// let watcher = CommitWatcher(store: path, wake: { signals.nudge() })
/// defer { watcher?.stop() }
/// try watcher?.checkFiles()   // throws StoreError(.filesChanged) when the -wal file is not the one opened
/// ```
public final class CommitWatcher: @unchecked Sendable {
    private let walPath: String
    private let descriptor: Int32
    private let identity: (device: UInt64, inode: UInt64)
    private let thread: Thread

    /// `nil` when inotify or the `-wal` file is not there (the daemon then polls every second).
    public init?(store path: String, wake: @escaping @Sendable () -> Void) {
        walPath = path + "-wal"
        var info = stat()
        guard stat(walPath, &info) == 0 else { return nil }
        identity = (UInt64(info.st_dev), UInt64(info.st_ino))
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        let mask = UInt32(IN_MODIFY) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ATTRIB)
        guard inotify_add_watch(fd, walPath, mask) >= 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
        thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Each read returns once something happened to the file; closing the descriptor ends it.
            while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 { wake() }
        }
        thread.name = "stationkeeper commit watcher"
        thread.start()
    }

    /// Throws when the `-wal` file is gone or another file took its place since the daemon opened it.
    public func checkFiles() throws {
        var info = stat()
        let present = stat(walPath, &info) == 0
        guard present, UInt64(info.st_dev) == identity.device, UInt64(info.st_ino) == identity.inode else {
            throw StoreError(
                .filesChanged,
                "the store's \(walPath) was \(present ? "replaced" : "removed") while the daemon ran: it stops so that no commit goes to a file nobody reads. Restart it (commits made by others meanwhile may be lost), then run 'stationctl check-store'"
            )
        }
    }

    /// After a wake: inotify reports the commit's first write to the `-wal` file, a moment before
    /// the commit is visible to readers (it ends in the `-shm` index, which inotify cannot see). So
    /// `look` runs now and, until it finds something, again after 2, 8 and 32 ms.
    /// - Parameter look: reads what is new; true when it found something (or should stop).
    public static func settle(_ look: () throws -> Bool) rethrows {
        if try look() { return }
        for pause in [0.002, 0.008, 0.032] {
            Thread.sleep(forTimeInterval: pause)
            if try look() { return }
        }
    }

    /// Stops watching (the thread ends with the descriptor).
    public func stop() {
        close(descriptor)
    }
}
