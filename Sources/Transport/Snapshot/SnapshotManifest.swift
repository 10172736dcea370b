import Foundation

/// `manifest.json` of a snapshot directory: what was recorded, when, and which file holds the
/// response body of each request. The bodies themselves are stored exactly as the API sent them.
public struct SnapshotManifest: Codable, Sendable, Equatable {
    public static let fileName = "manifest.json"
    public static let formatName = "dashbrief-snapshot"
    public static let currentVersion = 1

    public struct Exchange: Codable, Sendable, Equatable {
        public var method: String
        /// Path and query as requested, e.g. `/api/projects/1/dashboards/?limit=100`.
        public var path: String
        /// The request's `replayTag`, for requests told apart by their body.
        public var tag: String?
        public var status: Int
        /// Body file, relative to the snapshot directory.
        public var file: String

        public init(method: String, path: String, tag: String? = nil, status: Int, file: String) {
            self.method = method
            self.path = path
            self.tag = tag
            self.status = status
            self.file = file
        }

        /// The replay key this exchange answers.
        public var replayKey: String { HTTPRequest.replayKey(method: method, pathAndQuery: path, tag: tag) }
    }

    public var format: String
    public var version: Int
    public var projectID: String
    /// The project's IANA time zone at recording time, e.g. `America/Los_Angeles`.
    public var timezone: String
    /// ISO-8601 instant of the recording: "now" for everything replayed from it.
    public var recordedAt: String
    /// Base URL recorded from, without credentials.
    public var baseURL: String
    public var source: String?
    public var exchanges: [Exchange]

    enum CodingKeys: String, CodingKey {
        case format, version, timezone, source, exchanges
        case projectID = "project_id"
        case recordedAt = "recorded_at"
        case baseURL = "base_url"
    }

    public init(
        projectID: String, timezone: String, recordedAt: String, baseURL: String,
        source: String? = nil, exchanges: [Exchange] = []
    ) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.projectID = projectID
        self.timezone = timezone
        self.recordedAt = recordedAt
        self.baseURL = baseURL
        self.source = source
        self.exchanges = exchanges
    }

    /// Reads and checks `manifest.json` in `directory`.
    /// - Throws: `TransportError.invalidSnapshot` naming the file and what is wrong with it.
    public static func load(from directory: URL) throws -> SnapshotManifest {
        let file = directory.appendingPathComponent(fileName)
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw TransportError(
                .invalidSnapshot,
                "\(file.path): cannot read the snapshot manifest (is \(directory.path) a snapshot directory?)")
        }
        let manifest: SnapshotManifest
        do {
            manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
        } catch {
            throw TransportError(.invalidSnapshot, "\(file.path): \(DecodingFailure.describe(error))")
        }
        guard manifest.format == formatName else {
            throw TransportError(
                .invalidSnapshot, "\(file.path): format is \"\(manifest.format)\", expected \"\(formatName)\"")
        }
        guard manifest.version <= currentVersion else {
            throw TransportError(
                .invalidSnapshot,
                "\(file.path): snapshot format version \(manifest.version) is newer than this dashbrief reads (\(currentVersion))"
            )
        }
        return manifest
    }
}
