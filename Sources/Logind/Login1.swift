/// logind's names on the bus (`org.freedesktop.login1(5)`).
enum Login1 {
    static let service = "org.freedesktop.login1"
    static let managerPath = "/org/freedesktop/login1"
    static let managerInterface = "org.freedesktop.login1.Manager"
    static let sessionInterface = "org.freedesktop.login1.Session"
    static let seatInterface = "org.freedesktop.login1.Seat"
    /// Session objects live below it, one per session: `/org/freedesktop/login1/session/<escaped id>`.
    static let sessionPathNamespace = "/org/freedesktop/login1/session"
    static let propertiesInterface = "org.freedesktop.DBus.Properties"

    /// A method of the Manager object.
    static func manager(_ member: String) -> BusMethod {
        BusMethod(destination: service, path: managerPath, interface: managerInterface, member: member)
    }

    /// A method of `interface` on the object at `path`.
    static func object(_ path: String, _ interface: String, _ member: String) -> BusMethod {
        BusMethod(destination: service, path: path, interface: interface, member: member)
    }

    /// `org.freedesktop.DBus.Properties.GetAll(interface)` on the object at `path`.
    static func getAll(_ path: String) -> BusMethod {
        BusMethod(destination: service, path: path, interface: propertiesInterface, member: "GetAll")
    }

    /// A method of the bus itself (`org.freedesktop.DBus`).
    static func bus(_ member: String) -> BusMethod {
        BusMethod(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member: member)
    }
}
