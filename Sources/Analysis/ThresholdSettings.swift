/// The thresholds of the traditional report, and the settings both methods share (minimum
/// volume, trend per week, funnel gap, retention ages, critical change): `dashbrief.json`'s
/// `thresholds` change every method's findings. Relative changes are fractions (0.15 = 15%).
public struct ThresholdSettings: Sendable, Equatable {
    /// A change at least this large is a warning.
    public var warningChange: Double
    /// A change at least this large is critical.
    public var criticalChange: Double
    /// Below this many events in both periods a change is noise and is not reported.
    public var minimumVolume: Double
    /// Growth (or decline) per week, as a fraction of the window mean, that makes a trend notable.
    public var trendPerWeek: Double
    /// A broken-down funnel value whose conversion differs this much from everyone's is reported.
    public var funnelGap: Double
    /// Retention ages (in periods) shown and checked, e.g. week 1, 2 and 4.
    public var retentionAges: [Int]
    /// Per-insight and per-series tuning (`dashbrief.json`'s `overrides`), for every method.
    public var overrides: [MetricOverride]

    public init(
        warningChange: Double = 0.15, criticalChange: Double = 0.30, minimumVolume: Double = 20,
        trendPerWeek: Double = 0.05, funnelGap: Double = 0.10, retentionAges: [Int] = [1, 2, 4],
        overrides: [MetricOverride] = []
    ) {
        self.overrides = overrides
        self.warningChange = warningChange
        self.criticalChange = criticalChange
        self.minimumVolume = minimumVolume
        self.trendPerWeek = trendPerWeek
        self.funnelGap = funnelGap
        self.retentionAges = retentionAges
    }

    /// The severity of a relative change, or nil when it is under the warning threshold.
    /// - Parameter sensitivity: a metric's override; the thresholds are divided by it.
    public func severity(ofChange change: Double, sensitivity: Double = 1) -> Severity? {
        let size = abs(change) * sensitivity
        if size >= criticalChange { return .critical }
        if size >= warningChange { return .warning }
        return nil
    }
}
