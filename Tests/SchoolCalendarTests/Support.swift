import Foundation
import SchoolCalendar
import Testing

/// Test helpers: dates and times written as text, failing the test when they do not parse.
enum Fixture {
    static let paris = zone("Europe/Paris")
    static let newYork = zone("America/New_York")
    static let utc = zone("UTC")

    static func zone(_ name: String) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else {
            Issue.record("no time zone \(name) on this system")
            return .gmt
        }
        return zone
    }

    /// An instant written `2026-03-29T01:00:00Z`.
    static func utcInstant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else {
            Issue.record("\(text) is not an ISO 8601 instant")
            return .distantPast
        }
        return date
    }

    /// The instant `HH:MM` local time on `day` in `zone`, read by Foundation (not by the code under test).
    static func foundationInstant(_ day: String, _ time: String, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let d = day.split(separator: "-").compactMap { Int($0) }
        let t = time.split(separator: ":").compactMap { Int($0) }
        guard d.count == 3, t.count == 2,
            let date = calendar.date(from: DateComponents(year: d[0], month: d[1], day: d[2], hour: t[0], minute: t[1]))
        else {
            Issue.record("cannot build \(day) \(time)")
            return .distantPast
        }
        return date
    }

    /// The calendar of the issue: Paris, four periods, two terms, two holidays.
    static func school() throws -> SchoolCalendar {
        try SchoolCalendar(
            timeZone: paris,
            periods: [
                Period(name: "P1", "08:30-09:25"), Period(name: "P2", "09:30-10:25"), Period(name: "lunch", "12:00-13:30"),
                Period(name: "P5", "13:30-14:25"),
            ],
            terms: [DateSpan("2026-09-01..2026-10-16", name: "autumn"), DateSpan("2026-11-02..2026-12-18")],
            holidays: [DateSpan("2026-11-11", name: "Armistice"), DateSpan("2026-12-19..2027-01-03", name: "Christmas")])
    }
}

/// The error `body` throws, or nil (and a recorded issue) when it throws none or another kind.
func calendarError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CalendarError? {
    do {
        try body()
        Issue.record("no error was thrown", sourceLocation: sourceLocation)
    } catch let error as CalendarError {
        return error
    } catch {
        Issue.record("not a CalendarError: \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
