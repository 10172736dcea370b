import Foundation
import PostHog
import Stats

/// `dashbrief detect`: the product's anomaly detector on any `timestamp,value` CSV, so that
/// users can backtest alert noise on their own history (and dashbrief is measured on NAB).
public enum Detection {
    public struct Row: Sendable, Equatable {
        public let timestamp: String
        public let value: Double?
    }

    public struct Result: Sendable, Encodable {
        public struct Found: Sendable, Encodable, Equatable {
            public let timestamp: String
            public let value: Double
            public let expected: Double
            public let score: Double
            public let kind: String
        }

        public let period: Int?
        public let anomalies: [Found]
    }

    /// Reads `timestamp,value` rows (a header line is skipped). Rows keep file order, as NAB
    /// treats them; an empty or `NaN` value is missing.
    /// - Throws: `DashbriefError.dataSource` naming the file and line of a malformed row.
    public static func read(_ url: URL) throws -> [Row] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DashbriefError(.dataSource, "\(url.path): cannot be read as UTF-8 text")
        }
        var rows: [Row] = []
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
            rows.append(Row(timestamp: fields[0], value: value))
        }
        return rows
    }

    /// A day's and a week's worth of rows, from the median spacing of the timestamps.
    public static func candidatePeriods(_ rows: [Row]) -> [Int] {
        let instants = rows.compactMap { Timestamp.localStart($0.timestamp, in: .gmt) }
        let steps = zip(instants.dropFirst(), instants).map { $0.timeIntervalSince($1) }.filter { $0 > 0 }
        guard let step = Descriptive.median(steps), step > 0 else { return [] }
        let perDay = Int((86_400 / step).rounded())
        return perDay >= 2 ? [perDay, 7 * perDay] : [7]
    }

    /// Runs the detector with the product's defaults on the rows. Values are not assumed to be
    /// counts (no volume or Poisson floor): a CSV can hold anything.
    /// - Parameter period: seasonal period in rows; nil chooses between a day and a week of rows
    ///   by autocorrelation (none when neither is seasonal).
    public static func detect(_ rows: [Row], period: Int? = nil) -> Result {
        let values = rows.map(\.value)
        let candidates = candidatePeriods(rows)
        let chosen = period ?? SeasonalPeriod.detect(values.map { $0 ?? .nan }, candidates: candidates)
        var settings = AnomalyDetector.Settings()
        settings.period = chosen
        settings.isCount = false
        // Hourly or finer data is monitoring-like: a burst of activity (two hours of 5-minute
        // rows, a day of hourly ones) is worth an alert of its own.
        if let rowsPerDay = candidates.first, rowsPerDay >= 24 { settings.burstWindow = 24 }
        let found = AnomalyDetector(settings: settings).detect(values).map {
            Result.Found(
                timestamp: rows[$0.index].timestamp, value: $0.value, expected: Rounding.significant($0.expected),
                score: Rounding.significant($0.score), kind: $0.kind.rawValue)
        }
        return Result(period: chosen, anomalies: found)
    }

    /// `{"anomalies":[{"timestamp","value","expected","score"}], ...}` or CSV with a header.
    public static func render(_ result: Result, csv: Bool) throws -> String {
        if csv {
            return "timestamp,value,expected,score,kind\n"
                + result.anomalies.map { "\($0.timestamp),\($0.value),\($0.expected),\($0.score),\($0.kind)\n" }
                .joined()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
    }
}
