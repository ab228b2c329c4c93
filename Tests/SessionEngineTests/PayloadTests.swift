import Foundation
import SessionEngine
import Testing

/// The journal stores `from`, `to` and `detail` as text; the typed forms read back to the same values.
@Suite struct PayloadTests {
    static let at = Date(timeIntervalSince1970: 1_772_470_800)  // 2026-03-02T17:00:00Z

    static let details: [(EventName, EventDetail, String)] = [
        (.ended, .endCause(.signOut), "sign_out"),
        (.moved, .movedFrom(StationID(computer: "LAB-1", name: "2")), "from LAB-1/2"),
        (.stationBlocked, .blockMessage("Exam: do not touch"), "Exam: do not touch"),
        (.messageSent, .message("Hello"), "Hello"),
        (.shutdownScheduled, .scheduled(ScheduledShutdown(at: at, restart: false)), "shutdown at 2026-03-02T17:00:00Z"),
        (
            .shutdownScheduled, .scheduled(ScheduledShutdown(at: at, restart: true, message: "Updates: save now")),
            "restart at 2026-03-02T17:00:00Z: Updates: save now"
        ),
        (.shutdownCancelled, .cancelled(restart: false, at: at), "shutdown at 2026-03-02T17:00:00Z cancelled"),
        (.computerShutdown, .poweredDown(ended: 2, suspended: 1), "2 session(s) ended, 1 of them suspended (unsaved work lost)"),
        (.policyError, .failure("p.lua:3: boom"), "p.lua:3: boom"),
        (.pluginExec, .exec(command: "/usr/bin/wall hi → there", status: "exit 0"), "/usr/bin/wall hi → there → exit 0"),
        (.osAction, .machineCall("TerminateSession c3: done"), "TerminateSession c3: done"),
    ]

    @Test func detailsReadBackFromTheirStoredText() {
        for (name, detail, text) in Self.details {
            #expect(detail.text == text)
            #expect(EventDetail(text: text, for: name) == detail, "\(name.rawValue): \(text)")
        }
    }

    @Test func aDetailThisVersionDoesNotReadIsKeptAsWritten() {
        #expect(EventDetail(text: "vanished", for: .ended) == .other("vanished"))
        #expect(EventDetail(text: "shutdown at tomorrow", for: .shutdownScheduled) == .other("shutdown at tomorrow"))
        #expect(EventDetail(text: "3 session(s) gone", for: .computerRestarted) == .other("3 session(s) gone"))
    }

    @Test func statesReadBackByWhatTheEventChanges() {
        #expect(EventState(text: "suspended", for: .ended) == .session(.suspended))
        #expect(EventState(text: "in_use", for: .stationBlocked) == .station(.inUse))
        #expect(EventState(text: "off", for: .computerStarted) == .power(.off))
        #expect(EventState(text: "2026-03-02T17:00:00Z", for: .shutdownCancelled) == .time(Self.at))
        #expect(EventState(text: "in_use", for: .locked) == .other("in_use"))
        #expect(EventState.station(.inUse).text == "in_use")
    }

    @Test func isoTimesAreReadStrictly() {
        #expect(Date(iso8601: "2026-03-02T17:00:00Z") == Self.at)
        #expect(Date(iso8601: Self.at.iso8601) == Self.at)
        for bad in ["2026-02-31T10:00:00Z", "2026-03-02 17:00:00Z", "2026-03-02T17:00:00", "2026-13-01T00:00:00Z", ""] {
            #expect(Date(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test func aVerbGivenTheWrongKindOfTargetSaysWhatItActsOn() throws {
        #expect(throws: EngineError.invalid("lock acts on a session, not on computer LAB-1")) {
            try Verb.lock.command(VerbInput(target: .computer("LAB-1")), now: Self.at)
        }
        #expect(throws: EngineError.invalid("shutdown: delay must be longer than 0s (omit it to act now)")) {
            try Verb.shutdown.command(VerbInput(target: .computer("LAB-1"), delay: 0), now: Self.at)
        }
        #expect(
            try Verb.restart.command(VerbInput(target: .computer("LAB-1"), message: "bye", delay: 60), now: Self.at)
                == .schedule(computer: "LAB-1", ScheduledShutdown(at: Self.at + 60, restart: true, message: "bye")))
    }
}
