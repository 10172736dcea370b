import Foundation
import PostHog
import Transport

extension Engine {
    /// Fetches from live PostHog everything that a daily report of each dashboard and a weekly
    /// report of all of them would fetch, and writes it to `directory` as a snapshot. Replaying
    /// it (`--snapshot`) gives the same findings: "now" is the recording time. No secret is written.
    ///
    /// - Parameters:
    ///   - dashboards: names or ids; none means every configured dashboard.
    ///   - transport: the live transport (default: libcurl in `PostHogTransportStack`).
    /// - Returns: the manifest written.
    /// - Throws: `DashbriefError`: `.configuration` without live settings; fetch errors as they come.
    public static func record(
        configuration: Configuration, to directory: URL, dashboards: [String] = [], transport: (any Transport)? = nil,
        now: Date = Date(), progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) async throws(DashbriefError) -> SnapshotManifest {
        var live = configuration
        live.snapshotDirectory = nil
        guard !DataSource.isUnconfigured(live),
            case .live(let baseURL, let projectID) = try DataSource.select(for: live)
        else {
            throw DashbriefError(
                .configuration, "record needs a live PostHog: set POSTHOG_API_KEY and POSTHOG_PROJECT_ID")
        }
        let wire =
            transport
            ?? PostHogTransportStack.make(
                base: CurlTransport(options: .init(userAgent: "dashbrief/\(DashbriefVersion.current)")),
                clock: ContinuousClock())
        let recorder = try synchronouslyAtTheBoundary { try RecordingTransport(base: wire, directory: directory) }
        var engine = try Engine(configuration: live, transport: recorder, clock: { now })
        engine.progress = progress
        engine.charts = false  // the report only makes the requests; nothing is drawn

        let names = dashboards.isEmpty ? configuration.dashboards.map(\.name) : dashboards
        // A weekly report of all the dashboards makes every request that a daily report of each
        // would (the listing, each dashboard's tiles, fallbacks, history and previous periods).
        let weekly = try await engine.weeklyReport(dashboards: names)

        let root = PostHogClient.hostRoot(baseURL)
        return try synchronouslyAtTheBoundary {
            try recorder.finish(
                projectID: projectID, timezone: weekly.timezone, recordedAt: Timestamp.format(now),
                baseURL: root.withoutUserInfo)
            return try SnapshotManifest.load(from: directory)
        }
    }
}
