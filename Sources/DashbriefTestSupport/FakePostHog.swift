import Foundation
import Synchronization
import Transport

/// A PostHog API on loopback for tests: 120 dashboards over two pages, the demo snapshot's
/// recorded bodies for every other request, bearer-key checks, and scripted faults.
public final class FakePostHog: Sendable {
    public static let apiKey = "phx_fake_personal_key_0123456789"
    public static let dashboardCount = 120

    /// A fault for the `index`-th request (0-based, over the server's life), or nil to answer normally.
    public typealias Fault = @Sendable (_ request: ReceivedRequest, _ index: Int) -> ScriptedResponse?

    public let server: LoopbackServer
    public let projectID: String

    /// PostHog's 429 without `Retry-After`, as its exception handler sends it.
    public static let throttled = ScriptedResponse.json(
        #"{"type":"throttled_error","code":"throttled","detail":"Request was throttled. Expected available in 1 seconds.","attr":null}"#,
        status: 429)

    /// Throttles the very first request, as a busy project does on first contact.
    public static let throttleFirstContact: Fault = { _, index in index == 0 ? throttled : nil }

    public init(snapshot: URL = TestPaths.demoSnapshot, fault: Fault? = nil) throws {
        let manifest = try SnapshotManifest.load(from: snapshot)
        projectID = manifest.projectID
        let bodies = Dictionary(manifest.exchanges.map { ($0.replayKey, $0) }, uniquingKeysWith: { $1 })
        let listing = try Self.listing(snapshot: snapshot, manifest: manifest)
        let project = manifest.projectID
        let counter = Counter()
        server = try LoopbackServer { request in
            let index = counter.next()
            if let response = fault?(request, index) { return response }
            guard request.headers["authorization"] == "Bearer \(Self.apiKey)" else {
                return .json(
                    #"{"type":"authentication_error","code":"invalid_personal_api_key","detail":"Invalid Personal API key.","attr":null}"#,
                    status: 401)
            }
            // Through a proxy the request line carries the absolute URL: serve it all the same.
            var request = request
            if request.target.hasPrefix("http://"), let url = URL(string: request.target) {
                request.target = url.pathAndQuery
            }
            let path = String(request.target.prefix { $0 != "?" })
            guard path.hasPrefix("/api/projects/\(project)/") else { return Self.notFound }
            if path == "/api/projects/\(project)/dashboards/" {
                let base = "http://\(request.headers["host"] ?? "127.0.0.1")"
                return Self.page(listing, query: request.target, base: base, project: project)
            }
            let tag = Self.queryTag(request)
            let key = HTTPRequest.replayKey(method: request.method, pathAndQuery: request.target, tag: tag)
            guard let exchange = bodies[key],
                let body = try? Data(contentsOf: snapshot.appendingPathComponent(exchange.file))
            else { return Self.notFound }
            return ScriptedResponse(status: exchange.status, body: body)
        }
    }

    deinit { server.stop() }

    /// `http://127.0.0.1:PORT` (add `/api` for the seed's form).
    public var baseURL: URL { server.baseURL }
    public var requests: [ReceivedRequest] { server.requests }

    static let notFound = ScriptedResponse.json(
        #"{"type":"invalid_request","code":"not_found","detail":"Not found.","attr":null}"#, status: 404)

    /// The 120 dashboards: the snapshot's own (with their ids) and generated ones around them,
    /// ordered as PostHog orders them (pinned first, then by name).
    static func listing(snapshot: URL, manifest: SnapshotManifest) throws -> [Data] {
        let listKey = manifest.exchanges.first { $0.path.contains("/dashboards/?") }!
        let recorded =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: snapshot.appendingPathComponent(listKey.file))) as! [String: Any]
        var dashboards = recorded["results"] as! [[String: Any]]
        let taken = Set(dashboards.compactMap { $0["id"] as? Int })
        var next = 1
        while dashboards.count < dashboardCount {
            if !taken.contains(next) {
                dashboards.append([
                    "id": next, "name": String(format: "Team board %03d", next), "pinned": false, "deleted": false,
                ])
            }
            next += 1
        }
        return try dashboards.sorted {
            (($0["pinned"] as? Bool) == true ? 0 : 1, $0["name"] as! String) < (
                ($1["pinned"] as? Bool) == true ? 0 : 1, $1["name"] as! String
            )
        }.map { try JSONSerialization.data(withJSONObject: $0) }
    }

    /// One limit/offset page with PostHog's absolute `next` link.
    static func page(_ all: [Data], query target: String, base: String, project: String) -> ScriptedResponse {
        let items = URLComponents(string: "http://x\(target)")?.queryItems ?? []
        let limit = items.first { $0.name == "limit" }?.value.flatMap(Int.init) ?? 100
        let offset = items.first { $0.name == "offset" }?.value.flatMap(Int.init) ?? 0
        let slice = Array(all.dropFirst(offset).prefix(limit))
        let nextOffset = offset + limit
        let next =
            nextOffset < all.count
            ? "\"\(base)/api/projects/\(project)/dashboards/?limit=\(limit)&offset=\(nextOffset)\"" : "null"
        var body = Data("{\"count\": \(all.count), \"next\": \(next), \"previous\": null, \"results\": [".utf8)
        body.append(Data(slice.joined(separator: Data(",".utf8))))
        body.append(Data("]}".utf8))
        return ScriptedResponse(body: body)
    }

    /// The replay tag of a `/query/` request, from the `name` dashbrief gives its queries.
    static func queryTag(_ request: ReceivedRequest) -> String? {
        guard request.method == "POST",
            let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
            let name = object["name"] as? String, name.hasPrefix("dashbrief ")
        else { return nil }
        return String(name.dropFirst("dashbrief ".count))
    }
}

/// Numbers requests in arrival order, across the server's connection threads.
