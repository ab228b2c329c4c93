import Foundation
import Lua
import SchoolCalendar

/// `calendar { … }` as the config writes it; ``StationConfig/schoolCalendar()`` builds the
/// `SchoolCalendar` (reading its `.ics` file) each time it is needed, so a changed `.ics` is seen
/// without the config changing.
///
/// ```lua
/// calendar {
///   timezone = "Europe/Paris",
///   periods  = { P1 = "08:30-09:25", P2 = "09:30-10:25", lunch = "12:00-13:30" },
///   terms    = { { "2026-09-01", "2026-10-16" }, autumn = "2026-11-02..2026-12-18" },
///   holidays = { "2026-11-11", christmas = "2026-12-19..2027-01-03" },
///   ics      = "term-dates.ics",
/// }
/// ```
public struct CalendarSettings: Sendable, Codable, Equatable {
    public struct Span: Sendable, Codable, Equatable {
        /// `YYYY-MM-DD` or `FIRST..LAST`.
        public var text: String
        public var name: String?
    }

    public var timeZone: String?
    /// Each period's name and `HH:MM-HH:MM`.
    public var periods: [Span]
    public var terms: [Span]
    public var holidays: [Span]
    /// The `.ics` file, resolved against the config's folder.
    public var ics: String?
    /// Where `calendar { … }` is, for errors.
    public var location: String?

    /// The names `calendar { … }` takes.
    static let names = ["holidays", "ics", "periods", "terms", "timezone"]

    /// How far ahead an `.ics` file's recurring events are expanded.
    static let icsHorizonYears = 3

    /// The calendar, its `.ics` read now.
    /// - Throws: ``ConfigError`` naming `calendar { … }`'s line, or the `.ics` file and its line.
    public func build() throws(ConfigError) -> SchoolCalendar {
        let place = location.map { "\($0): " } ?? ""
        do {
            return try make()
        } catch let error as ConfigError {
            throw error
        } catch let error as CalendarError {
            throw ConfigError(place + "calendar: \(error.message)", code: .invalid)
        } catch {
            throw ConfigError(place + "calendar: \(error)", code: .invalid)
        }
    }

    private func make() throws -> SchoolCalendar {
        let zone = try SchoolCalendar.timeZone(named: timeZone)
        var periods: [Period] = []
        for span in self.periods { periods.append(try Period(name: span.name ?? "", span.text)) }
        var terms: [Term] = []
        for span in self.terms { terms.append(try DateSpan(span.text, name: span.name)) }
        var holidays: [Holiday] = []
        for span in self.holidays { holidays.append(try DateSpan(span.text, name: span.name)) }
        let calendar = try SchoolCalendar(timeZone: zone, periods: periods.sorted { $0.start < $1.start }, terms: terms, holidays: holidays)
        return try ics.map { try calendar.adding(icsFile: $0, horizonYears: Self.icsHorizonYears) } ?? calendar
    }
}

extension SchoolCalendar {
    /// This calendar with the terms and holidays of an iCalendar file: events marked
    /// `CATEGORIES:TERM` are terms, every other event a holiday (docs/calendar.md).
    func adding(icsFile path: String, horizonYears: Int) throws -> SchoolCalendar {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(.unreadable, "calendar: cannot read ics = \"\(path)\": \((error as NSError).localizedDescription)")
        }
        do {
            let file = try ICalendar(parsing: text, floatingTimeZone: timeZone)
            let today = LocalDate(Date(), in: timeZone)
            let horizon = today.adding(days: 366 * horizonYears)
            let dates = try file.schoolDates(in: timeZone, through: horizon)
            return try adding(terms: dates.terms, holidays: dates.holidays)
        } catch {
            throw ConfigError(.invalid, "\(path):\(error.line.map { "\($0):" } ?? "") \(error.message)")
        }
    }
}
