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
public struct Engine: Sendable {
    public let configuration: Configuration
    public let source: DataSource
    let client: PostHogClient
    let normaliser: InsightNormaliser
    /// "Now" for the data: the recording time of a snapshot, the clock's time when live.
    public let now: Date
    /// The project's time zone as far as it is known before any insight is read.
    public let timezone: TimeZone
    let logger: Logger
    /// Told how far dashboard fetches have got (the CLI draws it on a terminal).
    public var progress: (@Sendable (FetchProgress) -> Void)?
    /// How much history live fetches add behind daily series; snapshots replay what they recorded.
    public var history = HistoryPolicy()

    /// - Parameters:
    ///   - transport: carries live requests. By default libcurl inside `PostHogTransportStack`
    ///     (rate limits, retries, request logging); a transport given here is used as it is.
    ///     Ignored for snapshots.
    ///   - now: the clock for live runs.
    /// - Throws: `DashbriefError.configuration` for incomplete settings, `TransportError` for an
    ///   unreadable snapshot manifest.
    public init(
        configuration: Configuration, transport: (any Transport)? = nil, now: Date = Date(),
        logger: Logger = Logger(label: "dashbrief")
    ) throws {
        self.configuration = configuration
        self.logger = logger
        source = try DataSource.select(for: configuration)
        switch source {
        case .snapshot(let directory):
            let replay = try ReplayTransport(directory: directory)
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
            self.now = recorded
            timezone = zone
        case .live(let baseURL, let projectID):
            let wire = CurlTransport(options: .init(userAgent: "dashbrief/\(DashbriefVersion.current)"))
            client = PostHogClient(
                transport: transport
                    ?? PostHogTransportStack.make(base: wire, clock: ContinuousClock(), logger: logger),
                baseURL: baseURL, projectID: projectID, apiKey: configuration.posthogAPIKey)
            self.now = now
            timezone = .gmt
        }
        normaliser = InsightNormaliser(now: self.now, fallbackTimeZone: timezone)
        logger.debug("data source: \(source)")
    }

    // MARK: Exploring

    /// Every dashboard of the project.
    public func dashboards() async throws -> [DashboardSummary] {
        try await client.dashboards()
    }

    /// A dashboard by exact name, then case-insensitive name, then numeric id.
    /// - Throws: `DashbriefError.unknownDashboard` listing the closest names.
    public func findDashboard(_ nameOrID: String) async throws -> DashboardSummary {
        try Self.match(nameOrID, in: try await dashboards())
    }

    /// The dashboard `nameOrID` names among `all` (see `findDashboard`).
    static func match(_ nameOrID: String, in all: [DashboardSummary]) throws -> DashboardSummary {
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
    public func dashboard(_ nameOrID: String) async throws -> DashboardMetrics {
        try await dashboard(try await findDashboard(nameOrID))
    }

    func dashboard(_ summary: DashboardSummary) async throws -> DashboardMetrics {
        normaliser.metrics(
            for: try await client.dashboardWithResults(id: summary.id, history: history, progress: progress))
    }

    /// One insight by numeric id or short id; time series cut to the last `days` complete periods.
    public func insight(_ idOrShortID: String, days: Int? = nil) async throws -> InsightMetrics {
        let insight = try await client.insight(idOrShortID)
        do {
            let metrics = try normaliser.metrics(for: insight)
            guard let days else { return metrics }
            return metrics.lastCompletePeriods(days)
        } catch {
            throw DashbriefError(.dataSource, "insight \(insight.displayName) (\(insight.id)): \(error.reason)")
        }
    }

    // MARK: Reports

    /// The daily alert for one dashboard: its last complete period judged against the ones before.
    /// - Parameter days: complete days reviewed; defaults to the configuration's (14).
    public func dailyReport(dashboard: String, days: Int? = nil, method: AnalysisMethod = .statistical) async throws
        -> Report
    {
        let metrics = try await self.dashboard(dashboard)
        return report(for: [metrics], kind: .daily, days: days ?? configuration.dailyDays, method: method)
    }

    /// The weekly report over several dashboards; none named means every configured dashboard.
    /// - Parameter days: complete days reviewed; defaults to the configuration's (28).
    public func weeklyReport(dashboards names: [String] = [], days: Int? = nil, method: AnalysisMethod = .statistical)
        async throws -> Report
    {
        let targets = names.isEmpty ? configuration.dashboards.map(\.name) : names
        var all: [DashboardMetrics] = []
        var unreadable: [Skipped] = []
        var lastFailure: (any Error)?
        // One listing serves every name; a name that matches nothing is an error, since it is a
        // typo to fix.
        let listing = try await dashboards()
        let summaries = try targets.map { try Self.match($0, in: listing) }
        for (name, summary) in zip(targets, summaries) {
            // One dashboard that cannot be read must not cost the others their report.
            do {
                all.append(try await dashboard(summary))
            } catch {
                logger.warning("dashboard \(name) skipped: \(error)")
                unreadable.append(Skipped(insight: "dashboard \(name)", reason: String(describing: error)))
                lastFailure = error
            }
        }
        if all.isEmpty, let lastFailure { throw lastFailure }
        return report(
            for: all, kind: .weekly, days: days ?? configuration.weeklyDays, method: method, unreadable: unreadable)
    }

    func report(
        for dashboards: [DashboardMetrics], kind: ReportKind, days: Int, method: AnalysisMethod,
        unreadable: [Skipped] = []
    ) -> Report {
        var analysis: AnalysisResult
        switch method {
        case .threshold:
            analysis = ThresholdAnalyser(settings: configuration.thresholds).analyse(dashboards, kind: kind, days: days)
        case .statistical:
            analysis = StatisticalAnalyser(thresholds: configuration.thresholds).analyse(
                dashboards, kind: kind, days: days)
        }
        analysis.skipped = unreadable + analysis.skipped
        let zone = dashboards.lazy.flatMap(\.insights).first?.timezone ?? timezone
        return Report(
            analysis: analysis, asOf: Timestamp.format(now), timezone: zone.identifier,
            narrative: TemplateNarrator().narrate(analysis))
    }
}
