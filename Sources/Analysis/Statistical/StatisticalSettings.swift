import Stats

/// Settings of the statistical method alone. The defaults are the ones evaluated on the demo's
/// ground truth and on NAB (README, "Quality"); change them with care. Settings both methods
/// share (minimum volume, trend per week, funnel gap, retention ages, critical change) live in
/// `ThresholdSettings` only, so that `dashbrief.json` changes them for every method at once.
public struct StatisticalSettings: Sendable, Equatable {
    /// Seasonal anomaly and level-shift detection (period set per series from its interval).
    /// Reports judge a bounded window (the reviewed days and eight periods before them, 70 days
    /// of daily data), which sets four defaults apart from `dashbrief detect`'s, which are for
    /// long monitoring series with heavy tails (README, "Detection power"):
    /// - a periodic season (`AnomalyDetector.Settings.periodicSeason`): the days under review
    ///   are judged against the rhythm of all the weeks before them and cannot pull their own
    ///   expectation towards themselves, so the residual's scale is honest;
    /// - on that scale, a single day must stand 4 robust deviations out (not 5): with 10%
    ///   day-to-day noise a halving is about 5 of them, which a bar of 5 finds one time in two;
    /// - the ESD test may flag one point in ten of the window (7 of 70; the detector's 0.1%
    ///   would allow 3): a few incidents or holidays in the baseline must not take the slots of
    ///   the days under review;
    /// - a deviation is routine after 4 earlier ones (not 3): three holidays in eight weeks do
    ///   not make the next halving a habit.
    public var detector: AnomalyDetector.Settings
    /// Significance level of trend, funnel, retention and mix-shift tests.
    public var significance: Double
    /// Smallest relative difference a significant funnel-change, retention or mix-shift test must
    /// also show to be reported (funnel gaps between breakdown values use `funnelGap`).
    public var minimumEffect: Double

    /// - Parameter detector: its `minimumVolume` is replaced by the shared `minimumVolume`.
    public init(
        detector: AnomalyDetector.Settings = AnomalyDetector.Settings(
            maximumAnomalyShare: 0.1, minimumPointScore: 4, routineRecurrences: 4, periodicSeason: true),
        significance: Double = 0.01, minimumEffect: Double = 0.10
    ) {
        self.detector = detector
        self.significance = significance
        self.minimumEffect = minimumEffect
    }
}
