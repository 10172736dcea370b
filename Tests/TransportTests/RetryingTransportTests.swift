import DashbriefTestSupport
import Foundation
import Synchronization
import Testing

@testable import Transport

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(jitter: { 1 })

    @Test func backoff_doublesFromHalfASecond_cappedAtEight() {
        #expect(
            (0..<6).map { policy.backoff(retry: $0) } == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8),
            ])
        #expect(RetryPolicy(jitter: { 0.75 }).backoff(retry: 1) == .milliseconds(750))
    }

    func response(_ headers: [String: String]) -> HTTPResponse {
        HTTPResponse(status: 429, headers: headers, body: Data(), source: "test")
    }

    @Test func retryAfter_inSecondsMillisecondsOrHTTPDate() {
        #expect(policy.requestedWait(response(["Retry-After": "7"])) == .seconds(7))
        #expect(policy.requestedWait(response(["retry-after-ms": "250"])) == .milliseconds(250))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let date = RetryPolicy.httpDate("Fri, 15 Jan 2027 08:00:30 GMT")!
        let wait = policy.requestedWait(response(["Retry-After": "Fri, 15 Jan 2027 08:00:30 GMT"]), now: date - 30)
        #expect(wait == .seconds(30))
        #expect(policy.requestedWait(response([:]), now: now) == nil)
    }

    @Test func waitHint_isUsedWithoutAHeader() {
        let hinted = RetryPolicy(waitHint: { _ in .seconds(12) })
        #expect(hinted.requestedWait(response([:])) == .seconds(12))
        #expect(hinted.requestedWait(response(["Retry-After": "3"])) == .seconds(3))
    }
}

@Suite struct RetryingTransportTests {
    /// A base transport answering with the given statuses in turn (the last one repeats).
    func scripted(_ statuses: [Int], headers: [String: String] = [:]) -> StubTransport {
        let calls = Counter()
        return StubTransport { request in
            let index = min(calls.next(), statuses.count - 1)
            return HTTPResponse(status: statuses[index], headers: headers, body: Data("{}".utf8), source: "stub")
        }
    }

    func retrying(_ base: any Transport, clock: ManualClock) -> RetryingTransport<ManualClock> {
        RetryingTransport(base: base, policy: RetryPolicy(jitter: { 1 }), clock: clock)
    }

    let request = HTTPRequest(url: URL(string: "https://example.test/api/x/")!)

    @Test(arguments: [429, 500, 502, 503, 408, 409])
    func retryableStatus_isRetried_thenSucceeds(status: Int) async throws {
        let base = scripted([status, status, 200])
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(request)
        #expect(response.status == 200)
        #expect(response.attempts == 3)
        #expect(base.requests.count == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test(arguments: [400, 401, 403, 404])
    func clientErrors_areNeverRetried(status: Int) async throws {
        let base = scripted([status, 200])
        let response = try await retrying(base, clock: ManualClock()).send(request)
        #expect(response.status == status)
        #expect(base.requests.count == 1)
    }

    @Test func retryAfterHeader_isHonoured() async throws {
        let base = scripted([429, 200], headers: ["Retry-After": "5"])
        let clock = ManualClock()
        _ = try await retrying(base, clock: clock).send(request)
        #expect(clock.sleeps == [.seconds(5)])
    }

    @Test func retryAfterBeyondTwoMinutes_isNotWaitedFor() async throws {
        let base = scripted([429, 200], headers: ["Retry-After": "600"])
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(request)
        #expect(response.status == 429)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func budgetExhausted_returnsTheLastResponseWithItsAttempts() async throws {
        let base = scripted([503])
        let response = try await retrying(base, clock: ManualClock()).send(request)
        #expect(response.status == 503)
        #expect(response.attempts == 4)
        #expect(base.requests.count == 4)
    }

    @Test func connectionErrors_areRetried_andTheLastOneSaysHowManyAttempts() async throws {
        let base = StubTransport { _ in throw TransportError(.connectionFailed, "GET x: Couldn't connect to server") }
        let error = await #expect(throws: TransportError.self) {
            try await retrying(base, clock: ManualClock()).send(request)
        }
        #expect(error?.message == "GET x: Couldn't connect to server (gave up after 4 attempts)")
        #expect(base.requests.count == 4)
    }

    @Test func otherTransportErrors_areNotRetried() async throws {
        let base = StubTransport { _ in throw TransportError(.notRecorded, "no recording") }
        await #expect(throws: TransportError.self) { try await retrying(base, clock: ManualClock()).send(request) }
        #expect(base.requests.count == 1)
    }
}

/// A thread-safe counter for scripted stubs.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { count in
            defer { count += 1 }
            return count
        }
    }
}
