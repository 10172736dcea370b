/// Seasonal-trend decomposition by LOESS (Cleveland, Cleveland, McRae & Terpenning, 1990):
/// y = trend + seasonal + residual.
///
/// Implemented as the paper's algorithm, with statsmodels' defaults for the smoothing spans,
/// so results agree with `statsmodels.tsa.seasonal.STL` (checked to 1e-9 relative in the tests).
/// The robust variant down-weights outliers (bisquare weights on residuals, 15 outer passes), so
/// that an anomaly stays in the residual instead of bending the trend and season towards itself,
/// which is what anomaly detection needs.
public struct STL: Sendable {
    public let trend: [Double]
    public let seasonal: [Double]
    public let residual: [Double]
    /// Robustness weight of each point (all 1 without `robust`): near 0 marks an outlier.
    public let weights: [Double]

    /// Smoothing settings; nil spans take statsmodels' defaults.
    public struct Options: Sendable, Equatable {
        public var period: Int
        /// Span of the cycle-subseries smoother, odd, ≥ 3.
        public var seasonal: Int
        public var trend: Int?
        public var lowPass: Int?
        public var robust: Bool

        public init(period: Int, seasonal: Int = 7, trend: Int? = nil, lowPass: Int? = nil, robust: Bool = true) {
            self.period = period
            self.seasonal = seasonal
            self.trend = trend
            self.lowPass = lowPass
            self.robust = robust
        }
    }

