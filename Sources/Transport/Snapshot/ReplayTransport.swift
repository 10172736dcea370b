import Foundation

/// Serves the responses of a recorded snapshot directory (see `SnapshotManifest`), so that every
/// command runs offline, deterministically, through the same decoders as a live fetch.
public struct ReplayTransport: Transport {
    public let directory: URL
    public let manifest: SnapshotManifest
    private let exchangesByKey: [String: SnapshotManifest.Exchange]

    /// - Throws: `TransportError.invalidSnapshot` when the manifest is missing or malformed.
    public init(directory: URL) throws {
        self.directory = directory
        manifest = try SnapshotManifest.load(from: directory)
        exchangesByKey = Dictionary(
            manifest.exchanges.map { ($0.replayKey, $0) },
            uniquingKeysWith: { _, last in last })
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let key = request.replayKey
        guard let exchange = exchangesByKey[key] else {
            throw TransportError(.notRecorded, "snapshot \(directory.path) holds no response for \(key)")
        }
        let file = directory.appendingPathComponent(exchange.file)
        do {
            let body = try Data(contentsOf: file)
            return HTTPResponse(
                status: exchange.status, headers: ["content-type": "application/json"], body: body,
                source: file.path)
        } catch {
            throw TransportError(
                .invalidSnapshot, "\(file.path): listed in the snapshot manifest for \(key) but cannot be read")
        }
    }
}
