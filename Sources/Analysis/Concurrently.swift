import Foundation

/// `first` on a thread of its own while the calling thread runs `second`; both results once both
/// are done. For two independent stages that each leave cores idle in places (a serial step, a
/// tail of uneven work): run side by side they fill each other's gaps. Each may use `parallelMap`
/// inside; the dedicated thread keeps `first`'s out of Dispatch's nested-apply limits, which would
/// run a `concurrentPerform` inside another one on a single thread. `first` escapes because the
/// `Thread` keeps its block until the thread object goes, after the result has been handed over.
func concurrently<First: Sendable, Second>(
    _ first: @escaping @Sendable () -> First, _ second: () -> Second
) -> (First, Second) {
    let outcome = Outcome<First>()
    let thread = Thread {
        outcome.value = first()
        outcome.done.signal()
    }
    thread.stackSize = 8 << 20  // as a main thread's; Darwin gives other threads 512 KiB
    thread.start()
    let secondValue = second()
    outcome.done.wait()
    return (outcome.value!, secondValue)
}

/// What the other thread computed; written before `done` is signalled, read after it is waited for.
private final class Outcome<Value>: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var value: Value?
}
