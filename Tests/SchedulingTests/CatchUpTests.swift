import DashbriefTestSupport
import Foundation
import Scheduling
import Testing

@Suite struct CatchUpTests {
    static let daily = Schedule.daily(in: zone("UTC"))  // 09:00 UTC every day

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var last: String?
        var now: String
        var grace: Duration = CatchUp.dailyGrace
        /// The fire to run and its lateness in seconds.
        var run: (fire: String, late: Double)?
        var skipped: [String] = []
        var next: String
        var testDescription: String { name }
    }

    static let dailyCases: [Case] = [
        Case(name: "never ran: nothing is owed", last: nil, now: "2026-12-03T10:00:00Z", next: "2026-12-04T09:00:00Z"),
        Case(
            name: "up to date after today's fire", last: "2026-12-03T09:00:00Z", now: "2026-12-03T10:00:00Z",
            next: "2026-12-04T09:00:00Z"),
        Case(
            name: "up to date before today's fire", last: "2026-12-02T09:00:00Z", now: "2026-12-03T08:00:00Z",
            next: "2026-12-03T09:00:00Z"),
        Case(
            name: "woken exactly on time", last: "2026-12-02T09:00:00Z", now: "2026-12-03T09:00:00Z",
            run: ("2026-12-03T09:00:00Z", 0), next: "2026-12-04T09:00:00Z"),
        Case(
            name: "restart within grace: run once, delayed", last: "2026-12-02T09:00:00Z",
            now: "2026-12-03T10:30:00Z", run: ("2026-12-03T09:00:00Z", 5_400), next: "2026-12-04T09:00:00Z"),
        Case(
            name: "exactly at the end of grace: still runs", last: "2026-12-02T09:00:00Z",
            now: "2026-12-03T12:00:00Z", run: ("2026-12-03T09:00:00Z", 10_800), next: "2026-12-04T09:00:00Z"),
        Case(
            name: "a second beyond grace: skipped and reported", last: "2026-12-02T09:00:00Z",
            now: "2026-12-03T12:00:01Z", skipped: ["2026-12-03T09:00:00Z"], next: "2026-12-04T09:00:00Z"),
        Case(
            name: "down three days, back within grace of today's: only today's runs",
            last: "2026-11-30T09:00:00Z", now: "2026-12-03T09:45:00Z", run: ("2026-12-03T09:00:00Z", 2_700),
            skipped: ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z"], next: "2026-12-04T09:00:00Z"),
        Case(
            name: "down three days, back after today's grace: all skipped", last: "2026-11-30T09:00:00Z",
            now: "2026-12-03T13:00:00Z",
            skipped: ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z"],
            next: "2026-12-04T09:00:00Z"),
        Case(
            name: "down three days, back before today's fire: yesterday's is too old", last: "2026-11-30T09:00:00Z",
            now: "2026-12-03T08:00:00Z", skipped: ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z"],
            next: "2026-12-03T09:00:00Z"),
        Case(
            name: "clock behind the ledger: today's completed fire is not next", last: "2026-12-03T09:00:00Z",
            now: "2026-12-03T08:00:00Z", next: "2026-12-04T09:00:00Z"),
        Case(
            name: "zero grace: runs only when exactly on time", last: "2026-12-02T09:00:00Z",
            now: "2026-12-03T09:00:00Z", grace: .zero, run: ("2026-12-03T09:00:00Z", 0), next: "2026-12-04T09:00:00Z"
        ),
        Case(
            name: "zero grace: a second late is skipped", last: "2026-12-02T09:00:00Z", now: "2026-12-03T09:00:01Z",
            grace: .zero, skipped: ["2026-12-03T09:00:00Z"], next: "2026-12-04T09:00:00Z"),
    ]

    @Test(arguments: dailyCases)
    func dailyAlert_catchUp(_ test: Case) {
        let decision = CatchUp(
            schedule: Self.daily, lastCompleted: test.last.map(instant), now: instant(test.now), grace: test.grace)
        #expect(decision.run?.fire == test.run.map { instant($0.fire) })
        #expect(decision.run?.lateness == test.run.map { .seconds($0.late) })
        #expect(decision.skipped == test.skipped.map(instant))
        #expect(decision.next == instant(test.next))
    }

    /// Friday 16:00 in New York (21:00 UTC in December), 24 hours' grace.
    @Test func weeklyReport_runsUntilSaturdayFourPM_thenIsSkipped() {
        let weekly = Schedule.weekly(in: zone("America/New_York"))
        let lastFriday = instant("2026-11-27T21:00:00Z")
        let friday = instant("2026-12-04T21:00:00Z")
        let saturdayMorning = CatchUp(
            schedule: weekly, lastCompleted: lastFriday, now: instant("2026-12-05T15:00:00Z"),
            grace: CatchUp.weeklyGrace)
        #expect(saturdayMorning.run == CatchUp.Run(fire: friday, lateness: .seconds(18 * 3600)))
        #expect(saturdayMorning.run?.isDelayed == true)
        let saturdayEvening = CatchUp(
            schedule: weekly, lastCompleted: lastFriday, now: instant("2026-12-05T21:00:01Z"),
            grace: CatchUp.weeklyGrace)
        #expect(saturdayEvening.run == nil)
        #expect(saturdayEvening.skipped == [friday])
        #expect(saturdayEvening.next == instant("2026-12-11T21:00:00Z"))
        #expect(saturdayEvening.settledThrough == friday)
        let threeWeeksDown = CatchUp(
            schedule: weekly, lastCompleted: instant("2026-11-13T21:00:00Z"), now: instant("2026-12-05T15:00:00Z"),
            grace: CatchUp.weeklyGrace)
        #expect(threeWeeksDown.run?.fire == friday)
        #expect(threeWeeksDown.skipped == [instant("2026-11-20T21:00:00Z"), lastFriday])
    }

    @Test(arguments: [(0.0, false), (0.25, false), (59.9, false), (60, true), (3_600, true)])
    func delayed_fromAMinuteLate(late: Double, delayed: Bool) {
        #expect(CatchUp.Run(fire: instant("2026-12-03T09:00:00Z"), lateness: .seconds(late)).isDelayed == delayed)
    }

    /// Every combination of a last completed fire (never, or any of seven around New York's fall
    /// back) and a `now` every 20 minutes over ten days, for the daily and weekly defaults: the
    /// decision is the policy, whatever the inputs.
    @Test(arguments: [
        (Schedule.daily(in: zone("America/New_York")), CatchUp.dailyGrace),
        (Schedule.weekly(in: zone("America/New_York")), CatchUp.weeklyGrace),
    ])
    func decision_obeysThePolicy_forEveryLastAndNow(schedule: Schedule, grace: Duration) {
        let start = instant("2026-10-25T00:00:00Z")
        let lasts: [Date?] =
            [nil]
            + schedule.fires(between: start.addingTimeInterval(-8 * 86_400), and: start.addingTimeInterval(6 * 86_400))
            .suffix(7)
        for last in lasts {
            for step in 0..<(10 * 72) {
                let now = start.addingTimeInterval(TimeInterval(step) * 1_200)
                let decision = CatchUp(schedule: schedule, lastCompleted: last, now: now, grace: grace)
                let missed = last.map { schedule.fires(between: $0, and: now) } ?? []
                let context = "last \(last.map(String.init(describing:)) ?? "nil"), now \(now)"
                // Nothing lost, nothing invented: the run and the skipped fires are exactly the missed ones.
                #expect(decision.skipped + (decision.run.map { [$0.fire] } ?? []) == missed, "\(context)")
                if let run = decision.run {
                    #expect(run.fire == missed.last && run.lateness <= grace, "\(context)")
                    #expect(run.lateness == .seconds(now.timeIntervalSince(run.fire)), "\(context)")
                } else if let latest = missed.last {
                    #expect(.seconds(now.timeIntervalSince(latest)) > grace, "\(context)")
                }
                #expect(decision.next > now && decision.next > (last ?? now), "\(context)")
                #expect(decision.next == schedule.nextFire(after: max(now, last ?? now)), "\(context)")
            }
        }
    }

    /// A daemon that stops and starts at random over three months, deciding at every start and at
    /// every fire it is up for, and recording `settledThrough`. No fire runs twice; a fire runs
    /// exactly when the daemon's first look at or after it comes within grace and before the next
    /// fire; every other fire before the last look is reported skipped, once.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func restartingDaemon_runsEachFireAtMostOnce_andOnlyTheLatestInGrace(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let schedule = Schedule.daily(in: zone("Europe/Berlin"))
        let grace = CatchUp.dailyGrace
        let start = instant("2026-09-01T00:00:00Z")
        let end = instant("2026-12-01T00:00:00Z")
        // Looks: restarts at random (a few minutes to three days apart), plus each fire while up.
        var looks: [Date] = []
        var cursor = start
        while cursor < end {
            let up = Double(random.next() % 100) < 60
            let gap = TimeInterval(random.next() % (3 * 86_400)) + 60
            if up {
                looks += schedule.fires(between: cursor, and: min(end, cursor + gap))
            }
            cursor += gap
            looks.append(cursor)
        }
        looks = Array(Set(looks.filter { $0 <= end })).sorted()

        var last: Date? = start
        var ran: [Date] = []
        var delayed = 0
        var skipped: [Date] = []
        for now in looks {
            let decision = CatchUp(schedule: schedule, lastCompleted: last, now: now, grace: grace)
            if let run = decision.run {
                ran.append(run.fire)
                delayed += run.isDelayed ? 1 : 0
            }
            skipped += decision.skipped
            last = decision.settledThrough ?? last
        }
        // The walk is varied enough to mean something: on-time and delayed runs, and skips.
        #expect(delayed > 0 && delayed < ran.count && !skipped.isEmpty, "\(ran.count) runs, \(delayed) delayed")
        #expect(Set(ran).count == ran.count)
        #expect(Set(skipped).count == skipped.count)
        #expect(Set(ran).isDisjoint(with: skipped))
        let fires = schedule.fires(between: start, and: looks.last!)
        #expect((ran + skipped).sorted() == fires)
        for (index, fire) in fires.enumerated() {
            let firstLook = looks.first { $0 >= fire }!
            let following = index + 1 < fires.count ? fires[index + 1] : .distantFuture
            let shouldRun = firstLook.timeIntervalSince(fire) <= 3 * 3600 && following > firstLook
            #expect(ran.contains(fire) == shouldRun, "\(fire), first look \(firstLook)")
        }
    }
}
