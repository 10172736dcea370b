import Foundation

/// One HTTP request, independent of how it is sent (libcurl, a recorded snapshot, a test fake).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// Absolute URL, query included.
    public var url: URL
    /// Header fields in the order they are sent. Values may hold secrets: never log them as is.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Names what a request asks for when method, path and query do not (a POST whose body holds
    /// the question, such as PostHog's `query/`), so recording and replay can tell requests apart
    /// without depending on the body's exact bytes. Not sent.
    public var replayTag: String?

    /// Whether sending the request twice has the same effect on the server as sending it once, so
    /// that it may be sent again after a failure that leaves unknown whether the first one arrived:
    /// a timeout, or a connection lost once the request may have gone out (see `RetryingTransport`).
    ///
    /// Follows `method` unless set: GET, HEAD, OPTIONS, TRACE, PUT and DELETE are idempotent
    /// (RFC 9110, section 9.2.2), POST, PATCH and any other method are not. Set it where the method
    /// says less than the endpoint does, such as PostHog's `query/`, a POST that only reads. Once
    /// set, it no longer follows `method`.
    public var isIdempotent: Bool {
        get { declaredIdempotent ?? Self.isIdempotent(method: method) }
        set { declaredIdempotent = newValue }
    }
    private var declaredIdempotent: Bool?

    /// - Parameter isIdempotent: nil to follow the method (see `isIdempotent`).
    public init(
        method: String = "GET", url: URL, headers: [(name: String, value: String)] = [],
        body: Data? = nil, replayTag: String? = nil, isIdempotent: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.replayTag = replayTag
        self.declaredIdempotent = isIdempotent
    }

    /// Whether a method is idempotent by definition (RFC 9110, section 9.2.2), in any case.
    public static func isIdempotent(method: String) -> Bool {
        ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"].contains(method.uppercased())
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.replayTag == rhs.replayTag
            && lhs.isIdempotent == rhs.isIdempotent
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    /// The request's identity for recording and replay: method, path and query with the
    /// parameters sorted, so that `?a=1&b=2` and `?b=2&a=1` are one request. Host and scheme are
    /// left out: a snapshot recorded against one PostHog host replays for any base URL.
    public var replayKey: String { Self.replayKey(method: method, pathAndQuery: url.pathAndQuery, tag: replayTag) }

    /// The replay key of a method, a `/path?query` string and a tag (see `replayKey`, `replayTag`).
    public static func replayKey(method: String, pathAndQuery: String, tag: String? = nil) -> String {
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts[0])
        var key = "\(method.uppercased()) \(path)"
        if parts.count == 2, !parts[1].isEmpty {
            key += "?" + parts[1].split(separator: "&").sorted().joined(separator: "&")
        }
        if let tag { key += " #\(tag)" }
        return key
    }
}

extension URL {
    /// The path with its query, as sent on the request line (percent-encoding kept).
    public var pathAndQuery: String {
        guard let components = URLComponents(url: self, resolvingAgainstBaseURL: false) else {
            return path
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery, !query.isEmpty { return "\(path)?\(query)" }
        return path
    }

    /// The URL as text without user info, the one place a URL could carry a credential.
    public var withoutUserInfo: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false),
            components.user != nil || components.password != nil
        else { return absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? absoluteString
    }
}
