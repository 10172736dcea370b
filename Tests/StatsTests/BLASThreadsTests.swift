import Foundation
import Synchronization
import Testing

@testable import Stats

@Suite struct BLASThreadsTests {
    /// A library's thread count, as the override sees it, with every value it was set to.
    final class FakeLibrary: Sendable {
        let state = Mutex<(count: Int, sets: [Int])>((4, []))
        var count: Int { state.withLock { $0.count } }
        var sets: [Int] { state.withLock { $0.sets } }

        func override() -> ThreadCountOverride {
            ThreadCountOverride(
                get: { self.count },
                set: { value in
                    self.state.withLock {
                        $0.count = value
                        $0.sets.append(value)
                    }
                })
        }
    }

    @Test func nestedSectionsRunOnOneThreadAndTheOutermostRestoresTheCount() {
        let library = FakeLibrary()
        let threads = library.override()
        let inner = threads.singleThreaded {
            #expect(threads.current == 1)
            threads.singleThreaded { #expect(threads.current == 1) }
            // The inner section's end leaves the count alone while the outer one runs.
            #expect(threads.current == 1)
            return 42
        }
        #expect(inner == 42)
        #expect(library.count == 4)
        #expect(library.sets == [1, 4])
    }

    @Test func overlappingSectionsOnTwoThreadsRestoreOnlyWhenBothEnd() {
        let library = FakeLibrary()
        let threads = library.override()
        let firstEntered = DispatchSemaphore(value: 0)
        let secondEntered = DispatchSemaphore(value: 0)
        let firstLeft = DispatchSemaphore(value: 0)
        let second = Thread {
            firstEntered.wait()
            threads.singleThreaded {
                secondEntered.signal()
                firstLeft.wait()
                // The first section ended; this one still runs on one thread.
                #expect(threads.current == 1)
            }
        }
        let done = DispatchSemaphore(value: 0)
        let first = Thread {
            threads.singleThreaded {
                firstEntered.signal()
                secondEntered.wait()
            }
            firstLeft.signal()
            done.signal()
        }
        second.start()
        first.start()
        done.wait()
        // The second section ends on its own thread; waited for, with a bound.
        let deadline = Date().addingTimeInterval(10)
        while library.count != 4, Date() < deadline { usleep(1000) }
        #expect(library.sets == [1, 4])
    }

    @Test func aSectionThatThrowsStillRestoresTheCount() {
        struct Failure: Error {}
        let library = FakeLibrary()
        let threads = library.override()
        #expect(throws: Failure.self) { try threads.singleThreaded { throw Failure() } }
        #expect(library.count == 4)
    }

    @Test func openBLASIsFoundAtRunTime() throws {
        // This machine's BLAS is OpenBLAS (Debian's libopenblas-dev); were the lookup to fail, the
        // lagged scan would silently share its cores with OpenBLAS's threads again.
        let openBLAS = try #require(BLASThreads.openBLAS)
        #expect(
            openBLAS.current == Int(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "")
                ?? openBLAS.current)
        #expect(BLASThreads.singleThreaded { openBLAS.current } == 1)
    }
}
