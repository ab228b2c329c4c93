import Foundation

extension SessionStore {
    /// Claims the store for one daemon: a second `stationctl serve` on the same store would hand
    /// every event to the hooks twice. Held until the returned lock is unlocked or the process ends.
    /// - Throws: ``StoreError`` `.daemonRunning` when another daemon holds it, `.cannotOpen` when the
    ///   lock file cannot be created (with the system's reason).
    public func claimForDaemon() throws -> FileLock {
        guard let path else { return FileLock.none }
        do {
            let lock = try FileLock(path: Self.daemonLockPath(path), wait: false)
            lock.replaceContents(with: "\(getpid())\n")
            return lock
        } catch .held {
            throw StoreError(
                .daemonRunning,
                "another 'stationctl serve' is already running on \(path): stop it first (only one daemon may serve a store)")
        } catch {
            throw StoreError(
                .cannotOpen,
                "cannot create the daemon's lock file \(path).serve.lock: \(error.reason); the store's folder must be writable by the daemon"
            )
        }
    }

    /// The process id of the daemon serving this store, `nil` when none runs. The daemon writes its
    /// pid into its lock file and empties it when it stops; a pid left by a crash counts only while
    /// that process lives and is a `stationctl`.
    public func daemonProcess() -> Int32? {
        guard let path, let text = try? String(contentsOfFile: Self.daemonLockPath(path), encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "stationctl"
        return command.hasPrefix("stationctl") ? pid : nil
    }

    private static func daemonLockPath(_ store: String) -> String { store + ".serve.lock" }
}
