import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig

#if canImport(Glibc)
import Glibc
#endif

/// The file beside the store (`state.db.stuck`) where a daemon that had to exit because a
/// policy call could not be stopped says which one, so that the restarted daemon skips it and
/// reports it instead of running into it again.
///
/// For a district's PostgreSQL store, the file is in this machine's state folder (the default
/// store's), named after the store's location: each machine's daemon runs into a stuck call at
/// most once, the daemon that took its computers over meanwhile included.
enum StuckCallRecord {
    static func path(for store: SessionStore) -> String? {
        if let path = store.path { return path + ".stuck" }
        guard store.isShared else { return nil }
        let folder = URL(
            fileURLWithPath: ConfigLocation.defaultStore(environment: ProcessInfo.processInfo.environment, isRoot: geteuid() == 0)
        ).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var digest = Digest()
        digest.add(store.identity.utf8)
        return folder.appendingPathComponent("district-\(digest.text).stuck").path
    }

    /// Writes the record and makes it durable (the process exits right after).
    static func write(_ call: Watchdog.StuckCall, for store: SessionStore) {
        guard let path = path(for: store) else { return }
        let (kind, name, seq) = call.site.parts
        var fields: [String: Any] = [
            "policy": call.policy, "call": call.site.description, "kind": kind, "name": name, "seconds": call.seconds,
        ]
        if let seq { fields["seq"] = seq }
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
        // A record names its call by kind and name; one with only `event` and `seq` is a hook.
        let kind = fields["kind"] as? String ?? (fields["event"] != nil ? "hook" : "command")
        let name = fields["name"] as? String ?? fields["event"] as? String ?? fields["call"] as? String ?? "?"
        guard let site = PolicyCallSite(kind: kind, name: name, seq: seq) else { return nil }
        return Watchdog.StuckCall(policy: policy, site: site, seconds: seconds)
    }
}
