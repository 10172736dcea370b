import ArgumentParser
import Dashbrief
import Foundation

/// `dashbrief schedule`: when the daily alert and the weekly report would run next.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "List when the daily alert and the weekly report would run next.",
        discussion: """
            Schedules are 5-field cron expressions (minute hour day-of-month month day-of-week), \
            read as Vixie cron reads them. Day-of-week counts from Sunday: 0 and 7 are Sunday, 5 is \
            Friday (names work too: fri). Times are the zone's wall clock: a time daylight saving \
            skips runs once when the clock resumes, a time it repeats runs once, the first time.
            """)

    @Option(name: .long, help: "How many fires to list for each schedule.")
    var next = 5

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daily alert's schedule, a cron expression (default: schedule.daily, else 0 9 * * *).",
            valueName: "cron"))
    var daily: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The weekly report's schedule, a cron expression (default: schedule.weekly, else 0 16 * * 5).",
            valueName: "cron"))
    var weekly: String?

    @Option(
        name: .customLong("timezone"),
        help: ArgumentHelp(
            "IANA time zone the schedules run in (default: schedule.timezone, else the PostHog project's).",
            valueName: "zone"))
    var timeZone: String?

    @Option(name: .long, help: "List the fires after this ISO-8601 instant (2026-12-01T09:00:00Z) instead of now.")
    var after: String?

    func validate() throws {
        if next < 1 { throw ValidationError("--next must be at least 1, got \(next)") }
        if next > 1_000 { throw ValidationError("--next must be at most 1000, got \(next)") }
        _ = try schedules(
            daily: daily ?? CronExpression.dailyDefault.text, weekly: weekly ?? CronExpression.weeklyDefault.text,
            zone: timeZone ?? "UTC")
        _ = try start()
    }

    /// Flags, then the configuration's schedules and zone, then the project's zone.
    func run() async throws {
        let start = try start()
        let engine = try await global.engine()
        var zone = timeZone ?? engine.configuration.scheduleTimeZone
        if zone == nil { zone = await engine.projectTimeZone().identifier }
        let chosen = try schedules(
            daily: daily ?? engine.configuration.dailySchedule, weekly: weekly ?? engine.configuration.weeklySchedule,
            zone: zone ?? "UTC")
        let sections = chosen.map { name, schedule in
            "\(name): \(schedule.cron) in \(schedule.timeZone.identifier)\n"
                + schedule.describeNextFires(next, after: start).map { "  \($0)\n" }.joined()
        }
        FileHandle.standardOutput.write(Data(sections.joined(separator: "\n").utf8))
    }

    private func schedules(daily: String, weekly: String, zone: String) throws -> [(name: String, schedule: Schedule)] {
        do {
            return [
                ("Daily alert", try Schedule(cron: daily, timeZoneIdentifier: zone)),
                ("Weekly report", try Schedule(cron: weekly, timeZoneIdentifier: zone)),
            ]
        } catch {
            throw ValidationError(error.message)
        }
    }

    private func start() throws -> Date {
        guard let after else { return Date() }
        guard let instant = Timestamp.instant(after) else {
            throw ValidationError(
                "--after: \"\(after)\" is not an ISO-8601 instant with an offset (2026-12-01T09:00:00Z)")
        }
        return instant
    }
}
