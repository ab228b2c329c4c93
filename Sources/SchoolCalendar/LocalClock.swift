import Foundation

/// Local wall-clock times of a time zone turned into instants, one instant per local day, across
/// daylight saving changes.
///
/// A local time is what a timer says (`at("02:30")`); an instant is when it fires. Most days each
/// local time is exactly one instant. Twice a year it is not:
///
/// - **Clocks go forward** (Europe/Paris, last Sunday of March, 02:00 → 03:00): 02:30 does not exist
///   that day. It runs at the **first instant after the gap**, 03:00 local (01:00 UTC): the moment
///   the clocks jump to. Every time inside the gap (02:00, 02:30, 02:59) runs at that same instant.
/// - **Clocks go back** (Europe/Paris, last Sunday of October, 03:00 → 02:00): 02:30 happens twice.
///   It runs **once, at the first occurrence** (02:30 summer time, 00:30 UTC).
///
/// ```swift
/// let paris = LocalClock(timeZone: TimeZone(identifier: "Europe/Paris")!)
/// let night = try LocalTime("02:30")
/// paris.instant(of: night, on: try LocalDate("2026-03-29"))   // 2026-03-29 01:00:00 UTC (03:00 local)
/// paris.instant(of: night, on: try LocalDate("2026-10-25"))   // 2026-10-25 00:30:00 UTC (the first 02:30)
/// paris.instants(of: night, from: try LocalDate("2026-01-01"), through: try LocalDate("2026-12-31")).count  // 365
/// ```
public struct LocalClock: Hashable, Sendable {
    /// How a local time maps to instants on one day.
    public enum Resolution: Hashable, Sendable {
        /// The local time exists once that day.
        case exact(Date)
        /// The local time falls in the gap of clocks going forward; it runs at `runsAt`, the first
        /// instant after the gap (the moment the clocks jump to).
        case skipped(runsAt: Date)
        /// The local time exists twice as clocks go back; it runs at `first`, never at `second`.
        case repeated(first: Date, second: Date)

        /// The one instant a timer at this local time fires at.
        public var instant: Date {
            switch self {
            case .exact(let date), .skipped(let date), .repeated(let date, _): date
            }
        }
    }

    /// The time zone whose wall clock this reads.
    public let timeZone: TimeZone

    /// A clock in `timeZone` (the system's by default).
    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// The one instant `time` means on `day`: the instant itself, the first instant after a gap, or
    /// the first of two occurrences. See ``LocalClock`` for the daylight saving rules.
    public func instant(of time: LocalTime, on day: LocalDate) -> Date { resolve(time, on: day).instant }

    /// One instant per local day from `first` through `last` (both included), in order; none when
    /// `last` is before `first`.
    public func instants(of time: LocalTime, from first: LocalDate, through last: LocalDate) -> [Date] {
        guard first <= last else { return [] }
        return (first.dayNumber...last.dayNumber).map { instant(of: time, on: LocalDate(dayNumber: $0)) }
    }

    /// How `time` on `day` maps to instants, to say *why* a timer runs when it does.
    public func resolve(_ time: LocalTime, on day: LocalDate) -> Resolution {
        resolve(wallSeconds: day.dayNumber * 86_400 + time.minutesSinceMidnight * 60)
    }

    /// The local date and time (to the minute) of `instant`.
    public func localDateTime(of instant: Date) -> (date: LocalDate, time: LocalTime, second: Int) {
        let wall = Self.wallSeconds(of: instant, in: timeZone)
        let dayNumber = LocalDate.floorDivide(wall, 86_400)
        let seconds = wall - dayNumber * 86_400
        let time = LocalTime(checkedHour: seconds / 3600, minute: seconds % 3600 / 60)
        return (LocalDate(dayNumber: dayNumber), time, seconds % 60)
    }

    /// `wallSeconds` (seconds since 1970-01-01 00:00 on this zone's wall clock, as if it were UTC)
    /// as instants.
    func resolve(wallSeconds wall: Int) -> Resolution {
        // The offsets that may apply: those a day either side and at the wall time read as UTC.
        // An offset is right for an instant when the zone uses that offset at that instant.
        let offsets = Set([-86_400, 0, 86_400].map { offset(at: wall + $0) })
        let candidates = offsets.map { wall - $0 }.filter { offset(at: $0) == wall - $0 }.sorted()
        if let first = candidates.first {
            if let second = candidates.dropFirst().first { return .repeated(first: date(first), second: date(second)) }
            return .exact(date(first))
        }
        // In a gap: the transition lies between the instant with the largest offset (still before
        // it) and the one with the smallest (already after it). Find its first second.
        var low = wall - (offsets.max() ?? 0)
        var high = wall - (offsets.min() ?? 0)
        let before = offset(at: low)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == before { low = middle } else { high = middle }
        }
        return .skipped(runsAt: date(high))
    }

    private func offset(at seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Seconds since 1970-01-01 00:00 on `zone`'s wall clock at `instant`, as if that wall clock were UTC.
    static func wallSeconds(of instant: Date, in zone: TimeZone) -> Int {
        Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
    }
}

extension LocalTime {
    /// A time already known to be in range.
    init(checkedHour hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }
}
