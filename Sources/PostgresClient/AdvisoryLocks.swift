/// Session-level advisory locks (`pg_try_advisory_lock` and friends): a lock is held by this
/// connection's session until unlocked or until the session ends (the connection closes or
/// breaks), so a daemon that dies releases its locks by itself. Locks are counted: each
/// successful lock of a key needs its own unlock. They are not released by ROLLBACK, and need
/// session pooling behind a connection pooler.
extension PostgresConnection {
    /// Takes the lock on `key` if nobody else holds it; false at once otherwise.
    public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        try execute("SELECT pg_try_advisory_lock($1::bigint)", [.int(key)]).single().bool(0) == true
    }

    /// Takes the lock on `key`, waiting for as long as another session holds it.
    public func advisoryLock(_ key: Int64) throws {
        try execute("SELECT pg_advisory_lock($1::bigint)", [.int(key)])
    }

    /// Releases one hold on `key`; false when this session did not hold it.
    @discardableResult
    public func advisoryUnlock(_ key: Int64) throws -> Bool {
        try execute("SELECT pg_advisory_unlock($1::bigint)", [.int(key)]).single().bool(0) == true
    }

    /// Releases every advisory lock this session holds.
    public func advisoryUnlockAll() throws {
        try execute("SELECT pg_advisory_unlock_all()")
    }
}
