/// One argument of a method call, appended with `sd_bus_message_append_basic`.
///
/// ```swift
/// _ = try call(Login1.manager("ScheduleShutdown"), [.string("poweroff"), .uint64(microseconds)], timeout: 5)
/// ```
enum BusArgument: Sendable {
    case string(String)
    case objectPath(String)
    case bool(Bool)
    case uint32(UInt32)
    case uint64(UInt64)
}
