import LogindTestSupport
import Testing

@testable import Logind

/// Session ids in object paths, escaped the way sd-bus does.
@Suite struct BusLabelTests {
    @Test(arguments: [
        ("c1", "c1"), ("12", "_312"), ("", "_"), ("a-b", "a_2db"), ("a_b", "a_5fb"), ("seat0", "seat0"), ("é", "_c3_a9"),
    ])
    func escapesAndUnescapes(name: String, label: String) {
        #expect(BusLabel.escape(name) == label)
        #expect(BusLabel.unescape(label) == name)
    }

    @Test func anUnfinishedEscapeStaysAsItIs() {
        #expect(BusLabel.unescape("a_2") == "a_2")
        #expect(BusLabel.unescape("a_zz") == "a_zz")
    }

    @Test func theSessionIdOfAPath() {
        let namespace = "/org/freedesktop/login1/session"
        #expect(BusLabel.name(in: "/org/freedesktop/login1/session/_312", under: namespace) == "12")
        #expect(BusLabel.name(in: "/org/freedesktop/login1/session/c7", under: namespace) == "c7")
        #expect(BusLabel.name(in: "/org/freedesktop/login1/seat/seat0", under: namespace) == nil)
        #expect(BusLabel.name(in: "/org/freedesktop/login1/session/c7/x", under: namespace) == nil)
    }
}
