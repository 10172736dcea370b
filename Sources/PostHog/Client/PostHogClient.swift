import Foundation
import Transport

/// Reads dashboards and insights from PostHog's REST API through any `Transport`.
///
/// Requests are the same whether they go to a live host or to a snapshot, so a recording made
/// with this client replays through it unchanged (see `SnapshotManifest`).
///
/// Every method throws `CancellationError` once its task is cancelled, and never returns what it
/// had fetched so far: a partial dashboard would read as tiles that failed.
public struct PostHogClient: Sendable {
    public let transport: any Transport
    /// Host root without `/api`, e.g. `https://us.posthog.com`.
    public let baseURL: URL
    public let projectID: String
    private let apiKey: Secret?

    /// - Parameters:
    ///   - baseURL: `https://us.posthog.com`, `https://eu.posthog.com`, a self-hosted root, each
    ///     accepted with or without a trailing `/api` (the seed's form).
    ///   - apiKey: personal API key, sent as `Authorization: Bearer`; nil for a snapshot.
    public init(transport: any Transport, baseURL: URL, projectID: String, apiKey: Secret? = nil) {
        self.transport = transport
        self.baseURL = Self.hostRoot(baseURL)
        self.projectID = projectID
        self.apiKey = apiKey
    }

    /// `https://x/api/` → `https://x`: the client adds `/api/...` itself.
    public static func hostRoot(_ url: URL) -> URL {
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
        let response = try await send(HTTPRequest(url: endpoint("dashboards/\(id)/", query: [("refresh", "blocking")])))
        return try Dashboard.decode(response.body, source: response.source)
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
        let response = try await send(HTTPRequest(url: url))
        return try Self.decode(Body.self, from: response.body, source: response.source)
    }

    /// Sends `request` with the API key and returns a 2xx response; anything else becomes a
    /// `PostHogError` that says what to do about it.
    ///
    /// A cancelled task gets `CancellationError`, however the transport reported it and even when a
    /// response arrived as it was cancelled, so that every caller of the client matches one thing.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        request.headers.append(("Accept", "application/json"))
        if let apiKey {
            guard request.url.mayCarryCredentials else {
                throw PostHogError(
                    .configuration,
                    "POSTHOG_API_KEY is sent only over https or to a loopback address, not to \(baseURL.withoutUserInfo) (check POSTHOG_BASE_URL)"
                )
            }
            request.headers.append(("Authorization", "Bearer \(apiKey.revealed)"))
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error where Self.isCancellation(error) {
            throw CancellationError()
        } catch let error as TransportError where error.code == .connectionFailed {
            throw PostHogError(
                .unreachable,
                "cannot reach PostHog at \(baseURL.absoluteString) (check POSTHOG_BASE_URL): \(error.message)")
        } catch let error as TransportError where error.code == .timedOut {
            throw PostHogError(
                .unreachable, "PostHog at \(baseURL.absoluteString) did not answer in time: \(error.message)")
        }
        try Task.checkCancellation()
        guard response.isSuccess else { throw failure(response, for: request) }
        return response
    }

    /// Whether `error` means the run was cancelled: `CancellationError`, a transport's `.cancelled`,
    /// or any failure in a cancelled task. An aborted transfer can surface as a timeout or a broken
    /// connection; reporting it as one would send a person to check a network that is fine.
    static func isCancellation(_ error: any Error) -> Bool {
        Task.isCancelled || error is CancellationError || (error as? TransportError)?.code == .cancelled
    }

    /// An actionable error for a non-2xx response. Never includes the key.
    func failure(_ response: HTTPResponse, for request: HTTPRequest) -> PostHogError {
        let detail = Self.errorDetail(response.body).map { ": \($0)" } ?? ""
        // Foundation's URL.path drops the trailing slash that PostHog's paths end with.
        let path = String(request.url.pathAndQuery.prefix { $0 != "?" })
        let retried = response.attempts > 1 ? " after \(response.attempts) attempts" : ""
        let message: String
        switch response.status {
        case 401:
            message = "PostHog rejected the API key (401 on \(path)); check POSTHOG_API_KEY\(detail)"
        case 403:
            message =
                "PostHog refused \(path) (403): the personal API key needs the \(Self.scope(for: path)) scope\(detail)"
        case 404 where Self.isProjectList(path):
            message = "PostHog has no project \(projectID) here (404 on \(path)); check POSTHOG_PROJECT_ID\(detail)"
        case 429:
            message = "PostHog kept throttling \(path) (429\(retried)); try again later\(detail)"
        default:
            message = "PostHog answered \(response.status)\(retried) on \(request.method) \(path)\(detail)"
        }
        return PostHogError(.http, message, status: response.status)
    }

    /// The read scope an endpoint needs.
    static func scope(for path: String) -> String {
        if path.contains("/query") { return "query:read" }
        if path.contains("/insights") { return "insight:read" }
        return "dashboard:read"
    }

    /// A 404 on a project-level list means the project id is wrong, not an item.
    static func isProjectList(_ path: String) -> Bool {
        path.hasSuffix("/dashboards/") || path.hasSuffix("/insights/")
    }

    /// Decodes a body, naming the source (URL or snapshot file) and the JSON path on failure.
    public static func decode<Body: Decodable>(
        _ type: Body.Type, from data: Data, source: String, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Body {
        let decoder = JSONDecoder()
        decoder.userInfo = userInfo
        do {
            return try decoder.decode(type, from: data)
        } catch {
            throw PostHogError(.decoding, "\(source): \(DecodingFailure.describe(error))")
        }
    }

    /// The `detail` of PostHog's error envelope `{"type","code","detail","attr"}`, if any.
    static func errorDetail(_ body: Data) -> String? {
        struct Envelope: Decodable { var detail: String? }
        return (try? JSONDecoder().decode(Envelope.self, from: body))?.detail
    }
}
