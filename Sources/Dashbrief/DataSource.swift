import Foundation
import PostHog
import Transport

/// Where an engine reads PostHog data from.
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
    /// A recorded snapshot directory, replayed offline; "now" is its recording time.
    case snapshot(URL)
    /// A live PostHog project.
    case live(baseURL: URL, projectID: String)

    /// The contract: an explicit snapshot; else live when an API key is set; else the bundled demo.
    /// - Throws: `DashbriefError.configuration` when live settings are incomplete or no snapshot
    ///   can be found.
    public static func select(for configuration: Configuration) throws -> DataSource {
        if let directory = configuration.snapshotDirectory { return .snapshot(directory) }
        if configuration.posthogAPIKey != nil {
            guard let project = configuration.posthogProjectID else {
                throw DashbriefError(
                    .configuration,
                    "POSTHOG_PROJECT_ID is not set: a live run (POSTHOG_API_KEY is set) needs the project id")
            }
            return .live(baseURL: configuration.posthogBaseURL, projectID: project)
        }
        guard let demo = bundledSnapshot() else {
            throw DashbriefError(
                .configuration,
                "no data source: pass --snapshot DIR, or set POSTHOG_API_KEY and POSTHOG_PROJECT_ID (the bundled Fixtures/demo was not found)"
            )
        }
        return .snapshot(demo)
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
