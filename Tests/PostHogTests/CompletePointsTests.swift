import Foundation
import Testing

@testable import PostHog

@Suite struct CompletePointsTests {
    /// `completePoints` is every complete period in order, whatever the pattern of complete and
    /// incomplete ones (found once when the series is made): all, none, a trailing period under
    /// way, and an incomplete period before complete ones.
    @Test func completePointsAreTheCompletePeriodsInOrder() {
        for pattern in 0..<(1 << 6) {
            for count in 0...6 {
                let points = (0..<count).map { index in
                    Point(
                        period: "2026-11-0\(index + 1)", start: Date(timeIntervalSince1970: Double(index) * 86_400),
                        value: Double(index), isComplete: pattern & (1 << index) != 0)
                }
                let series = TimeSeries(name: "s", interval: .day, points: points)
                #expect(series.completePoints.map(\.period) == points.filter(\.isComplete).map(\.period))
                #expect(series.completePoints.startIndex == 0)
            }
        }
    }
}
