import Dashbrief
import Foundation

/// The columns of a `timestamp,value` CSV file (NAB's format), the input of `dashbrief detect`.
/// Rows keep file order, as NAB treats them; a header line is skipped; an empty, `NaN`, `null` or
/// non-finite value is missing.
struct TimestampValueCSV {
    var timestamps: [String] = []
    var values: [Double?] = []

    /// Reads the file at `url`.
    /// - Throws: `DashbriefError.dataSource` naming the file, and the line of a malformed row.
    init(contentsOf url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DashbriefError(.dataSource, "\(url.path): cannot be read as UTF-8 text")
        }
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
            }
            guard fields.count >= 2 else {
                throw DashbriefError(.dataSource, "\(url.path):\(number + 1): expected timestamp,value")
            }
            if number == 0 && Double(fields[1]) == nil && fields[1].lowercased() != "nan" { continue }  // header
            let valueText = fields[1]
            let value: Double?
            if valueText.isEmpty || valueText.lowercased() == "nan" || valueText.lowercased() == "null" {
                value = nil
            } else if let parsed = Double(valueText) {
                value = parsed.isFinite ? parsed : nil
            } else {
                throw DashbriefError(.dataSource, "\(url.path):\(number + 1): value \"\(valueText)\" is not a number")
            }
            timestamps.append(fields[0])
            values.append(value)
        }
    }
}
