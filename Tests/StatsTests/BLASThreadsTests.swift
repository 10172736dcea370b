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

    @Test func openBLASsThreadCountIsReadAndSetThroughTheBinding() throws {
        // This machine's BLAS is OpenBLAS with its own threads (Debian's libopenblas-dev); were the
        // binding missing or wrong, the lagged scan would share its cores with OpenBLAS's threads.
        let openBLAS = try #require(BLASThreads.openBLAS)
        // Inside a section of its own: other tests' scans running meanwhile neither set nor
        // restore the count until it ends (tests run with OPENBLAS_NUM_THREADS=1, or any count).
        // For that moment their BLAS calls may run on two threads: slower, never different.
        openBLAS.singleThreaded {
            #expect(openBLAS.current == 1)
            openBLAS.write(2)
            #expect(openBLAS.read() == 2)
            openBLAS.write(1)
            #expect(openBLAS.read() == 1)
        }
    }
}
