import Delivery
import Foundation
import Logging
import Scheduling
import ServiceLifecycle
import Synchronization

/// A job the scheduler runs: the daily alert of every configured dashboard, or the weekly report
/// of all of them, each delivered to its channels.
public struct ScheduledJob: Sendable, Equatable {
    public var kind: ReportKind
    public var schedule: Schedule
    /// How late a missed fire may still run after a restart (3 h daily, 24 h weekly).
    public var grace: Duration

    public init(kind: ReportKind, schedule: Schedule, grace: Duration? = nil) {
        self.kind = kind
        self.schedule = schedule
        self.grace = grace ?? (kind == .daily ? CatchUp.dailyGrace : CatchUp.weeklyGrace)
    }

    /// The ledger's name for the job.
    public var name: String { kind.rawValue }
}

/// What one fire of a job did.
public struct JobRun: Sendable {
    public var job: ScheduledJob
    public var fire: Date
    /// How late it ran (a catch-up after a restart), nil when on time.
    public var lateness: Duration?
    public var outcomes: [DeliveryOutcome]
    /// What failed (a report that could not be made or delivered), told to a channel too.
    public var failures: [String]
}

/// The seed's `run_scheduler()` / `stop_scheduler()`, as a library: runs the daily alert at 09:00
/// and the weekly report on Friday at 16:00 (or the configured cron expressions) in the project's
/// time zone, delivering each to Slack exactly once. `runDue(now:)` is one pass, for a cron job or
/// a systemd timer (`dashbrief run --due`); `run()` runs until cancelled or `stop()`; as a
/// swift-service-lifecycle `Service`, `dashbrief serve` stops gracefully on SIGTERM/SIGINT: a
/// delivery under way finishes, the wait for the next one is abandoned.
public final class Scheduler: Service, Sendable {
    public let engine: Engine
    public let jobs: [ScheduledJob]
    let store: StateStore
    let logger: Logger
    private let task = TaskHolder()

    public init(engine: Engine, jobs: [ScheduledJob], store: StateStore? = nil, logger: Logger? = nil)
        throws(DashbriefError)
    {
        var engine = engine
        engine.charts = false  // its reports go to Slack, which draws no charts
        self.engine = engine
        self.jobs = jobs
        if let store {
            self.store = store
        } else {
            self.store = try engine.openStore()
        }
        self.logger = logger ?? Logger(label: "dashbrief.scheduler")
    }

    /// Runs what is due at `now`: each job's latest missed fire within its grace window, once.
    /// A job never seen before starts counting from now, so a new install never posts a report
    /// that may already have gone out.
    public func runDue(now: Date) async throws(DashbriefError) -> [JobRun] {
        var runs: [JobRun] = []
        for job in jobs {
            let last: Date?
            do {
                last = try store.lastCompletedFire(job: job.name)
                if last == nil { try store.recordCompletedFire(job: job.name, fire: now) }
            } catch {
                throw DashbriefError(.delivery, "state store: \(error.message)", underlying: error)
            }
            guard let last else { continue }
            let catchUp = CatchUp(schedule: job.schedule, lastCompleted: last, now: now, grace: job.grace)
            if let oldest = catchUp.skipped.first, let newest = catchUp.skipped.last {
                // One line however long the outage: a count and the span.
                logger.warning(
                    "missed fires skipped (older than the grace window)",
                    metadata: [
                        "job": "\(job.name)", "count": "\(catchUp.skipped.count)",
                        "first": "\(job.schedule.describe(oldest))", "last": "\(job.schedule.describe(newest))",
                    ])
            }
            if let settled = catchUp.settledThrough, catchUp.run == nil {
                try? store.recordCompletedFire(job: job.name, fire: settled)
            }
            guard let due = catchUp.run else { continue }
            let result = await run(job, fire: due.fire, lateness: due.isDelayed ? due.lateness : nil)
            runs.append(result)
            // A fire that failed stays due: the next pass (within grace) tries again, and the
            // ledger keeps what did go out from going out twice.
            if result.failures.isEmpty { try? store.recordCompletedFire(job: job.name, fire: due.fire) }
        }
        return runs
    }

