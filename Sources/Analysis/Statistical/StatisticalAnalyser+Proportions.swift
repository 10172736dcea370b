import Foundation
import PostHog
import Stats

extension StatisticalAnalyser {
    /// Each breakdown value's step conversion against all other values, by a two-proportion
    /// z-test; reported when significant and at least `funnelGap` apart.
    func funnelGaps(_ funnels: [Funnel], _ context: AnalysisContext) -> [Finding] {
        guard funnels.count > 1, let stepCount = funnels.first?.steps.count, stepCount >= 2 else { return [] }
        let names = funnels[0].steps.map(\.name)
        var findings: [Finding] = []
        for funnel in funnels where funnel.steps.count == stepCount {
            let label = funnel.breakdown ?? "(no value)"
            for step in 1..<stepCount {
                let others = funnels.filter { $0.breakdown != funnel.breakdown && $0.steps.count == stepCount }
                let enteredOthers = others.reduce(0) { $0 + $1.steps[step - 1].count }
                let convertedOthers = others.reduce(0) { $0 + $1.steps[step].count }
                guard
                    let test = TwoProportionTest.test(
                        successes1: funnel.steps[step].count, trials1: funnel.steps[step - 1].count,
                        successes2: convertedOthers, trials2: enteredOthers),
                    test.pValue < settings.significance,
                    let gap = Descriptive.relativeChange(from: test.proportion2, to: test.proportion1),
                    abs(gap) >= thresholds.funnelGap
                else { continue }
                findings.append(
                    context.finding(
                        .funnel, series: "\(names[step - 1]) → \(names[step]) · \(label)",
                        key: funnel.key(step: String(step)), date: context.insight.asOfDay,
                        value: 100 * test.proportion1, expected: 100 * test.proportion2, change: gap,
                        severity: abs(gap) >= thresholds.criticalChange ? .critical : .warning,
                        comparison: "all other values", unit: "percent",
                        detail: .funnelStepGap(
                            .init(
                                step: step, fromStep: names[step - 1], toStep: names[step], pValue: test.pValue,
                                z: test.z))))
            }
        }
        return findings
    }

    /// Overall conversion of each funnel (and breakdown value) against the preceding window of
    /// equal length: a two-proportion z-test with the confidence interval of the difference, and
    /// the step that explains most of the change. Overall conversion is the product of the step
    /// rates, so log(overall ratio) = Σ log(step ratio): the step with the largest term of the
    /// change's sign carries most of it. A funnel with two or more breakdown values is also
    /// tested pooled over its values (keyed `step=all;total=b`), and that change is split into
    /// mix and rate and traced to a value and step (`funnelRootCause`).
    func funnelChanges(_ funnels: [Funnel], previous: [Funnel], _ context: AnalysisContext) -> [Finding] {
        var findings: [Finding] = []
        for funnel in funnels {
            guard let before = previous.first(where: { $0.breakdown == funnel.breakdown }),
                let finding = funnelChange(
                    funnel, before: before, series: "Overall conversion\(funnel.breakdown.map { " · \($0)" } ?? "")",
                    key: funnel.key(step: "all"), context)
            else { continue }
            findings.append(finding)
        }
        if funnels.count >= 2, let pooled = Funnel.pooled(funnels), let pooledBefore = Funnel.pooled(previous),
            let finding = funnelChange(
                pooled, before: pooledBefore, series: "Overall conversion",
                key: SeriesKey([.init("step", "all"), .init("total", "b")]), context,
                segments: (funnels, previous))
        {
            findings.append(finding)
        }
        return findings
    }

