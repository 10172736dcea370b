import Foundation
import PostHog
import Stats

extension StatisticalAnalyser {
    /// What each breakdown value added to a spike, dip or level shift of their total, so that
    /// the contributions add up to the finding's change (value − expected) exactly.
    ///
    /// - A spike or dip on day t: each value's contribution is its value that day minus its
    ///   expected value, the expectation the detector fits to that value's own series (robust
    ///   STL). Robust fits do not add up, so the values' expectations are scaled to add up to the
    ///   total's (proportional, "top-down" reconciliation): E_i = E_total · Ê_i / Σ Ê_j.
    /// - A level shift from day t: each value's mean level (deseasonalised by its own fit) over
    ///   the four periods from t against the four before, each side scaled the same way to the
    ///   total's levels after and before.
    ///
    /// Empty when a value has too little history for a fit, or its expectations do not add up to
    /// something positive.
    /// - Parameter periods: the period labels of the window the detector ran on.
    func contributions(
        to anomaly: AnomalyDetector.Anomaly, of total: BreakdownTotal, periods: [String], detector: AnomalyDetector
    ) -> [FindingDetail.Contribution] {
        let windows = total.memberValues(periods)
        let fits = windows.compactMap(detector.expectation)
        let t = anomaly.index
        guard fits.count == windows.count, windows.allSatisfy({ $0[t] != nil }) else { return [] }
        /// `target` split over the members in proportion to `levels` (negative levels count as 0).
        func reconciled(_ levels: [Double], to target: Double) -> [Double]? {
            guard levels.allSatisfy(\.isFinite) else { return nil }
            let kept = levels.map { max(0, $0) }
            let sum = kept.reduce(0, +)
            guard sum > 0, sum.isFinite else { return nil }
            return kept.map { target * $0 / sum }
        }
        let changes: [Double]?
        if anomaly.kind == .levelShift {
            let period = detector.settings.period ?? 7
            /// A member's mean deseasonalised value over `range`; NaN when it has none there.
            func level(_ member: Int, _ range: Range<Int>) -> Double {
                let kept = range.compactMap { index in windows[member][index].map { $0 - fits[member].seasonal[index] }
                }
                return Descriptive.mean(kept) ?? .nan
            }
            let after = max(0, t)..<min(periods.count, t + 4 * period)
            let before = max(0, t - 4 * period)..<t
            let levelsAfter = windows.indices.map { level($0, after) }
            let levelsBefore = windows.indices.map { level($0, before) }
            if let afterShares = reconciled(levelsAfter, to: anomaly.value),
                let beforeShares = reconciled(levelsBefore, to: anomaly.expected)
            {
                changes = zip(afterShares, beforeShares).map { $0 - $1 }
            } else {
                changes = nil
            }
        } else {
            changes = reconciled(fits.map { $0.expected[t] }, to: anomaly.expected).map { expected in
                windows.indices.map { (windows[$0][t] ?? 0) - expected[$0] }
            }
        }
        return changes.map { total.contributions($0) } ?? []
    }
}

extension StatisticalAnalyser {
    /// Why the pooled overall conversion of a broken-down funnel changed between two periods.
    ///
    /// - `split`: the change in percentage points, split into mix (the values' shares of entrants
    ///   moved) and rate (the values converted differently), by the midpoint decomposition
    ///   ΔR = Σ Δsᵢ · r̄ᵢ + Σ s̄ᵢ · Δrᵢ (`RateDecomposition.mixRate`), with the value whose share
    ///   moved the rate most the mix's way.
    /// - `cell`: the value and step whose term is the largest of the change's sign. Each value's
    ///   rate term s̄ᵢ · Δrᵢ is split over its steps by LMDI on the product of step rates
    ///   (`RateDecomposition.productChange`): s̄ᵢ · L(rᵢ₀, rᵢ₁) · ln(step ratio), so that the
    ///   cells of a value add up to its rate term, and all cells plus the mix to the change. A
    ///   value without a step rate in either period (a zero count) has no cells.
    ///
    /// Values are matched across periods by their raw breakdown value; one that is new or gone
    /// enters through the mix alone.
    func funnelRootCause(_ funnels: [Funnel], previous: [Funnel]) -> (
        split: FindingDetail.MixRateSplit?, cell: FindingDetail.SegmentStep?
    ) {
        guard let stepCount = funnels.first?.steps.count,
            (funnels + previous).allSatisfy({ $0.steps.count == stepCount })
        else { return (nil, nil) }
        var keys: [String?] = []
        for funnel in funnels + previous where !keys.contains(funnel.breakdownKey) { keys.append(funnel.breakdownKey) }
        let now = keys.map { key in funnels.first { $0.breakdownKey == key } }
        let then = keys.map { key in previous.first { $0.breakdownKey == key } }
        func entrants(_ funnel: Funnel?) -> Double { funnel?.steps[0].count ?? 0 }
        func rate(_ funnel: Funnel?) -> Double {
            guard let funnel, funnel.steps[0].count > 0 else { return .nan }
            return funnel.steps[stepCount - 1].count / funnel.steps[0].count
        }
        guard
            let decomposition = RateDecomposition.mixRate(
                weightsBefore: then.map(entrants), ratesBefore: then.map(rate), weightsAfter: now.map(entrants),
                ratesAfter: now.map(rate))
        else { return (nil, nil) }
        let change = decomposition.change
        var split = FindingDetail.MixRateSplit(mix: 100 * decomposition.mix, rate: 100 * decomposition.rate)
        if let moved = keys.indices.filter({ decomposition.mixTerms[$0].sign == decomposition.mix.sign })
            .max(by: { abs(decomposition.mixTerms[$0]) < abs(decomposition.mixTerms[$1]) }),
            decomposition.mix != 0
        {
            split.mixValue = (now[moved] ?? then[moved])?.breakdown ?? "(no value)"
            split.mixValueShareChange = 100 * decomposition.shareChanges[moved]
        }
        var cell: FindingDetail.SegmentStep?
        for index in keys.indices {
            guard let current = now[index], let earlier = then[index] else { continue }
            func stepRates(_ funnel: Funnel) -> [Double] {
                (1..<stepCount).map { funnel.steps[$0].count / funnel.steps[$0 - 1].count }
            }
            guard let terms = RateDecomposition.productChange(before: stepRates(earlier), after: stepRates(current))
            else { continue }
            let totalBefore = previous.reduce(0) { $0 + entrants($1) }
            let totalNow = funnels.reduce(0) { $0 + entrants($1) }
            let share = (entrants(earlier) / totalBefore + entrants(current) / totalNow) / 2
            for (offset, term) in terms.enumerated() {
                let points = 100 * share * term
                guard change != 0, points.sign == change.sign, abs(points) > abs(cell?.change ?? 0) else { continue }
                let step = offset + 1
                cell = FindingDetail.SegmentStep(
                    segment: current.breakdown ?? "(no value)", seriesKey: current.key(step: String(step)), step: step,
                    fromStep: current.steps[step - 1].name, toStep: current.steps[step].name, change: points,
                    share: points / (100 * change))
            }
        }
        return (split, cell)
    }
}
