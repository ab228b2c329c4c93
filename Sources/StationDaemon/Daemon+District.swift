import Foundation
import Logging
import SessionStore

/// A daemon that serves some computers of a district's PostgreSQL store (``ComputerOwnership``).
///
/// Each computer has its own cursor in the store, `serve/COMPUTER`: the last of its events whose
/// hooks' actions have committed. The cursors commit with those actions, as the one cursor of a
/// SQLite store does, so when a daemon dies mid-batch the daemon that takes its computers over
/// hands their events after the cursors to the hooks again: at least once, nothing lost.
extension Daemon {
    /// The cursor of a computer (or of the computerless unit).
    static func cursorName(of unit: String) -> String { "\(cursorName)/\(unit)" }

    /// Takes the computers nobody serves and notices the ones lost (every two seconds at most).
    func refreshOwnership() throws {
        guard let ownership else { return }
        let change: ComputerOwnership.Change
        let named = { (units: [String]) in
            units.sorted().map { $0 == ComputerOwnership.computerless ? "the events of no computer" : $0 }.joined(separator: ", ")
        }
        do {
            change = try ownership.refreshIfDue { try store.computerNames() }
        } catch {
            logger.error("cannot check which computers this daemon serves (\(error)); it serves none until the store is back")
            if !unitCursors.isEmpty { logger.warning("no longer serving \(named(Array(unitCursors.keys)))") }
            unitCursors = [:]
            return
        }
        for unit in change.lost { unitCursors[unit] = nil }
        // A computer never served by a district daemon resumes from the store's one cursor: where
        // the school's daemon stopped, for a store copied by migrate-store.
        for unit in change.gained {
            unitCursors[unit] = try store.cursor(Self.cursorName(of: unit)) ?? store.cursor(Self.cursorName) ?? 0
        }
        if !change.gained.isEmpty { logger.info("now serving \(named(Array(change.gained)))") }
        if !change.lost.isEmpty { logger.warning("no longer serving \(named(Array(change.lost)))") }
    }

    /// Hands each event of the computers served, after their cursors, to the hooks, in batches
    /// (see ``dispatchPending(shouldStop:)``); each computer's cursor commits with its events' actions.
    ///
    /// Before a batch commits, the daemon checks in its transaction that its lock connection still
    /// holds its computers: if it lost them (its connection broke, the server restarted), the batch
    /// rolls back and the computers go to whichever daemon holds them now.
    func dispatchServed(by ownership: ComputerOwnership, shouldStop: () -> Bool) throws -> Int {
        var count = 0
        while !shouldStop() {
            guard let from = unitCursors.values.min() else { return count }
            let computers = unitCursors.keys.filter { $0 != ComputerOwnership.computerless }.sorted()
            let computerless = unitCursors[ComputerOwnership.computerless] != nil
            // Read before the batch: an idle pass does not take the writers' turn (no one else
            // moves these computers' cursors, and the rows read are committed).
            let rows = try store.journalRows(after: from, limit: Self.batchSize, computers: computers, computerless: computerless)
            guard !rows.isEmpty else { break }
            let batch: (last: Int64, touched: [String: Int64])
            do {
                batch = try dispatchBatch(rows, from: from, ownership: ownership, count: &count, shouldStop: shouldStop)
            } catch is OwnershipLost {
                logger.warning("lost the locks of its computers while dispatching: rolled back, checking which it still serves")
                ownership.refreshSoon()
                try refreshOwnership()
                break  // the next pass goes on with the computers it still serves
            }
            // Every served event up to `last` is handled: move the cursors kept here past it (the
            // store's move only for computers that had events, the others' stay where they are).
            for unit in unitCursors.keys { unitCursors[unit] = max(unitCursors[unit] ?? 0, batch.last) }
            for (unit, seq) in batch.touched { unitCursors[unit] = max(unitCursors[unit] ?? 0, seq) }
        }
        return count
    }

    private struct OwnershipLost: Error {}

    /// One batch: the hooks for `rows`, the cursors of the computers that had events, and the check
    /// that this daemon still serves them, in one transaction.
    private func dispatchBatch(
        _ rows: [SessionStore.ServedRow], from: Int64, ownership: ComputerOwnership, count: inout Int, shouldStop: () -> Bool
    ) throws -> (last: Int64, touched: [String: Int64]) {
        try store.batch { () throws -> (last: Int64, touched: [String: Int64]) in
            let started = ContinuousClock.now
            var touched: [String: Int64] = [:]
            var last = from
            for row in rows {
                let unit = row.computer ?? ComputerOwnership.computerless
                last = row.seq
                // Already handled: its computer's cursor is past it.
                guard let cursor = unitCursors[unit], row.seq > cursor else { continue }
                switch row.event {
                case .success(let event): policies.dispatch(event)
                case .failure(let error): logger.error("skipped journal event \(row.seq): \(error)")
                }
                touched[unit] = row.seq
                count += 1
                if shouldStop() || ContinuousClock.now - started > Self.batchTime { break }
            }
            for (unit, seq) in touched { try store.setCursor(Self.cursorName(of: unit), to: seq) }
            guard try ownership.stillHeld() else { throw OwnershipLost() }
            return (last, touched)
        }
    }
}
