import CSdBus
import Foundation

extension LogindBus {
    /// Calls `method` with `arguments` and returns the reply's values; waits at most `timeout`
    /// seconds. Signals that arrive meanwhile stay queued for `next(timeout:)`.
    ///
    /// ```swift
    /// let reply = try call(Login1.manager("GetSession"), [.string("c1")], timeout: 5)   // [.objectPath(…)]
    /// ```
    func call(
        _ method: BusMethod, _ arguments: [BusArgument] = [], timeout: TimeInterval, interactive: Bool = false
    ) throws(LogindError) -> [BusValue] {
        let message = try BusMessage.methodCall(on: bus, method)
        for argument in arguments {
            try message.append(argument)
        }
        if interactive { message.allowInteractiveAuthorization(true) }
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var replyPointer: OpaquePointer?
        let result = sd_bus_call(bus, message.pointer, Self.microseconds(timeout), &error, &replyPointer)
        let reply = replyPointer.map { BusMessage(adopting: $0) }
        guard result >= 0, let reply else {
            throw failure(method, Self.describe(method.member, arguments), result, error, timeout: timeout)
        }
        return try reply.readAll()
    }

    /// The properties of `interface` on the object at `path`, in one `Properties.GetAll` round trip.
    func properties(of path: String, _ interface: String, timeout: TimeInterval) throws(LogindError) -> [String: BusValue] {
        let reply = try call(Login1.getAll(path), [.string(interface)], timeout: timeout)
        var properties: [String: BusValue] = [:]
        for entry in reply.first?.elements ?? [] {
            guard let name = entry[0]?.string, let value = entry[1] else {
                throw LogindError(.malformedReply, "cannot read the properties of \(path): an entry is not a name and a value")
            }
            properties[name] = value
        }
        return properties
    }

    /// One property of `interface` on the object at `path` (`Properties.Get`), for a property
    /// whose neighbours are costly to compute (the Manager's GetAll makes elogind scan for boot
    /// loader entries).
    func property(_ name: String, of path: String, _ interface: String, timeout: TimeInterval) throws(LogindError) -> BusValue {
        let method = BusMethod(destination: Login1.service, path: path, interface: Login1.propertiesInterface, member: "Get")
        guard let value = try call(method, [.string(interface), .string(name)], timeout: timeout).first else {
            throw LogindError(.malformedReply, "cannot read \(interface).\(name) of \(path): the answer is empty")
        }
        return value
    }

    /// The error for a failed call: its code from the D-Bus error name (or errno), and a message
    /// that says what was called and what to do.
    private func failure(
        _ method: BusMethod, _ call: String, _ result: Int32, _ error: sd_bus_error, timeout: TimeInterval
    ) -> LogindError {
        let who = method.destination == Login1.service ? "logind" : "the bus"
        let name = error.name.map { String(cString: $0) }
        let text = error.message.map { String(cString: $0) } ?? LogindError.text(errno: result)
        let code = LogindError.code(name: name, errno: result)
        let cause = [name, text].compactMap { $0 }.joined(separator: ": ")
        var failed = explain(code, name: name, call, cause, who: who, timeout: timeout)
        failed.cause = cause
        return failed
    }

    private func explain(
        _ code: LogindError.Code, name: String?, _ call: String, _ cause: String, who: String, timeout: TimeInterval
    ) -> LogindError {
        switch code {
        case .disconnected:
            return .disconnected(address, while: "calling \(call)", cause: cause, name: name)
        case .notOnBus:
            return LogindError(
                code, name: name, "logind is not on the system bus at \(address) (\(cause)); is elogind or systemd-logind running?")
        case .timedOut:
            return LogindError(code, name: name, "\(who) did not answer \(call) within \(Self.seconds(timeout)) s (\(cause))")
        default:
            return LogindError(code, name: name, "\(who) refused \(call): \(cause)")
        }
    }

    /// `Member("c1", true)`, for messages.
    static func describe(_ member: String, _ arguments: [BusArgument]) -> String {
        let shown = arguments.map { argument in
            switch argument {
            case .string(let text), .objectPath(let text): "\"\(text)\""
            case .bool(let flag): String(flag)
            case .uint32(let value): String(value)
            case .uint64(let value): String(value)
            }
        }
        return "\(member)(\(shown.joined(separator: ", ")))"
    }

    /// A timeout for sd-bus: whole microseconds, at least 1 (0 would mean sd-bus's own 25 s).
    static func microseconds(_ seconds: TimeInterval) -> UInt64 {
        guard seconds.isFinite else { return seconds > 0 ? UInt64.max : 1 }
        return UInt64(max(1, min(seconds * 1_000_000, 1e18)))
    }

    /// "5" or "0.25".
    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
