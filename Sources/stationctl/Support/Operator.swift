import Foundation
import SessionEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The person running `stationctl`, as the journal records them: `admin:NAME`.
enum Operator {
    /// `.admin(NAME)` for whoever runs this process (see ``name(uid:environment:)``), worked out once.
    static let actor: Actor = .admin(name(uid: getuid(), environment: ProcessInfo.processInfo.environment))

    /// The name recorded for the real user `uid`: its passwd entry's name, or, for root, the
    /// `SUDO_USER` that sudo sets when it is a valid name (only root's is trusted: anyone can set the
    /// variable, but only sudo makes someone root with it set). `uid:N` when the uid has no passwd
    /// entry or its name is not one the journal can hold.
    static func name(uid: uid_t, environment: [String: String]) -> String {
        if uid == 0, let sudoUser = environment["SUDO_USER"], Names.isValid(sudoUser) {
            return sudoUser
        }
        if let name = passwdName(uid), Names.isValid(name) {
            return name
        }
        return "uid:\(uid)"
    }

    /// The user name of `uid` in the passwd database, or `nil` when it has no entry.
    static func passwdName(_ uid: uid_t) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        while buffer.count <= 1 << 20 {
            let (status, name) = buffer.withUnsafeMutableBufferPointer { bytes -> (Int32, String?) in
                guard let start = bytes.baseAddress else { return (ENOMEM, nil) }
                var entry = passwd()
                var found: UnsafeMutablePointer<passwd>?
                let status = getpwuid_r(uid, &entry, start, bytes.count, &found)
                // `pw_name` points into `bytes`: read it while they are still there.
                return (status, found == nil ? nil : entry.pw_name.map { String(cString: $0) })
            }
            guard status == ERANGE else { return status == 0 ? name : nil }
            buffer = [CChar](repeating: 0, count: buffer.count * 2)
        }
        return nil
    }
}
