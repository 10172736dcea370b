import Foundation

/// When and how long to wait before sending a request again. The defaults follow openai-python,
/// the most carefully tuned of the well-kept API clients: connection errors, 408, 409, 429 and 5xx
/// are retried; `Retry-After` is honoured up to 120 s (beyond that the server means "not soon", so
/// the client gives up); otherwise exponential backoff `min(0.5 s · 2ⁿ, 8 s)` with 25% jitter.
/// 400, 401, 403 and 404 are never retried: sending them again cannot change the answer.
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A server asking for a longer wait than this is not retried.
    public var maxRetryAfter: Duration
    public var retryableStatuses: Set<Int>
    /// A service-specific wait read from a response, e.g. PostHog's 429 body
    /// ("Expected available in 12 seconds."), used when there is no `Retry-After` header.
    public var waitHint: @Sendable (HTTPResponse) -> Duration?
    /// A factor in [0.75, 1] applied to computed backoffs, so clients do not retry in lockstep.
    public var jitter: @Sendable () -> Double

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(120), retryableStatuses: Set<Int> = Set([408, 409, 429]).union(500...599),
        waitHint: @escaping @Sendable (HTTPResponse) -> Duration? = { _ in nil },
        jitter: @escaping @Sendable () -> Double = { 1 - 0.25 * Double.random(in: 0..<1) }
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
        self.waitHint = waitHint
        self.jitter = jitter
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
