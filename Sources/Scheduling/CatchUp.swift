import Foundation

/// What a scheduler does about fires it missed while it was not running (a restart, a deploy, a
/// machine asleep): the latest missed fire runs late if it is within the grace window, older ones
/// are skipped and reported, and no fire runs twice.
///
/// A pure decision from the schedule, the last fire that completed, and now. A missed fire is one
/// after `lastCompleted` and at or before `now`; a fire at exactly `now` is simply due (lateness
/// zero), so the same decision serves a scheduler that wakes on time. Only the latest missed fire
/// can run (several missed reports coalesce into the newest, as APScheduler's `coalesce` does), and
/// only if `now - fire <= grace`. Everything older is reported in `skipped`, oldest first, for logs.
///
/// `lastCompleted` is nil when no fire ever completed: then nothing is owed. A fresh install, or a
/// lost ledger, does not post a report that may already have gone out. A scheduler that wants
/// fires missed since it was installed to count records its installation time as the first
/// `lastCompleted`.
///
/// After acting, record `settledThrough` as the new last completed fire (for a run, once it has
/// completed), so that later decisions neither run nor report anything up to it again.
public struct CatchUp: Sendable, Equatable {
    /// A missed fire to run now.
    public struct Run: Sendable, Equatable {
        /// The scheduled instant: what the run is for, and what to record once it completes.
        public var fire: Date
        /// How long after `fire` it runs: `now - fire`, at most the grace window.
        public var lateness: Duration
        /// Whether to mark the run as delayed: it starts a minute or more after its fire (cron's
        /// resolution; a scheduler waking a few milliseconds late is on time).
        public var isDelayed: Bool { lateness >= CatchUp.onTimeTolerance }

        public init(fire: Date, lateness: Duration) {
            self.fire = fire
            self.lateness = lateness
        }
    }

    /// The daily alert's default grace window: 3 hours.
    public static let dailyGrace: Duration = .seconds(3 * 3600)
    /// The weekly report's default grace window: 24 hours.
    public static let weeklyGrace: Duration = .seconds(24 * 3600)
    /// A run this close after its fire is on time, not delayed.
    public static let onTimeTolerance: Duration = .seconds(60)

    /// The latest missed fire, to run now; nil when there is none or it is older than the grace window.
    public var run: Run?
    /// Missed fires that will never run, oldest first: all but the latest, and the latest too when
    /// it is beyond the grace window.
    public var skipped: [Date]
    /// The first fire after both `now` and `lastCompleted`: when to look again.
    public var next: Date

    public init(run: Run?, skipped: [Date], next: Date) {
        self.run = run
        self.skipped = skipped
        self.next = next
    }

    /// Decides what is due at `now`.
    ///
    /// - Parameters:
    ///   - lastCompleted: the scheduled instant of the last fire that completed (not when it
    ///     completed), or nil when none ever did. A value after `now` (the clock went back) means
    ///     nothing is missed; fires up to it still never run again.
    ///   - grace: how late the latest missed fire may still run; not negative.
    /// - Complexity: proportional to the days between `lastCompleted` and `now`, plus the fires
    ///   missed (all of which `skipped` lists).
    public init(schedule: Schedule, lastCompleted: Date?, now: Date, grace: Duration) {
        precondition(grace >= .zero, "a grace window cannot be negative: \(grace)")
        let missed = lastCompleted.map { schedule.fires(between: $0, and: now) } ?? []
        let next = schedule.nextFire(after: max(now, lastCompleted ?? now))
        guard let latest = missed.last else {
            self.init(run: nil, skipped: [], next: next)
            return
        }
        let lateness = Duration.seconds(now.timeIntervalSince(latest))
        guard lateness <= grace else {
            self.init(run: nil, skipped: missed, next: next)
            return
        }
        self.init(run: Run(fire: latest, lateness: lateness), skipped: Array(missed.dropLast()), next: next)
    }

    /// What to record as the last completed fire after acting on this decision: the run's fire
    /// once it has completed, else the newest skipped fire; nil when there was nothing to settle.
    /// (When the run fails, record `skipped.last` instead, if any: the next decision offers the
    /// run again while it is within the grace window.)
    public var settledThrough: Date? { run?.fire ?? skipped.last }
}