    /// The change of one funnel's overall conversion, when significant and large enough.
    /// - Parameter segments: for a funnel pooled over breakdown values, the values in each period.
    private func funnelChange(
        _ funnel: Funnel, before: Funnel, series: String, key: SeriesKey, _ context: AnalysisContext,
        segments: (current: [Funnel], previous: [Funnel])? = nil
    ) -> Finding? {
        guard before.steps.count == funnel.steps.count, funnel.steps.count >= 2,
            let first = funnel.steps.first, let last = funnel.steps.last,
            let firstBefore = before.steps.first, let lastBefore = before.steps.last,
            let test = TwoProportionTest.test(
                successes1: last.count, trials1: first.count, successes2: lastBefore.count,
                trials2: firstBefore.count),
            test.pValue < settings.significance,
            let change = Descriptive.relativeChange(from: test.proportion2, to: test.proportion1),
            abs(change) >= settings.minimumEffect
        else { return nil }
        var explaining: (index: Int, term: Double)?
        for index in 1..<funnel.steps.count {
            let now = funnel.steps[index].count / max(funnel.steps[index - 1].count, 1)
            let then = before.steps[index].count / max(before.steps[index - 1].count, 1)
            guard now > 0, then > 0 else { continue }
            let term = log(now / then)
            if term.sign == change.sign, abs(term) > abs(explaining?.term ?? 0) { explaining = (index, term) }
        }
        var comparison = "previous period"
        var detail = FindingDetail.FunnelChange(
            pValue: test.pValue, confidenceLow: 100 * test.confidenceInterval.lowerBound,
            confidenceHigh: 100 * test.confidenceInterval.upperBound)
        let names = funnel.steps.map(\.name)
        if let explaining {
            detail.explainingStep = explaining.index
            detail.explainingFrom = names[explaining.index - 1]
            detail.explainingTo = names[explaining.index]
            detail.explainingShare = explaining.term / log(test.proportion1 / test.proportion2)
        }
        if let segments {
            let cause = funnelRootCause(segments.current, previous: segments.previous)
            detail.split = cause.split
            detail.explainingSegment = cause.cell
        }
        if let cell = detail.explainingSegment {
            comparison += "; most of the change at \(cell.fromStep) → \(cell.toStep) for \(cell.segment)"
        } else if let from = detail.explainingFrom, let to = detail.explainingTo {
            comparison += "; most of the change at \(from) → \(to)"
        }
        return context.finding(
            .funnel, series: series, key: key, date: context.insight.asOfDay, value: 100 * test.proportion1,
            expected: 100 * test.proportion2, change: change,
            severity: abs(change) >= thresholds.criticalChange ? .critical : .warning, comparison: comparison,
            unit: "percent", detail: .funnelChange(detail))
    }

    /// The newest cohorts against the earlier ones at the same age (two-proportion z-test on
    /// retained/cohort size), and the power-law decay of the size-weighted retention curve.
    func retention(_ matrix: RetentionMatrix, _ context: AnalysisContext) -> [Finding] {
        var findings: [Finding] = []
        let periodName = matrix.period.rawValue.capitalized
        let decay = decayCurve(matrix)
        for age in thresholds.retentionAges {
            let observed = matrix.cohorts.compactMap { cohort -> (label: String, size: Double, kept: Double)? in
                guard let size = cohort.size, size > 0, cohort.cells.count > age, let kept = cohort.cells[age] else {
                    return nil
                }
                return (cohort.label, size, kept)
            }
            let recent = observed.suffix(3)
            let earlier = observed.dropLast(3)
            guard earlier.count >= 2, let newest = recent.last, let oldestRecent = recent.first,
                let test = TwoProportionTest.test(
                    successes1: recent.reduce(0) { $0 + $1.kept }, trials1: recent.reduce(0) { $0 + $1.size },
                    successes2: earlier.reduce(0) { $0 + $1.kept }, trials2: earlier.reduce(0) { $0 + $1.size }),
                test.pValue < settings.significance,
                let change = Descriptive.relativeChange(from: test.proportion2, to: test.proportion1),
                abs(change) >= settings.minimumEffect
            else { continue }
            var detail = FindingDetail.RetentionGap(age: age, recentCohorts: recent.count, pValue: test.pValue)
            if let decay {
                detail.decayExponent = decay.exponent
                // Where the curve is heading: the fitted power law at twice the oldest observed age.
                let horizon = Double(2 * max(age, (matrix.cohorts.map(\.cells.count).max() ?? 1) - 1))
                detail.projectedAge = horizon
                detail.projectedRetention = 100 * decay.scale * pow(horizon, -decay.exponent)
            }
            findings.append(
                context.finding(
                    .retention, series: "\(periodName) \(age) retention", key: matrix.key(age: age),
                    date: newest.label, value: 100 * test.proportion1,
                    expected: 100 * test.proportion2, change: change,
                    severity: abs(change) >= thresholds.criticalChange ? .critical : .warning,
                    comparison: "cohorts before \(oldestRecent.label) at the same age", unit: "percent",
                    detail: .retentionGap(detail)))
        }
        return findings
    }

    /// retention(age) ≈ a · age^(−b), fitted by least squares on log–log (LAPACK dgels) over the
    /// size-weighted curve at ages ≥ 1. nil with fewer than three usable ages.
    func decayCurve(_ matrix: RetentionMatrix) -> (scale: Double, exponent: Double)? {
        let ages = (matrix.cohorts.map(\.cells.count).max() ?? 0)
        var logAges: [Double] = []
        var logRates: [Double] = []
        for age in stride(from: 1, to: ages, by: 1) {
            var size = 0.0
            var kept = 0.0
            for cohort in matrix.cohorts {
                guard let cohortSize = cohort.size, cohort.cells.count > age, let cell = cohort.cells[age] else {
                    continue
                }
                size += cohortSize
                kept += cell
            }
            guard size > 0, kept > 0 else { continue }
            logAges.append(log(Double(age)))
            logRates.append(log(kept / size))
        }
        guard logAges.count >= 3, let fit = LinearTrend.fit(logRates, x: logAges) else { return nil }
        return (exp(fit.intercept), -fit.slope)
    }

