import Foundation
import Testing

@testable import Analysis

#if canImport(Glibc)
    import Glibc
#endif

/// `concurrently`: the first stage on a thread of its own, both results handed back whole.
@Suite struct ConcurrentlyTests {
    /// Many runs, each stage long enough to overlap the other: the results are each stage's own,
    /// the first ran on another thread, and nothing outlives the call (a block the `Thread` kept
    /// once crashed a variant that did not let it escape).
    @Test func bothStagesRun_sideBySide_andHandBackTheirResults() {
        let caller = pthread_self()
        for run in 0..<200 {
            let (first, second) = concurrently(
                { () -> (Int, Bool) in
                    (
                        Array(0..<(1000 + run)).parallelMap { $0 * 2 }.reduce(0, +),
                        pthread_equal(pthread_self(), caller) == 0
                    )
                },
                { Array(0..<(500 + run)).parallelMap { $0 + 1 }.reduce(0, +) })
            let n = 1000 + run
            let m = 500 + run
            #expect(first.0 == n * (n - 1))
            #expect(first.1)
            #expect(second == m * (m + 1) / 2)
        }
    }
}
