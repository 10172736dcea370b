import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// OpenBLAS's own threads, turned off while dashbrief runs BLAS calls on every core itself.
///
/// OpenBLAS starts a thread per core and splits each large call among them. Where dashbrief already
/// runs one call per core (the lagged scan's tiles), those threads only compete with its own:
/// they take cores from the tiles and spin (`sched_yield`) between calls. Measured on the xl
/// weekly report (2 cores): 10.8–12.4 s with OpenBLAS's default, 9.1–9.2 s with one thread.
/// Users should not have to know to set `OPENBLAS_NUM_THREADS=1`, so the scan sets one thread for
/// its duration and puts the previous count back after.
enum BLASThreads {
    /// OpenBLAS's thread count, looked up at run time (`dlsym`): netlib's reference BLAS, which
    /// Debian's alternatives may select instead, has no threads and no such functions, and then
    /// this is nil and sections run as they are.
    static let openBLAS: ThreadCountOverride? = {
        typealias SetCount = @convention(c) (Int32) -> Void
        typealias GetCount = @convention(c) () -> Int32
        guard let process = dlopen(nil, RTLD_NOW),
            let setSymbol = dlsym(process, "openblas_set_num_threads"),
            let getSymbol = dlsym(process, "openblas_get_num_threads")
        else { return nil }
        // C function pointers into the loaded library: valid for the life of the process.
        let set = unsafeBitCast(setSymbol, to: SetCount.self)
        let get = unsafeBitCast(getSymbol, to: GetCount.self)
        return ThreadCountOverride(get: { Int(get()) }, set: { set(Int32($0)) })
    }()

    /// Runs `body` with OpenBLAS on one thread per call (see `ThreadCountOverride`).
    static func singleThreaded<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard let openBLAS else { return try body() }
        return try openBLAS.singleThreaded(body)
    }
}

/// A library's process-wide thread count set to one for the length of possibly nested or
/// overlapping sections, and put back when the last of them ends: two scans at once (two reports in
/// one process) must not restore the count while the other still runs.
final class ThreadCountOverride: Sendable {
    private let read: @Sendable () -> Int
    private let write: @Sendable (Int) -> Void
    /// Sections running, and the count to restore when none does.
    private let state = Mutex<(depth: Int, saved: Int)>((0, 1))

    init(get: @escaping @Sendable () -> Int, set: @escaping @Sendable (Int) -> Void) {
        read = get
        write = set
    }

    /// The library's thread count now.
    var current: Int { read() }

    func singleThreaded<Result>(_ body: () throws -> Result) rethrows -> Result {
        state.withLock { state in
            if state.depth == 0 {
                state.saved = read()
                if state.saved != 1 { write(1) }
            }
            state.depth += 1
        }
        defer {
            state.withLock { state in
                state.depth -= 1
                if state.depth == 0, state.saved != 1 { write(state.saved) }
            }
        }
        return try body()
    }
}
