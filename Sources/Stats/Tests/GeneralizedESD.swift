import Synchronization

/// Rosner's generalized extreme Studentized deviate test for up to `maximumOutliers` outliers,
/// with the robust variant of Hochenbaum et al.'s S-H-ESD (median and MAD instead of mean and
/// standard deviation).
public struct GeneralizedESD: Equatable, Sendable {
    public struct Outlier: Equatable, Sendable {
        /// Position in the input.
        public let index: Int
        /// R_i: the candidate's distance from the centre in units of the scale.
        public let statistic: Double
        /// λ_i: the critical value R_i had to exceed.
        public let critical: Double
    }

    /// The outliers found, most extreme first.
    public let outliers: [Outlier]

    /// - Parameters:
    ///   - values: the data, typically the residual of a seasonal decomposition. Non-finite values
    ///     are ignored.
    ///   - maximumOutliers: r, the most outliers to look for (S-H-ESD: a share of n, e.g. 2%).
    ///   - alpha: significance level.
    ///   - robust: median/MAD (S-H-ESD) instead of mean/standard deviation (Rosner).
    /// - Returns: the k most extreme candidates, where k is the largest i with R_i > λ_i,
    ///   λ_i = (n−i)·t_{p, n−i−1} / √((n−i−1+t²)(n−i+1)), p = 1 − α/(2(n−i+1)).
    /// - Complexity: O(n log n + r · n): the robust variant sorts the values once and keeps them
    ///   sorted as candidates leave, so each round's median is read off and its MAD merged outward
    ///   from it, instead of selected twice (a report runs this on every series, twice).
    public static func test(_ values: [Double], maximumOutliers: Int, alpha: Double = 0.05, robust: Bool = true)
        -> GeneralizedESD
    {
        precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1)")
        let finite = values.indices.filter { values[$0].isFinite }
        let n = finite.count
        guard maximumOutliers > 0 && n >= 4 else { return GeneralizedESD(outliers: []) }
        var remaining = robust ? SortedRemainder(values, finite) : nil
        var unsorted = finite
        var candidates: [Outlier] = []
        var found = 0
        for i in 1...max(1, min(maximumOutliers, n - 3)) {
            let extreme: (index: Int, statistic: Double)?
            if remaining != nil {
                extreme = remaining!.removeMostExtreme()
            } else {
                extreme = Self.removeMostExtreme(values, from: &unsorted)
            }
            guard let extreme else { break }
            let critical = ESDCriticalValues.shared.critical(n: n, i: i, alpha: alpha)
            candidates.append(Outlier(index: extreme.index, statistic: extreme.statistic, critical: critical))
            if extreme.statistic > critical { found = i }
        }
        return GeneralizedESD(outliers: Array(candidates.prefix(found)))
    }

    /// Rosner's round: mean and standard deviation of the remaining values, and the one farthest
    /// from the mean (the first in index order on a tie) taken out; nil when they are all equal.
    private static func removeMostExtreme(_ values: [Double], from remaining: inout [Int])
        -> (index: Int, statistic: Double)?
    {
        let sample = remaining.map { values[$0] }
        let centre = Descriptive.mean(sample)!
        let squares = sample.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
        let scale = (squares / Double(sample.count - 1)).squareRoot()
        guard scale > 0 else { return nil }
        let position = remaining.indices.max {
            abs(values[remaining[$0]] - centre) < abs(values[remaining[$1]] - centre)
        }!
        let index = remaining.remove(at: position)
        return (index, abs(values[index] - centre) / scale)
    }
}

/// The values still in a robust ESD, sorted (by value, then position): the median is read off,
/// the MAD is the median of two sorted runs of deviations (below and above the median) merged
/// outward, and the farthest value is at one end. The same order statistics, so the same
/// numbers, as selecting them from the unsorted values each round.
private struct SortedRemainder {
    private var sorted: [(value: Double, index: Int)]

    init(_ values: [Double], _ finite: [Int]) {
        sorted = finite.map { (values[$0], $0) }.sorted { ($0.value, $0.index) < ($1.value, $1.index) }
    }

    /// The candidate of this round, by its distance from the median in MADs (S-H-ESD), removed;
    /// on a tie the first in index order, as a scan of the values in order would pick. Nil when
    /// the MAD is 0.
    mutating func removeMostExtreme() -> (index: Int, statistic: Double)? {
        let count = sorted.count
        let centre = Descriptive.quantile(sortedCount: count, 0.5) { sorted[$0].value }
        let (lower, fraction) = Descriptive.quantilePosition(count: count, 0.5)
        let scale = madAround(centre, rank: lower, fraction: fraction) * Robust.madScale
        guard scale > 0 else { return nil }
        // Distances grow toward both ends: the farthest are a run at the start and one at the end.
        let farthest = max(abs(sorted[0].value - centre), abs(sorted[count - 1].value - centre))
        var position = -1
        var low = 0
        while low < count && abs(sorted[low].value - centre) == farthest {
            if position < 0 || sorted[low].index < sorted[position].index { position = low }
            low += 1
        }
        var high = count - 1
        while high >= low && abs(sorted[high].value - centre) == farthest {
            if position < 0 || sorted[high].index < sorted[position].index { position = high }
            high -= 1
        }
        let removed = sorted.remove(at: position)
        return (removed.index, abs(removed.value - centre) / scale)
    }

    /// The unscaled MAD: the order statistics of rank `rank` and `rank + 1` of |value − centre|
    /// (interpolated by `fraction`), found by merging the deviations below the centre (growing
    /// leftward) with those above it (growing rightward).
    private func madAround(_ centre: Double, rank: Int, fraction: Double) -> Double {
        let count = sorted.count
        // The first value not below the centre starts the right-hand run.
        var right = 0
        while right < count && sorted[right].value < centre { right += 1 }
        var left = right - 1
        func next() -> Double {
            let below = left >= 0 ? abs(sorted[left].value - centre) : .infinity
            let above = right < count ? abs(sorted[right].value - centre) : .infinity
            if below <= above {
                left -= 1
                return below
            }
            right += 1
            return above
        }
        for _ in 0..<rank { _ = next() }
        let lowerValue = next()
        guard fraction > 0 && rank + 1 < count else { return lowerValue }
        return Descriptive.interpolate(lowerValue, next(), fraction)
    }
}

/// λ_i depends only on n, i and α, and a report asks for the same few thousands of times (one
/// window length, three candidates): each is worked out once (a Student-t quantile is the
/// costly part) and kept, for every thread.
final class ESDCriticalValues: Sendable {
    static let shared = ESDCriticalValues()

    private struct Key: Hashable {
        let n: Int
        let i: Int
        let alpha: Double
    }

    private let known = Mutex<[Key: Double]>([:])

    func critical(n: Int, i: Int, alpha: Double) -> Double {
        let key = Key(n: n, i: i, alpha: alpha)
        if let cached = known.withLock({ $0[key] }) { return cached }
        let degrees = Double(n - i - 1)
        let p = 1 - alpha / (2 * Double(n - i + 1))
        let t = StudentT(degreesOfFreedom: degrees).quantile(p)
        let critical = Double(n - i) * t / ((degrees + t * t) * Double(n - i + 1)).squareRoot()
        known.withLock { $0[key] = critical }
        return critical
    }
}
