import CLapack

extension Matrix {
    /// Aᵀ·A through BLAS `dgemm`: the inner products of every pair of columns. The correlation
    /// scans do this work in tiles; benchmarks time it beside them as a yardstick of the same shape
    /// (for a thin A it is bound by writing the n × n result, not by arithmetic).
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

    /// Aᵀ·A in single precision (`sgemm`), column-major, as the lagged scan screens pairs.
    public func singlePrecisionGram() -> [Float] {
        let x = storage.map(Float.init)
        return [Float](unsafeUninitializedCapacity: columns * columns) { product, count in
            cblas_sgemm(
                CblasColMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(columns), Int32(rows), 1, x,
                Int32(max(1, rows)), x, Int32(max(1, rows)), 0, product.baseAddress, Int32(max(1, columns)))
            count = columns * columns
        }
    }
}
