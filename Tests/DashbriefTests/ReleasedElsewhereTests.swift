import Foundation
import Synchronization
import Testing

@testable import Dashbrief

@Suite struct ReleasedElsewhereTests {
    /// Where and whether a `Tracked` was freed.
    final class Witness: Sendable {
        let thread = Mutex<String?>(nil)
        let freed = DispatchSemaphore(value: 0)
    }

    final class Tracked: Sendable {
        let witness: Witness
        init(_ witness: Witness) { self.witness = witness }
        deinit {
            let thread = "\(pthread_self())"
            witness.thread.withLock { $0 = thread }
            witness.freed.signal()
        }
    }

    @Test func theValueHandedOverIsFreedOnAnotherThread() {
        let witness = Witness()
        let caller = "\(pthread_self())"
        releaseElsewhere([Tracked(witness), Tracked(witness)])
        #expect(witness.freed.wait(timeout: .now() + 10) == .success, "freed within 10 s")
        #expect(witness.freed.wait(timeout: .now() + 10) == .success, "both freed")
        let thread = witness.thread.withLock { $0 }
        #expect(thread != nil && thread != caller)
    }
}
