import Foundation
import PostHog

/// Small metric builders: daily series in UTC starting on Monday 2026-11-02.
enum Build {
    static let utc = TimeZone.gmt
    static let firstDay = Timestamp.instant("2026-11-02T00:00:00Z")!

    static func day(_ offset: Int) -> Date { firstDay.addingTimeInterval(Double(offset) * 86_400) }

    static func dayLabel(_ offset: Int) -> String { Timestamp.localDay(day(offset), in: utc) }

    /// A daily series; the last `incomplete` values are periods that had not ended.
    static func series(_ name: String, _ values: [Double?], incomplete: Int = 1, measure: String? = "total")
        -> TimeSeries
    {
        let points = values.enumerated().map { index, value in
            Point(
                period: dayLabel(index), start: day(index), value: value, isComplete: index < values.count - incomplete)
        }
        return TimeSeries(name: name, interval: .day, measure: measure, points: points)
    }

    static func insight(
        _ id: Int, _ name: String, _ content: MetricContent, kind: InsightKind = .trends, asOfDay: Int = 30
    )
        -> InsightMetrics
    {
        InsightMetrics(insightID: id, name: name, kind: kind, timezone: utc, asOf: day(asOfDay), content: content)
    }

    static func dashboard(_ insights: [InsightMetrics]) -> DashboardMetrics {
        DashboardMetrics(id: 1, name: "Test Dashboard", insights: insights)
    }
}
