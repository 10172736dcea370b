/// A straight line y = intercept + slope·x fitted by ordinary least squares.
public struct LinearTrend: Equatable, Sendable {
    public let intercept: Double
    public let slope: Double
    /// Standard error of the slope, √(s² / Σ(x − x̄)²) with s² = RSS / (n − 2); nil when n = 2.
    public let slopeStandardError: Double?
    /// Coefficient of determination, 1 − RSS/TSS; 1 for a perfect fit, 0 when y is constant.
    public let rSquared: Double
    /// Number of points used (finite pairs).
    public let count: Int
    /// Mean of the y values used.
    public let meanY: Double

    /// The fitted value at `x`.
    public func value(at x: Double) -> Double { intercept + slope * x }

    /// Two-sided p-value of the t test of slope = 0 (n − 2 degrees of freedom); nil when n = 2.
    /// 0 for a perfect non-flat fit.
    public var slopePValue: Double? {
        guard let standardError = slopeStandardError else { return nil }
        guard standardError > 0 else { return slope == 0 ? 1 : 0 }
        return StudentT(degreesOfFreedom: Double(count - 2)).twoSidedPValue(slope / standardError)
    }

    /// The `level` confidence interval of the slope, slope ± t(1 − (1 − level)/2, n − 2) · SE;
    /// nil when n = 2.
    /// - Precondition: 0 < level < 1.
    public func slopeConfidenceInterval(level: Double = 0.95) -> ClosedRange<Double>? {
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        guard let standardError = slopeStandardError else { return nil }
        let t = StudentT(degreesOfFreedom: Double(count - 2)).quantile(1 - (1 - level) / 2)
        return (slope - t * standardError)...(slope + t * standardError)
    }

    /// Fits y against x by least squares through LAPACK `dgels`.
    ///
    /// Pairs where either value is NaN or infinite are dropped before fitting, so a missing
    /// observation never pulls the line towards zero.
    ///
    /// - Parameters:
    ///   - y: the observations.
    ///   - x: their positions; `nil` means 0, 1, 2, …
    /// - Returns: nil when fewer than two finite pairs remain, or all x are equal.
    /// - Precondition: `x`, when given, has as many values as `y`.
    /// - Complexity: O(n).
    /// - Tolerance: the coefficients agree with numpy.polyfit to about 1e-12 relative on
    ///   well-conditioned data (x is centred before the fit to keep the problem so).
    public static func fit(_ y: [Double], x: [Double]? = nil) -> LinearTrend? {
        if let x { precondition(x.count == y.count, "x and y differ in length") }
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(y.count)
        ys.reserveCapacity(y.count)
        for index in y.indices {
            let xi = x?[index] ?? Double(index)
            if y[index].isFinite && xi.isFinite {
                xs.append(xi)
                ys.append(y[index])
            }
        }
        guard xs.count >= 2 else { return nil }
        let n = Double(xs.count)
        let meanX = xs.reduce(0, +) / n
        let meanY = ys.reduce(0, +) / n
        let centred = xs.map { $0 - meanX }
        let sxx = centred.reduce(0) { $0 + $1 * $1 }
        guard sxx > 0 else { return nil }

        let design = Matrix(columns: [Array(repeating: 1, count: xs.count), centred])
        guard let solution = try? LeastSquares.solve(design: design, observations: ys) else {
            return nil
        }
        let slope = solution.coefficients[1]
        let intercept = solution.coefficients[0] - slope * meanX
        let rss = solution.residualSumOfSquares
        let tss = ys.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        let rSquared = tss > 0 ? max(0, 1 - rss / tss) : 0
        let standardError = xs.count > 2 ? (rss / (n - 2) / sxx).squareRoot() : nil
        return LinearTrend(
            intercept: intercept, slope: slope, slopeStandardError: standardError,
            rSquared: rSquared, count: xs.count, meanY: meanY)
    }
}
