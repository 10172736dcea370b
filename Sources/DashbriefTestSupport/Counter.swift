import Synchronization

/// A thread-safe counter for scripted stubs and fakes: `next()` returns 0, 1, 2, ...
public final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// The count before this call.
    public func next() -> Int { count.add(1, ordering: .relaxed).oldValue }
}
