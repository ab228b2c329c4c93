import Foundation
import SchoolCalendar
import Testing

@testable import StationConfig

/// `calendar { … }` in the config (issue 14): read, and every mistake a config error at its line.
@Suite struct CalendarConfigTests {
    static let lab = "computer \"LAB-1\" { stations = 2 }\n"

    @Test func theCalendarIsReadWithNamedAndUnnamedTermsAndHolidays() throws {
        let config = try StationConfig.parse(
            Self.lab + """
                calendar {
                  timezone = "Europe/Paris",
                  periods  = { P1 = "08:30-09:25", lunch = "12:00-13:30", P2 = "09:30-10:25" },
                  terms    = { { "2026-09-01", "2026-10-16" }, autumn = "2026-11-02..2026-12-18" },
                  holidays = { "2026-11-11", christmas = "2026-12-19..2027-01-03" },
                }
                """, path: "/tmp/stationkeeper.lua")
        let calendar = try #require(try config.schoolCalendar())
        #expect(calendar.timeZone.identifier == "Europe/Paris")
        #expect(calendar.periods.map(\.name) == ["P1", "P2", "lunch"], "by start time")
        #expect(calendar.day(try LocalDate("2026-11-11")).kind == .holiday)
        #expect(calendar.day(try LocalDate("2026-11-10")).term?.name == "autumn")
        #expect(calendar.day(try LocalDate("2026-12-21")).holiday?.name == "christmas")
        #expect(calendar.day(try LocalDate("2026-10-20")).kind == .outsideTerms)
    }

    @Test(arguments: [
        (#"calendar { periods = { P1 = "08:30-09:25", P2 = "09:00-10:00" } }"#, "overlaps period"),
        (#"calendar { periods = { P1 = "09:25-08:30" } }"#, "P1"),
        (#"calendar { holidays = { "2026-02-30" } }"#, "February 2026 has 28 days"),
        (#"calendar { terms = { { "2026-10-16", "2026-09-01" } } }"#, "2026-10-16"),
        (#"calendar { timezone = "Mars/Olympus" }"#, "is not a time zone"),
        (#"calendar { weekends = "sat" }"#, "unknown setting"),
        (#"calendar { ics = "missing.ics" }"#, "cannot read ics"),
        (#"calendar { periods = { "08:30-09:25" } }"#, "periods must name each period"),
    ])
    func aMistakeIsAConfigErrorAtItsLine(_ statement: String, _ message: String) throws {
        do {
            _ = try StationConfig.parse(Self.lab + "\n" + statement + "\n", path: "/tmp/stationkeeper.lua")
            Issue.record("\(statement) was accepted")
        } catch {
            #expect(error.description.contains("stationkeeper.lua:3"), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func termsAndHolidaysComeFromAnICSFileBesideTheConfig() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calendar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ics = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//School//Term dates//EN\r
            BEGIN:VEVENT\r
            UID:term-1\r
            DTSTART;VALUE=DATE:20260901\r
            DTEND;VALUE=DATE:20261017\r
            SUMMARY:Autumn term\r
            CATEGORIES:TERM\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:half-term\r
            DTSTART;VALUE=DATE:20261019\r
            DTEND;VALUE=DATE:20261024\r
            SUMMARY:Half term\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        try Data(ics.utf8).write(to: folder.appendingPathComponent("terms.ics"))
        let path = folder.appendingPathComponent("stationkeeper.lua").path
        let config = try StationConfig.parse(Self.lab + #"calendar { timezone = "UTC", ics = "terms.ics" }"#, path: path)
        let calendar = try #require(try config.schoolCalendar())
        #expect(calendar.isSchoolDay(try LocalDate("2026-10-16")))
        #expect(calendar.day(try LocalDate("2026-10-20")).holiday?.name == "Half term")
        // A malformed file names itself and its line.
        try Data("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026131\r\n".utf8).write(
            to: folder.appendingPathComponent("terms.ics"))
        #expect(throws: ConfigError.self) { try config.schoolCalendar() }
        do {
            _ = try config.schoolCalendar()
        } catch {
            #expect(error.description.contains("terms.ics:"), "\(error)")
        }
    }
}
