import Foundation

extension SessionStore {
    /// Claims the store for one daemon: a second `stationctl serve` on the same store would hand
    /// every event to the hooks twice. Held until the returned lock is unlocked or the process ends.
    /// - Throws: ``StoreError`` `.daemonRunning` when another daemon holds it, `.cannotOpen` when the
    ///   lock file cannot be created (with the system's reason).
    public func claimForDaemon() throws -> FileLock {
        guard let path else { return FileLock.none }
        do {
            return try FileLock(path: path + ".serve.lock", wait: false)
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
}
