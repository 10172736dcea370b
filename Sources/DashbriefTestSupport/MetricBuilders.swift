import Foundation
import PostHog

/// Builds the normalised metrics that the analysers read, so that Analysis and Narrative tests
/// state only the values that matter to them and share one copy of the scaffolding.
///
/// Every series is daily, in UTC, and starts on Monday 2026-11-02: day `n` of a series is
/// `Build.day(n)`, and a weekly cycle lines up with the weekdays.
public enum Build {
    /// The zone of every built insight.
    public static let utc = TimeZone.gmt
    /// Midnight UTC at the start of Monday 2026-11-02, the first day of every built series.
    public static let firstDay = Timestamp.instant("2026-11-02T00:00:00Z")!

    /// Midnight UTC at the start of the `offset`-th day after `firstDay`.
    public static func day(_ offset: Int) -> Date { firstDay.addingTimeInterval(Double(offset) * 86_400) }

    /// The `YYYY-MM-DD` period label of that day, as findings report it.
    public static func dayLabel(_ offset: Int) -> String { Timestamp.localDay(day(offset), in: utc) }

    /// A daily series with one point per value (nil is a missing value); the last `incomplete`
    /// values are periods that had not ended.
    public static func series(_ name: String, _ values: [Double?], incomplete: Int = 1, measure: String? = "total")
        -> TimeSeries
    {
        let points = values.enumerated().map { index, value in
            Point(
                period: dayLabel(index), start: day(index), value: value, isComplete: index < values.count - incomplete)
        }
        return TimeSeries(name: name, interval: .day, measure: measure, points: points)
    }

    /// Product-like weekday factors, Monday first: busy midweek, quiet weekends.
    public static let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]

    /// `days` complete days of counts around `level` with the weekly cycle and repeatable noise
    /// of about ±√level (`salt` varies it between series), each passed through `change(day,
    /// value)`, then one incomplete day at 30% of the level.
    public static func weeklyCounts(
        level: Double, salt: Int = 0, days: Int = 84, change: (Int, Double) -> Double = { _, value in value }
    ) -> [Double?] {
        let complete: [Double?] = (0..<days).map { day in
            let noise = (Double((day * 7919 + salt * 104_729) % 41) - 20) / 20 * level.squareRoot()
            return change(day, (level * weekday[day % 7] + noise).rounded())
        }
        return complete + [(level * 0.3).rounded()]
    }

    /// One breakdown value's daily series of query series `order`, keyed as PostHog's are
    /// (`s=0;b=google`) and named by the value, as a broken-down trend with one query series is.
    /// - Parameter raw: the raw breakdown value when it differs from the display form (PostHog's
    ///   sentinel `$$_posthog_breakdown_other_$$` for `Other`).
    public static func breakdown(
        _ value: String, _ values: [Double?], order: Int = 0, raw: String? = nil, incomplete: Int = 1,
        measure: String? = "total"
    ) -> TimeSeries {
        let built = series(value, values, incomplete: incomplete, measure: measure)
        return TimeSeries(
            name: value, breakdown: value, interval: .day, measure: measure, points: built.points,
            key: SeriesKey(order: order, breakdown: raw ?? value))
    }

    /// An insight in UTC whose data describes the instant `day(asOfDay)`.
    public static func insight(
        _ id: Int, _ name: String, _ content: MetricContent, kind: InsightKind = .trends, asOfDay: Int = 30
    )
        -> InsightMetrics
    {
        InsightMetrics(insightID: id, name: name, kind: kind, timezone: utc, asOf: day(asOfDay), content: content)
    }

    /// A dashboard named "Test Dashboard" (id 1) holding `insights`.
    public static func dashboard(_ insights: [InsightMetrics]) -> DashboardMetrics {
        DashboardMetrics(id: 1, name: "Test Dashboard", insights: insights)
    }
}
