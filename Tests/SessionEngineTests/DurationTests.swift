import SessionEngine
import Testing

@Suite struct DurationTests {
    @Test(arguments: [("90s", 90), ("5m", 300), ("2h", 7200), ("1h30m", 5400), ("1d", 86_400), ("0s", 0)])
    func parses(text: String, seconds: Int) throws {
        #expect(try Durations.seconds(text) == seconds)
    }

    @Test(arguments: ["", "5", "m", "5x", "30m1h", "1h1h", "-5m", "1.5h", "99999999999999999999d"])
    func rejectsWithWhatIsAllowed(text: String) {
        #expect(
            throws: EngineError.invalid(
                "'\(text)' is not a duration: use whole numbers with s, m, h, d or w, for example 90s, 5m, 2h, 1h30m")
        ) {
            try Durations.seconds(text)
        }
    }

    @Test func formatsTwoLargestUnits() {
        #expect(Durations.format(45) == "45s")
        #expect(Durations.format(7500) == "2h 05m")
        #expect(Durations.format(3 * 86_400 + 4 * 3600 + 59) == "3d 04h")
        #expect(Durations.format(61) == "1m 01s")
    }
}
