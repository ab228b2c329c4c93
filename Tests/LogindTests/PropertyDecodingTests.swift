import Foundation
import LogindTestSupport
import Testing

@testable import Logind

/// Sessions and seats read from the shapes logind's properties have (org.freedesktop.login1(5)).
@Suite struct PropertyDecodingTests {
    @Test func aConsoleSession() throws {
        let session = try LogindSession(properties: [
            "Id": .string("c3"), "User": .structure([.uint32(1002), .objectPath("/org/freedesktop/login1/user/_31002")]),
            "Name": .string("pupil2"), "Timestamp": .uint64(1_700_000_000_000_000),
            "VTNr": .uint32(7), "Seat": .structure([.string("seat0"), .objectPath("/org/freedesktop/login1/seat/seat0")]),
            "TTY": .string("tty7"), "Display": .string(""), "Remote": .bool(false), "RemoteHost": .string(""),
            "RemoteUser": .string(""), "Service": .string("login"), "Leader": .uint32(4242), "Type": .string("tty"),
            "Class": .string("user"), "Active": .bool(false), "State": .string("online"), "IdleHint": .bool(true),
            "IdleSinceHint": .uint64(1_700_000_060_500_000), "LockedHint": .bool(false),
        ])
        #expect(
            session
                == LogindSession(
                    id: "c3", uid: 1002, user: "pupil2", seat: "seat0", tty: "tty7", vtnr: 7, service: "login", type: "tty",
                    sessionClass: "user", state: .online, idleHint: true, idleSince: Date(timeIntervalSince1970: 1_700_000_060.5),
                    leader: 4242, timestamp: Date(timeIntervalSince1970: 1_700_000_000)))
    }

    @Test func aRemoteSessionWithoutSeatOrVT() throws {
        let session = try LogindSession(properties: [
            "Id": .string("c2"), "Seat": .structure([.string(""), .objectPath("/")]), "VTNr": .uint32(0),
            "Remote": .bool(true), "RemoteHost": .string("192.0.2.10"), "State": .string("active"), "IdleSinceHint": .uint64(0),
        ])
        #expect(session.seat == nil && session.vtnr == nil && session.tty == nil && session.idleSince == nil)
        #expect(session.remote && session.remoteHost == "192.0.2.10" && session.state == .active)
    }

    @Test func aStateFromANewerLogindIsKept() throws {
        #expect(try LogindSession(properties: ["Id": .string("1"), "State": .string("lingering")]).state == .other("lingering"))
    }

    @Test func noIdIsAMalformedReply() {
        #expect(throws: LogindError.self) { try LogindSession(properties: ["Name": .string("x")]) }
    }

    @Test func aSeat() throws {
        let seat = try LogindSeat(properties: [
            "Id": .string("seat0"), "ActiveSession": .structure([.string("c3"), .objectPath("/org/freedesktop/login1/session/c3")]),
            "Sessions": .array([
                .structure([.string("c3"), .objectPath("/org/freedesktop/login1/session/c3")]),
                .structure([.string("c5"), .objectPath("/org/freedesktop/login1/session/c5")]),
            ]),
            "CanTTY": .bool(true), "CanGraphical": .bool(false),
        ])
        #expect(seat == LogindSeat(id: "seat0", activeSession: "c3", sessions: ["c3", "c5"], canTTY: true))
    }

    @Test func anInhibitor() throws {
        let inhibitor = try LogindInhibitor(
            entry: .structure([
                .string("shutdown:sleep"), .string("apt"), .string("Installing updates"), .string("block"), .uint32(0), .uint32(812),
            ]))
        #expect(inhibitor == LogindInhibitor(what: ["shutdown", "sleep"], who: "apt", why: "Installing updates", mode: "block", pid: 812))
    }

    @Test func errorCodesFromDBusNames() {
        #expect(LogindError.code(name: "org.freedesktop.login1.NoSuchSession", errno: -2) == .noSuchSession)
        #expect(LogindError.code(name: "org.freedesktop.DBus.Error.ServiceUnknown", errno: -2) == .notOnBus)
        #expect(LogindError.code(name: "org.freedesktop.DBus.Error.AccessDenied", errno: -13) == .denied)
        #expect(LogindError.code(name: nil, errno: -104) == .disconnected)
        #expect(LogindError.code(name: "org.example.Whatever", errno: -5) == .failed)
    }
}
