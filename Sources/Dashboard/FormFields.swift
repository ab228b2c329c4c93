import Foundation

/// An `application/x-www-form-urlencoded` body (or query string): names with their values in order,
/// a name possibly repeated (ticked checkboxes).
///
/// ```swift
/// let form = FormFields(parsing: "verb=block&target=LAB-1%2F3&message=Exam+now")
/// form["message"]          // "Exam now"
/// form.all("target")       // ["LAB-1/3"]
/// ```
struct FormFields: Sendable {
    var pairs: [(name: String, value: String)]

    init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    init(parsing text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, `nil` when absent.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The first value of `name`, `nil` when absent or empty (an untouched text input).
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
