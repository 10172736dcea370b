import Foundation

/// A small deterministic random generator (SplitMix64), so that shuffles, property tests and
/// benchmark data repeat run to run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box–Muller).
    public mutating func nextGaussian() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
