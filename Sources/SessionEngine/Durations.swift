import Foundation

/// Durations as people write them in configs and on the command line: `90s`, `5m`, `2h`, `1h30m`, `1d`.
public enum Durations {
    private static let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]

    /// Seconds in `text`, or ``EngineError/invalid(_:)`` with what is allowed.
    ///
    /// ```swift
    /// try Durations.seconds("1h30m") // 5400
    /// ```
    public static func seconds(_ text: String) throws(EngineError) -> Int {
        let invalid = EngineError.invalid(
            "'\(text)' is not a duration: use whole numbers with s, m, h, d or w, for example 90s, 5m, 2h, 1h30m")
        var total = 0
        var number = ""
        var lastUnit = Int.max
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
            } else if let unit = units[character], let value = Int(number), unit < lastUnit {
                let (product, overflow) = value.multipliedReportingOverflow(by: unit)
                guard !overflow, product <= 10 * 365 * 86_400 else { throw invalid }
                total += product
                number = ""
                lastUnit = unit
            } else {
                throw invalid
            }
        }
        guard number.isEmpty, lastUnit != Int.max else { throw invalid }
        return total
    }

    /// `2h 05m`, `45s`, `3d 04h`: the two largest units, for human output.
    public static func format(_ seconds: Int) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(pad(s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h \(pad(s % 3600 / 60))m" }
        return "\(s / 86_400)d \(pad(s % 86_400 / 3600))h"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
