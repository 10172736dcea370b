import PostHog

/// Tuning for one insight, or one series of it, as a team writes it in `dashbrief.json`'s
/// `overrides`: which direction matters, how much volume counts, how sensitive detection is, and
/// muting until a date. It applies to both methods (and so to the backtest).
public struct MetricOverride: Sendable, Equatable {
    /// Which insight: its numeric id, or its name or short id.
    public enum InsightMatch: Sendable, Equatable {
        case id(Int)
        case name(String)
    }

    /// Which changes are news for this metric.
    public enum Direction: String, Sendable, Equatable {
        case drops, rises, both
    }

    public var insight: InsightMatch
    /// A series' display name or its key (`s=0;b=twitter`); nil: every series of the insight.
    public var series: String?
    public var direction: Direction?
    /// Below this many events on both sides, nothing about the metric is reported.
    public var minimumVolume: Double?
    /// How readily the metric alerts: 1 is the default, 2 alerts on half the evidence (scores and
    /// relative changes required are divided by it), 0.5 needs twice as much.
    public var sensitivity: Double?
    /// Nothing about the metric is reported while the report's last complete day is before this
    /// local date (`YYYY-MM-DD`).
    public var muteUntil: String?

    public init(
        insight: InsightMatch, series: String? = nil, direction: Direction? = nil, minimumVolume: Double? = nil,
        sensitivity: Double? = nil, muteUntil: String? = nil
    ) {
        self.insight = insight
        self.series = series
        self.direction = direction
        self.minimumVolume = minimumVolume
        self.sensitivity = sensitivity
        self.muteUntil = muteUntil
    }

    /// Whether the override is about this insight and series (a series-less override is about all).
    public func matches(insightID: Int, insightName: String, shortID: String? = nil, series: String?, key: SeriesKey?)
        -> Bool
    {
        switch insight {
        case .id(let id): guard id == insightID else { return false }
        case .name(let name):
            guard name == insightName || name.lowercased() == insightName.lowercased() || name == shortID else {
                return false
            }
        }
        guard let wanted = self.series else { return true }
        return wanted == series || wanted == key?.description
    }
}

extension [MetricOverride] {
    /// The overrides about a series, later entries winning field by field.
    func merged(insight: InsightMetrics, series: String?, key: SeriesKey?) -> MetricOverride? {
        let matching = filter {
            $0.matches(
                insightID: insight.insightID, insightName: insight.name, shortID: insight.shortID, series: series,
                key: key)
        }
        guard var merged = matching.first else { return nil }
        for rule in matching.dropFirst() {
            merged.direction = rule.direction ?? merged.direction
            merged.minimumVolume = rule.minimumVolume ?? merged.minimumVolume
            merged.sensitivity = rule.sensitivity ?? merged.sensitivity
            merged.muteUntil = rule.muteUntil ?? merged.muteUntil
        }
        return merged
    }

    /// The findings the overrides let through, for a report whose last complete day is `lastDay`.
    func admit(_ findings: [Finding], insights: [Int: InsightMetrics], lastDay: String?) -> [Finding] {
        guard !isEmpty else { return findings }
        return findings.filter { finding in
            guard let insight = insights[finding.insightID],
                let rule = merged(insight: insight, series: finding.series, key: finding.seriesKey)
            else { return true }
            if let until = rule.muteUntil, let lastDay, lastDay < until { return false }
            if let direction = rule.direction, let change = finding.change, change != 0 {
                if direction == .drops && change > 0 { return false }
                if direction == .rises && change < 0 { return false }
            }
            if let volume = rule.minimumVolume, finding.unit == "count",
                Swift.max(abs(finding.value), abs(finding.expected)) < volume
            {
                return false
            }
            return true
        }
    }
}
