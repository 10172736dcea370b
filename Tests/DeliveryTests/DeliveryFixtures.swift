import Analysis
import DashbriefTestSupport
import Foundation
import PostHog

@testable import Delivery

/// Findings of every kind, built as the analysis builds them (ids included), for lifecycle tests
/// that need days the demo snapshot does not have.
enum Findings {
    static func make(
        _ detail: FindingDetail, insight: Int, key: SeriesKey = SeriesKey(order: 0), date: String,
        period: String? = nil, kind: FindingKind = .anomaly
    ) -> Finding {
        Finding(
            kind: kind, dashboard: "Marketing Dashboard", insight: "Insight \(insight)", insightID: insight,
            series: "Series", seriesKey: key, date: date, period: period, value: 55, expected: 100, change: -0.45,
            severity: .warning, comparison: "expected", detail: detail)
    }

    static func dip(insight: Int = 2001, on date: String) -> Finding {
        make(.outlier(.init(score: -6, lower: 80, upper: 120, direction: -1)), insight: insight, date: date)
    }

    static func levelShift(insight: Int = 2011, on date: String, direction: Int = 1) -> Finding {
        make(.levelShift(.init(score: 5, lower: 80, upper: 120, direction: direction)), insight: insight, date: date)
    }

    static func trend(insight: Int = 2005, from: String, to: String) -> Finding {
        make(
            .trend(.init(growthPerWeek: -0.05, periods: 14, pValue: 0.001)), insight: insight,
            key: SeriesKey([.init("m", "conversion")]), date: to, period: "\(from)..\(to)", kind: .trend)
    }

    static func funnelChange(insight: Int = 2004, on date: String) -> Finding {
        make(
            .funnelChange(.init(pValue: 0.001, confidenceLow: -9, confidenceHigh: -3)), insight: insight,
            key: SeriesKey([.init("step", "all")]), date: date, kind: .funnel)
    }

    static func retention(insight: Int = 2012, age: Int = 1, cohort: String) -> Finding {
        make(
            .retentionGap(.init(age: age, recentCohorts: 2, pValue: 0.001)), insight: insight,
            key: SeriesKey([.init("age", String(age))]), date: cohort, kind: .retention)
    }

    static func periodChange(insight: Int = 2001, on date: String) -> Finding {
        make(.periodChange(.init()), insight: insight, date: date, kind: .change)
    }

    static func reference(_ insight: Int, _ key: SeriesKey = SeriesKey(order: 0)) -> SeriesReference {
        SeriesReference(
            dashboard: "Marketing Dashboard", insight: "Insight \(insight)", insightID: insight, series: "Series",
            seriesKey: key)
    }

    static func correlation(_ subject: Int, with partner: Int, from: String, to: String) -> Finding {
        make(
            .correlationPair(
                .init(
                    partner: reference(partner), lagDays: 0, rAtLag: 0.9, pValue: 0.001, adjustedPValue: 0.01,
                    days: 28)),
            insight: subject, date: to, period: "\(from)..\(to)", kind: .correlation)
    }

    static func group(_ insights: [Int], from: String, to: String) -> Finding {
        make(
            .coMovingGroup(.init(members: insights.map { reference($0) })), insight: insights[0], date: to,
            period: "\(from)..\(to)", kind: .correlation)
    }
}

/// Days as the demo's reports name them.
enum Days {
    /// `count` consecutive local days from `first` (`YYYY-MM-DD`).
    static func from(_ first: String, count: Int) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = .gmt
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let start = formatter.date(from: first)!
        return (0..<count).map { formatter.string(from: calendar.date(byAdding: .day, value: $0, to: start)!) }
    }
}

extension StateStore {
    /// A store in a fresh temporary directory.
    static func temporary(_ configuration: Configuration = Configuration()) throws -> StateStore {
        try StateStore(directory: try TestPaths.temporaryDirectory("dashbrief-state"), configuration: configuration)
    }
}

/// A fixed instant, so that ledger times compare exactly (GRDB stores milliseconds).
let noon = Date(timeIntervalSince1970: 1_795_435_200)
