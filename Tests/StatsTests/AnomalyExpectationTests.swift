import DashbriefTestSupport
import Foundation
import Stats
import Testing

@Suite struct AnomalyExpectationTests {
    let detector = AnomalyDetector()

    @Test func dip_fallsBelowTheBand_andTheCurveIsTheDetectorsExpectation() throws {
        var values = AnomalyDetectorTests.weeklySeries()
        values[60] = (values[60] * 0.5).rounded()
        let fit = try #require(detector.expectation(values))
        let counts = [fit.expected.count, fit.lower.count, fit.upper.count]
        #expect(counts.allSatisfy { $0 == values.count })
        let dip = try #require(detector.detect(values).first { $0.index == 60 })
        #expect(isApproximatelyEqual(fit.expected[60], dip.expected, relativeTolerance: 1e-12))
        #expect(values[60] < fit.lower[60])
        // Ordinary days mostly sit inside the band (the dip pulls the fit near the end of the series).
        let outside = values.indices.filter { !(fit.lower[$0] <= values[$0] && values[$0] <= fit.upper[$0]) }
        #expect(outside.count <= values.count / 10, "\(outside)")
    }

    @Test func band_isMinimumScoreRobustDeviationsWide() throws {
        let fit = try #require(detector.expectation(AnomalyDetectorTests.weeklySeries()))
        for index in fit.expected.indices {
            let half = fit.upper[index] - fit.expected[index]
            #expect(isApproximatelyEqual(fit.expected[index] - fit.lower[index], half, relativeTolerance: 1e-9))
            // Counts around 1,000: σ̂ is at least the Poisson floor √expected.
            #expect(half >= 3.5 * max(fit.expected[index], 1).squareRoot() * (1 - 1e-12))
        }
        let wider = AnomalyDetector(settings: .init(minimumScore: 7))
        let doubled = try #require(wider.expectation(AnomalyDetectorTests.weeklySeries()))
        #expect(
            isApproximatelyEqual(
                doubled.upper[30] - doubled.expected[30], 2 * (fit.upper[30] - fit.expected[30]),
                relativeTolerance: 1e-9))
    }

    @Test func missingValues_getAnExpectationToo() throws {
        var values: [Double?] = AnomalyDetectorTests.weeklySeries().map { $0 }
        values[40] = nil
        values[41] = .nan
        let fit = try #require(detector.expectation(values))
        #expect(fit.expected[40].isFinite && fit.expected[41].isFinite)
        #expect(fit.lower[40] < fit.expected[40] && fit.expected[40] < fit.upper[40])
    }

    @Test func specials() throws {
        #expect(detector.expectation([]) == nil)
        #expect(detector.expectation([5]) == nil)
        #expect(detector.expectation(Array(AnomalyDetectorTests.weeklySeries().prefix(13))) == nil)
        #expect(detector.expectation(Array(repeating: nil, count: 60)) == nil)
        #expect(detector.expectation(Array(repeating: .nan, count: 60)) == nil)
        // Constant: the expectation is the constant; the band is the floor, never zero-width.
        let constant = try #require(detector.expectation(Array(repeating: 100, count: 60)))
        #expect(constant.expected.allSatisfy { isApproximatelyEqual($0, 100, relativeTolerance: 1e-9) })
        #expect(constant.upper.allSatisfy { $0 > 100 })
        let zeros = try #require(detector.expectation(Array(repeating: 0, count: 60)))
        #expect(zeros.upper.allSatisfy { $0 > 0 && $0.isFinite })
        let infinite = try #require(detector.expectation([Double.infinity] + AnomalyDetectorTests.weeklySeries()))
        let edges = infinite.expected + infinite.lower + infinite.upper
        #expect(edges.allSatisfy { $0.isFinite })
        // Without seasonality: a robust trend, from 14 points.
        let plain = AnomalyDetector(settings: .init(period: nil))
        #expect(plain.expectation(Array(repeating: 5, count: 13)) == nil)
        #expect(plain.expectation(AnomalyDetectorTests.weeklySeries()) != nil)
    }
}
