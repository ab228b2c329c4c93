import Foundation
import Policies
import SessionEngine
import SessionStore

#if canImport(Glibc)
import Glibc
#endif

/// The file beside the store (`state.db.stuck`) where a daemon that had to exit because a
/// policy call could not be stopped says which one, so that the restarted daemon skips it and
/// reports it instead of running into it again.
enum StuckCallRecord {
    static func path(for store: SessionStore) -> String? {
        store.path.map { $0 + ".stuck" }
    }

    /// Writes the record and makes it durable (the process exits right after).
    static func write(_ call: Watchdog.StuckCall, for store: SessionStore) {
        guard let path = path(for: store) else { return }
        var fields: [String: Any] = ["policy": call.policy, "call": call.site.description, "seconds": call.seconds]
        if case .hook(let event, let seq) = call.site {
            fields["event"] = event.rawValue
            fields["seq"] = seq
        } else if case .notifier(let seq) = call.site {
            fields["seq"] = seq
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields) else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        _ = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
    }

    /// Reads and removes the record a previous daemon left, if any.
    static func take(for store: SessionStore) -> Watchdog.StuckCall? {
        guard let path = path(for: store), let data = FileManager.default.contents(atPath: path) else { return nil }
        try? FileManager.default.removeItem(atPath: path)
        guard let fields = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let policy = fields["policy"] as? String
        else { return nil }
        let seconds = fields["seconds"] as? Double ?? 0
        let seq = (fields["seq"] as? NSNumber)?.int64Value
        let site: PolicyCallSite
        if let seq, let name = (fields["event"] as? String).flatMap(EventName.init(rawValue:)) {
            site = .hook(name, seq: seq)
        } else if let seq {
            site = .notifier(seq: seq)
        } else {
            site = .command(fields["call"] as? String ?? "?")
        }
        return Watchdog.StuckCall(policy: policy, site: site, seconds: seconds)
    }
}
