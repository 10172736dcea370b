import Analysis
import Foundation
import Logging
import Narrative
import PostHog
import Transport

/// The library API: everything the CLI does, callable from Swift.
///
/// ```swift
/// let engine = try Engine(configuration: try .resolve())
/// let report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
/// print(try report.rendered(as: .markdown))
/// ```
///
/// An engine lives in time: "now" is read when a report is made (a daemon that runs for months
/// sees today), or is the recording time of a replayed snapshot. A report can be made as of an
/// earlier moment (`asOf`), as it would have been then. Every public method throws one error
/// type, `DashbriefError`; a cancelled task throws its `.cancelled` code, never a partial report.
public struct Engine: Sendable {
    public let configuration: Configuration
    public let source: DataSource
    let client: PostHogClient
    /// When a replayed snapshot was recorded: its "now". nil for a live project.
    public let recordedAt: Date?
    /// The wall clock of live runs.
    let clock: @Sendable () -> Date
    /// The project's time zone as far as it is known before any insight is read.
    public let timezone: TimeZone
    let logger: Logger
    /// Told how far dashboard fetches have got (the CLI draws it on a terminal).
    public var progress: (@Sendable (FetchProgress) -> Void)?
    /// How much history live fetches add behind daily series; snapshots replay what they recorded.
    public var history = HistoryPolicy()
    /// How reports' narratives are written (model, cache, prompt file).
    public var narration = NarrationOptions()
    /// Whether reports carry the recent history of the series their findings are about
    /// (`Report.histories`), which only the HTML report draws: each chart is a detector run
    /// (together about 2% of a large weekly run's CPU time, at its end, when little else runs).
    /// The CLI turns it off for every format but HTML; the scheduler (Slack), `record` and the
    /// backtest never draw.
    public var charts = true

    /// "Now" for the data: the recording time of a snapshot, the clock's time when live.
    public var now: Date { recordedAt ?? clock() }

