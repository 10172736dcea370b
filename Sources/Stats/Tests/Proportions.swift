/// Comparing two proportions, e.g. a funnel step's conversion this period and last.
public struct TwoProportionTest: Equatable, Sendable {
    public let proportion1: Double
    public let proportion2: Double
    /// proportion1 − proportion2.
    public let difference: Double
    /// z with the pooled standard error (the test of equal proportions).
    public let z: Double
    public let pValue: Double
    /// Wald interval of the difference (unpooled standard error) at the requested level.
    public let confidenceInterval: ClosedRange<Double>

    /// Tests p1 = p2 from successes and trials of two independent samples. Matches statsmodels'
    /// `proportions_ztest([x1, x2], [n1, n2])` and `confint_proportions_2indep(..., method="wald")`.
    /// - Returns: nil when a sample is empty, successes exceed trials, or the pooled proportion is
    ///   0 or 1 (every or no trial succeeded in both: nothing to test).
    public static func test(
        successes1: Double, trials1: Double, successes2: Double, trials2: Double, level: Double = 0.95
    ) -> TwoProportionTest? {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        guard trials1 > 0, trials2 > 0, (0...trials1).contains(successes1), (0...trials2).contains(successes2) else {
            return nil
        }
        let p1 = successes1 / trials1
        let p2 = successes2 / trials2
        let pooled = (successes1 + successes2) / (trials1 + trials2)
        guard pooled > 0, pooled < 1 else { return nil }
        let pooledError = (pooled * (1 - pooled) * (1 / trials1 + 1 / trials2)).squareRoot()
        let z = (p1 - p2) / pooledError
        let waldError = (p1 * (1 - p1) / trials1 + p2 * (1 - p2) / trials2).squareRoot()
        let critical = Normal.quantile(1 - (1 - level) / 2)
        return TwoProportionTest(
            proportion1: p1, proportion2: p2, difference: p1 - p2, z: z, pValue: 2 * Normal.survival(abs(z)),
            confidenceInterval: (p1 - p2 - critical * waldError)...(p1 - p2 + critical * waldError))
    }
}
