import StationConfig
import Testing

@testable import Simulation

@Suite struct UnscheduledStepTests {
    @Test func aStepThatNoAtSchedulesIsAnErrorAtItsLine() {
        let path = "/srv/lab/day.lua"
        do {
            _ = try Scenario.parse("at(\"08:00\", sign_in(\"a\", \"LAB-1/1\"))\nsign_in(\"b\", \"LAB-1/2\")\n", path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(path):2: this step is never scheduled: write it inside at(\"HH:MM\", …)")
        }
    }
}
