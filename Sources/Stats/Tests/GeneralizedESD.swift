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
    /// - Complexity: O(r · n log n) robust, O(r · n) otherwise.
    public static func test(_ values: [Double], maximumOutliers: Int, alpha: Double = 0.05, robust: Bool = true)
        -> GeneralizedESD
    {
        precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1)")
        var remaining = values.indices.filter { values[$0].isFinite }
        let n = remaining.count
        var candidates: [Outlier] = []
        var scratch: [Double] = []
        scratch.reserveCapacity(n)
        var found = 0
        for i in 1...max(1, min(maximumOutliers, n - 3)) where maximumOutliers > 0 && n >= 4 {
            let centre: Double
            let scale: Double
            if robust {
                // Median and MAD through one reused buffer.
                scratch.removeAll(keepingCapacity: true)
                for index in remaining { scratch.append(values[index]) }
                (centre, scale) = Robust.medianAndMAD(reordering: &scratch)!
            } else {
                let sample = remaining.map { values[$0] }
                centre = Descriptive.mean(sample)!
                let squares = sample.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
                scale = (squares / Double(sample.count - 1)).squareRoot()
            }
            guard scale > 0 else { break }
            let position = remaining.indices.max {
                abs(values[remaining[$0]] - centre) < abs(values[remaining[$1]] - centre)
            }!
            let statistic = abs(values[remaining[position]] - centre) / scale
            let critical = ESDCriticalValues.shared.critical(n: n, i: i, alpha: alpha)
            candidates.append(Outlier(index: remaining[position], statistic: statistic, critical: critical))
            if statistic > critical { found = i }
            remaining.remove(at: position)
        }
        return GeneralizedESD(outliers: Array(candidates.prefix(found)))
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
