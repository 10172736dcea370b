import Dispatch

/// Gives up the last reference to `value` on another thread, so that freeing it runs beside the
/// work that follows instead of in the report's serial tail. A project's dashboards hold millions
/// of points: freeing them took about 50 ms of a large weekly run after its report was built, with
/// one core left idle (perf timeline). The value must not be used by the caller afterwards
/// (`consuming`); whoever drops the last reference frees it, so nothing leaks either way.
func releaseElsewhere<Value: Sendable>(_ value: consuming Value) {
    let held = value
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(held) {} }
}
