import Stats

/// Settings of the statistical method alone. The defaults are the ones evaluated on the demo's
/// ground truth and on NAB (README, "Quality"); change them with care. Settings both methods
/// share (minimum volume, trend per week, funnel gap, retention ages, critical change) live in
/// `ThresholdSettings` only, so that `dashbrief.json` changes them for every method at once.
public struct StatisticalSettings: Sendable, Equatable {
    /// Seasonal anomaly and level-shift detection (period set per series from its interval).
    public var detector: AnomalyDetector.Settings
    /// Significance level of trend, funnel, retention and mix-shift tests.
    public var significance: Double
    /// Smallest relative difference a significant funnel-change, retention or mix-shift test must
    /// also show to be reported (funnel gaps between breakdown values use `funnelGap`).
    public var minimumEffect: Double

    /// - Parameter detector: its `minimumVolume` is replaced by the shared `minimumVolume`.
    public init(
        detector: AnomalyDetector.Settings = AnomalyDetector.Settings(), significance: Double = 0.01,
        minimumEffect: Double = 0.10
    ) {
        self.detector = detector
        self.significance = significance
        self.minimumEffect = minimumEffect
    }
}
