import Foundation

/// When and how long to wait before sending a request again. The defaults follow openai-python,
/// the most carefully tuned of the well-kept API clients: connection errors, timeouts, 408, 409,
/// 429 and 5xx are retried; `Retry-After` is honoured up to 120 s (beyond that the server means
/// "not soon", so the client gives up); otherwise exponential backoff `min(0.5 s · 2ⁿ, 8 s)` with
/// 25% jitter. 400, 401, 403 and 404 are never retried: sending them again cannot change the answer.
///
/// A request that is not idempotent (`HTTPRequest.isIdempotent`: a POST, unless declared otherwise)
/// is sent again only when the first attempt certainly did nothing, since a second one could repeat
/// an effect: after a failure before anything was sent (`TransportError.mayHaveBeenSent` false,
/// such as a refused connection), or an answer that says the server declined it
/// (`unprocessedStatuses`: 429, 503). Not after a timeout or a broken connection, and not after
/// 500, 502, 504, 408 or 409, which the server or a proxy may send after acting on the request.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A server asking for a longer wait than this is not retried.
    public var maxRetryAfter: Duration
    public var retryableStatuses: Set<Int>
    /// The retryable statuses that mean the server did not act on the request, so that one that is
    /// not idempotent may be sent again too: 429 (throttled before it ran) and 503 (not taken on).
    public var unprocessedStatuses: Set<Int>
    /// Failures without a response that waiting can fix: a refused or broken connection, a timeout.
    public var retryableErrors: Set<TransportError.Code>
    /// A service-specific wait read from a response, e.g. PostHog's 429 body
    /// ("Expected available in 12 seconds."), used when there is no `Retry-After` header.
    public var waitHint: @Sendable (HTTPResponse) -> Duration?
    /// A factor in [0.75, 1] applied to computed backoffs, so clients do not retry in lockstep.
    public var jitter: @Sendable () -> Double

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(120), retryableStatuses: Set<Int> = Set([408, 409, 429]).union(500...599),
        unprocessedStatuses: Set<Int> = [429, 503],
        retryableErrors: Set<TransportError.Code> = [.connectionFailed, .timedOut],
        waitHint: @escaping @Sendable (HTTPResponse) -> Duration? = { _ in nil },
        jitter: @escaping @Sendable () -> Double = { 1 - 0.25 * Double.random(in: 0..<1) }
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
        self.unprocessedStatuses = unprocessedStatuses
        self.retryableErrors = retryableErrors
        self.waitHint = waitHint
        self.jitter = jitter
    }

    /// Whether `request` may be sent again after it failed with `error`, budget aside: a retryable
    /// failure, of a request that is idempotent or certainly never went out.
    public func allowsRetry(of request: HTTPRequest, after error: TransportError) -> Bool {
        retryableErrors.contains(error.code) && (request.isIdempotent || !error.mayHaveBeenSent)
    }

    /// Whether `request` may be sent again after the server answered `status`, budget and waits
    /// aside: a retryable status, for a request that is idempotent or that the status shows was
    /// not acted on.
    public func allowsRetry(of request: HTTPRequest, afterStatus status: Int) -> Bool {
        retryableStatuses.contains(status) && (request.isIdempotent || unprocessedStatuses.contains(status))
    }

    /// The backoff before retry number `retry` (0 for the first retry), with jitter.
    public func backoff(retry: Int) -> Duration {
        var delay = baseDelay
        for _ in 0..<min(retry, 16) { delay *= 2 }
        return min(delay, maxDelay) * jitter()
    }

    /// The wait a response asks for: `retry-after-ms`, `Retry-After` (seconds or an HTTP date),
    /// then the service hint. nil when it asks for none.
    public func requestedWait(_ response: HTTPResponse, now: Date = Date()) -> Duration? {
        if let milliseconds = response.headers["retry-after-ms"].flatMap(Double.init), milliseconds >= 0 {
            return .milliseconds(milliseconds)
        }
        if let value = response.headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(value), seconds >= 0 { return .milliseconds(seconds * 1000) }
            if let date = Self.httpDate(value) { return .milliseconds(max(0, date.timeIntervalSince(now)) * 1000) }
        }
        return waitHint(response)
    }

    /// RFC 9110 IMF-fixdate, e.g. `Wed, 21 Oct 2026 07:28:00 GMT`.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
