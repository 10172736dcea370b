import Foundation
import PostHog
import Stats

/// The product's anomaly detector, with the defaults the reports use, on any series of
/// timestamped values: what `dashbrief detect` runs on a CSV file, for Swift apps that hold
/// their values in memory (to backtest alert noise on their own history, say).
public enum Detection {
    /// What the detector found in a series.
    public struct Result: Sendable, Encodable {
        /// One anomalous row.
        public struct Found: Sendable, Encodable, Equatable {
            /// The row's timestamp, exactly as given.
            public let timestamp: String
            /// The row's value.
            public let value: Double
            /// The value the baseline expected there, to 6 significant digits.
            public let expected: Double
            /// Robust z of the deviation (for a level shift, of the step), to 6 significant digits.
            public let score: Double
            /// `spike`, `dip`, `level_shift` or `burst` (`AnomalyDetector.Kind`'s raw values).
            public let kind: String
        }

        /// The seasonal period in rows that the detector used; nil when the series showed none.
        public let period: Int?
        /// Anomalies in row order.
        public let anomalies: [Found]
    }

    /// Runs the detector with the product's defaults on rows of `timestamps[i]`, `values[i]`,
    /// kept in the order given. Values are not assumed to be counts (no volume or Poisson floor):
    /// they can measure anything.
    ///
    /// Timestamps are read as ISO-8601 instants or UTC wall-clock times (`2026-01-05`,
    /// `2026-01-05 13:00:00`) only to find the rows' spacing, which decides the candidate periods
    /// and whether bursts are looked for; a timestamp that is neither is reported as given but
    /// does not count towards the spacing.
    ///
    /// - Parameters:
    ///   - timestamps: one per row.
    ///   - values: one per row; nil or non-finite is missing and never flagged.
    ///   - period: seasonal period in rows (below 2: none); nil chooses between a day's and a
    ///     week's worth of rows by autocorrelation, or none when neither is seasonal.
    /// - Precondition: `timestamps.count == values.count`.
    /// - Returns: an empty list of anomalies when there is too little history to judge.
    public static func detect(timestamps: [String], values: [Double?], period: Int? = nil) -> Result {
        precondition(
            timestamps.count == values.count, "\(timestamps.count) timestamps for \(values.count) values")
        let candidates = candidatePeriods(timestamps: timestamps)
        let chosen = period ?? SeasonalPeriod.detect(values.map { $0 ?? .nan }, candidates: candidates)
        var settings = AnomalyDetector.Settings()
        settings.period = chosen
        settings.isCount = false
        // Hourly or finer data is monitoring-like: a burst of activity (two hours of 5-minute
        // rows, a day of hourly ones) is worth an alert of its own.
        if let rowsPerDay = candidates.first, rowsPerDay >= 24 { settings.burstWindow = 24 }
        let found = AnomalyDetector(settings: settings).detect(values).map {
            Result.Found(
                timestamp: timestamps[$0.index], value: $0.value, expected: Rounding.significant($0.expected),
                score: Rounding.significant($0.score), kind: $0.kind.rawValue)
        }
        return Result(period: chosen, anomalies: found)
    }

    /// A day's and a week's worth of rows, from the median spacing of the timestamps; `[7]` for
    /// daily or coarser rows, none when the spacing cannot be told.
    static func candidatePeriods(timestamps: [String]) -> [Int] {
        let instants = timestamps.compactMap { Timestamp.localStart($0, in: .gmt) }
        let steps = zip(instants.dropFirst(), instants).map { $0.timeIntervalSince($1) }.filter { $0 > 0 }
        guard let step = Descriptive.median(steps), step > 0 else { return [] }
        let perDay = Int((86_400 / step).rounded())
        return perDay >= 2 ? [perDay, 7 * perDay] : [7]
    }
}
