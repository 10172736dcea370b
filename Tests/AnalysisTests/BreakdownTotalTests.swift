import DashbriefTestSupport
import Foundation
import PostHog
import Testing

@testable import Analysis

/// A breakdown's total and its members' values over any periods, against the definitions read
/// plainly: sums from 0 in the members' order (missing if any value is), values looked up by label.
@Suite struct BreakdownTotalTests {
    /// Each member's value by period label, as the definition reads.
    static func byLabel(_ member: TimeSeries, _ periods: [String]) -> [Double?] {
        let values = Dictionary(uniqueKeysWithValues: member.points.map { ($0.period, $0.value) })
        return periods.map { values[$0] ?? nil }
    }

    static let members = [
        Build.breakdown("google", [10, 11, nil, 13, 14, 15, 16, 17], incomplete: 1),
        Build.breakdown("direct", [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], incomplete: 2),
        Build.breakdown("Other", [1e16, 1, 1, 1, 1, 1, 1, 1], incomplete: 1),
    ]

    @Test func aTotalSumsItsMembersPeriodByPeriod() throws {
        let total = try #require(BreakdownTotal.totals(of: Self.members).first)
        let expected: [Double?] = (0..<8).map { day in
            let parts = Self.members.map { $0.points[day].value }
            return parts.contains(nil) ? nil : parts.reduce(0) { $0 + $1! }
        }
        #expect(total.series.points.map(\.value) == expected)
        #expect(total.series.points[0].value == (0 + 10 + 0.1) + 1e16)  // in the members' order
        #expect(total.series.points.map(\.isComplete) == [true, true, true, true, true, true, false, false])
    }

    @Test func membersValuesOverAnyPeriodsAreTheirValuesByLabel() throws {
        let total = try #require(BreakdownTotal.totals(of: Self.members).first)
        let label = Build.dayLabel
        let windows: [[String]] = [
            (2..<7).map(label),  // a run inside
            (0..<8).map(label),  // all of them
            [label(5), label(6), label(7), label(8)],  // running past the end
            [label(1), label(3)],  // not a run
            [label(3), label(2)],  // out of order
            ["2026-10-01", label(0)],  // a label no member has
            [],
        ]
        for periods in windows {
            #expect(total.memberValues(periods) == Self.members.map { Self.byLabel($0, periods) }, "\(periods)")
        }
        let current = (4..<7).map(label)
        let reference = (0..<4).map(label)
        let expected = Self.members.map { member -> Double in
            let now = Self.byLabel(member, current).compactMap { $0 }
            let then = Self.byLabel(member, reference).compactMap { $0 }
            return now.reduce(0, +) / Double(now.count) - then.reduce(0, +) / Double(then.count)
        }
        #expect(total.changes(current: current, reference: reference) == expected)
        #expect(total.changes(current: [label(2)], reference: reference) == nil)  // google has none
    }

    /// Members over different periods are summed by label, the first member's periods kept.
    @Test func membersOverDifferentPeriodsAreSummedByLabel() throws {
        let shifted = Build.breakdown("direct", [nil, 2, 3, 4, 5, 6, 7, 8, 9], incomplete: 1)
        let late = TimeSeries(
            name: "late", breakdown: "late", interval: .day, measure: "total",
            points: Array(shifted.points.dropFirst()), key: SeriesKey(order: 0, breakdown: "late"))
        let total = try #require(BreakdownTotal.totals(of: [Self.members[0], late]).first)
        let periods = Self.members[0].points.map(\.period)
        let expected: [Double?] = zip(Self.byLabel(Self.members[0], periods), Self.byLabel(late, periods)).map {
            guard let a = $0, let b = $1 else { return nil }
            return 0 + a + b
        }
        #expect(total.series.points.map(\.value) == expected)
        #expect(total.memberValues(periods) == [Self.byLabel(Self.members[0], periods), Self.byLabel(late, periods)])
    }
}
