import Foundation

/// One unfolded iCalendar content line: `NAME;PARAM=VALUE:VALUE`, with the line it starts on.
struct ContentLine: Hashable, Sendable {
    /// The property name, upper-cased (`DTSTART`).
    let name: String
    /// The parameters by upper-cased name (`TZID`, `VALUE`), each with its values (quotes removed).
    let parameters: [String: [String]]
    /// Everything after the first `:` outside quotes.
    let value: String
    /// The physical line (1-based) the content line starts on.
    let line: Int

    /// The first value of parameter `name`, if present.
    func parameter(_ name: String) -> String? { parameters[name]?.first }

    /// The content lines of `text`: lines are split at LF (with or without CR), a line starting
    /// with a space or a tab continues the one before (RFC 5545 §3.1), and blank lines are skipped.
    static func unfold(_ text: String) throws(CalendarError) -> [ContentLine] {
        var logical: [(text: String, line: Int)] = []
        var number = 0
        // Swift reads CR LF as one character: split at it and at a lone LF alike.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            number += 1
            let physical = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if let first = physical.first, first == " " || first == "\t" {
                guard !logical.isEmpty else {
                    throw CalendarError(
                        .malformedICalendar,
                        "the file starts with a continuation line (a line starting with a space continues the one before)",
                        line: number)
                }
                logical[logical.count - 1].text += physical.dropFirst()
            } else if !physical.allSatisfy({ $0 == " " || $0 == "\t" }) {
                logical.append((String(physical), number))
            }
        }
        var lines: [ContentLine] = []
        lines.reserveCapacity(logical.count)
        for entry in logical {
            lines.append(try parse(entry.text, line: entry.line))
        }
        return lines
    }

    /// One content line: `name *(";" param) ":" value`, where a parameter value may be quoted.
    static func parse(_ text: String, line: Int) throws(CalendarError) -> ContentLine {
        let characters = Array(text)
        var index = 0
        func readName() -> String {
            let start = index
            while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "-" {
                index += 1
            }
            return String(characters[start..<index])
        }
        let name = readName()
        guard !name.isEmpty else {
            throw CalendarError(
                .malformedICalendar,
                "\"\(text.prefix(40))\" is not a content line: it must start with a property name, like DTSTART:20260901",
                line: line)
        }
        var parameters: [String: [String]] = [:]
        while index < characters.count, characters[index] == ";" {
            index += 1
            let parameter = readName()
            guard !parameter.isEmpty, index < characters.count, characters[index] == "=" else {
                throw CalendarError(
                    .malformedICalendar, "\(name): a parameter must be written NAME=VALUE, like TZID=Europe/Paris", line: line)
            }
            index += 1
            var values: [String] = []
            repeat {
                if index < characters.count, characters[index] == "," { index += 1 }
                if index < characters.count, characters[index] == "\"" {
                    index += 1
                    let start = index
                    while index < characters.count, characters[index] != "\"" { index += 1 }
                    guard index < characters.count else {
                        throw CalendarError(
                            .malformedICalendar, "\(name): parameter \(parameter) opens a quote it never closes", line: line)
                    }
                    values.append(String(characters[start..<index]))
                    index += 1
                } else {
                    let start = index
                    while index < characters.count, !",;:".contains(characters[index]) { index += 1 }
                    values.append(String(characters[start..<index]))
                }
            } while index < characters.count && characters[index] == ","
            parameters[parameter.uppercased(), default: []].append(contentsOf: values)
        }
        guard index < characters.count, characters[index] == ":" else {
            throw CalendarError(.malformedICalendar, "\(name): the line has no \":\" between the property and its value", line: line)
        }
        return ContentLine(name: name.uppercased(), parameters: parameters, value: String(characters[(index + 1)...]), line: line)
    }
}

enum ICalendarText {
    /// A TEXT value with its escapes (`\,` `\;` `\\` `\n`) read.
    static func unescape(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// A list value split at the commas that are not escaped, each part unescaped.
    static func list(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append("\\")
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                parts.append(unescape(current[...]))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(unescape(current[...]))
        return parts
    }
}
