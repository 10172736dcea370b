import Dashbrief
import Foundation

/// Every response body of a snapshot that a weekly run reads, loaded into memory once, so that
/// the decode stage measures decoding and not the disk.
struct SnapshotBodies {
    let directory: URL
    let manifest: SnapshotManifest
    /// `/dashboards/:id/` bodies, in manifest order: nearly all of a snapshot's bytes. (`/query/`
    /// bodies, a funnel's previous period or a short series' history, are small and decoded per kind.)
    let dashboards: [(source: String, body: Data)]

    init(directory: URL) throws {
        self.directory = directory
        manifest = try SnapshotManifest.load(from: directory)
        func read(_ exchange: SnapshotManifest.Exchange) throws -> (String, Data) {
            let file = directory.appendingPathComponent(exchange.file)
            return (file.path, try Data(contentsOf: file))
        }
        let isDashboard = { (path: String) in path.contains("/dashboards/") && !path.contains("/dashboards/?") }
        dashboards = try manifest.exchanges.filter { isDashboard($0.path) }.map(read)
    }

    var bytes: Int { dashboards.reduce(0) { $0 + $1.body.count } }
}
