import CSdBus

/// A D-Bus message this module holds one reference to; the reference is
/// dropped (`sd_bus_message_unref`) when the `BusMessage` goes, on every path.
///
/// ```swift
/// let call = try BusMessage.methodCall(on: bus, Login1.manager("GetSession"))
/// try call.append(.string("c1"))
/// var replyPointer: OpaquePointer?
/// guard sd_bus_call(bus, call.pointer, 5_000_000, &error, &replyPointer) >= 0, let replyPointer else { … }
/// let values = try BusMessage(adopting: replyPointer).readAll()   // [.objectPath("/org/freedesktop/login1/session/c1")]
/// ```
///
/// Like its bus, a message belongs to one thread.
final class BusMessage {
    let pointer: OpaquePointer

    /// Takes over the reference the caller owns.
    init(adopting pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        sd_bus_message_unref(pointer)
    }

    /// A new method call to `method` on `bus`.
    static func methodCall(on bus: OpaquePointer, _ method: BusMethod) throws(LogindError) -> BusMessage {
        var created: OpaquePointer?
        let result = sd_bus_message_new_method_call(bus, &created, method.destination, method.path, method.interface, method.member)
        guard result >= 0, let created else {
            throw LogindError(
                LogindError.code(name: nil, errno: result),
                "cannot build the call \(method.member): \(LogindError.text(errno: result))")
        }
        return BusMessage(adopting: created)
    }

    /// The message's path, interface and member (nil for those it lacks).
    var path: String? { sd_bus_message_get_path(pointer).map { String(cString: $0) } }
    var interface: String? { sd_bus_message_get_interface(pointer).map { String(cString: $0) } }
    var member: String? { sd_bus_message_get_member(pointer).map { String(cString: $0) } }

    /// Whether the message is a signal (rather than a call, reply or error).
    var isSignal: Bool {
        var type: UInt8 = 0
        return sd_bus_message_get_type(pointer, &type) >= 0 && type == UInt8(SD_BUS_MESSAGE_SIGNAL)
    }

    /// True for a signal `member` of `interface`.
    func isSignal(_ interface: String, _ member: String) -> Bool {
        sd_bus_message_is_signal(pointer, interface, member) > 0
    }

    // MARK: Writing

    /// Appends one argument.
    func append(_ argument: BusArgument) throws(LogindError) {
        let result: Int32
        switch argument {
        case .string(let text):
            result = text.withCString { sd_bus_message_append_basic(pointer, BusType.string, $0) }
        case .objectPath(let path):
            result = path.withCString { sd_bus_message_append_basic(pointer, BusType.objectPath, $0) }
        case .bool(let flag):
            var value: Int32 = flag ? 1 : 0
            result = sd_bus_message_append_basic(pointer, BusType.bool, &value)
        case .uint32(var value):
            result = sd_bus_message_append_basic(pointer, BusType.uint32, &value)
        case .uint64(var value):
            result = sd_bus_message_append_basic(pointer, BusType.uint64, &value)
        }
        guard result >= 0 else {
            throw LogindError(.failed, "cannot append \(argument) to a D-Bus message: \(LogindError.text(errno: result))")
        }
    }

    /// Lets polkit ask the user interactively for a call that needs it (`interactive: true` of logind's power calls).
    func allowInteractiveAuthorization(_ allow: Bool) {
        sd_bus_message_set_allow_interactive_authorization(pointer, allow ? 1 : 0)
    }
}

/// A method to call: who, which object, which interface, which member.
struct BusMethod: Sendable {
    var destination: String
    var path: String
    var interface: String
    var member: String
}

/// D-Bus type codes, as sd-bus's `char` arguments.
enum BusType {
    static let byte = code("y")
    static let bool = code("b")
    static let int16 = code("n")
    static let uint16 = code("q")
    static let int32 = code("i")
    static let uint32 = code("u")
    static let int64 = code("x")
    static let uint64 = code("t")
    static let double = code("d")
    static let string = code("s")
    static let objectPath = code("o")
    static let signature = code("g")
    static let unixFD = code("h")
    static let array = code("a")
    static let variant = code("v")
    static let structure = code("r")
    static let dictEntry = code("e")

    private static func code(_ scalar: Unicode.Scalar) -> CChar {
        CChar(bitPattern: UInt8(ascii: scalar))
    }
}
