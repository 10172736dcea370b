import Foundation
import Transport

/// Reads dashboards and insights from PostHog's REST API through any `Transport`.
///
/// Requests are the same whether they go to a live host or to a snapshot, so a recording made
/// with this client replays through it unchanged (see `SnapshotManifest`).
public struct PostHogClient: Sendable {
    public let transport: any Transport
    /// Host root without `/api`, e.g. `https://us.posthog.com`.
    public let baseURL: URL
    public let projectID: String
    private let apiKey: String?

    /// - Parameters:
    ///   - baseURL: `https://us.posthog.com`, `https://eu.posthog.com`, a self-hosted root, each
    ///     accepted with or without a trailing `/api` (the seed's form).
    ///   - apiKey: personal API key, sent as `Authorization: Bearer`; nil for a snapshot.
    public init(transport: any Transport, baseURL: URL, projectID: String, apiKey: String? = nil) {
        self.transport = transport
        self.baseURL = Self.hostRoot(baseURL)
        self.projectID = projectID
        self.apiKey = apiKey
    }

    /// `https://x/api/` → `https://x`: the client adds `/api/...` itself.
    static func hostRoot(_ url: URL) -> URL {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix("/api") { text.removeLast(4) }
        return URL(string: text) ?? url
    }

    // MARK: Endpoints

    /// Every dashboard of the project, following `next` to the last page.
    public func dashboards() async throws -> [DashboardSummary] {
        var url: URL? = endpoint("dashboards/", query: [("limit", "100")])
        var all: [DashboardSummary] = []
        var seen: Set<URL> = []
        while let next = url, seen.insert(next).inserted {
            let page: Page<DashboardSummary> = try await get(next)
            all += page.results.filter { $0.deleted != true }
            url = page.next.flatMap(URL.init(string:))
        }
        return all
    }

    /// One dashboard with its tiles; `refresh=blocking` so tile results are computed if stale.
    public func dashboard(id: Int) async throws -> Dashboard {
        try await get(endpoint("dashboards/\(id)/", query: [("refresh", "blocking")]))
    }

    /// An insight by numeric id or by its 8-character `short_id` (the one in insight URLs).
    public func insight(_ idOrShortID: String) async throws -> Insight {
        if let id = Int(idOrShortID) {
            return try await get(endpoint("insights/\(id)/", query: [("refresh", "blocking")]))
        }
        let page: Page<Insight> = try await get(
            endpoint("insights/", query: [("refresh", "blocking"), ("short_id", idOrShortID)]))
        guard let insight = page.results.first else {
            throw PostHogError(.notFound, "no insight with short id \(idOrShortID) in project \(projectID)")
        }
        return insight
    }

    // MARK: Plumbing

    func endpoint(_ path: String, query: [(String, String)]) -> URL {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)!
        let prefix = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.path = "\(prefix)/api/projects/\(projectID)/\(path)"
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.url!
    }

    func get<Body: Decodable>(_ url: URL) async throws -> Body {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let response = try await transport.send(HTTPRequest(url: url, headers: headers))
        guard response.isSuccess else {
            throw PostHogError(
                .http, "\(response.source): PostHog answered \(response.status)\(Self.detail(response.body))",
                status: response.status)
        }
        return try Self.decode(Body.self, from: response.body, source: response.source)
    }

    /// Decodes a body, naming the source (URL or snapshot file) and the JSON path on failure.
    public static func decode<Body: Decodable>(_ type: Body.Type, from data: Data, source: String) throws -> Body {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw PostHogError(.decoding, "\(source): \(DecodingFailure.describe(error))")
        }
    }

    /// PostHog's error envelope `{"type","code","detail","attr"}` → ": detail".
    private static func detail(_ body: Data) -> String {
        struct Envelope: Decodable { var detail: String? }
        guard let detail = (try? JSONDecoder().decode(Envelope.self, from: body))?.detail else { return "" }
        return ": \(detail)"
    }
}
