import Foundation

/// Reads a `.env` file as python-dotenv does for the seed: `KEY=value` lines, `export` prefixes,
/// `#` comments, single or double quotes around values. Internal: its values include secrets as
/// plain strings, which leave it only through `Configuration.resolve`, wrapped in `Secret`.
enum DotEnv {
    /// The variables of the file at `url`; empty when the file does not exist.
    /// - Throws: `DashbriefError.configuration` naming the file and line of a malformed entry.
    static func load(_ url: URL) throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DashbriefError(.configuration, "\(url.path): cannot be read as UTF-8 text")
        }
        return try parse(text, source: url.path)
    }

    static func parse(_ text: String, source: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw DashbriefError(.configuration, "\(source):\(number + 1): expected KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw DashbriefError(.configuration, "\(source):\(number + 1): \"\(key)\" is not a variable name")
            }
            values[key] = value
        }
        return values
    }
}
