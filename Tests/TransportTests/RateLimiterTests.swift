import DashbriefTestSupport
import Foundation
import Synchronization
import Testing

@testable import Transport

@Suite struct RateLimiterTests {
    /// Every window of `limit.window` holds at most `limit.count` of `times`.
    func respects(_ times: [Duration], _ limit: RateLimit) -> Bool {
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= limit.window { start += 1 }
            if end - start + 1 > limit.count { return false }
        }
        return true
    }

    @Test func postHogAnalyticsBudget_1300Requests_neverExceedEitherWindow() async throws {
        let clock = ManualClock()
        let limits = [RateLimit(240, per: .seconds(60)), RateLimit(1200, per: .seconds(3600))]
        let limiter = RateLimiter(limits: limits, clock: clock)
        var times: [Duration] = []
        for _ in 0..<1300 {
            try await limiter.acquire()
            times.append(clock.now.offset)
        }
        #expect(limits.allSatisfy { respects(times, $0) })
        // The first 240 go at once; the 1201st has to wait for the hour.
        #expect(times[239] == .zero)
        #expect(times[240] == .seconds(60))
        #expect(times[1200] == .seconds(3600))
    }

    @Test func concurrencyLimiter_neverAdmitsMoreThanItsLimit() async throws {
        let limiter = ConcurrencyLimiter(limit: 3)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await limiter.acquire()
                    gauge.enter()
                    try? await Task.sleep(for: .milliseconds(2))
                    gauge.leave()
                    await limiter.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.maximum <= 3)
        #expect(gauge.maximum >= 2)
    }

    @Test func throttledTransport_overRealSockets_keepsTheRate() async throws {
        let server = try LoopbackServer { _ in .json("{}") }
        defer { server.stop() }
        let limit = RateLimit(5, per: .milliseconds(500))
        let transport = ThrottledTransport(
            base: CurlTransport(), limits: ["all": [limit]], classify: { _ in "all" }, maxConcurrent: 3,
            clock: ContinuousClock())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<15 {
                group.addTask {
                    _ = try await transport.send(HTTPRequest(url: server.baseURL.appendingPathComponent("r\(index)")))
                }
            }
            try await group.waitForAll()
        }
        let arrivals = server.requests.map(\.receivedAt).sorted()
        let start = arrivals[0]
        // Server-side arrival trails the limiter's grant by the time a request takes to reach the
        // server, which on a loaded 2-core machine was seen at 36 ms; allow 100 ms of skew. Without
        // the limiter all 15 arrive within a few milliseconds, so the check still has teeth.
        let times = arrivals.map { start.duration(to: $0) }
        #expect(respects(times, RateLimit(5, per: .milliseconds(400))))
        #expect(times.last! >= .milliseconds(1000))
    }
}

final class Gauge: Sendable {
    private let state = Mutex((current: 0, maximum: 0))
    func enter() {
        state.withLock { state in
            state.current += 1
            state.maximum = max(state.maximum, state.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
    var maximum: Int { state.withLock { $0.maximum } }
}
