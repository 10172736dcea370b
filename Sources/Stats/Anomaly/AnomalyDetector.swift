/// Finds what is unusual in one evenly spaced series: points far from their seasonal expectation
/// (spikes and dips), abrupt changes of level and, when asked, bursts of activity.
///
/// 1. Baseline: robust STL (period 7 for daily data, 24 for hourly, …; one inner pass and 3
///    robustness passes, `stlInnerIterations` and `stlOuterIterations`; with `periodicSeason`, a
///    season that repeats every period); with less than two
///    periods of history nothing is flagged, because a drop cannot be told from a weekend. A
///    series without seasonality (period nil) gets a robust LOESS trend instead, and the preceding
///    window stands in for the same slot of earlier periods. Missing values are interpolated for
///    the fit and never flagged.
/// 2. Points: seasonal hybrid ESD (Hochenbaum et al. 2017): the generalised ESD test with median
///    and MAD on the STL residual, at most `maximumAnomalyShare` of the points (between 3 and 10),
///    level `alpha`.
/// 3. Confirmation: a candidate must stand `minimumPointScore` robust deviations from its
///    expectation and as many from the median of the same seasonal slot in the previous periods
///    (the same weekday for daily data), on the same side; differ from its expectation by
///    `minimumRelativeChange`; and, for counts, involve at least `minimumVolume` events. The scale
///    is floored at 1% of the level and, for counts, at the Poisson noise √expected, so that small
///    numbers do not alarm. A point is routine, and dropped, when the history before it already
///    holds `routineRecurrences` separate deviations the same way of at least `routineShare` of
///    its size (a nightly batch job, a metric that spikes every few days).
/// 4. Level shifts: PELT on the deseasonalised series, with isolated ESD outliers flattened to
///    the median of their neighbours on the nearer side (penalty 2σ̂² ln n, segments at least one
///    period long). In the last period, where PELT cannot place a step, every start leaving at
///    least two points after it competes with PELT's last change for the place that splits the
///    tail into the two most homogeneous parts; what follows that place is split once more (a
///    step and its rollback are two changes). A change is
///    kept when the median after it differs from the median before by `minimumScore` standard
///    errors and `minimumRelativeChange`; the standard errors use an effective sample size that
///    allows for autocorrelated noise, and a noise scale no smaller than differences a period
///    apart show. The level after spans up to four periods before the next
///    change; the level before, the four periods preceding the change (back to the last reported
///    shift): enough points for a noisy rate, local enough that slow growth is not read as a step.
///    The step must also stand out, the same way, from the line the level before was on (a
///    smooth trend is not a step), and a step in the last period must show against the same
///    slots of earlier periods. Points in the first period of a new level, in its direction, are
///    part of the shift unless they stand `minimumPointScore` from the new level too. The
///    two levels must also be apart: at least `minimumSeparation` of the (before, after) pairs
///    ordered the way of the step (bursts of activity move a median without making a new level).
///    A step no larger than `routineRecurrences` earlier steps of the series the same way
///    (`StepHistory`) is routine: a wandering metric such as a temperature steps all the time.
/// 5. Bursts (only with `burstWindow`): the mean robust |z| of the last `burstWindow` points,
///    standardised by the mean and standard deviation of that mean over all earlier points (after
///    a warm-up of ten windows), must reach `minimumBurstScore` and beat every earlier score a
///    window or more back. A metric turning erratic, rather than one point or one new level.
public struct AnomalyDetector: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Seasonal period in points (7 for daily data); nil or < 2 means no seasonality.
        public var period: Int?
        public var alpha: Double
        /// Most points the ESD test may flag, as a share of the series (at least 3, at most 10).
        public var maximumAnomalyShare: Double
        /// Robust z a level step must reach (in standard errors of the step).
        public var minimumScore: Double
        /// Robust z a single point must reach: one point is weaker evidence than a sustained
        /// step, and real series have heavier tails than the normal distribution.
        public var minimumPointScore: Double
        /// |value − expected| / |expected| a finding must reach.
        public var minimumRelativeChange: Double
        /// For a level shift: the share of (before, after) pairs of points ordered in the
        /// direction of the shift (the Mann–Whitney effect size) it must reach. A new level is
        /// clearly apart from the old one; bursts of activity and slow wander are not.
        public var minimumSeparation: Double
        /// A point is routine, and not flagged, when the history before it holds this many
        /// separate episodes (a period apart) that deviated the same way by at least
        /// `routineShare` of its deviation: a metric that spikes every few days, or every night,
        /// has not done anything new.
        public var routineRecurrences: Int
        /// The share of a deviation (or step) an earlier one must reach to count as a recurrence.
        public var routineShare: Double
        /// STL's passes: one inner pass per robustness pass, as Cleveland et al. (1990) advise
        /// with robustness, and 3 robustness passes. statsmodels' 2 and 15 cost 7.5× more and
        /// stop no nearer convergence on noisy data; see Benchmarks/README.md for the measured
        /// trade-off.
        public var stlInnerIterations: Int
        public var stlOuterIterations: Int
        /// A season that repeats every period (`STL.Periodic`: in proportion to the local level
        /// for counts, whose weekly rhythm grows with them; additive otherwise) rather than one
        /// smoothed along each weekday: for short windows of a steady rhythm, where the last days
        /// must be judged against the rhythm of all the weeks before them, not pull their own
        /// expectation towards themselves (a LOESS line's end follows its last points).
        public var periodicSeason: Bool
        /// Points over which a burst of activity is measured; nil: bursts are not looked for.
        public var burstWindow: Int?
        /// Standard deviations a window's mean |z| must stand above its history's.
        public var minimumBurstScore: Double
        /// For counts: below this many events on both sides, nothing is flagged.
        public var minimumVolume: Double
        /// Whether values are counts (Poisson noise floor and volume floor apply).
        public var isCount: Bool

        public init(
            period: Int? = 7, alpha: Double = 0.05, maximumAnomalyShare: Double = 0.001, minimumScore: Double = 3.5,
            minimumPointScore: Double = 5, minimumRelativeChange: Double = 0.1, minimumSeparation: Double = 0.8,
            routineRecurrences: Int = 3, routineShare: Double = 0.75, stlInnerIterations: Int = 1,
            stlOuterIterations: Int = 3, periodicSeason: Bool = false, burstWindow: Int? = nil,
            minimumBurstScore: Double = 3.7, minimumVolume: Double = 20, isCount: Bool = true
        ) {
            self.period = period
            self.alpha = alpha
            self.maximumAnomalyShare = maximumAnomalyShare
            self.minimumScore = minimumScore
            self.minimumPointScore = minimumPointScore
            self.minimumRelativeChange = minimumRelativeChange
            self.minimumSeparation = minimumSeparation
            self.routineRecurrences = routineRecurrences
            self.routineShare = routineShare
            self.stlInnerIterations = stlInnerIterations
            self.stlOuterIterations = stlOuterIterations
            self.periodicSeason = periodicSeason
            self.burstWindow = burstWindow
            self.minimumBurstScore = minimumBurstScore
            self.minimumVolume = minimumVolume
            self.isCount = isCount
        }
    }

    public enum Kind: String, Sendable, Codable {
        case spike, dip
        case levelShift = "level_shift"
        case burst
    }

    public struct Anomaly: Sendable, Equatable {
        public let index: Int
        public let kind: Kind
        public let value: Double
        public let expected: Double
        /// expected ± minimumScore · scale: the range a normal value falls in.
        public let lower: Double
        public let upper: Double
        /// Robust z of the deviation (for a level shift, of the step).
        public let score: Double
        /// +1 above expectation, −1 below.
        public var direction: Int { value >= expected ? 1 : -1 }
    }

    public let settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// - Parameter values: the series in time order; nil or non-finite = missing.
    /// - Returns: anomalies sorted by index; empty when there is not enough history.
    public func detect(_ values: [Double?]) -> [Anomaly] {
        guard let fit = fit(values) else { return [] }
        let observed = fit.observed
        let filled = fit.filled
        let baseline = fit.baseline
        let expected = fit.expected
        let stl = baseline.decomposition
        let period = baseline.window
        let n = filled.count

        func scale(at index: Int) -> Double { fit.scale(at: index) }
        func meaningful(_ value: Double, _ reference: Double) -> Bool {
            let relative = abs(value - reference) / max(abs(reference), 1e-12)
            let volume = !settings.isCount || max(value, reference) >= settings.minimumVolume
            return relative >= settings.minimumRelativeChange && volume
        }

        var anomalies: [Anomaly] = []
        // S-H-ESD caps how many points one series may have flagged: `maximumAnomalyShare` of them
        // (0.1% by default, where S-H-ESD scored best on NAB in the research notes; the reports'
        // 70-day windows use 10%), at least 3 so a few months of daily data can hold a few, at
        // most 10 so a long series cannot flood alerts.
        let budget = min(10, max(3, Int((settings.maximumAnomalyShare * Double(n)).rounded(.down))))
        let esd = GeneralizedESD.test(stl.residual, maximumOutliers: budget, alpha: settings.alpha, robust: true)
        for candidate in esd.outliers {
            let t = candidate.index
            guard let value = observed[t] else { continue }  // interpolated: never flagged
            // Same slot in earlier periods; without seasonality, the preceding window.
            let slots =
                baseline.isSeasonal
                ? stride(from: t - period, through: max(0, t - 4 * period), by: -period).compactMap {
                    $0 >= 0 ? observed[$0] : nil
                }
                : (max(0, t - period)..<t).compactMap { observed[$0] }
            guard let slotMedian = Descriptive.median(slots) else { continue }
            let spread = scale(at: t)
            let score = abs(value - expected[t]) / spread
            // Both baselines must agree: far enough from the slot's median, on the same side. Near
            // the end of a series or after a shift, STL's expectation alone can be off.
            let agrees = (value - slotMedian).sign == (value - expected[t]).sign
            guard score >= settings.minimumPointScore, abs(value - slotMedian) / spread >= settings.minimumPointScore,
                agrees,
                meaningful(value, expected[t]),
                !isRoutine(stl.residual, at: t, episodeGap: period)
            else { continue }
            anomalies.append(
                Anomaly(
                    index: t, kind: value >= expected[t] ? .spike : .dip, value: value, expected: expected[t],
                    lower: expected[t] - settings.minimumPointScore * spread,
                    upper: expected[t] + settings.minimumPointScore * spread,
                    score: score))
        }
        // Level shifts are looked for with isolated ESD outliers flattened, so a one-day spike
        // cannot pose as the start of a new level. A flattened point takes the median of its
        // deseasonalised neighbours on one side (a period before or after it), not the STL
        // expectation: near a shift the LOESS trend already bends towards the new level and would
        // carve a false intermediate step. Of the two sides, the one nearer its value: a spike
        // just after a step up belongs to the new level, and a median of both sides would put a
        // dent in it that moves the change point. Outliers with a same-signed outlier next to them
        // are left alone: such runs are what a new level looks like.
        var deseasonalised = zip(filled, stl.seasonal).map { $0 - $1 }
        let original = deseasonalised
        let signs = Dictionary(uniqueKeysWithValues: esd.outliers.map { ($0.index, stl.residual[$0.index] > 0) })
        for outlier in esd.outliers {
            let t = outlier.index
            guard ![t - 1, t + 1].contains(where: { signs[$0] == signs[t] }) else { continue }
            let sides = [max(0, t - period)..<t, (t + 1)..<min(n, t + period + 1)].compactMap { side in
                Descriptive.median(side.filter { signs[$0] == nil }.map { original[$0] })
            }
            if let nearer = sides.min(by: { abs($0 - original[t]) < abs($1 - original[t]) }) {
                deseasonalised[t] = nearer
            }
        }
        // Noise the season cannot have absorbed: differences a period apart take a steady rhythm
        // out without fitting it. A LOESS season smoothed along each weekday follows part of the
        // day-to-day noise (for a noisy conversion rate, the residual's scale reads half its
        // size), and the deseasonalised series inherits that; a step must stand out from this.
        let seasonalNoise =
            baseline.isSeasonal
            ? (Robust.scale(zip(filled.dropFirst(period), filled).map { $0 - $1 }) ?? 0) / 2.0.squareRoot() : 0
        let shifts = levelShifts(
            deseasonalised, observed: observed, period: period, isSeasonal: baseline.isSeasonal,
            scale: max(fit.residualScale, seasonalNoise),
            level: fit.level)
        // The first days of a new level look like spikes (or dips) while the robust trend catches
        // up; the shift explains them, so they are not reported twice. The two readings compete by
        // evidence: a point that still stands `minimumPointScore` from the new level (its
        // deseasonalised median plus the point's season) is more than the step, a one-day
        // outlier of its own, and is kept.
        anomalies.removeAll { point in
            shifts.contains { shift in
                guard (shift.index..<(shift.index + period)).contains(point.index),
                    point.direction == shift.direction
                else { return false }
                let newLevel = shift.value + stl.seasonal[point.index]
                return abs(point.value - newLevel) / scale(at: point.index) < settings.minimumPointScore
            }
        }
        anomalies += shifts
        if let window = settings.burstWindow, window >= 2 {
            anomalies += bursts(
                residual: stl.residual, expected: expected, observed: observed, window: window, scale: scale(at:))
        }
        return anomalies.sorted { $0.index < $1.index }
    }

    /// Bursts of activity: the mean robust |z| of the last `window` points, standardised against
    /// the same mean over all earlier points, reaching `minimumBurstScore` and a record for the
    /// series (no earlier moment, a window or more before, scored as high). Causal, as an alert.
    private func bursts(
        residual: [Double], expected: [Double], observed: [Double?], window: Int, scale: (Int) -> Double
    ) -> [Anomaly] {
        let n = residual.count
        let warmUp = 10 * window
        guard n > warmUp + window else { return [] }
        var z = [Double](repeating: 0, count: n)
        // Capped, so that one enormous point weighs as a few ordinary outliers, not as a burst.
        for t in 0..<n { z[t] = min(50, abs(residual[t]) / scale(t)) }
        var activity = [Double](repeating: 0, count: n)
        var running = 0.0
        for t in 0..<n {
            running += z[t]
            if t >= window { running -= z[t - window] }
            activity[t] = running / Double(min(t + 1, window))
        }
        var found: [Anomaly] = []
        var sum = 0.0
        var squares = 0.0
        var count = 0.0
        var record = -Double.infinity
        var scores = [Double](repeating: -Double.infinity, count: n)
        var lastReported = Int.min / 2
        for t in (window - 1)..<n {
            if count >= Double(warmUp) {
                let mean = sum / count
                // Floored: over a perfectly steady history any wobble would score without bound.
                let deviation = max(0.05, (max(0, squares / count - mean * mean)).squareRoot())
                let score = (activity[t] - mean) / deviation
                scores[t] = score
                if t - window >= 0 { record = max(record, scores[t - window]) }
                if score >= settings.minimumBurstScore && score > record && t - lastReported > window,
                    let value = observed[t]
                {
                    lastReported = t
                    found.append(
                        Anomaly(
                            index: t, kind: .burst, value: value, expected: expected[t],
                            lower: expected[t] - settings.minimumPointScore * scale(t),
                            upper: expected[t] + settings.minimumPointScore * scale(t), score: score))
                }
            }
            sum += activity[t]
            squares += activity[t] * activity[t]
            count += 1
        }
        return found
    }

    /// Whether the residual at `index` has been matched before: `routineRecurrences` separate
    /// episodes (more than `episodeGap` points apart, and before `index − episodeGap`) whose
    /// residual had the same sign and at least `routineShare` of its size. Only the past counts,
    /// as in a daily alert, so the first few occurrences of a new pattern are still reported.
    func isRoutine(_ residual: [Double], at index: Int, episodeGap: Int) -> Bool {
        let deviation = residual[index]
        guard deviation != 0, settings.routineRecurrences > 0 else { return false }
        let bar = settings.routineShare * abs(deviation)
        var episodes = 0
        var lastPeer = Int.min / 2
        for j in 0..<max(0, index - episodeGap) where residual[j].sign == deviation.sign && abs(residual[j]) >= bar {
            if j - lastPeer > episodeGap {
                episodes += 1
                if episodes >= settings.routineRecurrences { return true }
            }
            lastPeer = j
        }
        return false
    }

    /// Whether a step in the last period shows against the same slots of earlier periods (the
    /// same weekdays of the four weeks before, back to `since`, the last accepted shift, so that
    /// a step back is measured against the level it leaves): the median over its days of
    /// value − the slot's median is on the step's side and at least half its size. The season is
    /// least certain at the end of a series (a LOESS season's line bends there), so a step of two
    /// or three days read through it must also be seen without it, as a single point must
    /// (step 3).
    private func seenAgainstEarlierPeriods(_ shift: Anomaly, since: Int, observed: [Double?], period: Int) -> Bool {
        let differences = (shift.index..<observed.count).compactMap { t -> Double? in
            guard let value = observed[t] else { return nil }
            let slots = stride(from: t - period, through: t - 4 * period, by: -period).compactMap {
                $0 >= max(0, since) && $0 < shift.index ? observed[$0] : nil
            }
            return Descriptive.median(slots).map { value - $0 }
        }
        guard let typical = Descriptive.median(differences) else { return false }
        let step = shift.value - shift.expected
        return typical.sign == step.sign && abs(typical) >= 0.5 * abs(step)
    }

    private func levelShifts(
        _ deseasonalised: [Double], observed: [Double?], period: Int, isSeasonal: Bool, scale: Double, level: Double
    ) -> [Anomaly] {
        // Day-to-day noise of the deseasonalised series, from first differences (robust, and blind
        // to the steps themselves). The STL residual would understate it: trend and season absorb
        // part of the noise, and steps would look more significant than they are. PELT's default
        // penalty is built on the same estimate.
        let differences = zip(deseasonalised.dropFirst(), deseasonalised).map { $0 - $1 }
        guard let differenceScale = Robust.scale(differences) else { return [] }
        let penalty = Changepoints.defaultPenalty(differenceScale: differenceScale, count: deseasonalised.count)
        let noise = max(scale, differenceScale / 2.0.squareRoot())
        // Neighbouring points of a smoothly wandering series are not independent: with lag-1
        // autocorrelation ρ of the noise around the local level, a mean of m points is worth
        // m(1 − ρ)/(1 + ρ) independent ones (AR(1)). Product residuals have ρ ≈ 0; server metrics
        // often ρ > 0.8, where counting every point would make any wander look like a step.
        let local = zip(deseasonalised, STL.loess(deseasonalised, span: 2 * period + 1, weights: nil)).map { $0 - $1 }
        let rho = max(0, min(0.95, SeasonalPeriod.autocorrelation(local, lag: 1)))
        let independence = (1 - rho) / (1 + rho)
        var shifts: [Anomaly] = []
        var lastAccepted = 0
        var steps = StepHistory(
            series: deseasonalised, stride: max(1, period / 4), episodeGap: period,
            share: settings.routineShare, recurrences: settings.routineRecurrences)
        let changes = Changepoints.pelt(deseasonalised, penalty: penalty, minimumSegment: period)
        // The two sides of each change, in buffers reused from change to change.
        var before: [Double] = []
        var after: [Double] = []
        var thirds: [Double] = []
        before.reserveCapacity(4 * period)
        after.reserveCapacity(4 * period)
        // A change judged: the level since it (up to `segmentEnd`) against the four periods
        // before it, back to `since` (the last accepted shift) but across changes too small to
        // report: a decline that PELT splits in two is still one step, and a new level is not
        // reported again. nil when it is not a reportable step.
        func judge(_ change: Int, segmentEnd: Int, since lastAccepted: Int) -> Anomaly? {
            before.removeAll(keepingCapacity: true)
            before.append(contentsOf: deseasonalised[max(lastAccepted, change - 4 * period)..<change])
            after.removeAll(keepingCapacity: true)
            after.append(contentsOf: deseasonalised[change..<min(segmentEnd, change + 4 * period)])
            // Medians: a stray point left on either side must not make or hide a step. (Selection
            // reorders the buffers, which only their counts and ranks are needed for afterwards.)
            guard let beforeMean = Descriptive.quantile(reordering: &before, 0.5),
                var afterMean = Descriptive.quantile(reordering: &after, 0.5)
            else {
                return nil
            }
            // Two points after a change (the last days of a series): their median is their mean,
            // which one spike can carry on its own. The nearer of the two stands for the level.
            if after.count < 3, let nearer = afterMean >= beforeMean ? after.min() : after.max() {
                afterMean = nearer
            }
            var spread = max(noise, 0.01 * level)
            if settings.isCount { spread = max(spread, max(beforeMean, 1).squareRoot()) }
            // The median's standard error is √(π/2) times the mean's for normal noise.
            let effectiveBefore = max(1, Double(before.count) * independence)
            let effectiveAfter = max(1, Double(after.count) * independence)
            let standardError =
                Robust.meanAbsoluteDeviationScale * spread * (1 / effectiveBefore + 1 / effectiveAfter).squareRoot()
            let score = abs(afterMean - beforeMean) / standardError
            let relative = abs(afterMean - beforeMean) / max(abs(beforeMean), 1e-12)
            let volume = !settings.isCount || max(afterMean, beforeMean) >= settings.minimumVolume
            // The rank and history checks cost most, so they come last (the guard stops early).
            func separation() -> Double {
                before.sort()
                after.sort()
                let superiority = MannWhitney.probabilityOfSuperiority(sortedFirst: before, sortedSecond: after) ?? 0.5
                return afterMean >= beforeMean ? superiority : 1 - superiority
            }
            // A smooth trend is not a step: the level after must also stand apart from the line
            // the level before was on (Tukey's resistant line: the slope between the medians of
            // the first and last thirds of the level before, O(m) where Theil–Sen is O(m²);
            // extended to the middle of the level after), by the same score and relative
            // change, the same way.
            func beyondTrend() -> Bool {
                let start = max(lastAccepted, change - 4 * period)
                let third = (change - start) / 3
                guard change - start >= 2 * period, third >= 1 else { return true }
                thirds.removeAll(keepingCapacity: true)
                thirds.append(contentsOf: deseasonalised[start..<(start + third)])
                guard let left = Descriptive.quantile(reordering: &thirds, 0.5) else { return true }
                thirds.removeAll(keepingCapacity: true)
                thirds.append(contentsOf: deseasonalised[(change - third)..<change])
                guard let right = Descriptive.quantile(reordering: &thirds, 0.5) else { return true }
                let slope = (right - left) / Double(change - start - third)
                let middleAfter = Double(change - start) + Double(after.count - 1) / 2
                let middleBefore = Double(change - start - 1) / 2
                let drift = slope * (middleAfter - middleBefore)
                let step = afterMean - beforeMean - drift
                return (step > 0) == (afterMean > beforeMean) && abs(step) / standardError >= settings.minimumScore
                    && abs(step) / max(abs(beforeMean), 1e-12) >= settings.minimumRelativeChange
            }
            guard score >= settings.minimumScore, relative >= settings.minimumRelativeChange, volume,
                observed[change] != nil, separation() >= settings.minimumSeparation, beyondTrend(),
                !steps.isRoutine(afterMean - beforeMean, at: change, before: before.count, after: after.count)
            else { return nil }
            return Anomaly(
                index: change, kind: .levelShift, value: afterMean, expected: beforeMean,
                lower: beforeMean - settings.minimumScore * standardError,
                upper: beforeMean + settings.minimumScore * standardError, score: score)
        }
        let n = deseasonalised.count
        // PELT's segments are at least a period long, so a step in the last period cannot be
        // placed where it is: it is pushed back to n − period (a false date), or not found.
        // The last change of a short final segment therefore competes with every start from
        // n − period to n − 2 (two points after: one is a spike) for the place of the step:
        // the one that splits the tail into the two most homogeneous parts (least absolute
        // deviation from each part's median) is judged. Not the best score: a start a day early
        // has more points after it, so a smaller standard error, and would date steps early.
        var settled = changes
        var tailChange: Int?
        if let last = changes.last, last >= n - 2 * period { tailChange = settled.removeLast() }
        var recent = tailChange.map { [$0] } ?? []
        if n - period <= n - 2 { recent += ((n - period)...(n - 2)).filter { $0 != tailChange } }
        for (number, change) in settled.enumerated() {
            let segmentEnd = number + 1 < changes.count ? changes[number + 1] : n
            guard let shift = judge(change, segmentEnd: segmentEnd, since: lastAccepted) else { continue }
            lastAccepted = change
            shifts.append(shift)
        }
        var buffer: [Double] = []
        func spread(_ part: ArraySlice<Double>) -> Double {
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: part)
            guard let median = Descriptive.quantile(reordering: &buffer, 0.5) else { return 0 }
            return part.reduce(0) { $0 + abs($1 - median) }
        }
        /// Of `candidates` after `start`, the one splitting start..<n into the two most
        /// homogeneous parts.
        func bestSplit(_ candidates: [Int], from start: Int) -> Int? {
            candidates.filter { $0 > start }
                .map { ($0, spread(deseasonalised[start..<$0]) + spread(deseasonalised[$0..<n])) }
                .min { $0.1 < $1.1 }?.0
        }
        // Whether a step in the last period also shows against the same slots of earlier periods.
        func seen(_ shift: Anomaly, since: Int) -> Bool {
            shift.index <= n - period || !isSeasonal
                || seenAgainstEarlierPeriods(shift, since: since, observed: observed, period: period)
        }
        if let first = recent.min(), let place = bestSplit(recent, from: max(lastAccepted, first - 4 * period)) {
            // PELT's own change, when the tail's best place is later: a step some days ago and
            // another since (a rollback) are two changes, and the first is judged up to the
            // second. (A step PELT could only place early fails here: between its place and the
            // real one there is no new level.)
            if let tailChange, place > tailChange,
                let shift = judge(tailChange, segmentEnd: place, since: lastAccepted)
            {
                lastAccepted = tailChange
                shifts.append(shift)
            }
            // And a second change after the best place (the same two changes, when the step is
            // the larger): the level since `place` split again, judged against the level from
            // `place`; then `place` is judged up to it.
            let next =
                place + 2 <= n - 2 ? bestSplit(Array((place + 2)...(n - 2)), from: place) : nil
            let second = next.flatMap { judge($0, segmentEnd: n, since: place) }.flatMap {
                seen($0, since: place) ? $0 : nil
            }
            if let shift = judge(place, segmentEnd: second?.index ?? n, since: lastAccepted),
                seen(shift, since: lastAccepted)
            {
                shifts.append(shift)
                if let second { shifts.append(second) }
            }
        }
        return shifts
    }

    /// A series fitted to its baseline: what `detect` judges points against and `expectation`
    /// draws.
    struct Fit {
        /// The values with non-finite ones as nil.
        let observed: [Double?]
        /// `observed` with gaps interpolated.
        let filled: [Double]
        let baseline: Baseline
        /// Trend + season at every point.
        let expected: [Double]
        /// Robust scale of the baseline's residual.
        let residualScale: Double
        /// |median| of the series.
        let level: Double
        let isCount: Bool

        /// The noise scale at `index`: the residual's robust scale, floored at 1% of the level
        /// and, for counts, at the Poisson noise √expected, so that small numbers do not alarm.
        func scale(at index: Int) -> Double {
            var floor = max(residualScale, 0.01 * level)
            if isCount { floor = max(floor, max(expected[index], 1).squareRoot()) }
            return max(floor, 1e-12)
        }
    }

    /// The series fitted to its baseline; nil when there is too little history (see `baseline`).
    func fit(_ values: [Double?]) -> Fit? {
        let observed = values.map { $0.flatMap { $0.isFinite ? $0 : nil } }
        guard let filled = Self.interpolated(observed), let baseline = baseline(filled, observed: observed) else {
            return nil
        }
        let stl = baseline.decomposition
        let expected = (0..<filled.count).map { stl.trend[$0] + stl.seasonal[$0] }
        guard let residualScale = Robust.scale(stl.residual) else { return nil }
        return Fit(
            observed: observed, filled: filled, baseline: baseline, expected: expected, residualScale: residualScale,
            level: abs(Descriptive.median(filled) ?? 0), isCount: settings.isCount)
    }

    /// The expectation a series is judged against, and the window that stands for a period.
    struct Baseline {
        let decomposition: STL
        /// The seasonal period, or without seasonality the smoothing span.
        let window: Int
        let isSeasonal: Bool
    }

    /// Robust STL with the configured period. Without one, a robust LOESS trend (span ≈ 2√n, odd,
    /// at least 7; three bisquare passes) with no seasonal part. A seasonal series with less than
    /// two periods of history gives nil: a drop cannot be told from a weekend yet.
    func baseline(_ filled: [Double], observed: [Double?]) -> Baseline? {
        let known = observed.compactMap { $0 }.count
        let periodicSeason: STL.Periodic? =
            settings.periodicSeason ? (settings.isCount ? .proportional : .additive) : nil
        if let period = settings.period, period >= 2 {
            guard known >= 2 * period,
                let stl = STL.decompose(
                    filled,
                    options: .init(
                        period: period, innerIterations: settings.stlInnerIterations,
                        outerIterations: settings.stlOuterIterations, periodic: periodicSeason))
            else {
                return nil
            }
            return Baseline(decomposition: stl, window: period, isSeasonal: true)
        }
        guard known >= 14 else { return nil }
        var span = max(7, Int((2 * Double(filled.count).squareRoot()).rounded()))
        if span % 2 == 0 { span += 1 }
        var weights: [Double]?
        var trend = STL.loess(filled, span: span, weights: nil)
        for _ in 0..<3 {
            weights = STL.robustnessWeights(filled, fit: trend)
            trend = STL.loess(filled, span: span, weights: weights)
        }
        let residual = zip(filled, trend).map { $0 - $1 }
        let flat = [Double](repeating: 0, count: filled.count)
        return Baseline(
            decomposition: STL(trend: trend, seasonal: flat, residual: residual, weights: weights ?? flat),
            window: span, isSeasonal: false)
    }

    /// Missing values linearly interpolated (held flat at the ends); nil when none is present.
    static func interpolated(_ values: [Double?]) -> [Double]? {
        let known = values.indices.filter { values[$0] != nil }
        guard let first = known.first, let last = known.last else { return nil }
        var result = [Double](repeating: 0, count: values.count)
        for index in values.indices {
            if let value = values[index] {
                result[index] = value
            } else if index < first {
                result[index] = values[first]!
            } else if index > last {
                result[index] = values[last]!
            } else {
                let left = known.last { $0 < index }!
                let right = known.first { $0 > index }!
                let fraction = Double(index - left) / Double(right - left)
                result[index] = values[left]! + fraction * (values[right]! - values[left]!)
            }
        }
        return result
    }
}
