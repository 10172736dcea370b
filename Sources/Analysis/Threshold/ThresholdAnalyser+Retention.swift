import PostHog
import Stats

extension ThresholdAnalyser {
    /// Retention at fixed ages: the size-weighted rate over all cohorts, and the newest cohorts
    /// against the earlier ones at the same age. Cells that are not complete are left out.
    func analyse(_ matrix: RetentionMatrix, _ context: Context) -> ([MetricSummary], [Finding]) {
        var rows: [MetricSummary] = []
        var findings: [Finding] = []
        let periodName = matrix.period.rawValue.capitalized
        for age in settings.retentionAges {
            let observed = matrix.cohorts.compactMap { cohort -> (label: String, size: Double, kept: Double)? in
                guard let size = cohort.size, size > 0, cohort.cells.count > age, let kept = cohort.cells[age] else {
                    return nil
                }
                return (cohort.label, size, kept)
            }
            guard !observed.isEmpty else { continue }
            let series = "\(periodName) \(age) retention"
            let overall = rate(observed)
            let recent = observed.suffix(3)
            let earlier = observed.dropLast(3)
            guard earlier.count >= 2, let recentRate = rate(recent), let earlierRate = rate(earlier) else {
                rows.append(context.summary(series: series, value: overall, unit: "percent"))
                continue
            }
            let change = Descriptive.relativeChange(from: earlierRate, to: recentRate)
            rows.append(
                context.summary(
                    series: series, period: recent.last?.label, value: recentRate, previous: earlierRate,
                    change: change,
                    comparison: "earlier cohorts", unit: "percent"))
            if let change, let severity = settings.severity(ofChange: change) {
                findings.append(
                    context.finding(
                        .retention, series: series, key: matrix.key(age: age), date: recent.last!.label,
                        value: recentRate, expected: earlierRate, change: change, severity: severity,
                        comparison: "cohorts before \(recent.first!.label) at the same age", unit: "percent",
                        detail: .retentionGap(.init(age: age, recentCohorts: recent.count))))
            }
        }
        return (rows, findings)
    }

    /// Size-weighted retention of some cohorts, in percent.
    private func rate<C: Collection>(_ cohorts: C) -> Double?
    where C.Element == (label: String, size: Double, kept: Double) {
        let size = cohorts.reduce(0) { $0 + $1.size }
        return size > 0 ? 100 * cohorts.reduce(0) { $0 + $1.kept } / size : nil
    }
}
