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
        var a = Descriptive.finite(first)
        var b = Descriptive.finite(second)
        a.sort()
        b.sort()
        return probabilityOfSuperiority(sortedFirst: a, sortedSecond: b)
    }

    /// The same for finite values already sorted ascending: one merge, counting for each value of
    /// `second` the values of `first` below it and, as halves, those equal to it. U is a sum of
    /// halves, exact in floating point, so this equals the rank-sum form to the last bit.
    static func probabilityOfSuperiority(sortedFirst a: [Double], sortedSecond b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        var below = 0
        var notAbove = 0
        var u = 0.0
        for value in b {
            while below < a.count && a[below] < value { below += 1 }
            if notAbove < below { notAbove = below }
            while notAbove < a.count && a[notAbove] <= value { notAbove += 1 }
            u += Double(below) + 0.5 * Double(notAbove - below)
        }
        return u / (Double(a.count) * Double(b.count))
    }
}
