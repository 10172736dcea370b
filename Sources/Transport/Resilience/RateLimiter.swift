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

    /// - Throws: `CancellationError` when the task is cancelled, before or while it waits; a
    ///   cancelled caller takes no place in the window.
    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
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
///
/// A waiter whose task is cancelled leaves the queue at once with `CancellationError`, holding no
/// slot: a cancelled run must not sit behind other requests only to give up afterwards.
public actor ConcurrencyLimiter {
    private let limit: Int
    private var active = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiter = 0

    public init(limit: Int) {
        precondition(limit > 0, "a concurrency limit allows at least one holder")
        self.limit = limit
    }

    /// Waits for a slot; pair each successful call with one `release()`.
    /// - Throws: `CancellationError` when the task is cancelled before it gets a slot.
    public func acquire() async throws {
        try Task.checkCancellation()
        if active < limit {
            active += 1
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: {
            // Runs on the cancelling thread; the actor removes the waiter once it gets to it, which
            // is after the waiter was queued, since queueing happens before this actor suspends.
            Task { await self.cancelWaiting(id) }
        }
    }

    public func release() {
        if waiters.isEmpty {
            active -= 1
        } else {
            waiters.removeFirst().continuation.resume()  // the slot passes straight to the next waiter
        }
    }

    /// A waiter already given a slot holds it: its own caller releases it.
    private func cancelWaiting(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Slots held now, and callers waiting for one (for tests).
    var holders: Int { active }
    var waiting: Int { waiters.count }
}
