import Foundation
import Testing

@testable import Scheduling

@Suite struct CivilDateTests {
    /// Foundation's Gregorian calendar switches to Julian before 1582, so compare from 1600 on:
    /// every 37th day to 2500, and every day around the leap days of 1900, 2000 and 2100.
    @Test func daysSinceEpoch_agreeWithFoundationsCalendar_bothWays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let sampled = Array(stride(from: -135_140, through: 193_000, by: 37))
        let leapDays = [-25_567, 10_957, 47_482].flatMap { ($0 + 40)...($0 + 80) }
        for days in sampled + leapDays {
            let date = CivilDate(daysSinceEpoch: days)
            let expected = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
            #expect(date == CivilDate(year: expected.year!, month: expected.month!, day: expected.day!), "day \(days)")
            #expect(date.weekday == expected.weekday! - 1, "day \(days)")
            #expect(date.daysSinceEpoch == days)
        }
    }

    @Test(arguments: [(2024, 2, 29), (2026, 2, 28), (2000, 2, 29), (1900, 2, 28), (2026, 4, 30), (2026, 12, 31)])
    func monthLengths_followTheGregorianLeapRule(year: Int, month: Int, days: Int) {
        #expect(CivilDate.days(inMonth: month, year: year) == days)
        #expect(CivilDate.days(inMonth: 2, year: nil) == 29)
    }

    @Test func floorDivision_andModulo_roundTowardMinusInfinity() {
        #expect((-1).floorDivided(by: 86_400) == -1)
        #expect((-86_400).floorDivided(by: 86_400) == -1)
        #expect(86_399.floorDivided(by: 86_400) == 0)
        #expect((-1).modulo(7) == 6)
        #expect(14.modulo(7) == 0)
    }
}
