import Dispatch

/// Gives up the last reference to `value` on another thread, so that freeing it runs beside the
/// work that follows instead of in the report's serial tail. A project's dashboards hold millions
/// of points: freeing them took about 50 ms of a large weekly run after its report was built, with
/// one core left idle (perf timeline). The caller hands its reference over (`consume`); were
/// another one still held, the value would simply be freed with that one, nothing leaks.
func releaseElsewhere<Value: Sendable>(_ value: consuming Value) {
    let parcel = Parcel(consume value)
    DispatchQueue.global(qos: .utility).async { parcel.empty() }
}

/// The one reference to a value on its way to another thread. The value is dropped there, not
/// when the parcel itself is released (which may be on either thread).
private final class Parcel<Value: Sendable>: @unchecked Sendable {
    // Written once more, by the thread that empties it, after the handover.
    private var value: Value?

    init(_ value: consuming Value) { self.value = consume value }

    func empty() { value = nil }
}
