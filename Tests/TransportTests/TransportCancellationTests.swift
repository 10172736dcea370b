import DashbriefTestSupport
import Foundation
import Testing

@testable import Transport

/// A cancelled task gets `CancellationError` from every layer, never a retry, a wait to the end, or
/// a network error.
@Suite struct TransportCancellationTests {
    let request = HTTPRequest(url: URL(string: "https://example.test/api/x/")!)

    /// Cancels the task that is sending, from inside the transport, as a `Task.cancel()` from
    /// elsewhere would while the request is in flight.
    static func cancelCurrentTask() {
        withUnsafeCurrentTask { $0?.cancel() }
    }

    @Test func retrying_failureInACancelledTask_isNotRetried() async throws {
        let base = StubTransport { _ in
            Self.cancelCurrentTask()
            throw TransportError(.timedOut, "GET x: timed out")
        }
        let clock = ManualClock()
        let retrying = RetryingTransport(base: base, policy: RetryPolicy(jitter: { 1 }), clock: clock)
        let request = request
        let result = await Task { try await retrying.send(request) }.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(base.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func retrying_retryableStatusInACancelledTask_isNotRetried() async throws {
        let base = StubTransport { request in
            Self.cancelCurrentTask()
            return StubTransport.json("{}", status: 503, for: request)
        }
        let retrying = RetryingTransport(base: base, policy: RetryPolicy(jitter: { 1 }), clock: ManualClock())
        let request = request
        let result = await Task { try await retrying.send(request) }.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(base.requests.count == 1)
    }

    @Test func retrying_waitBeforeARetry_endsOnCancel() async throws {
        let base = StubTransport { request in StubTransport.json("{}", status: 429, for: request) }
        let retrying = RetryingTransport(
            base: base, policy: RetryPolicy(maxRetryAfter: .seconds(600), waitHint: { _ in .seconds(300) }),
            clock: ContinuousClock())
        let request = request
        let started = ContinuousClock.now
        let task = Task { try await retrying.send(request) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(base.requests.count == 1)
    }

    @Test func concurrencyLimiter_cancelledWaiter_leavesTheQueueWithoutASlot() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        while await limiter.waiting == 0 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        await limiter.release()
        #expect(await limiter.holders == 0)
    }

    @Test func concurrencyLimiter_cancelledBeforeAsking_getsNoSlot() async throws {
        let limiter = ConcurrencyLimiter(limit: 2)
        let task = Task {
            Self.cancelCurrentTask()
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await limiter.holders == 0)
    }

    @Test func throttled_waitForTheRateLimit_endsOnCancel_andSendsNothing() async throws {
        let base = StubTransport { request in StubTransport.json("{}", for: request) }
        let throttled = ThrottledTransport(
            base: base, limits: ["all": [RateLimit(1, per: .seconds(300))]], classify: { _ in "all" },
            maxConcurrent: 1, clock: ContinuousClock())
        _ = try await throttled.send(request)
        let request = request
        let started = ContinuousClock.now
        let task = Task { try await throttled.send(request) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(base.requests.count == 1)
    }

    @Test func throttled_waitForASlot_endsOnCancel_andTakesNoSlot() async throws {
        let base = SlowPathTransport()
        let throttled = ThrottledTransport(
            base: base, limits: [:], classify: { _ in "all" }, maxConcurrent: 1, clock: ContinuousClock())
        let slow = Task { try await throttled.send(HTTPRequest(url: URL(string: "https://example.test/slow")!)) }
        while base.recorder.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        let request = request
        let queued = Task { try await throttled.send(request) }
        try await Task.sleep(for: .milliseconds(50))
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(base.recorder.requests.count == 1)
        slow.cancel()
        await #expect(throws: CancellationError.self) { try await slow.value }
        // Both gave up; the one slot is free again (a leaked slot would hang here).
        _ = try await throttled.send(request)
        #expect(base.recorder.requests.count == 2)
    }
}

/// Answers 200, but a request to `/slow` is held until its task is cancelled.
struct SlowPathTransport: Transport {
    let recorder = StubTransport { StubTransport.json("{}", for: $0) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await recorder.send(request)
        if request.url.absoluteString.hasSuffix("/slow") { try await Task.sleep(for: .seconds(300)) }
        return response
    }
}
