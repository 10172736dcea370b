import Synchronization

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
        /// Passes of the inner loop (season, then trend); nil: 2 when robust, else 5 (statsmodels).
        public var innerIterations: Int?
        /// Robustness passes; nil: 15 when robust (statsmodels). Ignored without `robust`.
        public var outerIterations: Int?
        /// A periodic season (R's `s.window = "periodic"`) instead of one smoothed by LOESS
        /// lines along each cycle-subseries; nil: LOESS with span `seasonal`.
        public var periodic: Periodic?

        public init(
            period: Int, seasonal: Int = 7, trend: Int? = nil, lowPass: Int? = nil, robust: Bool = true,
            innerIterations: Int? = nil, outerIterations: Int? = nil, periodic: Periodic? = nil
        ) {
            self.periodic = periodic
            self.period = period
            self.seasonal = seasonal
            self.trend = trend
            self.lowPass = lowPass
            self.robust = robust
            self.innerIterations = innerIterations
            self.outerIterations = outerIterations
        }
    }

    /// A season that repeats every period. Each cycle-subseries is its weighted mean (robustness
    /// weights) instead of a LOESS line: a subseries' last point then weighs one in k instead of
    /// pulling the line's end towards itself (about half its weight with span 7), so an outlier
    /// on the last day of a series stays in the residual, where robustness weights find it.
    public enum Periodic: Sendable, Equatable {
        /// The same amounts every period.
        case additive
        /// The same proportions of the local level (a centred running median over a period)
        /// every period: the weekly rhythm of a growing count grows with it. Additive when any
        /// value is negative or the local level is not positive somewhere.
        case proportional
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
        let inner = max(1, options.innerIterations ?? (options.robust ? 2 : 5))
        let outer = options.robust ? max(0, options.outerIterations ?? 15) : 0

        var trend = [Double](repeating: 0, count: n)
        var seasonal = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 1, count: n)
        var useWeights = false
        // Every pass writes into the same buffers: the passes allocate nothing.
        var scratch = Scratch(count: n, period: period)
        var cycle = [Double](repeating: 0, count: n + 2 * period)
        let seasonalKernel = Tricube.of(span: seasonalSpan)
        let lowPassKernel = Tricube.of(span: lowPassSpan)
        let trendKernel = Tricube.of(span: trendSpan)
        let periodicLevel = options.periodic == .proportional ? localLevel(values, period: period) : nil
        for pass in 0...outer {
            for _ in 0..<inner {
                for i in 0..<n { scratch.detrended[i] = values[i] - trend[i] }
                if options.periodic != nil {
                    periodicSubseries(
                        scratch.detrended, period: period, level: periodicLevel,
                        weights: useWeights ? weights : nil, into: &cycle)
                } else {
                    cycleSubseries(
                        scratch.detrended, period: period, kernel: seasonalKernel,
                        weights: useWeights ? weights : nil, into: &cycle, scratch: &scratch)
                }
                movingAverage(cycle, period, into: &scratch.average1)
                movingAverage(scratch.average1, period, into: &scratch.average2)
                movingAverage(scratch.average2, 3, into: &scratch.average3)
                loess(scratch.average3, kernel: lowPassKernel, weights: nil, into: &scratch.lowPass)
                for i in 0..<n {
                    seasonal[i] = cycle[period + i] - scratch.lowPass[i]
                    scratch.deseasonalised[i] = values[i] - seasonal[i]
                }
                loess(scratch.deseasonalised, kernel: trendKernel, weights: useWeights ? weights : nil, into: &trend)
            }
            if pass < outer {
                for i in 0..<n { scratch.residuals[i] = abs(values[i] - (trend[i] + seasonal[i])) }
                bisquareWeights(scratch.residuals, into: &weights, scratch: &scratch.detrended)
                useWeights = true
            }
        }
        if outer == 0 { weights = [Double](repeating: 1, count: n) }
        let residual = (0..<n).map { values[$0] - trend[$0] - seasonal[$0] }
        return STL(trend: trend, seasonal: seasonal, residual: residual, weights: weights)
    }

    /// Buffers one decomposition reuses on every pass.
    private struct Scratch {
        var detrended: [Double]
        var average1: [Double]
        var average2: [Double]
        var average3: [Double]
        var lowPass: [Double]
        var deseasonalised: [Double]
        var subseries: [Double]
        var residuals: [Double]
        var subseriesWeights: [Double]
        var smoothed: [Double]

        init(count n: Int, period: Int) {
            detrended = [Double](repeating: 0, count: n)
            average1 = [Double](repeating: 0, count: n + period + 1)
            average2 = [Double](repeating: 0, count: n + 2)
            average3 = [Double](repeating: 0, count: n)
            lowPass = [Double](repeating: 0, count: n)
            deseasonalised = [Double](repeating: 0, count: n)
            residuals = [Double](repeating: 0, count: n)
            let longest = n / period + 1
            subseries = []
            subseries.reserveCapacity(longest)
            subseriesWeights = []
            subseriesWeights.reserveCapacity(longest)
            smoothed = [Double](repeating: 0, count: longest)
        }
    }

    private static func odd(_ value: Int) -> Int { value % 2 == 0 ? value + 1 : value }

    /// Bisquare weights on |residual| / (6 · median |residual|).
    static func robustnessWeights(_ values: [Double], fit: [Double]) -> [Double] {
        let residuals = zip(values, fit).map { abs($0 - $1) }
        var weights = [Double](repeating: 0, count: residuals.count)
        var scratch: [Double] = []
        bisquareWeights(residuals, into: &weights, scratch: &scratch)
        return weights
    }

    /// `robustnessWeights` from absolute residuals, into `weights`; `scratch` is overwritten.
    private static func bisquareWeights(_ residuals: [Double], into weights: inout [Double], scratch: inout [Double]) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: residuals)
        let h = 6 * (Descriptive.quantile(reordering: &scratch, 0.5) ?? 0)
        for (index, r) in residuals.enumerated() {
            if r <= 0.001 * h {
                weights[index] = 1
            } else if r <= 0.999 * h {
                let u = r / h
                weights[index] = (1 - u * u) * (1 - u * u)
            } else {
                weights[index] = 0
            }
        }
    }

    /// Smooths each cycle-subseries (all Mondays, all Tuesdays, ...) and extends it by one
    /// period at each end, into `result` (n + 2·period values).
    private static func cycleSubseries(
        _ values: [Double], period: Int, kernel: Tricube, weights: [Double]?, into result: inout [Double],
        scratch: inout Scratch
    ) {
        let n = values.count
        let span = kernel.span
        for phase in 0..<period {
            scratch.subseries.removeAll(keepingCapacity: true)
            scratch.subseriesWeights.removeAll(keepingCapacity: true)
            for index in stride(from: phase, to: n, by: period) {
                scratch.subseries.append(values[index])
                if let weights { scratch.subseriesWeights.append(weights[index]) }
            }
            let phaseWeights = weights == nil ? nil : scratch.subseriesWeights
            let k = scratch.subseries.count
            loess(scratch.subseries, kernel: kernel, weights: phaseWeights, into: &scratch.smoothed)
            // Extrapolate one step before the first and after the last point of the subseries
            // (with tabulated weights when the subseries is at least a span long: h = span).
            let first: Double?
            let last: Double?
            if k >= span {
                (first, last) = kernel.beyond.withUnsafeBufferPointer { beyond in
                    (
                        weightedFit(
                            scratch.subseries, from: 1, through: span, at: 0, hasWidth: true, weights: phaseWeights
                        ) {
                            beyond[$0 - 1]
                        },
                        weightedFit(
                            scratch.subseries, from: k - span + 1, through: k, at: Double(k + 1), hasWidth: true,
                            weights: phaseWeights
                        ) { beyond[k - $0] }
                    )
                }
            } else {
                first = localFit(scratch.subseries, span: span, at: 0, left: 1, right: k, weights: phaseWeights)
                last = localFit(
                    scratch.subseries, span: span, at: Double(k + 1), left: 1, right: k, weights: phaseWeights)
            }
            result[phase] = first ?? scratch.smoothed[0]
            for m in 0..<k { result[(m + 1) * period + phase] = scratch.smoothed[m] }
            result[(k + 1) * period + phase] = last ?? scratch.smoothed[k - 1]
        }
    }

    /// Each cycle-subseries replaced by its weighted mean (the unweighted mean when every weight
    /// is 0), or with `level` by its proportion of the level (Σ w·value / Σ w·level: a ratio of
    /// sums, so quiet stretches, whose ratios are noisiest, weigh by their level) times the level,
    /// extended by one period at each end, into `result` (n + 2·period values).
    private static func periodicSubseries(
        _ values: [Double], period: Int, level: [Double]?, weights: [Double]?, into result: inout [Double]
    ) {
        let n = values.count
        for phase in 0..<period {
            var weighted = 0.0
            var total = 0.0
            var plain = 0.0
            var count = 0.0
            for index in stride(from: phase, to: n, by: period) {
                let weight = weights?[index] ?? 1
                let scale = level?[index] ?? 1
                weighted += weight * values[index]
                total += weight * scale
                plain += values[index]
                count += scale
            }
            let mean = total > 0 ? weighted / total : plain / max(count, 1e-300)
            for index in stride(from: phase, to: n + 2 * period, by: period) {
                result[index] = level.map { mean * $0[min(n - 1, max(0, index - period))] } ?? mean
            }
        }
    }

    /// The centred running median over a period (the window shifted inwards at the ends, so
    /// every slot of the period counts once), or nil when a value is negative or the median is
    /// not positive somewhere: a proportional season needs a level. A median, so that one spike
    /// does not lift the level, and with it the season, for the period around it.
    /// Each window's median is read off the window kept sorted as it slides (one value out, one
    /// in), not selected afresh at every position: the same order statistics, so the same numbers.
    static func localLevel(_ values: [Double], period: Int) -> [Double]? {
        guard values.allSatisfy({ $0 >= 0 }) else { return nil }
        let n = values.count
        var window = values[0..<period].sorted()
        func median() -> Double { Descriptive.quantile(sortedCount: period, 0.5) { window[$0] } }
        // The median of the window starting at each place a window can start.
        var medians = [median()]
        medians.reserveCapacity(n - period + 1)
        for start in stride(from: 1, through: n - period, by: 1) {
            window.remove(at: window.firstIndex(of: values[start - 1])!)
            let incoming = values[start + period - 1]
            window.insert(incoming, at: window.firstIndex { $0 > incoming } ?? window.count)
            medians.append(median())
        }
        var level = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let median = medians[min(max(0, i - period / 2), n - period)]
            guard median > 0 else { return nil }
            level[i] = median
        }
        return level
    }

    /// Moving average of width `width` into the first n − width + 1 places of `result`.
    private static func movingAverage(_ values: [Double], _ width: Int, into result: inout [Double]) {
        let count = values.count - width + 1
        guard count > 0 else { return }
        var sum = values[0..<width].reduce(0, +)
        result[0] = sum / Double(width)
        for i in 1..<count {
            sum += values[i + width - 1] - values[i - 1]
            result[i] = sum / Double(width)
        }
    }

    /// Tricube distance weights of a centred window of `span` points, by distance: inside the
    /// series every window is centred, so the weights depend on the distance alone and are
    /// computed once, with the same formula as `localFit`, so the fit is identical, only cheaper.
    struct Tricube {
        let span: Int
        let radius: Int
        let table: [Double]
        /// edge[r][t]: the weight of the t-th point of the first window (t = 0..<span) for the
        /// fit at position r + 1, r < radius, where the window cannot be centred. The last
        /// window's fits mirror these. Each pass would otherwise recompute them point by point.
        let edge: [[Double]]
        /// beyond[d − 1]: the weight at distance d (1...span) for a fit one step outside a series
        /// of at least `span` points (the cycle-subseries extensions), where h = span.
        let beyond: [Double]

        /// Kernels made so far, by span: a process uses a handful of spans, and each
        /// decomposition asks for three kernels (their tables were a fifth of its allocations).
        private static let made = Mutex<[Int: Tricube]>([:])

        /// The kernel of `span`, made once per span (it depends on the span alone).
        static func of(span: Int) -> Tricube {
            if let kernel = made.withLock({ $0[span] }) { return kernel }
            let kernel = Tricube(span: span)
            made.withLock { $0[span] = kernel }
            return kernel
        }

        init(span: Int) {
            self.span = span
            radius = (span - 1) / 2
            let h = Double(radius)
            table = (0...radius).map { distance -> Double in
                let r = Double(distance)
                if r > 0.999 * h { return 0 }
                if r <= 0.001 * h { return 1 }
                return pow3(1 - pow3(r / h))
            }
            let outside = Double(span)
            beyond = (1...span).map { d in
                let distance = Double(d)
                guard distance <= 0.999 * outside else { return 0 }
                return distance <= 0.001 * outside ? 1 : pow3(1 - pow3(distance / outside))
            }
            edge = (0..<radius).map { r in
                // `localFit`'s weights for x = r + 1 over 1...span, by the same formula.
                let x = Double(r + 1)
                let h = max(x - 1, Double(span) - x)
                return (1...span).map { j in
                    let distance = abs(Double(j) - x)
                    guard distance <= 0.999 * h else { return 0 }
                    return distance <= 0.001 * h ? 1 : pow3(1 - pow3(distance / h))
                }
            }
        }
    }

    /// LOESS of degree 1 at every position, over windows of `span` nearest points.
    static func loess(_ values: [Double], span: Int, weights: [Double]?) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        loess(values, kernel: Tricube.of(span: span), weights: weights, into: &result)
        return result
    }

    /// `loess` into the first values.count places of `result`.
    private static func loess(_ values: [Double], kernel: Tricube, weights: [Double]?, into result: inout [Double]) {
        let n = values.count
        let span = kernel.span
        guard n >= 2 else {
            for i in 0..<n { result[i] = values[i] }
            return
        }
        if span >= n {
            for i in 1...n {
                result[i - 1] =
                    localFit(values, span: span, at: Double(i), left: 1, right: n, weights: weights) ?? values[i - 1]
            }
            return
        }
        let half = (span + 1) / 2
        let radius = kernel.radius
        // Positions radius + 1 ... n − radius are the centres of their windows: fitted four at a
        // time with tabulated distance weights, one SIMD lane each, every lane with the same sums
        // in the same order as `localFit`, so the results are bit-identical to one at a time.
        let firstCentred = radius + 1
        let lastCentred = n - radius
        var i = firstCentred
        if radius > 0 {
            while i + 3 <= lastCentred {
                centredFits4(values, at: i, kernel: kernel, weights: weights, into: &result)
                i += 4
            }
        }
        let vectorisedEnd = i
        var left = 1
        var right = span
        for i in 1...n {
            if i > half && right != n {
                left += 1
                right += 1
            }
            if i >= firstCentred && i < vectorisedEnd { continue }
            let fit: Double?
            if i <= radius {
                fit = kernel.edge[i - 1].withUnsafeBufferPointer { edge in
                    weightedFit(values, from: 1, through: span, at: Double(i), hasWidth: true, weights: weights) {
                        edge[$0 - 1]
                    }
                }
            } else if i > n - radius {
                fit = kernel.edge[n - i].withUnsafeBufferPointer { edge in
                    weightedFit(
                        values, from: n - span + 1, through: n, at: Double(i), hasWidth: true, weights: weights
                    ) { edge[n - $0] }
                }
            } else {
                // A centred leftover of the four-at-a-time loop: h = radius, as in the table.
                fit = kernel.table.withUnsafeBufferPointer { table in
                    weightedFit(
                        values, from: i - radius, through: i + radius, at: Double(i), hasWidth: true, weights: weights
                    ) { table[abs($0 - i)] }
                }
            }
            result[i - 1] = fit ?? values[i - 1]
        }
    }

    /// The centred `localFit` at x, x + 1, x + 2 and x + 3 at once, into result[x − 1 ..< x + 3]:
    /// the hot loop of STL.
    @inline(__always)
    private static func centredFits4(
        _ values: [Double], at x: Int, kernel: Tricube, weights: [Double]?, into result: inout [Double]
    ) {
        let radius = kernel.radius
        var s0 = SIMD4<Double>()
        var s1 = SIMD4<Double>()
        var s2 = SIMD4<Double>()
        var sy = SIMD4<Double>()
        var sjy = SIMD4<Double>()
        values.withUnsafeBufferPointer { y in
            kernel.table.withUnsafeBufferPointer { table in
                let base = SIMD4<Double>(0, 1, 2, 3)
                func load(_ buffer: UnsafeBufferPointer<Double>, _ index: Int) -> SIMD4<Double> {
                    SIMD4(buffer[index], buffer[index + 1], buffer[index + 2], buffer[index + 3])
                }
                func add(_ offset: Int, _ weight: SIMD4<Double>) {
                    let j = x + offset
                    let position = SIMD4<Double>(repeating: Double(j)) + base
                    let value = load(y, j - 1)
                    s0 += weight
                    s1 += weight * position
                    s2 += weight * position * position
                    sy += weight * value
                    sjy += weight * position * value
                }
                if let weights {
                    weights.withUnsafeBufferPointer { robustness in
                        for offset in -radius...radius {
                            let distanceWeight = table[abs(offset)]
                            guard distanceWeight > 0 else { continue }
                            add(offset, distanceWeight * load(robustness, x + offset - 1))
                        }
                    }
                } else {
                    for offset in -radius...radius {
                        let distanceWeight = table[abs(offset)]
                        guard distanceWeight > 0 else { continue }
                        add(offset, SIMD4(repeating: distanceWeight))
                    }
                }
            }
        }
        for lane in 0..<4 {
            result[x - 1 + lane] =
                fitted(
                    s0: s0[lane], s1: s1[lane], s2: s2[lane], sy: sy[lane], sjy: sjy[lane], at: Double(x + lane),
                    hasWidth: true, count: values.count) ?? values[x - 1 + lane]
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