    /// - Parameters:
    ///   - configuration: its data source must be explicit: a snapshot, or live PostHog settings
    ///     (see `DataSource.select`). The library never falls back to the bundled demo.
    ///   - transport: carries live requests. By default libcurl inside `PostHogTransportStack`
    ///     (rate limits, retries, request logging); a transport given here is used as it is.
    ///     Ignored for snapshots.
    ///   - clock: the wall clock for live runs, read at every report.
    /// - Throws: `DashbriefError.configuration` for incomplete settings, `.dataSource` for an
    ///   unreadable snapshot manifest.
    public init(
        configuration: Configuration, transport: (any Transport)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "dashbrief")
    ) throws(DashbriefError) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        source = try DataSource.select(for: configuration)
        switch source {
        case .snapshot(let directory):
            let replay = try synchronouslyAtTheBoundary { try ReplayTransport(directory: directory) }
            let manifest = replay.manifest
            let manifestPath = directory.appendingPathComponent(SnapshotManifest.fileName).path
            guard let recorded = Timestamp.instant(manifest.recordedAt) else {
                throw DashbriefError(
                    .dataSource, "\(manifestPath): recorded_at: \"\(manifest.recordedAt)\" is not an ISO-8601 timestamp"
                )
            }
            guard let zone = TimeZone(identifier: manifest.timezone) else {
                throw DashbriefError(
                    .dataSource, "\(manifestPath): timezone: \"\(manifest.timezone)\" is not an IANA zone")
            }
            guard let baseURL = URL(string: manifest.baseURL) else {
                throw DashbriefError(.dataSource, "\(manifestPath): base_url: \"\(manifest.baseURL)\" is not a URL")
            }
            client = PostHogClient(
                transport: LoggingTransport(base: replay, logger: logger), baseURL: baseURL,
                projectID: manifest.projectID)
            recordedAt = recorded
            timezone = zone
        case .live(let baseURL, let projectID):
            let wire = CurlTransport(options: .init(userAgent: "dashbrief/\(DashbriefVersion.current)"))
            client = PostHogClient(
                transport: transport
                    ?? PostHogTransportStack.make(base: wire, clock: ContinuousClock(), logger: logger),
                baseURL: baseURL, projectID: projectID, apiKey: configuration.posthogAPIKey)
            recordedAt = nil
            timezone = .gmt
        }
        logger.debug("data source: \(source)")
    }

    /// Reads insights as of `instant` (default: now); `fetchedAt` is when a live fetch ended, so
    /// that data newer than `instant` is recognised whatever `last_refresh` says.
    func normaliser(asOf instant: Date? = nil, fetchedAt: Date? = nil) -> InsightNormaliser {
        InsightNormaliser(
            now: instant ?? now, dataComputedAt: recordedAt ?? fetchedAt, fallbackTimeZone: timezone)
    }

    // MARK: Exploring

    /// Every dashboard of the project.
    public func dashboards() async throws(DashbriefError) -> [DashboardSummary] {
        try await atTheBoundary { try await client.dashboards() }
    }

    /// A dashboard by exact name, then case-insensitive name, then numeric id.
    /// - Throws: `DashbriefError.unknownDashboard` listing the closest names.
    public func findDashboard(_ nameOrID: String) async throws(DashbriefError) -> DashboardSummary {
        try Self.match(nameOrID, in: try await dashboards())
    }

    /// The dashboard `nameOrID` names among `all` (see `findDashboard`).
    static func match(_ nameOrID: String, in all: [DashboardSummary]) throws(DashbriefError) -> DashboardSummary {
        if let exact = all.first(where: { $0.name == nameOrID }) { return exact }
        if let folded = all.first(where: { $0.name.lowercased() == nameOrID.lowercased() }) { return folded }
        if let id = Int(nameOrID), let match = all.first(where: { $0.id == id }) { return match }
        let closest = ClosestNames.rank(nameOrID, among: all.map(\.name)).prefix(3)
        let hint =
            closest.isEmpty
            ? "the project has no dashboards" : "closest: " + closest.map { "\"\($0)\"" }.joined(separator: ", ")
        throw DashbriefError(.unknownDashboard, "no dashboard named \"\(nameOrID)\" (\(hint))")
    }

    /// A dashboard's insights, normalised, with what was skipped and why.
    public func dashboard(_ nameOrID: String) async throws(DashbriefError) -> DashboardMetrics {
        let summary = try await findDashboard(nameOrID)
        let fetched = try await fetch(summary)
        return normaliser().metrics(for: fetched)
    }

    /// A dashboard with every tile's result, as PostHog gave it.
    /// - Parameter asOf: for a live project, history is asked for that much further back, so that
    ///   a report as of an earlier day still has its full baseline.
    func fetch(_ summary: DashboardSummary, asOf: AsOf? = nil) async throws(DashbriefError) -> Dashboard {
        var history = history
        if recordedAt == nil, let asOf, history.requestedDays > 0 {
            let back = now.timeIntervalSince(asOf.instant(in: timezone)) / 86_400
            let extra = max(0, Int(back.rounded(.up)) + 1)  // +1: the project's zone is not known yet
            history.requestedDays += extra
            history.minimumDailyPeriods += extra
        }
        return try await atTheBoundary {
            try await client.dashboardWithResults(id: summary.id, history: history, progress: progress)
        }
    }

    /// One insight by numeric id or short id; time series cut to the last `days` complete periods.
    public func insight(_ idOrShortID: String, days: Int? = nil) async throws(DashbriefError) -> InsightMetrics {
        let insight = try await atTheBoundary { try await client.insight(idOrShortID) }
        do {
            let metrics = try normaliser().metrics(for: insight)
            guard let days else { return metrics }
            return metrics.lastCompletePeriods(days)
        } catch {
            throw DashbriefError(
                .dataSource, "insight \(insight.displayName) (\(insight.id)): \(error.reason)", underlying: error)
        }
    }

    // MARK: Reports

    /// The daily alert for one dashboard: its last complete period judged against the ones before.
    /// - Parameters:
    ///   - days: complete days reviewed; defaults to the configuration's (14).
    ///   - asOf: evaluate as of this earlier moment (see `AsOf`); nil: now.
    public func dailyReport(
        dashboard: String, days: Int? = nil, method: AnalysisMethod = .statistical, asOf: AsOf? = nil
    ) async throws(DashbriefError) -> Report {
        let summary = try await findDashboard(dashboard)
        let fetched = try await fetch(summary, asOf: asOf)
        let fetchedAt = now
        let instant = try evaluationInstant(asOf, for: [fetched])
        let metrics = normaliser(asOf: instant, fetchedAt: fetchedAt).metrics(for: fetched)
        return try await report(
            for: [metrics], kind: .daily, days: days ?? configuration.dailyDays, method: method, at: instant,
            asOf: asOf)
    }

    /// The weekly report over several dashboards; none named means every configured dashboard.
    /// - Parameters:
    ///   - days: complete days reviewed; defaults to the configuration's (28).
    ///   - asOf: evaluate as of this earlier moment (see `AsOf`); nil: now.
    public func weeklyReport(
        dashboards names: [String] = [], days: Int? = nil, method: AnalysisMethod = .statistical, asOf: AsOf? = nil
    ) async throws(DashbriefError) -> Report {
        let summaries = try await summaries(names)
        var fetched: [Dashboard] = []
        var unreadable: [Skipped] = []
        var lastFailure: DashbriefError?
        // One dashboard that cannot be read must not cost the others their report; a cancelled
        // run must not become a report of "skipped" dashboards.
        for (summary, outcome) in zip(summaries, try await fetchAll(summaries, asOf: asOf)) {
            switch outcome {
            case .success(let dashboard):
                fetched.append(dashboard)
            case .failure(let error):
                logger.warning("dashboard \(summary.name) skipped: \(error)")
                unreadable.append(Skipped(insight: "dashboard \(summary.name)", reason: error.message))
                lastFailure = error
            }
        }
        if fetched.isEmpty, let lastFailure { throw lastFailure }
        let fetchedAt = now
        let instant = try evaluationInstant(asOf, for: fetched)
        let normaliser = normaliser(asOf: instant, fetchedAt: fetchedAt)
        let metrics = fetched.parallelMap { normaliser.metrics(for: $0) }
        // The API's dashboards are not needed again: freed while the analysis runs.
        releaseElsewhere(consume fetched)
        return try await report(
            for: metrics, kind: .weekly, days: days ?? configuration.weeklyDays,
            method: method, at: instant, asOf: asOf, unreadable: unreadable)
    }

    /// The dashboards `names` name, or every configured one when none is named, each once, from
    /// one listing. A name that matches nothing is an error, since it is a typo to fix.
    func summaries(_ names: [String]) async throws(DashbriefError) -> [DashboardSummary] {
        let listing = try await dashboards()
        var summaries: [DashboardSummary] = []
        for name in names.isEmpty ? configuration.dashboards.map(\.name) : names {
            let summary = try Self.match(name, in: listing)
            // Two names for one dashboard (a name and its id, or two spellings) report it once.
            if !summaries.contains(where: { $0.id == summary.id }) { summaries.append(summary) }
        }
        return summaries
    }

    /// Every dashboard of `summaries`, fetched a few at a time (the transport's rate limits and
    /// retries apply to each request), each with its outcome, in the order given.
    /// - Throws: only cancellation.
    func fetchAll(
        _ summaries: [DashboardSummary], asOf: AsOf?
    ) async throws(DashbriefError) -> [Result<Dashboard, DashbriefError>] {
        // PostHog allows a few requests in flight; more only queue in the rate limiter.
        let inFlight = 3
        do {
            return try await withThrowingTaskGroup(of: (Int, Result<Dashboard, DashbriefError>).self) { group in
                var outcomes = [Result<Dashboard, DashbriefError>?](repeating: nil, count: summaries.count)
                func start(_ index: Int) {
                    group.addTask {
                        do throws(DashbriefError) {
                            return (index, .success(try await fetch(summaries[index], asOf: asOf)))
                        } catch {
                            if error.isCancellation { throw error }
                            return (index, .failure(error))
                        }
                    }
                }
                for index in summaries.indices.prefix(inFlight) { start(index) }
                var next = min(inFlight, summaries.count)
                while let (index, outcome) = try await group.next() {
                    outcomes[index] = outcome
                    if next < summaries.count {
                        start(next)
                        next += 1
                    }
                }
                return outcomes.map { $0! }
            }
        } catch {
            throw DashbriefError(error)
        }
    }

    /// The instant a report is evaluated at: now, or `asOf` read in the project's zone (the first
    /// insight's, else the snapshot's). It may not be later than now: the future has no data.
    func evaluationInstant(_ asOf: AsOf?, for dashboards: [Dashboard]) throws(DashbriefError) -> Date {
        let now = self.now
        guard let asOf else { return now }
        let instant = asOf.instant(in: projectZone(of: dashboards))
        guard instant <= now else {
            let what = recordedAt == nil ? "now" : "the snapshot's recording time"
            throw DashbriefError(
                .configuration, "--as-of \(asOf) is after \(what) (\(Timestamp.format(now))): there is no data yet")
        }
        return instant
    }

    func report(
        for dashboards: consuming [DashboardMetrics], kind: ReportKind, days: Int, method: AnalysisMethod,
        at instant: Date, asOf: AsOf? = nil, unreadable: [Skipped] = []
    ) async throws(DashbriefError) -> Report {
        // A run cancelled while it fetched must throw, not report what it got.
        if Task.isCancelled { throw DashbriefError(CancellationError()) }
        var analysis: AnalysisResult
        switch method {
        case .threshold:
            analysis = ThresholdAnalyser(settings: configuration.thresholds).analyse(
                dashboards, kind: kind, days: days, charts: charts)
        case .statistical:
            analysis = StatisticalAnalyser(thresholds: configuration.thresholds).analyse(
                dashboards, kind: kind, days: days, charts: charts)
        }
        analysis.skipped = unreadable + analysis.skipped
        // An empty report as of a day before the data would read as an all-clear: say so instead.
        if let asOf, analysis.window == nil {
            throw DashbriefError(
                .configuration, "--as-of \(asOf) is before the data: no insight has a complete period by then")
        }
        let zone = dashboards.lazy.flatMap(\.insights).first?.timezone ?? timezone
        // The report holds what it needs from the metrics: freed beside the narrative and render.
        releaseElsewhere(consume dashboards)
        var report = Report(
            analysis: analysis, asOf: Timestamp.format(instant), timezone: zone.identifier,
            narrative: TemplateNarrator().narrate(analysis))
        if let narrator = try narrator(for: kind) {
            do {
                report.narrative = try await narrator.narrate(report)
            } catch {
                throw DashbriefError(error)
            }
        }
        return report
    }
}
