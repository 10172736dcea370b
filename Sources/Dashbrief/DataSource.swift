import Foundation
import PostHog
import Transport

/// Where an engine reads PostHog data from.
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
    /// A recorded snapshot directory, replayed offline; "now" is its recording time.
    case snapshot(URL)
    /// A live PostHog project.
    case live(baseURL: URL, projectID: String)

    /// The contract: an explicit snapshot; else live PostHog when an API key or a project id is
    /// set (both are then required). Nothing else: the library never falls back to demo data, so a
    /// live configuration can never report on it. (The CLI chooses the bundled demo itself when
    /// nothing at all is configured, and says so; see `isUnconfigured`.)
    /// - Throws: `DashbriefError.configuration` naming the missing variable.
    public static func select(for configuration: Configuration) throws(DashbriefError) -> DataSource {
        if let directory = configuration.snapshotDirectory { return .snapshot(directory) }
        switch (configuration.posthogAPIKey, configuration.posthogProjectID) {
        case (.some, .some(let project)):
            return .live(baseURL: configuration.posthogBaseURL, projectID: project)
        case (.some, nil):
            throw DashbriefError(
                .configuration,
                "POSTHOG_PROJECT_ID is not set: a live run (POSTHOG_API_KEY is set) needs the project id")
        case (nil, .some):
            throw DashbriefError(
                .configuration,
                "POSTHOG_API_KEY is not set: a live run (a PostHog project id is configured) needs a personal API key")
        case (nil, nil):
            throw DashbriefError(
                .configuration,
                "no data source: pass --snapshot DIR (or set DASHBRIEF_SNAPSHOT), or set POSTHOG_API_KEY and POSTHOG_PROJECT_ID"
            )
        }
    }

    /// True when nothing chooses a data source: no snapshot, no API key, no project id. Only then
    /// may a front end (the CLI) pick the bundled demo.
    public static func isUnconfigured(_ configuration: Configuration) -> Bool {
        configuration.snapshotDirectory == nil && configuration.posthogAPIKey == nil
            && configuration.posthogProjectID == nil
    }

    /// `Fixtures/demo` in the working directory, else in the source checkout this binary was
    /// built from.
    public static func bundledSnapshot(
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> URL? {
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return [workingDirectory, checkout]
            .map { $0.appendingPathComponent("Fixtures/demo") }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(SnapshotManifest.fileName).path) }
    }

    public var description: String {
        switch self {
        case .snapshot(let url): "snapshot \(url.path)"
        case .live(let baseURL, let projectID): "PostHog \(baseURL.absoluteString) project \(projectID)"
        }
    }
}
