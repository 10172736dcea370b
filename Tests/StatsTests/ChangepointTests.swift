import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: exact optimal partitioning by dynamic programming (Fixtures/reference/changepoints.json),
/// a different algorithm that PELT must agree with exactly (changepoints are integers).
@Suite struct ChangepointTests {
    @Test func pelt_findsTheOptimalSegmentation() throws {
        let reference = try referenceJSON("changepoints.json")
        let values = try reference.doubles("values")
        let cases = try #require(reference["cases"] as? [[String: Any]])
        #expect(cases.count == 3)
        for item in cases {
            let penalty = try item.number("penalty")
            let minimum = try Int(item.number("minimum_segment"))
            let expected = (item["changes"] as! [NSNumber]).map(\.intValue)
            #expect(
                Changepoints.pelt(values, penalty: penalty, minimumSegment: minimum) == expected, "penalty \(penalty)")
        }
    }

    @Test func defaultPenalty_findsPlantedShifts_andNothingInNoise() throws {
        let reference = try referenceJSON("changepoints.json")
        let values = try reference.doubles("values")
        let penalty = try #require(Changepoints.defaultPenalty(values))
        #expect(Changepoints.pelt(values, penalty: penalty, minimumSegment: 7) == [40, 70])
        let flat = (0..<200).map { Double(($0 * 7919) % 13) }  // deterministic noise, no shift
        #expect(Changepoints.pelt(flat, penalty: Changepoints.defaultPenalty(flat)!, minimumSegment: 7).isEmpty)
    }

    @Test func specials() {
        #expect(Changepoints.pelt([], penalty: 1).isEmpty)
        #expect(Changepoints.pelt([1, 2, 3], penalty: 1, minimumSegment: 2).isEmpty)
        #expect(Changepoints.pelt(Array(repeating: 5, count: 30), penalty: 0.1).isEmpty)
        #expect(Changepoints.pelt([0, 0, 0, 10, 10, 10], penalty: 1, minimumSegment: 3) == [3])
        #expect(Changepoints.defaultPenalty([1, 2]) == nil)
    }
}
