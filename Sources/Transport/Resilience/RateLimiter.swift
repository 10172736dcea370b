/// At most `count` requests in any `window`.
public struct RateLimit: Sendable, Equatable {
    public var count: Int
    public var window: Duration

    public init(_ count: Int, per window: Duration) {
        precondition(count > 0, "a rate limit allows at least one request")
        self.count = count
        self.window = window
    }
}

/// A sliding-window limiter: `acquire()` returns once one more request keeps every limit, waiting
/// on `clock` until the oldest request in the fullest window has aged out. Exact, unlike a token
/// bucket, so a burst never exceeds a server's own sliding-window throttle.
public actor RateLimiter<C: Clock> where C.Duration == Duration {
    public let limits: [RateLimit]
    private let clock: C
    /// Start times of recent requests, oldest first; none older than the longest window.
    private var history: [C.Instant] = []

    public init(limits: [RateLimit], clock: C) {
        self.limits = limits
        self.clock = clock
    }

    public func acquire() async throws {
        while true {
            let now = clock.now
            if let longest = limits.map(\.window).max() {
                history.removeAll { $0.advanced(by: longest) <= now }
            }
            var wait: Duration = .zero
            for limit in limits {
                let inWindow = history.filter { $0.advanced(by: limit.window) > now }
                if inWindow.count >= limit.count {
                    let freesAt = inWindow[inWindow.count - limit.count].advanced(by: limit.window)
                    wait = max(wait, now.duration(to: freesAt))
                }
            }
            if wait <= .zero {
                history.append(now)
                return
            }
            try await clock.sleep(for: wait)
        }
    }
}

/// At most `limit` holders at once; waiters are served first come, first served.
public actor ConcurrencyLimiter {
    private let limit: Int
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        precondition(limit > 0, "a concurrency limit allows at least one holder")
        self.limit = limit
    }

    public func acquire() async {
        if active < limit {
            active += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty {
            active -= 1
        } else {
            waiters.removeFirst().resume()  // the slot passes straight to the next waiter
        }
    }
}
