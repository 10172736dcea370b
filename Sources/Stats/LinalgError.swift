/// Failures of the linear-algebra routines. The set is closed, so callers use typed throws.
public enum LinalgError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The arrays handed in do not have the sizes the routine needs.
    case dimensionMismatch(String)
    /// The design matrix does not have full column rank (LAPACK `info` > 0).
    case rankDeficient(routine: String, info: Int32)
    /// LAPACK rejected an argument (`info` < 0): a bug in the caller, reported with the routine.
    case lapack(routine: String, info: Int32)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): "dimension mismatch: \(what)"
        case .rankDeficient(let routine, let info):
            "\(routine): matrix is rank deficient (diagonal element \(info) of R is zero)"
        case .lapack(let routine, let info): "\(routine): illegal value in argument \(-info)"
        }
    }
}
