#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The standard normal distribution.
public enum Normal {
    /// P(Z ≤ z). Accurate to about 1e-15 absolute (via erfc, so the tails keep relative accuracy).
    public static func cdf(_ z: Double) -> Double {
        guard !z.isNaN else { return .nan }
        return 0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// P(Z > z), accurate in the upper tail.
    public static func survival(_ z: Double) -> Double { cdf(-z) }

    /// The z with P(Z ≤ z) = p, for 0 < p < 1 (±∞ at 0 and 1, NaN outside).
    /// Acklam's rational approximation (relative error 1.15e-9) refined by one Halley step on erfc,
    /// which brings it to about 1e-15.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        // The upper half by symmetry: 1 − p is exact there, and the refinement below needs the
        // lower tail, where erfc keeps its relative accuracy.
        if p > 0.5 { return -quantile(1 - p) }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        let error = cdf(x) - p
        let u = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}

/// Student's t distribution with `degreesOfFreedom` > 0.
public struct StudentT: Sendable {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(T ≤ t) via the regularised incomplete beta function; about 1e-14 relative.
    public func cdf(_ t: Double) -> Double {
        guard !t.isNaN else { return .nan }
        guard t.isFinite else { return t > 0 ? 1 : 0 }
        let v = degreesOfFreedom
        let tail = 0.5 * SpecialFunctions.regularisedIncompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic, accurate in the tails.
    public func twoSidedPValue(_ t: Double) -> Double {
        guard !t.isNaN else { return .nan }
        guard t.isFinite else { return 0 }
        let v = degreesOfFreedom
        return SpecialFunctions.regularisedIncompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// The t with P(T ≤ t) = p, 0 < p < 1, to about 1e-13 relative: Newton steps on the CDF with
    /// the density, started from the normal quantile, falling back to bisection if a step leaves
    /// the bracket.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p) }
        // Work in the upper tail, where 1 − p is exact and the survival function keeps accuracy.
        let tail = 1 - p
        var low = 0.0
        var high = max(1, 2 * Normal.quantile(p))
        while survival(high) > tail { high *= 2 }
        var t = min(max(Normal.quantile(p), low), high)
        for _ in 0..<100 {
            let error = survival(t) - tail  // decreasing in t
            if error > 0 { low = t } else { high = t }
            var next = t + error / density(t)
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - t) <= 1e-14 * max(1, abs(next)) { return next }
            t = next
        }
        return t
    }

    /// P(T > t), accurate in the upper tail.
    public func survival(_ t: Double) -> Double { cdf(-t) }

    /// The density of T at t.
    public func density(_ t: Double) -> Double {
        let v = degreesOfFreedom
        let logNormaliser = lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * Double.pi)
        return exp(logNormaliser - (v + 1) / 2 * log1p(t * t / v))
    }
}

/// The chi-squared distribution with `degreesOfFreedom` > 0.
public struct ChiSquared: Sendable {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) {
        precondition(degreesOfFreedom > 0, "degrees of freedom must be positive")
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// P(X ≤ x) via the regularised lower incomplete gamma function.
    public func cdf(_ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        return SpecialFunctions.regularisedLowerGamma(degreesOfFreedom / 2, max(0, x) / 2)
    }

    /// P(X > x), accurate in the upper tail (the p-value of a chi-squared statistic).
    public func survival(_ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        return SpecialFunctions.regularisedUpperGamma(degreesOfFreedom / 2, max(0, x) / 2)
    }
}
