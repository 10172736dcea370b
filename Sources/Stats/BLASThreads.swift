import CLapack
import Synchronization

/// OpenBLAS's own threads, turned off while dashbrief runs BLAS calls on every core itself.
///
/// OpenBLAS starts a thread per core and splits each large call among them. Where dashbrief already
/// runs one call per core (the lagged scan's tiles), those threads only compete with its own:
/// they take cores from the tiles and spin (`sched_yield`) between calls (7% of a large weekly
/// run's samples). Users should not have to know to set `OPENBLAS_NUM_THREADS=1`, so the scan sets
/// one thread for its duration and puts the previous count back after. The count is the
/// process's: another BLAS call made meanwhile (by a host application too) runs on one thread.
///
/// Only OpenBLAS built with its own threads (Debian's `libopenblas0-pthread`, which
/// `libopenblas-dev` installs) is changed. Netlib's BLAS has no threads. OpenBLAS built with
/// OpenMP (`libopenblas0-openmp`) is left alone: there the count belongs to OpenMP, whose
/// settings are per thread and the tiles run on threads of their own; with that build, set
/// `OMP_NUM_THREADS=1`.
enum BLASThreads {
    static let openBLAS: ThreadCountOverride? = {
        guard dashbrief_openblas_parallel() == 1, dashbrief_openblas_threads() >= 1 else { return nil }
        return ThreadCountOverride(
            get: { Int(dashbrief_openblas_threads()) }, set: { _ = dashbrief_openblas_set_threads(Int32($0)) })
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
    let read: @Sendable () -> Int
    let write: @Sendable (Int) -> Void
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
