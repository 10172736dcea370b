import CLapack

extension Matrix {
    /// Aᵀ·A through BLAS `dgemm`: the inner products of every pair of columns. The correlation
    /// scans do this work in tiles; benchmarks time this call as the machine's arithmetic limit
    /// for the same shape.
    public func gram() -> Matrix {
        var product = [Double](repeating: 0, count: columns * columns)
        storage.withUnsafeBufferPointer { x in
            cblas_dgemm(
                CblasColMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(columns), Int32(rows), 1,
                x.baseAddress, Int32(max(1, rows)), x.baseAddress, Int32(max(1, rows)), 0, &product,
                Int32(max(1, columns)))
        }
        return Matrix(rows: columns, columns: columns, columnMajor: product)
    }
}
