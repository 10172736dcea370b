import Dispatch

extension Array where Element: Sendable {
    /// `map` with the elements spread over the machine's cores, results in the elements' order:
    /// the same array `map` gives, so that reports do not depend on which core finished first.
    ///
    /// For independent, CPU-bound work of some size (an insight's analysis, a dashboard's
    /// normalisation). Blocks the calling thread until every element is done; Dispatch runs the
    /// work on its own threads, not on the Swift concurrency pool's.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let output = Slots(base: slots)
        withoutActuallyEscaping(transform) { transform in
            let work = Work(elements: self, transform: transform)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                output.base[index] = work.transform(work.elements[index])
            }
        }
        return slots.map { $0! }
    }
}

/// The result slots: each index is written by exactly one iteration, so there is no shared write.
private struct Slots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
}

private struct Work<Element: Sendable, T>: @unchecked Sendable {
    let elements: [Element]
    let transform: @Sendable (Element) -> T
}
