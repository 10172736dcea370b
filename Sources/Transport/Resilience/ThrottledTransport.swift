/// Keeps requests within a service's budgets: each request is classified (PostHog has separate
/// budgets for analytics and other endpoints), waits for its class's rate limiter, and for one of
/// a few concurrent slots.
///
/// Both waits end with `CancellationError` as soon as the task is cancelled, so a cancelled run
/// neither queues for a slot nor spends one.
public struct ThrottledTransport<C: Clock>: Transport where C.Duration == Duration {
    public let base: any Transport
    private let limiters: [String: RateLimiter<C>]
    private let classify: @Sendable (HTTPRequest) -> String
    private let concurrency: ConcurrencyLimiter

    /// - Parameters:
    ///   - limits: the limits of each request class; a class without an entry is not rate limited.
    ///   - classify: names the class of a request.
    ///   - maxConcurrent: requests in flight at once, across classes.
    public init(
        base: any Transport, limits: [String: [RateLimit]], classify: @escaping @Sendable (HTTPRequest) -> String,
        maxConcurrent: Int, clock: C
    ) {
        self.base = base
        self.limiters = limits.mapValues { RateLimiter(limits: $0, clock: clock) }
        self.classify = classify
        self.concurrency = ConcurrencyLimiter(limit: maxConcurrent)
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await concurrency.acquire()
        do {
            try await limiters[classify(request)]?.acquire()
            let response = try await base.send(request)
            await concurrency.release()
            return response
        } catch {
            await concurrency.release()
            throw error
        }
    }
}
