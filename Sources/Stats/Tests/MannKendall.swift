/// The Mann–Kendall test for a monotonic trend, and its seasonal variant (Hirsch 1982).
public struct MannKendall: Equatable, Sendable {
    /// S = Σ_{i<j} sign(x_j − x_i).
    public let s: Double
    /// Var(S) under no trend, corrected for ties.
    public let variance: Double
    /// (S ∓ 1)/√Var(S): normal approximation with continuity correction.
    public let z: Double
    /// Two-sided p-value.
    public let pValue: Double
    /// Kendall's τ = S / (number of pairs).
    public let tau: Double

    /// The test on `values` in order; non-finite values are dropped (their positions do not
    /// matter to S). Matches `pymannkendall.original_test`.
    /// - Returns: nil for fewer than 3 finite values.
    /// - Complexity: O(n²).
    public static func test(_ values: [Double]) -> MannKendall? {
        let kept = Descriptive.finite(values)
        guard kept.count >= 3 else { return nil }
        let (s, variance) = score(kept)
        let pairs = Double(kept.count * (kept.count - 1)) / 2
        return MannKendall(s: s, variance: variance, pairs: pairs)
    }

    /// The seasonal test: S and Var(S) summed over seasons, where season k holds the values at
    /// positions k, k + period, k + 2·period, … (e.g. every Monday for daily data with period 7).
    /// Matches `pymannkendall.seasonal_test` for series without missing values.
    /// - Returns: nil when no season has 3 finite values.
    public static func seasonalTest(_ values: [Double], period: Int) -> MannKendall? {
        precondition(period >= 1, "period must be at least 1")
        var s = 0.0
        var variance = 0.0
        var pairs = 0.0
        for season in 0..<period {
            let seasonValues = Descriptive.finite(stride(from: season, to: values.count, by: period).map { values[$0] })
            guard seasonValues.count >= 2 else { continue }
            let (seasonS, seasonVariance) = score(seasonValues)
            s += seasonS
            variance += seasonVariance
            pairs += Double(seasonValues.count * (seasonValues.count - 1)) / 2
        }
        guard pairs > 0, variance > 0 else { return nil }
        return MannKendall(s: s, variance: variance, pairs: pairs)
    }

    private init(s: Double, variance: Double, pairs: Double) {
        self.s = s
        self.variance = variance
        let z: Double
        if s > 0 {
            z = (s - 1) / variance.squareRoot()
        } else if s < 0 {
            z = (s + 1) / variance.squareRoot()
        } else {
            z = 0
        }
        self.z = variance > 0 ? z : 0
        pValue = 2 * Normal.survival(abs(self.z))
        tau = s / pairs
    }

    /// S and its tie-corrected variance n(n−1)(2n+5)/18 − Σ t(t−1)(2t+5)/18.
    private static func score(_ values: [Double]) -> (s: Double, variance: Double) {
        var s = 0.0
        for i in values.indices {
            for j in values.indices where j > i {
                s += values[j] > values[i] ? 1 : values[j] < values[i] ? -1 : 0
            }
        }
        let n = Double(values.count)
        // Tied groups are runs of equal values once sorted (each term an integer, so their sum
        // is exact in any order); a dictionary of groups cost an allocation per distinct value.
        let sorted = values.sorted()
        var ties = 0.0
        var run = 1
        for index in sorted.indices {
            if index + 1 < sorted.count && sorted[index + 1] == sorted[index] {
                run += 1
                continue
            }
            let t = Double(run)
            ties += t * (t - 1) * (2 * t + 5)
            run = 1
        }
        return (s, (n * (n - 1) * (2 * n + 5) - ties) / 18)
    }
}
