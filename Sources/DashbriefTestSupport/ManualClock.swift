import Synchronization

/// A clock for tests that never really sleeps: `sleep(until:)` moves its time forward to the
/// deadline at once and records how long was asked for. Code that waits on a `Clock` (retries,
/// rate limits) runs instantly under test, and its waits can be asserted.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, Hashable {
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    public init() {}

    public var now: Instant { Instant(offset: state.withLock { $0.now }) }
    public var minimumResolution: Duration { .zero }

    /// Every wait asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(max(.zero, deadline.offset - state.now))
            state.now = max(state.now, deadline.offset)
        }
    }

    /// Moves time forward without anyone sleeping.
    public func advance(by duration: Duration) {
        state.withLock { $0.now += duration }
    }
}
