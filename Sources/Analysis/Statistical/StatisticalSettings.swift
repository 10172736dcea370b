import Stats

/// Settings of the statistical method. The defaults are the ones evaluated on the demo's
/// ground truth and on NAB (README, "Quality"); change them with care.
public struct StatisticalSettings: Sendable, Equatable {
    /// Seasonal anomaly and level-shift detection (period set per series from its interval).
    public var detector: AnomalyDetector.Settings
    /// Significance level of trend, funnel, retention and mix-shift tests.
    public var significance: Double
    /// Smallest relative difference a significant test must also show to be reported.
    public var minimumEffect: Double
    /// Growth per week (fraction of the level) that makes a significant trend worth reporting.
    public var trendPerWeek: Double
    /// Retention ages (in periods) that are tested.
    public var retentionAges: [Int]

    public init(
        detector: AnomalyDetector.Settings = AnomalyDetector.Settings(), significance: Double = 0.01,
        minimumEffect: Double = 0.10, trendPerWeek: Double = 0.05, retentionAges: [Int] = [1, 2, 4]
    ) {
        self.detector = detector
        self.significance = significance
        self.minimumEffect = minimumEffect
        self.trendPerWeek = trendPerWeek
        self.retentionAges = retentionAges
    }
}
