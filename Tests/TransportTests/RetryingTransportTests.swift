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

    @Test func idempotentGET_timeout_isRetried() async throws {
        let calls = Counter()
        let base = StubTransport { request in
            guard calls.next() > 0 else { throw TransportError(.timedOut, "GET x: timed out") }
            return StubTransport.json("{}", for: request)
        }
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(request)
        #expect(response.attempts == 2)
        #expect(clock.sleeps == [.milliseconds(500)])
    }

    // MARK: Requests that are not idempotent

    let post = HTTPRequest(method: "POST", url: URL(string: "https://example.test/api/orders/")!, body: Data("{}".utf8))

    @Test(arguments: [
        TransportError(.timedOut, "POST x: timed out"),
        TransportError(.connectionFailed, "POST x: Recv failure: Connection reset by peer"),
    ])
    func nonIdempotentPOST_ambiguousFailure_isAttemptedOnce_andTheErrorSurfaces(failure: TransportError) async {
        let base = StubTransport { _ in throw failure }
        let clock = ManualClock()
        let error = await #expect(throws: TransportError.self) { try await retrying(base, clock: clock).send(post) }
        #expect(error?.code == failure.code)
        #expect(error?.message.hasPrefix(failure.message) == true)
        #expect(error?.message.contains("not retried") == true)
        #expect(error?.mayHaveBeenSent == true)
        #expect(base.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func nonIdempotentPOST_connectionRefused_neverSent_isRetried() async throws {
        let calls = Counter()
        let base = StubTransport { request in
            guard calls.next() >= 2 else {
                throw TransportError(.connectionFailed, "POST x: Couldn't connect to server", mayHaveBeenSent: false)
            }
            return StubTransport.json("{}", for: request)
        }
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(post)
        #expect(response.status == 200)
        #expect(response.attempts == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test func nonIdempotentPOST_refusedThenTimedOut_stopsThere() async {
        let calls = Counter()
        let base = StubTransport { _ in
            guard calls.next() >= 1 else {
                throw TransportError(.connectionFailed, "POST x: Couldn't connect to server", mayHaveBeenSent: false)
            }
            throw TransportError(.timedOut, "POST x: timed out")
        }
        let error = await #expect(throws: TransportError.self) {
            try await retrying(base, clock: ManualClock()).send(post)
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message.contains("stopped after 2 attempts") == true)
        #expect(base.requests.count == 2)
    }

    @Test(arguments: [500, 502, 504, 408, 409])
    func nonIdempotentPOST_statusThatMayFollowAnEffect_isAttemptedOnce(status: Int) async throws {
        let base = scripted([status, 200])
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(post)
        #expect(response.status == status)
        #expect(response.attempts == 1)
        #expect(base.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test(arguments: [429, 503])
    func nonIdempotentPOST_statusThatProvesNothingWasDone_isRetried_honouringRetryAfter(status: Int) async throws {
        let base = scripted([status, 200], headers: ["Retry-After": "5"])
        let clock = ManualClock()
        let response = try await retrying(base, clock: clock).send(post)
        #expect(response.status == 200)
        #expect(response.attempts == 2)
        #expect(clock.sleeps == [.seconds(5)])
    }

    @Test func postDeclaredIdempotent_isRetriedLikeAGET() async throws {
        var read = post
        read.isIdempotent = true
        let base = scripted([500, 200])
        let response = try await retrying(base, clock: ManualClock()).send(read)
        #expect(response.status == 200)
        #expect(base.requests.count == 2)
    }

    @Test func policy_allowsRetry_followsIdempotencyAndWhetherSent() {
        let policy = RetryPolicy()
        let refused = TransportError(.connectionFailed, "refused", mayHaveBeenSent: false)
        let reset = TransportError(.connectionFailed, "reset")
        let missing = TransportError(.notRecorded, "missing", mayHaveBeenSent: false)
        #expect(policy.allowsRetry(of: post, after: refused))
        #expect(!policy.allowsRetry(of: post, after: reset))
        #expect(policy.allowsRetry(of: request, after: reset))
        #expect(!policy.allowsRetry(of: request, after: missing))
        #expect(policy.allowsRetry(of: post, afterStatus: 429))
        #expect(!policy.allowsRetry(of: post, afterStatus: 500))
        #expect(policy.allowsRetry(of: request, afterStatus: 500))
        #expect(!policy.allowsRetry(of: request, afterStatus: 404))
    }

    // MARK: Over real sockets: what libcurl reports decides

    @Test func nonIdempotentPOST_toAClosedPort_isRetried_andSaysItWasNeverSent() async throws {
        let server = try LoopbackServer { _ in .json("{}") }
        let url = server.baseURL.appendingPathComponent("orders")
        server.stop()
        let transport = RetryingTransport(
            base: CurlTransport(), policy: RetryPolicy(jitter: { 1 }), clock: ManualClock())
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "POST", url: url, body: Data("{}".utf8)))
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.mayHaveBeenSent == false)
        #expect(error?.message.contains("gave up after 4 attempts") == true, "\(error?.message ?? "")")
    }

    @Test func nonIdempotentPOST_cutOffReply_isNotSentAgain() async throws {
        let server = try LoopbackServer { _ in
            ScriptedResponse(body: Data(repeating: 65, count: 1000), truncateBodyTo: 10)
        }
        defer { server.stop() }
        let transport = RetryingTransport(
            base: CurlTransport(), policy: RetryPolicy(jitter: { 1 }), clock: ManualClock())
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(
                HTTPRequest(method: "POST", url: server.baseURL.appendingPathComponent("orders"), body: Data("{}".utf8))
            )
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.mayHaveBeenSent == true)
        #expect(server.requests.count == 1)
    }
}
