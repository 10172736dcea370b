import Foundation
import Synchronization

/// Passes requests to `base` and writes every response it gets into a snapshot directory, so that
/// the run can be replayed offline with `ReplayTransport`. Bodies are written as received;
/// nothing about the request but method, path, query and tag is kept, so no credential reaches
/// the disk. Call `finish` to write the manifest.
public final class RecordingTransport: Transport, Sendable {
    public let base: any Transport
    public let directory: URL
    private let recorded = Mutex<[String: SnapshotManifest.Exchange]>([:])

    /// - Throws: `TransportError.invalidSnapshot` when the directory cannot be created.
    public init(base: any Transport, directory: URL) throws {
        self.base = base
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TransportError(.invalidSnapshot, "\(directory.path): cannot create the snapshot directory")
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await base.send(request)
        let key = request.replayKey
        let pathAndQuery = request.url.pathAndQuery
        let file = recorded.withLock { exchanges -> String in
            if let existing = exchanges[key] { return existing.file }
            let taken = Set(exchanges.values.map(\.file))
            var name = Self.fileName(pathAndQuery: pathAndQuery, tag: request.replayTag)
            var counter = 2
            while taken.contains(name) {
                name = Self.fileName(pathAndQuery: pathAndQuery, tag: request.replayTag, suffix: counter)
                counter += 1
            }
            exchanges[key] = SnapshotManifest.Exchange(
                method: request.method.uppercased(), path: pathAndQuery, tag: request.replayTag,
                status: response.status, file: name)
            return name
        }
        let url = directory.appendingPathComponent(file)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try response.body.write(to: url, options: .atomic)
        } catch {
            throw TransportError(.invalidSnapshot, "\(url.path): cannot write the recorded response")
        }
        return response
    }

    /// Writes `manifest.json` listing every recorded exchange, in a stable order.
    public func finish(projectID: String, timezone: String, recordedAt: String, baseURL: String) throws {
        let exchanges = recorded.withLock { Array($0.values) }.sorted { $0.file < $1.file }
        let manifest = SnapshotManifest(
            projectID: projectID, timezone: timezone, recordedAt: recordedAt, baseURL: baseURL,
            source: "recorded by dashbrief", exchanges: exchanges)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = directory.appendingPathComponent(SnapshotManifest.fileName)
        do {
            try encoder.encode(manifest).write(to: url, options: .atomic)
        } catch {
            throw TransportError(.invalidSnapshot, "\(url.path): cannot write the snapshot manifest")
        }
    }

    /// `/api/projects/1/dashboards/101/?refresh=blocking` → `api/dashboards/101__refresh-blocking.json`.
    static func fileName(pathAndQuery: String, tag: String?, suffix: Int? = nil) -> String {
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1)
        var segments = parts[0].split(separator: "/").map(String.init)
        // Drop the project prefix: a snapshot holds one project, named in its manifest.
        if segments.count >= 3, segments[0] == "api", ["projects", "environments"].contains(segments[1]) {
            segments.removeSubrange(1...2)
        }
        var name = segments.map(sanitised).joined(separator: "/")
        if parts.count == 2 {
            name += "__" + sanitised(parts[1].split(separator: "&").sorted().joined(separator: "_"))
        }
        if let tag { name += "__" + sanitised(tag) }
        if let suffix { name += "_\(suffix)" }
        return name + ".json"
    }

    private static func sanitised<S: StringProtocol>(_ text: S) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
    }
}
