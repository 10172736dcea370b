import CLapack

/// The solution of an overdetermined linear least-squares problem.
public struct LeastSquaresSolution: Equatable, Sendable {
    /// x minimising ‖A·x − b‖₂, one entry per column of A.
    public let coefficients: [Double]
    /// ‖A·x − b‖₂², the residual sum of squares (0 when A is square).
    public let residualSumOfSquares: Double
}

public enum LeastSquares {
    /// Solves min‖A·x − b‖₂ with LAPACK `dgels` (QR factorisation of A).
    ///
    /// - Parameters:
    ///   - design: A, m × n with m ≥ n ≥ 1 and full column rank.
    ///   - observations: b, m values.
    /// - Returns: the coefficients and the residual sum of squares, read from the trailing
    ///   m − n entries of the transformed right-hand side (exact for full-rank A).
    /// - Throws: `LinalgError.dimensionMismatch` for wrong sizes or m < n,
    ///   `LinalgError.rankDeficient` when A is rank deficient.
    /// - Complexity: O(m·n²). Accuracy is that of Householder QR: relative error of the
    ///   order of κ(A)·ε for the coefficients.
    public static func solve(design: Matrix, observations: [Double]) throws(LinalgError)
        -> LeastSquaresSolution
    {
        let m = design.rows
        let n = design.columns
        guard observations.count == m else {
            throw .dimensionMismatch("A has \(m) rows but b has \(observations.count) values")
        }
        guard n >= 1, m >= n else {
            throw .dimensionMismatch("need at least as many rows (\(m)) as columns (\(n)) and one column")
        }
        var a = design.storage
        var b = observations
        let info = LAPACKE_dgels(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), Int32(m), Int32(n), 1,
            &a, Int32(m), &b, Int32(m))
        if info > 0 { throw .rankDeficient(routine: "dgels", info: info) }
        if info < 0 { throw .lapack(routine: "dgels", info: info) }
        let residual = b[n..<m].reduce(0) { $0 + $1 * $1 }
        return LeastSquaresSolution(coefficients: Array(b[0..<n]), residualSumOfSquares: residual)
    }
}
