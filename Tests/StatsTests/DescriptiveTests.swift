import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: numpy mean/median/quantile (Fixtures/reference/descriptive.json), 1e-12 relative
/// (closed-form sums and order statistics).
@Suite struct DescriptiveTests {
    let reference: [String: Any]

    init() throws { reference = try referenceJSON("descriptive.json") }

    @Test func meanMedianQuantiles_matchNumpy() throws {
        let sample = try reference.doubles("sample")
        #expect(sample.count == 101)
        let mean = try #require(Descriptive.mean(sample))
        #expect(try isApproximatelyEqual(mean, reference.number("mean"), relativeTolerance: 1e-12))
        let median = try #require(Descriptive.median(sample))
        #expect(try median == reference.number("median"))
        let quantiles = try #require(reference["quantiles"] as? [String: NSNumber])
        #expect(quantiles.count == 7)
        for (q, expected) in quantiles {
            let actual = try #require(Descriptive.quantile(sample, Double(q)!))
            #expect(isApproximatelyEqual(actual, expected.doubleValue, relativeTolerance: 1e-12), "q=\(q)")
        }
    }

    @Test func nonFiniteValues_areIgnored() throws {
        let values = try reference.doubles("with_non_finite")
        #expect(values.contains { $0.isNaN })
        #expect(values.contains { $0.isInfinite })
        let median = try #require(Descriptive.median(values))
        #expect(try median == reference.number("with_non_finite_median"))
    }

    @Test func evenCount_medianAveragesTheMiddleTwo() throws {
        #expect(try Descriptive.median(reference.doubles("even_sample")) == 2.5)
    }

    @Test func empty_andAllNaN_giveNil() {
        #expect(Descriptive.mean([]) == nil)
        #expect(Descriptive.median([.nan, .nan]) == nil)
        #expect(Descriptive.quantile([], 0.5) == nil)
        #expect(Descriptive.sum([.nan]) == 0)
    }

    @Test func singleValue_isItsOwnMedianAndQuantiles() {
        #expect(Descriptive.median([7]) == 7)
        #expect(Descriptive.quantile([7], 0.9) == 7)
    }

    @Test func relativeChange_fromZeroOrNonFinite_isNil() {
        #expect(Descriptive.relativeChange(from: 0, to: 5) == nil)
        #expect(Descriptive.relativeChange(from: .nan, to: 5) == nil)
        #expect(Descriptive.relativeChange(from: 4, to: 5) == 0.25)
        #expect(Descriptive.relativeChange(from: -4, to: -5) == -0.25)
    }

    /// Quantiles come from selected order statistics; they must equal interpolation on the fully
    /// sorted values exactly, with ties, sorted and reversed input included.
    @Test func selectedQuantiles_equalSortedOnes() {
        var state: UInt64 = 20_261_125
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 53) / 64
        }
        let inputs: [[Double]] =
            (1...60).map { count in (0..<count).map { _ in next().rounded() } }
            + [Array(stride(from: 0.0, to: 50, by: 1)), Array(stride(from: 50.0, to: 0, by: -1)), [3, 3, 3, 3]]
        for values in inputs {
            let sorted = values.sorted()
            for q in [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] {
                let position = q * Double(sorted.count - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(lower + 1, sorted.count - 1)
                let expected = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
                #expect(Descriptive.quantile(values, q) == expected, "\(values) q \(q)")
            }
        }
    }
}
