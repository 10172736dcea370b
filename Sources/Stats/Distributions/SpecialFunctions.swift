#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Regularised incomplete beta and gamma functions, the building blocks of the t, F and
/// chi-squared distributions. Evaluated by their series and continued fractions (modified Lentz),
/// choosing the side that converges fast; relative accuracy about 1e-14 in the usual range.
enum SpecialFunctions {
    static let epsilon = 1e-15
    static let tiny = 1e-300
    static let maximumIterations = 10_000

    /// I_x(a, b) = B(x; a, b) / B(a, b), for a, b > 0 and 0 ≤ x ≤ 1.
    static func regularisedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8), by the modified Lentz method.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...maximumIterations {
            let m = Double(m)
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            c = 1 + even / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            c = 1 + odd / c
            if abs(d) < tiny { d = tiny }
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }

    /// P(a, x) = γ(a, x) / Γ(a), the regularised lower incomplete gamma function, for a > 0, x ≥ 0.
    static func regularisedLowerGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        if x < a + 1 {
            // Series: γ(a, x) = e^{−x} x^a Σ x^n / (a (a+1) … (a+n)).
            var term = 1 / a
            var sum = term
            var denominator = a
            for _ in 0..<maximumIterations {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * epsilon { break }
            }
            return sum * exp(-x + a * log(x) - lgamma(a))
        }
        return 1 - regularisedUpperGammaByFraction(a, x)
    }

    /// Q(a, x) = 1 − P(a, x), accurate in the upper tail.
    static func regularisedUpperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        if x < a + 1 { return 1 - regularisedLowerGamma(a, x) }
        return regularisedUpperGammaByFraction(a, x)
    }

    /// Q(a, x) by its continued fraction (Legendre), modified Lentz, for x ≥ a + 1.
    private static func regularisedUpperGammaByFraction(_ a: Double, _ x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var result = d
        for i in 1...maximumIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * result
    }
}
