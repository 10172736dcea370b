import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// The mix/rate split and the product split are exact identities: their parts must add up to the
/// change within 1e-12 (absolute, on rates in [0, 1]); closed-form cases are checked at 1e-12 too.
@Suite struct RateDecompositionTests {
    @Test func mixOnly_sharesMove_ratesEqual_rateEffectIsZero() throws {
        // Chrome converts at 10%, Safari at 5% in both periods; Safari's share goes 20% → 50%.
        let split = try #require(
            RateDecomposition.mixRate(
                weightsBefore: [800, 200], ratesBefore: [0.10, 0.05], weightsAfter: [500, 500],
                ratesAfter: [0.10, 0.05]))
        #expect(isApproximatelyEqual(split.before, 0.09, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(split.after, 0.075, relativeTolerance: 1e-12))
        #expect(abs(split.rate) < 1e-12)
        #expect(isApproximatelyEqual(split.mix, -0.015, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(split.shareChanges[1], 0.3, relativeTolerance: 1e-12))
        // Safari gained share and converts below average: its mix term is negative, and the terms add up.
        #expect(split.mixTerms[1] < 0)
        #expect(abs(split.mixTerms.reduce(0, +) - split.mix) < 1e-12)
    }

    @Test func rateOnly_sharesEqual_mixEffectIsZero() throws {
        let split = try #require(
            RateDecomposition.mixRate(
                weightsBefore: [600, 400], ratesBefore: [0.10, 0.05], weightsAfter: [1200, 800],
                ratesAfter: [0.08, 0.05]))
        #expect(abs(split.mix) < 1e-12)
        // 0.6 × −0.02 = −0.012, all of it Chrome's.
        #expect(isApproximatelyEqual(split.rate, -0.012, relativeTolerance: 1e-12))
        #expect(isApproximatelyEqual(split.rateTerms[0], -0.012, relativeTolerance: 1e-12))
        #expect(abs(split.rateTerms[1]) < 1e-12)
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func partsAddUpToTheChange_midpointVariant(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let count = 2 + Int(random.next() % 6)
        func weights() -> [Double] { (0..<count).map { _ in Double(random.next() % 10_000) + 1 } }
        func rates() -> [Double] { (0..<count).map { _ in Double(random.next() % 1_000) / 1_000 } }
        let split = try #require(
            RateDecomposition.mixRate(
                weightsBefore: weights(), ratesBefore: rates(), weightsAfter: weights(), ratesAfter: rates()))
        #expect(abs(split.mix + split.rate - split.change) < 1e-12)
        #expect(abs(split.rateTerms.reduce(0, +) - split.rate) < 1e-12)
        #expect(abs(split.mixTerms.reduce(0, +) - split.mix) < 1e-12)
    }

    @Test func aSegmentNewInTheSecondPeriod_entersThroughTheMixAlone() throws {
        let split = try #require(
            RateDecomposition.mixRate(
                weightsBefore: [1000, 0], ratesBefore: [0.10, .nan], weightsAfter: [800, 200],
                ratesAfter: [0.10, 0.20]))
        #expect(abs(split.rate) < 1e-12)
        #expect(isApproximatelyEqual(split.mix, 0.02, relativeTolerance: 1e-12))
        #expect(abs(split.rateTerms[1]) < 1e-12)
    }

    @Test func specials_giveNil() {
        #expect(RateDecomposition.mixRate(weightsBefore: [], ratesBefore: [], weightsAfter: [], ratesAfter: []) == nil)
        #expect(
            RateDecomposition.mixRate(weightsBefore: [0], ratesBefore: [0.1], weightsAfter: [1], ratesAfter: [0.1])
                == nil)
        #expect(
            RateDecomposition.mixRate(weightsBefore: [1], ratesBefore: [.nan], weightsAfter: [1], ratesAfter: [0.1])
                == nil)
        #expect(
            RateDecomposition.mixRate(
                weightsBefore: [1, .infinity], ratesBefore: [0.1, 0.1], weightsAfter: [1, 1], ratesAfter: [0.1, 0.1])
                == nil)
        #expect(
            RateDecomposition.mixRate(weightsBefore: [1, 2], ratesBefore: [0.1], weightsAfter: [1], ratesAfter: [0.1])
                == nil)
        #expect(RateDecomposition.productChange(before: [], after: []) == nil)
        #expect(RateDecomposition.productChange(before: [0.5, 0], after: [0.5, 0.2]) == nil)
        #expect(RateDecomposition.productChange(before: [0.5, .nan], after: [0.5, 0.2]) == nil)
        #expect(RateDecomposition.logarithmicMean(-1, 2) == nil)
    }

    @Test func oneElement_isTheWholeChange() throws {
        let split = try #require(
            RateDecomposition.mixRate(weightsBefore: [10], ratesBefore: [0.2], weightsAfter: [30], ratesAfter: [0.1]))
        #expect(abs(split.mix) < 1e-15)
        #expect(isApproximatelyEqual(split.rate, -0.1, relativeTolerance: 1e-12))
        let terms = try #require(RateDecomposition.productChange(before: [0.4], after: [0.3]))
        #expect(isApproximatelyEqual(terms[0], -0.1, relativeTolerance: 1e-12))
    }

    @Test func productChange_addsUp_andTheStepThatMovedCarriesIt() throws {
        // Three steps; only the last one fell, from 38% to 29%.
        let before = [0.38, 0.37, 0.38]
        let after = [0.38, 0.37, 0.29]
        let terms = try #require(RateDecomposition.productChange(before: before, after: after))
        let change = after.reduce(1, *) - before.reduce(1, *)
        #expect(abs(terms.reduce(0, +) - change) < 1e-12)
        #expect(abs(terms[0]) < 1e-15 && abs(terms[1]) < 1e-15)
        #expect(isApproximatelyEqual(terms[2], change, relativeTolerance: 1e-12))
        // Constant factors: no change, no terms.
        let constant = try #require(RateDecomposition.productChange(before: before, after: before))
        #expect(constant.allSatisfy { $0 == 0 })
    }

    @Test func logarithmicMean_liesBetweenGeometricAndArithmetic_andIsContinuousAtEquality() throws {
        let mean = try #require(RateDecomposition.logarithmicMean(1, 4))
        #expect(mean > 2 && mean < 2.5)
        #expect(isApproximatelyEqual(mean, 3 / log(4), relativeTolerance: 1e-12))
        #expect(RateDecomposition.logarithmicMean(0.3, 0.3) == 0.3)
        let near = try #require(RateDecomposition.logarithmicMean(0.3, 0.3 * (1 + 1e-9)))
        #expect(isApproximatelyEqual(near, 0.3 * (1 + 0.5e-9), relativeTolerance: 1e-14))
    }
}
