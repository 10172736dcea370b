import ArgumentParser
import Dashbrief
import Foundation
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the scheduler: daily alerts and weekly reports delivered to Slack on schedule.",
        discussion: """
            Defaults: daily at 09:00 and weekly on Friday at 16:00 in the project's time zone \
            (schedule.daily, schedule.weekly, schedule.timezone in dashbrief.json). Each run is posted \
            once (the state store in DASHBRIEF_STATE_DIR remembers), and a missed run is caught up \
            within 3 h (daily) or 24 h (weekly). SIGTERM or SIGINT stops it gracefully.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let engine = try await global.engine()
        let scheduler = try await reportingFailures {
            try Scheduler(engine: engine, jobs: try await engine.scheduledJobs())
        }
        for job in scheduler.jobs {
            let next = job.schedule.describe(job.schedule.nextFire(after: Date()))
            FileHandle.standardError.write(Data("dashbrief: \(job.name) reports next at \(next)\n".utf8))
        }
        let group = ServiceGroup(
            services: [scheduler], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "dashbrief"))
        try await group.run()
    }
}

struct RunDue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run what the schedule says is due now, once (for cron, systemd timers, Kubernetes CronJobs).",
        discussion: "Posts nothing that was posted already; a missed run is caught up within its grace window.")

    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Run the scheduled reports that are due (required: the only mode).") var due = false

    func validate() throws {
        guard due else { throw ValidationError("say --due: dashbrief run --due runs what the schedule says is due") }
    }

    func run() async throws {
        let engine = try await global.engine()
        let runs = try await reportingFailures {
            try await Scheduler(engine: engine, jobs: try await engine.scheduledJobs()).runDue(now: Date())
        }
        if runs.isEmpty { FileHandle.standardError.write(Data("dashbrief: nothing due\n".utf8)) }
        for run in runs {
            for outcome in run.outcomes { FileHandle.standardError.write(Data("dashbrief: \(outcome)\n".utf8)) }
            for failure in run.failures { FileHandle.standardError.write(Data("dashbrief: failed: \(failure)\n".utf8)) }
        }
        if runs.contains(where: { !$0.failures.isEmpty }) { throw ExitCode(1) }
    }
}
