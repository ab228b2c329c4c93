import SessionEngine

/// Which call into a policy's Lua this is: named in failure reports and by the watchdog.
public enum PolicyCallSite: Sendable, Hashable, CustomStringConvertible {
    case hook(EventName, seq: Int64)
    case notifier(seq: Int64)
    /// A timer, by its description (`every 1m`, `at 22:00`).
    case timer(String)
    /// A plugin's action called through `actions.NAME{…}`.
    case action(String)
    /// A plugin's command run from `stationctl`.
    case command(String)
    /// A policy or plugin file being loaded.
    case load(String)
    /// Its `memory` being written down after a call.
    case memory

    public var description: String {
        switch self {
        case .hook(let event, let seq): return "hook \(event.rawValue) (event \(seq))"
        case .notifier(let seq): return "notifier (event \(seq))"
        case .timer(let spec): return "timer \(spec)"
        case .action(let name): return "action \(name)"
        case .command(let name): return "command \(name)"
        case .load(let file): return "loading \(file)"
        case .memory: return "saving memory"
        }
    }

    /// Its parts as plain values (`kind`, `name`, `seq`), to be written down and read back (the
    /// daemon's record of a call it could not stop).
    public var parts: (kind: String, name: String, seq: Int64?) {
        switch self {
        case .hook(let event, let seq): return ("hook", event.rawValue, seq)
        case .notifier(let seq): return ("notifier", "", seq)
        case .timer(let spec): return ("timer", spec, nil)
        case .action(let name): return ("action", name, nil)
        case .command(let name): return ("command", name, nil)
        case .load(let file): return ("load", file, nil)
        case .memory: return ("memory", "", nil)
        }
    }

    /// Reads ``parts`` back; `nil` for parts that name no call.
    public init?(kind: String, name: String, seq: Int64?) {
        switch (kind, seq) {
        case ("hook", let seq?):
            guard let event = EventName(rawValue: name) else { return nil }
            self = .hook(event, seq: seq)
        case ("notifier", let seq?): self = .notifier(seq: seq)
        case ("timer", _): self = .timer(name)
        case ("action", _): self = .action(name)
        case ("command", _): self = .command(name)
        case ("load", _): self = .load(name)
        case ("memory", _): self = .memory
        default: return nil
        }
    }

    /// The journal event the call handles, for hooks and notifiers.
    public var eventSeq: Int64? {
        switch self {
        case .hook(_, let seq), .notifier(let seq): return seq
        case .timer, .action, .command, .load, .memory: return nil
        }
    }
}