    /// A breakdown value whose share of the total moved between the last 7 complete periods and
    /// the 28 before, even when the total did not (chi-square test of the whole table, then a
    /// Benjamini–Hochberg-controlled two-proportion test per value at a tenth of the usual level,
    /// since every value of every breakdown is tested each day). Shares are taken within one
    /// measure: the values of one query series, SQL column or compare period (the series whose
    /// keys differ only in `b`), never across two of them. A series built without a key (its
    /// name stands in) belongs to its insight's one measure.
    func mixShift(_ series: [TimeSeries], _ context: AnalysisContext) -> [Finding] {
        let broken = series.filter { $0.breakdown != nil && $0.isCount && $0.interval == .day }
        let measures = Dictionary(grouping: broken, by: BreakdownTotal.measureKey)
        return measures.keys.sorted().flatMap { mixShift(within: measures[$0] ?? [], context) }
    }

    /// The mix-shift test among the breakdown values of one measure.
    private func mixShift(within broken: [TimeSeries], _ context: AnalysisContext) -> [Finding] {
        guard broken.count >= 2 else { return [] }
        func total(_ item: TimeSeries, _ range: Range<Int>) -> Double {
            let complete = item.completePoints
            guard complete.count >= 35 else { return .nan }
            let slice = complete[(complete.count - 35)..<complete.count]
            return Descriptive.sum(Array(slice)[range].map { $0.value ?? .nan })
        }
        let recent = broken.map { total($0, 28..<35) }
        let before = broken.map { total($0, 0..<28) }
        guard recent.allSatisfy(\.isFinite), before.allSatisfy(\.isFinite) else { return [] }
        let recentTotal = recent.reduce(0, +)
        let beforeTotal = before.reduce(0, +)
        guard recentTotal > 0, beforeTotal > 0 else { return [] }
        // Chi-square test of homogeneity of the 2 × k table.
        var chiSquare = 0.0
        let grand = recentTotal + beforeTotal
        for index in broken.indices {
            let column = recent[index] + before[index]
            for (observed, rowTotal) in [(recent[index], recentTotal), (before[index], beforeTotal)] {
                let expected = rowTotal * column / grand
                if expected > 0 { chiSquare += (observed - expected) * (observed - expected) / expected }
            }
        }
        let overall = ChiSquared(degreesOfFreedom: Double(broken.count - 1)).survival(chiSquare)
        guard overall < settings.significance else { return [] }
        let tests = broken.indices.map { index in
            TwoProportionTest.test(
                successes1: recent[index], trials1: recentTotal, successes2: before[index], trials2: beforeTotal)
        }
        let adjusted = MultipleTesting.benjaminiHochberg(tests.map { $0?.pValue ?? .nan })
        var findings: [Finding] = []
        for index in broken.indices {
            guard let test = tests[index], adjusted[index] < settings.significance / 10,
                let change = Descriptive.relativeChange(from: test.proportion2, to: test.proportion1),
                abs(change) >= 2 * settings.minimumEffect,
                max(recent[index], before[index] / 4) >= thresholds.minimumVolume,
                let last = broken[index].completePoints.last
            else { continue }
            let firstRecent = broken[index].completePoints.suffix(7).first?.period ?? last.period
            findings.append(
                context.finding(
                    .change, series: "\(broken[index].name): share of total", key: broken[index].key,
                    date: last.period, period: "\(firstRecent)..\(last.period)", value: 100 * test.proportion1,
                    expected: 100 * test.proportion2, change: change, severity: .warning,
                    comparison: "28 days before", unit: "percent",
                    detail: .mixShift(.init(pValue: adjusted[index], chiSquarePValue: overall))))
        }
        return findings
    }
}

extension Funnel {
    /// Everyone: the step counts summed over breakdown values; nil when there are none or their
    /// steps differ in number.
    static func pooled(_ funnels: [Funnel]) -> Funnel? {
        guard let first = funnels.first, first.steps.count >= 2,
            funnels.allSatisfy({ $0.steps.count == first.steps.count })
        else { return nil }
        let steps = first.steps.indices.map { index in
            FunnelStep(name: first.steps[index].name, count: funnels.reduce(0) { $0 + $1.steps[index].count })
        }
        return Funnel(steps: steps)
    }

    /// The key of a funnel step (`"1"`, `"2"`, ...) or of the whole funnel (`"all"`) for this
    /// breakdown value.
    func key(step: String) -> SeriesKey {
        SeriesKey([.init("step", step)] + (breakdownKey.map { [.init("b", $0)] } ?? []))
    }
}

extension RetentionMatrix {
    /// The key of retention at `age` periods.
    func key(age: Int) -> SeriesKey { SeriesKey([.init("age", String(age))]) }
}
