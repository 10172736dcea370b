import Foundation

/// Splits the change of a rate between two periods into additive parts that add up to it exactly:
/// the part due to the mix of segments and the part due to each segment's own rate (`mixRate`),
/// and the parts of a product due to each of its factors (`productChange`). Root cause by
/// breakdown uses both: a funnel's overall conversion is the entrants-weighted mean of its
/// segments' conversions, and each segment's conversion is the product of its step rates.
public enum RateDecomposition {
    /// The change of a weighted mean of rates, R = Σ sᵢ rᵢ with shares sᵢ = wᵢ / Σ w, split in two.
    public struct MixRate: Sendable, Equatable {
        /// Σ Δsᵢ · r̄ᵢ: what the shares moving alone would have done (r̄ᵢ the midpoint rate).
        public let mix: Double
        /// Σ s̄ᵢ · Δrᵢ: what the segments' rates moving alone would have done (s̄ᵢ the midpoint share).
        public let rate: Double
        /// Per segment: Δsᵢ · (r̄ᵢ − R̄), with R̄ the midpoint of the two overall rates. They add up
        /// to `mix` (the shares' changes add up to 0), and are positive for a segment that gained
        /// share and converts better than average, or lost share and converts worse.
        public let mixTerms: [Double]
        /// Per segment: s̄ᵢ · Δrᵢ; they add up to `rate`.
        public let rateTerms: [Double]
        /// Per segment: Δsᵢ, the change of its share.
        public let shareChanges: [Double]
        /// The overall rate in each period.
        public let before: Double
        public let after: Double

        /// after − before = mix + rate.
        public var change: Double { after - before }
    }

    /// The symmetric (midpoint) split of ΔR = R₁ − R₀ for R = Σ sᵢ rᵢ:
    ///
    ///     ΔR = Σ Δsᵢ · (rᵢ₀ + rᵢ₁)/2  +  Σ (sᵢ₀ + sᵢ₁)/2 · Δrᵢ
    ///
    /// exact, with no interaction term, and the same whichever period is taken as the base (the
    /// Shapley value of the two factors; the textbook variant Σ Δsᵢ rᵢ₀ + Σ sᵢ₁ Δrᵢ is exact too
    /// but gives the interaction to the rate effect).
    ///
    /// - Parameters:
    ///   - weightsBefore, weightsAfter: each segment's weight (entrants), ≥ 0; shares are taken
    ///     from them.
    ///   - ratesBefore, ratesAfter: each segment's rate. A segment with no weight in a period may
    ///     have a NaN rate there: its rate from the other period stands in, so that it enters
    ///     through the mix alone.
    /// - Returns: nil when the arrays differ in length or are empty, a period has no positive
    ///   total weight, a weight is negative or not finite, or a segment with weight has no finite rate.
    /// - Complexity: O(n).
    /// - Tolerance: the parts add up to `change` within rounding (a few ulps of the rates).
    public static func mixRate(
        weightsBefore: [Double], ratesBefore: [Double], weightsAfter: [Double], ratesAfter: [Double]
    ) -> MixRate? {
        let count = weightsBefore.count
        guard count > 0, [ratesBefore.count, weightsAfter.count, ratesAfter.count].allSatisfy({ $0 == count }),
            (weightsBefore + weightsAfter).allSatisfy({ $0.isFinite && $0 >= 0 })
        else { return nil }
        let totalBefore = weightsBefore.reduce(0, +)
        let totalAfter = weightsAfter.reduce(0, +)
        guard totalBefore > 0, totalAfter > 0 else { return nil }
        var rates0: [Double] = []
        var rates1: [Double] = []
        for index in 0..<count {
            var r0 = ratesBefore[index]
            var r1 = ratesAfter[index]
            if weightsBefore[index] == 0, !r0.isFinite { r0 = r1 }
            if weightsAfter[index] == 0, !r1.isFinite { r1 = r0 }
            // A segment with weight needs its rate; one with none in either period needs neither.
            if weightsBefore[index] == 0 && weightsAfter[index] == 0 && !r0.isFinite {
                r0 = 0
                r1 = 0
            }
            guard r0.isFinite, r1.isFinite else { return nil }
            rates0.append(r0)
            rates1.append(r1)
        }
        let shares0 = weightsBefore.map { $0 / totalBefore }
        let shares1 = weightsAfter.map { $0 / totalAfter }
        let before = zip(shares0, rates0).reduce(0) { $0 + $1.0 * $1.1 }
        let after = zip(shares1, rates1).reduce(0) { $0 + $1.0 * $1.1 }
        let middle = (before + after) / 2
        var mixTerms: [Double] = []
        var rateTerms: [Double] = []
        var shareChanges: [Double] = []
        for index in 0..<count {
            let shareChange = shares1[index] - shares0[index]
            shareChanges.append(shareChange)
            mixTerms.append(shareChange * ((rates0[index] + rates1[index]) / 2 - middle))
            rateTerms.append((shares0[index] + shares1[index]) / 2 * (rates1[index] - rates0[index]))
        }
        return MixRate(
            mix: mixTerms.reduce(0, +), rate: rateTerms.reduce(0, +), mixTerms: mixTerms, rateTerms: rateTerms,
            shareChanges: shareChanges, before: before, after: after)
    }

    /// The change of a product P = Π fₖ split over its factors, by the logarithmic mean Divisia
    /// index (LMDI-I, Ang 2004):
    ///
    ///     P₁ − P₀ = Σₖ L(P₀, P₁) · ln(fₖ₁ / fₖ₀),   L(a, b) = (b − a) / (ln b − ln a),  L(a, a) = a
    ///
    /// exact, with no residual: the factor whose ratio moved most (in logs) carries the largest
    /// part. A funnel's conversion is the product of its step rates, so this says how much of a
    /// segment's conversion change each step carries.
    ///
    /// - Returns: one term per factor, adding up to P₁ − P₀; nil when the arrays differ in length
    ///   or are empty, or a factor is not finite and positive in either period.
    /// - Complexity: O(k).
    /// - Tolerance: the terms add up to the change within a few ulps times the number of factors.
    public static func productChange(before: [Double], after: [Double]) -> [Double]? {
        guard !before.isEmpty, before.count == after.count,
            (before + after).allSatisfy({ $0.isFinite && $0 > 0 })
        else { return nil }
        let logRatios = zip(before, after).map { log($1 / $0) }
        let product0 = before.reduce(1, *)
        let product1 = after.reduce(1, *)
        guard let weight = logarithmicMean(product0, product1) else { return nil }
        return logRatios.map { weight * $0 }
    }

    /// The logarithmic mean (b − a) / (ln b − ln a) of two positive numbers; a when they are equal
    /// (its limit). Lies between the geometric and the arithmetic mean. nil unless both are finite
    /// and positive.
    public static func logarithmicMean(_ a: Double, _ b: Double) -> Double? {
        guard a.isFinite, b.isFinite, a > 0, b > 0 else { return nil }
        let logRatio = log(b / a)
        // Near a = b the quotient loses digits; the series a·(1 + x/2 + x²/6) with x = ln(b/a) holds.
        if abs(logRatio) < 1e-6 { return a * (1 + logRatio / 2 + logRatio * logRatio / 6) }
        return (b - a) / logRatio
    }
}
