import Foundation
import Logging
import Transport

/// How dashbrief talks to a live PostHog: within its published budgets, retrying what waiting can
/// fix, logging each request (debug level, secrets redacted).
///
/// Order, outermost first: retry → throttle → log → wire. Every retry is throttled too, so a burst
/// of retries can never trip the limits it is recovering from, and every attempt is logged.
public enum PostHogTransportStack {
    /// `/insights/` and `/query/` (ClickHouse-backed): 240/minute and 1200/hour.
    public static let analyticsLimits = [RateLimit(240, per: .seconds(60)), RateLimit(1200, per: .seconds(3600))]
    /// Every other endpoint, dashboards included: 480/minute and 4800/hour.
    public static let otherLimits = [RateLimit(480, per: .seconds(60)), RateLimit(4800, per: .seconds(3600))]
    /// PostHog runs at most 3 concurrent queries per team; more in flight would only queue there.
    public static let maxConcurrent = 3

    public static func make<C: Clock>(
        base: any Transport, clock: C, logger: Logger = Logger(label: "dashbrief.posthog"),
        retry: RetryPolicy = RetryPolicy(waitHint: throttleHint)
    ) -> any Transport where C.Duration == Duration {
        let logged = LoggingTransport(base: base, logger: logger)
        let throttled = ThrottledTransport(
            base: logged, limits: ["analytics": analyticsLimits, "other": otherLimits], classify: requestClass,
            maxConcurrent: maxConcurrent, clock: clock)
        return RetryingTransport(base: throttled, policy: retry, clock: clock)
    }

    /// Which budget a request counts against.
    @Sendable public static func requestClass(_ request: HTTPRequest) -> String {
        let path = request.url.path
        return path.contains("/insights") || path.contains("/query") ? "analytics" : "other"
    }

    /// PostHog's 429 body says when to come back, without a `Retry-After` header:
    /// `{"type":"throttled_error","detail":"Request was throttled. Expected available in 12 seconds."}`.
    @Sendable public static func throttleHint(_ response: HTTPResponse) -> Duration? {
        guard response.status == 429, let detail = PostHogClient.errorDetail(response.body),
            let range = detail.range(of: "Expected available in ")
        else { return nil }
        let digits = detail[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(digits).map { .milliseconds($0 * 1000) }
    }
}