    /// One fire of a job: make the reports and deliver them; failures are logged and told.
    func run(_ job: ScheduledJob, fire: Date, lateness: Duration?) async -> JobRun {
        var result = JobRun(job: job, fire: fire, lateness: lateness, outcomes: [], failures: [])
        let started = ContinuousClock.now
        let targets: [[String]] =
            job.kind == .daily
            ? engine.configuration.dashboards.map { [$0.name] } : [engine.configuration.dashboards.map(\.name)]
        for dashboards in targets {
            do {
                let report =
                    job.kind == .daily
                    ? try await engine.dailyReport(dashboard: dashboards[0])
                    : try await engine.weeklyReport(dashboards: dashboards)
                result.outcomes += try await engine.deliver(report, store: store)
            } catch {
                result.failures.append("\(dashboards.joined(separator: ", ")): \(error.message)")
                if error.code != .delivery {  // delivery failures were told by `deliver`
                    await engine.announceFailure(kind: job.kind, dashboards: dashboards, message: error.message)
                }
            }
        }
        logger.info(
            "scheduled run",
            metadata: [
                "job": "\(job.name)", "fire": "\(job.schedule.describe(fire))",
                "delayed": "\(lateness.map { "\($0)" } ?? "no")", "duration": "\(ContinuousClock.now - started)",
                "posted": "\(result.outcomes.filter { if case .posted = $0.status { true } else { false } }.count)",
                "failures": "\(result.failures.count)",
            ])
        return result
    }

    /// Runs until cancelled: waits for the next fire of any job, then runs what is due. On a
    /// graceful shutdown the wait ends at once; a run under way finishes first.
    public func run() async throws {
        // First what is due already: a restart after a missed fire catches it up now, not at the
        // next fire, when it would be past its grace.
        _ = try? await runDue(now: Date())
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = Date()
            let next = jobs.map { $0.schedule.nextFire(after: now) }.min() ?? now.addingTimeInterval(3_600)
            let wait = max(0, next.timeIntervalSince(now))
            logger.info("next scheduled run", metadata: ["at": "\(next)", "in_seconds": "\(Int(wait))"])
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
            } catch {
                return
            }
            _ = try? await runDue(now: Date())
        }
    }

    /// Starts `run()` in the background (the seed's `run_scheduler()`).
    public func start() {
        task.start { [self] in try? await self.run() }
    }

    /// Stops the background run (the seed's `stop_scheduler()`); a delivery under way is abandoned
    /// at its next cancellation point, never half-recorded (the ledger's claim stays, and the next
    /// run looks in the channel first).
    public func stop() { task.cancel() }
}

/// The scheduler's background task, started and stopped from any thread.
final class TaskHolder: Sendable {
    private let current = Mutex<Task<Void, Never>?>(nil)

    func start(_ body: @escaping @Sendable () async -> Void) {
        current.withLock { task in
            task?.cancel()
            task = Task { await body() }
        }
    }

    func cancel() { current.withLock { $0?.cancel() } }
}

extension Engine {
    /// The configured jobs: the daily alert and the weekly report, on their cron schedules in the
    /// configured zone, else the project's (a snapshot's zone, or the time zone PostHog reports
    /// for the first configured dashboard's insights), else UTC.
    public func scheduledJobs() async throws(DashbriefError) -> [ScheduledJob] {
        let zone: TimeZone
        if let name = configuration.scheduleTimeZone, let configured = TimeZone(identifier: name) {
            zone = configured
        } else {
            zone = await projectTimeZone()
        }
        do {
            return [
                ScheduledJob(
                    kind: .daily,
                    schedule: Schedule(cron: try CronExpression(configuration.dailySchedule), timeZone: zone)),
                ScheduledJob(
                    kind: .weekly,
                    schedule: Schedule(cron: try CronExpression(configuration.weeklySchedule), timeZone: zone)),
            ]
        } catch {
            throw DashbriefError(.configuration, error.message, underlying: error)
        }
    }

    /// The project's time zone: the snapshot's, or the first insight's of the first configured
    /// dashboard; UTC when PostHog cannot say.
    public func projectTimeZone() async -> TimeZone {
        if recordedAt != nil { return timezone }
        // One dashboard as PostHog sends it: its insights name the zone; their results, history
        // and normalisation are not needed for that.
        guard let name = configuration.dashboards.first?.name, let summary = try? await findDashboard(name),
            let dashboard = try? await client.dashboard(id: summary.id)
        else { return .gmt }
        return projectZone(of: [dashboard])
    }
}
