/// The Mann–Whitney U statistic as an effect size.
public enum MannWhitney {
    /// P(a value of `second` exceeds a value of `first`) + ½ P(tie) over all pairs: the
    /// common-language effect size (the AUC), U₂ / (n₁ n₂). 1 means every value of `second` lies
    /// above every value of `first`, 0.5 means the two overlap as if drawn from one distribution.
    /// Non-finite values are dropped. Matches `scipy.stats.mannwhitneyu(second, first).statistic
    /// / (n₁ n₂)`.
    /// - Returns: nil when either side has no finite value.
    /// - Complexity: O((n₁ + n₂) log(n₁ + n₂)).
    public static func probabilityOfSuperiority(_ first: [Double], _ second: [Double]) -> Double? {
        let a = Descriptive.finite(first)
        let b = Descriptive.finite(second)
        guard !a.isEmpty, !b.isEmpty else { return nil }
        // Rank sum of `second` in the pooled sample, with average ranks for ties.
        let pooled = (a.map { ($0, false) } + b.map { ($0, true) }).sorted { $0.0 < $1.0 }
        var rankSum = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for index in start...end where pooled[index].1 { rankSum += averageRank }
            start = end + 1
        }
        let n2 = Double(b.count)
        let u = rankSum - n2 * (n2 + 1) / 2
        return u / (Double(a.count) * n2)
    }
}
