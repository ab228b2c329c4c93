import Foundation

extension Date {
    /// `2026-03-02T08:00:00Z` (UTC, whole seconds), the journal's and `--json`'s time format.
    /// Written by hand: listings format two per session, and Foundation's formatter is slow.
    public var iso8601: String {
        var seconds = time_t(timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return formatted(.iso8601) }
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}

extension Date {
    /// Reads `2026-03-02T08:00:00Z` (the form ``iso8601`` writes); `nil` for anything else.
    public init?(iso8601 text: String) {
        let digits = Array(text.utf8)
        guard digits.count == 20, digits[4] == 0x2D, digits[7] == 0x2D, digits[10] == 0x54,
            digits[13] == 0x3A, digits[16] == 0x3A, digits[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for index in range {
                let digit = digits[index]
                guard (0x30...0x39).contains(digit) else { return nil }
                value = value * 10 + Int32(digit - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        // timegm normalizes 31 February into March: such a text is not a date.
        guard parts.tm_mday == day, parts.tm_mon == month - 1 else { return nil }
        self.init(timeIntervalSince1970: TimeInterval(seconds))
    }
}
