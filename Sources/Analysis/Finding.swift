import Foundation
import PostHog

/// How much a finding matters. Ordered: `critical` ranks first.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info, warning, critical

    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The kinds of finding in a report (the JSON contract's `kind`).
public enum FindingKind: String, Codable, Sendable, CaseIterable {
    case anomaly, trend, change, funnel, retention, lifecycle, correlation, threshold
}

/// One thing a report says about the data, with the numbers behind it. Every number here was
/// computed by the analysis; the narrative only words them.
public struct Finding: Encodable, Sendable, Equatable {
    /// Stable and unique within a report: built from what the finding is about, never from
    /// display names (see `FindingID`). Slack posts, the state store and LLM citations key on it.
    public let id: String
    public var kind: FindingKind
    public var dashboard: String
    public var insight: String
    public var insightID: Int
    /// What people call the series: renaming it in PostHog changes this, not the id.
    public var series: String
    /// What identifies the series within its insight (see `SeriesKey`).
    public var seriesKey: SeriesKey
    /// The local period the finding is about (`YYYY-MM-DD`), or the last period of a range.
    public var date: String
    /// What was observed.
    public var value: Double
    /// What it is compared with: the earlier period, the reference group, the start of the trend.
    public var expected: Double
    /// (value − expected) / |expected|, when that means something.
    public var change: Double?
    public var severity: Severity
    /// What `expected` is, in words: "same weekday a week earlier", "previous 7 days", ...
    public var comparison: String
    /// Unit of `value` and `expected`: "count", "percent", "ratio", "seconds", ...
    public var unit: String
    /// What the finding is, with its figures, typed.
    public var detail: FindingDetail

    /// The figures of `detail` by name: the JSON contract's `details`.
    public var details: [String: Double]? { detail.flatDetails }

    /// - Parameter period: what the finding is about when it is a range of days rather than the
    ///   single period `date` (e.g. `2026-11-17..2026-11-23` for a weekly comparison); part of the id.
    public init(
        kind: FindingKind, dashboard: String, insight: String, insightID: Int, series: String, seriesKey: SeriesKey,
        date: String, period: String? = nil, value: Double, expected: Double, change: Double?, severity: Severity,
        comparison: String, unit: String = "count", detail: FindingDetail
    ) {
        self.kind = kind
        self.dashboard = dashboard
        self.insight = insight
        self.insightID = insightID
        self.series = series
        self.seriesKey = seriesKey
        self.date = date
        self.value = Rounding.significant(value)
        self.expected = Rounding.significant(expected)
        self.change = change.map { Rounding.places($0, 4) }
        self.severity = severity
        self.comparison = comparison
        self.unit = unit
        self.detail = detail.mapFigures(Rounding.significant)
        self.id = FindingID.make(
            detail: detail, insightID: insightID, seriesKey: seriesKey, period: period ?? date)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, subkind, dashboard, insight, series, date, value, expected, change, severity, comparison, unit
        case details, partner, members, contributions, segment
        case insightID = "insight_id"
        case seriesKey = "series_key"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(detail.subkind, forKey: .subkind)
        try container.encode(dashboard, forKey: .dashboard)
        try container.encode(insight, forKey: .insight)
        try container.encode(insightID, forKey: .insightID)
        try container.encode(series, forKey: .series)
        try container.encode(seriesKey.description, forKey: .seriesKey)
        try container.encode(date, forKey: .date)
        try container.encode(value, forKey: .value)
        try container.encode(expected, forKey: .expected)
        try container.encodeIfPresent(change, forKey: .change)
        try container.encode(severity, forKey: .severity)
        try container.encode(comparison, forKey: .comparison)
        try container.encode(unit, forKey: .unit)
        try container.encodeIfPresent(details, forKey: .details)
        switch detail {
        case .correlationPair(let pair): try container.encode(pair.partner, forKey: .partner)
        case .coMovingGroup(let group): try container.encode(group.members, forKey: .members)
        case .funnelChange(let change): try container.encodeIfPresent(change.explainingSegment, forKey: .segment)
        default: break
        }
        if !detail.contributions.isEmpty { try container.encode(detail.contributions, forKey: .contributions) }
    }
}

/// Fixed rounding of report numbers, so that outputs are byte-stable whichever BLAS computed them.
public enum Rounding {
    /// `value` to `places` decimals.
    public static func places(_ value: Double, _ places: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = pow10(places)
        return (value * scale).rounded() / scale
    }

    /// `value` to 6 significant digits (0.0123456 → 0.0123456 → 0.0123457; 5275.4321 → 5275.43).
    public static func significant(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let integerDigits = Int(log10(abs(value)).rounded(.down)) + 1
        return places(value, min(max(6 - integerDigits, 0), 12))
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
