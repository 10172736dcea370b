import Foundation

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
public struct Finding: Codable, Sendable, Equatable {
    /// Stable across runs on the same data: kind, insight, series and date.
    public var id: String
    public var kind: FindingKind
    public var dashboard: String
    public var insight: String
    public var insightID: Int
    public var series: String
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
    /// Extra figures of some kinds (trend slope and fit, funnel step, retention age), by name.
    public var details: [String: Double]?

    enum CodingKeys: String, CodingKey {
        case id, kind, dashboard, insight, series, date, value, expected, change, severity, comparison, unit, details
        case insightID = "insight_id"
    }

    public init(
        kind: FindingKind, dashboard: String, insight: String, insightID: Int, series: String, date: String,
        value: Double, expected: Double, change: Double?, severity: Severity, comparison: String,
        unit: String = "count", details: [String: Double]? = nil
    ) {
        self.id = "\(kind.rawValue):\(insightID):\(Finding.slug(series)):\(date)"
        self.kind = kind
        self.dashboard = dashboard
        self.insight = insight
        self.insightID = insightID
        self.series = series
        self.date = date
        self.value = Rounding.significant(value)
        self.expected = Rounding.significant(expected)
        self.change = change.map { Rounding.places($0, 4) }
        self.severity = severity
        self.comparison = comparison
        self.unit = unit
        self.details = details?.mapValues { Rounding.significant($0) }
    }

    static func slug(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(lowered).split(separator: "-").joined(separator: "-")
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
