/// Theil–Sen regression: the median of all pairwise slopes, robust to up to ~29% outliers.
public struct TheilSen: Equatable, Sendable {
    public let slope: Double
    /// median(y) − slope · median(x).
    public let intercept: Double
    /// Sen's (1968) distribution-free confidence interval of the slope.
    public let lowerSlope: Double
    public let upperSlope: Double

    /// Fits y against x (0, 1, 2, … when nil), ignoring pairs where either is not finite.
    ///
    /// Matches `scipy.stats.theilslopes(y, x, alpha=level)` (method "separate"): slopes over pairs
    /// with x_j > x_i; the interval takes order statistics of the sorted slopes at
    /// (N ± z·σ)/2 with σ² from Sen's eq. 2.6 (ties in x and y corrected), rounded half to even
    /// as numpy does.
    /// - Returns: nil when no two points have different x.
    /// - Complexity: O(n² log n) time, O(n²) memory; meant for dashboard-length series (n ≤ ~2,000).
    public static func fit(_ y: [Double], x: [Double]? = nil, level: Double = 0.95) -> TheilSen? {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        let (xs, ys) = finitePoints(y, x: x)
        var slopes = pairwiseSlopes(xs, ys)
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let slope = Descriptive.median(slopes)!
        let intercept = Descriptive.median(ys)! - slope * Descriptive.median(xs)!

        let z = -Normal.quantile((1 - level) / 2)
        let n = Double(ys.count)
        func tieTerm(_ values: [Double]) -> Double {
            Dictionary(grouping: values, by: { $0 }).values.reduce(0) { total, group in
                let k = Double(group.count)
                return k > 1 ? total + k * (k - 1) * (2 * k + 5) : total
            }
        }
        let variance = (n * (n - 1) * (2 * n + 5) - tieTerm(xs) - tieTerm(ys)) / 18
        let sigma = max(variance, 0).squareRoot()
        let total = Double(slopes.count)
        let upper = min(Int(((total + z * sigma) / 2).rounded(.toNearestOrEven)), slopes.count - 1)
        let lower = max(Int(((total - z * sigma) / 2).rounded(.toNearestOrEven)) - 1, 0)
        return TheilSen(slope: slope, intercept: intercept, lowerSlope: slopes[lower], upperSlope: slopes[upper])
    }

    /// The slope and intercept of `fit`, the same numbers, without the confidence interval: the
    /// median slope is selected rather than every slope sorted (a trend test on each of a
    /// project's thousands of series needs only the line).
    public static func line(_ y: [Double], x: [Double]? = nil) -> (slope: Double, intercept: Double)? {
        let (xs, ys) = finitePoints(y, x: x)
        let slopes = pairwiseSlopes(xs, ys)
        guard let slope = Descriptive.median(slopes) else { return nil }
        return (slope, Descriptive.median(ys)! - slope * Descriptive.median(xs)!)
    }

    /// The points where both coordinates are finite (x: 0, 1, 2, … when nil).
    private static func finitePoints(_ y: [Double], x: [Double]?) -> (xs: [Double], ys: [Double]) {
        var xs: [Double] = []
        var ys: [Double] = []
        for index in y.indices {
            let xi = x?[index] ?? Double(index)
            if y[index].isFinite && xi.isFinite {
                xs.append(xi)
                ys.append(y[index])
            }
        }
        return (xs, ys)
    }

    /// (y_j − y_i)/(x_j − x_i) over pairs with x_j > x_i.
    private static func pairwiseSlopes(_ xs: [Double], _ ys: [Double]) -> [Double] {
        var slopes: [Double] = []
        slopes.reserveCapacity(xs.count * max(0, xs.count - 1) / 2)
        for i in xs.indices {
            for j in xs.indices where xs[j] > xs[i] {
                slopes.append((ys[j] - ys[i]) / (xs[j] - xs[i]))
            }
        }
        return slopes
    }
}
