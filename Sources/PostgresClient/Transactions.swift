extension PostgresConnection {
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` in a transaction: BEGIN, then COMMIT when it returns, or ROLLBACK when it
    /// throws (and the error is rethrown). Transactions do not nest: calling it inside one is a
    /// `.usage` error. When a statement in `body` failed and `body` caught the error, the server
    /// has aborted the transaction and COMMIT rolls it back: that throws too, so a caught error
    /// never looks committed. A serialization failure (`SQLState.serializationFailure`) is the
    /// caller's to retry.
    @discardableResult
    public func transaction<T>(isolation: IsolationLevel? = nil, _ body: () throws -> T) throws -> T {
        guard transactionStatus == .idle else {
            throw PostgresError(kind: .usage, message: "already in a transaction: transaction { } does not nest")
        }
        try execute(isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        let commit: PostgresResult
        do {
            commit = try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        guard commit.command != "ROLLBACK" else {
            throw PostgresError(
                kind: .usage,
                message: "the transaction was rolled back: a statement in it failed and its error was caught inside the block")
        }
        return value
    }

    /// ROLLBACK if a transaction is open, ignoring failures (the error that brought us here matters more).
    private func rollbackQuietly() {
        guard isOpen, transactionStatus != .idle else { return }
        _ = try? execute("ROLLBACK")
    }
}