    /// Decomposes `values` (finite, evenly spaced) with seasonal period `options.period`.
    /// - Returns: nil when the series is shorter than two periods, has non-finite values, or the
    ///   period is below 2: callers fall back to a simpler baseline.
    /// - Complexity: O(n · (span lengths) · iterations); a year of daily data takes microseconds.
    public static func decompose(_ values: [Double], options: Options) -> STL? {
        let n = values.count
        let period = options.period
        guard period >= 2, n >= 2 * period, values.allSatisfy(\.isFinite) else { return nil }
        let seasonalSpan = odd(max(3, options.seasonal))
        let trendSpan = odd(
            max(3, options.trend ?? Int((1.5 * Double(period) / (1 - 1.5 / Double(seasonalSpan))).rounded(.up))))
        let lowPassSpan = odd(max(3, options.lowPass ?? period + 1))
        let inner = options.robust ? 2 : 5
        let outer = options.robust ? 15 : 0

        var trend = [Double](repeating: 0, count: n)
        var seasonal = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 1, count: n)
        var useWeights = false
        for pass in 0...outer {
            for _ in 0..<inner {
                let detrended = zip(values, trend).map { $0 - $1 }
                let cycle = cycleSubseries(
                    detrended, period: period, span: seasonalSpan, weights: useWeights ? weights : nil)
                let lowPass = loess(
                    movingAverage(movingAverage(movingAverage(cycle, period), period), 3), span: lowPassSpan,
                    weights: nil)
                for i in 0..<n { seasonal[i] = cycle[period + i] - lowPass[i] }
                let deseasonalised = zip(values, seasonal).map { $0 - $1 }
                trend = loess(deseasonalised, span: trendSpan, weights: useWeights ? weights : nil)
            }
            if pass < outer {
                weights = robustnessWeights(values, fit: zip(trend, seasonal).map { $0 + $1 })
                useWeights = true
            }
        }
        if outer == 0 { weights = [Double](repeating: 1, count: n) }
        let residual = (0..<n).map { values[$0] - trend[$0] - seasonal[$0] }
        return STL(trend: trend, seasonal: seasonal, residual: residual, weights: weights)
    }

    private static func odd(_ value: Int) -> Int { value % 2 == 0 ? value + 1 : value }

    /// Bisquare weights on |residual| / (6 · median |residual|).
    static func robustnessWeights(_ values: [Double], fit: [Double]) -> [Double] {
        let residuals = zip(values, fit).map { abs($0 - $1) }
        let h = 6 * (Descriptive.median(residuals) ?? 0)
        return residuals.map { r in
            if r <= 0.001 * h { return 1 }
            if r <= 0.999 * h {
                let u = r / h
                return (1 - u * u) * (1 - u * u)
            }
            return 0
        }
    }

    /// Smooths each cycle-subseries (all Mondays, all Tuesdays, ...) and extends it by one
    /// period at each end; the result has n + 2·period values.
    static func cycleSubseries(_ values: [Double], period: Int, span: Int, weights: [Double]?) -> [Double] {
        let n = values.count
        var result = [Double](repeating: 0, count: n + 2 * period)
        // One buffer per role, reused by every phase.
        var series: [Double] = []
        var seriesWeights: [Double] = []
        series.reserveCapacity(n / period + 1)
        seriesWeights.reserveCapacity(weights == nil ? 0 : n / period + 1)
        for phase in 0..<period {
            series.removeAll(keepingCapacity: true)
            seriesWeights.removeAll(keepingCapacity: true)
            for index in stride(from: phase, to: n, by: period) {
                series.append(values[index])
                if let weights { seriesWeights.append(weights[index]) }
            }
            let phaseWeights = weights == nil ? nil : seriesWeights
            let k = series.count
            let smoothed = loess(series, span: span, weights: phaseWeights)
            // Extrapolate one step before the first and after the last point of the subseries.
            result[phase] =
                localFit(series, span: span, at: 0, left: 1, right: min(span, k), weights: phaseWeights) ?? smoothed[0]
            for m in 0..<k { result[(m + 1) * period + phase] = smoothed[m] }
            result[(k + 1) * period + phase] =
                localFit(
                    series, span: span, at: Double(k + 1), left: max(1, k - span + 1), right: k, weights: phaseWeights)
                ?? smoothed[k - 1]
        }
        return result
    }

    /// Moving average of width `width`: n − width + 1 values.
    static func movingAverage(_ values: [Double], _ width: Int) -> [Double] {
        guard values.count >= width else { return [] }
        var result = [Double](repeating: 0, count: values.count - width + 1)
        var sum = values[0..<width].reduce(0, +)
        result[0] = sum / Double(width)
        for i in 1..<result.count {
            sum += values[i + width - 1] - values[i - 1]
            result[i] = sum / Double(width)
        }
        return result
    }

    /// LOESS of degree 1 at every position, over windows of `span` nearest points.
    static func loess(_ values: [Double], span: Int, weights: [Double]?) -> [Double] {
        let n = values.count
        guard n >= 2 else { return values }
        var result = [Double](repeating: 0, count: n)
        if span >= n {
            for i in 1...n {
                result[i - 1] =
                    localFit(values, span: span, at: Double(i), left: 1, right: n, weights: weights) ?? values[i - 1]
            }
            return result
        }
        let half = (span + 1) / 2
        // Inside the series the window is centred with half-width (span − 1)/2, so the tricube
        // weights depend on the distance alone: computed once here, with the same formula as
        // `localFit`, so the fit is identical, only cheaper.
        let radius = (span - 1) / 2
        let tricube = (0...radius).map { distance -> Double in
            let h = Double(radius)
            let r = Double(distance)
            if r > 0.999 * h { return 0 }
            if r <= 0.001 * h { return 1 }
            return pow3(1 - pow3(r / h))
        }
        var left = 1
        var right = span
        for i in 1...n {
            if i > half && right != n {
                left += 1
                right += 1
            }
            if i - left == radius && right - i == radius {
                result[i - 1] =
                    centredFit(values, at: i, radius: radius, tricube: tricube, weights: weights) ?? values[i - 1]
            } else {
                result[i - 1] =
                    localFit(values, span: span, at: Double(i), left: left, right: right, weights: weights)
                    ?? values[i - 1]
            }
        }
        return result
    }

    /// `localFit` for a centred window, with tabulated distance weights.
    private static func centredFit(_ values: [Double], at x: Int, radius: Int, tricube: [Double], weights: [Double]?)
        -> Double?
    {
        tricube.withUnsafeBufferPointer { table in
            weightedFit(
                values, from: x - radius, through: x + radius, at: Double(x), hasWidth: radius > 0, weights: weights
            ) {
                table[abs($0 - x)]
            }
        }
    }

    /// Weighted local linear fit at x (1-based positions) over values[left...right] (1-based),
    /// with tricube distance weights times robustness weights; nil when every weight is 0.
    static func localFit(
        _ values: [Double], span: Int, at x: Double, left: Int, right: Int, weights: [Double]?
    ) -> Double? {
        var h = max(x - Double(left), Double(right) - x)
        if span > values.count { h += Double((span - values.count) / 2) }
        let h9 = 0.999 * h
        let h1 = 0.001 * h
        return weightedFit(values, from: left, through: right, at: x, hasWidth: h > 0, weights: weights) { j in
            let r = abs(Double(j) - x)
            guard r <= h9 else { return 0 }
            return r <= h1 ? 1 : pow3(1 - pow3(r / h))
        }
    }

    /// One pass over the window accumulating Σw, Σw·j, Σw·j², Σw·y and Σw·j·y, with w the
    /// distance weight of position j times its robustness weight: algebraically the paper's
    /// two-pass weighted fit, without allocating.
    @inline(__always)
    private static func weightedFit(
        _ values: [Double], from left: Int, through right: Int, at x: Double, hasWidth: Bool, weights: [Double]?,
        distanceWeight: (Int) -> Double
    ) -> Double? {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var sy = 0.0
        var sjy = 0.0
        values.withUnsafeBufferPointer { y in
            for j in left...right {
                var weight = distanceWeight(j)
                guard weight > 0 else { continue }
                if let weights { weight *= weights[j - 1] }
                let position = Double(j)
                let value = y[j - 1]
                s0 += weight
                s1 += weight * position
                s2 += weight * position * position
                sy += weight * value
                sjy += weight * position * value
            }
        }
        return fitted(s0: s0, s1: s1, s2: s2, sy: sy, sjy: sjy, at: x, hasWidth: hasWidth, count: values.count)
    }

    /// The value at x of the weighted least-squares line whose weighted sums are given: the
    /// weighted mean when the weights are concentrated on too narrow a spread of positions (the
    /// paper's rule: √variance ≤ 0.001·(n − 1)); nil when every weight is 0.
    @inline(__always)
    private static func fitted(
        s0: Double, s1: Double, s2: Double, sy: Double, sjy: Double, at x: Double, hasWidth: Bool, count n: Int
    ) -> Double? {
        guard s0 > 0 else { return nil }
        let mean = sy / s0
        guard hasWidth else { return mean }
        let centre = s1 / s0
        let spread = max(0, s2 / s0 - centre * centre)
        guard spread.squareRoot() > 0.001 * Double(n - 1) else { return mean }
        let slope = (x - centre) / spread
        return mean + slope * (sjy / s0 - centre * mean)
    }

    @inline(__always) private static func pow3(_ x: Double) -> Double { x * x * x }
}
