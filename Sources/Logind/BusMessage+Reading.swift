import CSdBus

extension BusMessage {
    /// Every remaining value at the current level, read with `sd_bus_message_read_basic` and
    /// `sd_bus_message_enter_container` (the variadic `sd_bus_message_read` is not callable from Swift).
    ///
    /// ```swift
    /// let values = try reply.readAll()      // a ListSessions reply: [.array([.structure([.string("c1"), .uint32(1001), …])])]
    /// ```
    func readAll() throws(LogindError) -> [BusValue] {
        var values: [BusValue] = []
        while let next = try peek() {
            values.append(try readValue(next))
        }
        return values
    }

    /// The next value's type code and, for a container, its contents' signature; nil at the end of the container.
    private func peek() throws(LogindError) -> (type: CChar, contents: String)? {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        let result = sd_bus_message_peek_type(pointer, &type, &contents)
        guard result >= 0 else { throw unreadable("cannot peek at the next value", result) }
        guard result > 0 else { return nil }
        return (type, contents.map { String(cString: $0) } ?? "")
    }

    private func readValue(_ next: (type: CChar, contents: String)) throws(LogindError) -> BusValue {
        switch next.type {
        case BusType.string: return .string(try readText(BusType.string))
        case BusType.objectPath: return .objectPath(try readText(BusType.objectPath))
        case BusType.signature: return .signature(try readText(BusType.signature))
        case BusType.bool: return .bool(try readBasic(BusType.bool, Int32(0)) != 0)
        case BusType.byte: return .byte(try readBasic(BusType.byte, UInt8(0)))
        case BusType.int16: return .int16(try readBasic(BusType.int16, Int16(0)))
        case BusType.uint16: return .uint16(try readBasic(BusType.uint16, UInt16(0)))
        case BusType.int32: return .int32(try readBasic(BusType.int32, Int32(0)))
        case BusType.uint32: return .uint32(try readBasic(BusType.uint32, UInt32(0)))
        case BusType.int64: return .int64(try readBasic(BusType.int64, Int64(0)))
        case BusType.uint64: return .uint64(try readBasic(BusType.uint64, UInt64(0)))
        case BusType.double: return .double(try readBasic(BusType.double, 0.0))
        case BusType.unixFD: return .unixFD(try readBasic(BusType.unixFD, Int32(0)))
        case BusType.variant:
            let inner = try inside(BusType.variant, next.contents)
            guard inner.count == 1 else { throw unreadable("a variant of type \(next.contents) held \(inner.count) values", 0) }
            return inner[0]
        case BusType.array: return .array(try inside(BusType.array, next.contents))
        case BusType.structure, BusType.dictEntry: return .structure(try inside(next.type, next.contents))
        default:
            throw unreadable("unknown D-Bus type code \(UInt8(bitPattern: next.type))", 0)
        }
    }

    /// The values of the container about to be read.
    private func inside(_ type: CChar, _ contents: String) throws(LogindError) -> [BusValue] {
        let entered = sd_bus_message_enter_container(pointer, type, contents)
        guard entered > 0 else { throw unreadable("cannot enter a container of \(contents)", entered) }
        let values = try readAll()
        let exited = sd_bus_message_exit_container(pointer)
        guard exited >= 0 else { throw unreadable("cannot leave a container of \(contents)", exited) }
        return values
    }

    private func readText(_ type: CChar) throws(LogindError) -> String {
        var text: UnsafePointer<CChar>?
        let result = sd_bus_message_read_basic(pointer, type, &text)
        guard result > 0, let text else { throw unreadable("cannot read a string", result) }
        return String(cString: text)
    }

    /// Reads a fixed-size value (an integer, a boolean as Int32, a double) into a copy of `initial`.
    private func readBasic<Value: BitwiseCopyable>(_ type: CChar, _ initial: Value) throws(LogindError) -> Value {
        var value = initial
        let result = sd_bus_message_read_basic(pointer, type, &value)
        guard result > 0 else { throw unreadable("cannot read a value of type \(UInt8(bitPattern: type))", result) }
        return value
    }

    private func unreadable(_ what: String, _ result: Int32) -> LogindError {
        let cause = result < 0 ? ": " + LogindError.text(errno: result) : ""
        let origin = [interface, member].compactMap { $0 }.joined(separator: ".")
        let message = origin.isEmpty ? "a D-Bus reply" : "the D-Bus message \(origin)"
        return LogindError(.malformedReply, "cannot read \(message): \(what)\(cause)")
    }
}
