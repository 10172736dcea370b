/// A dense matrix of doubles in column-major order, the layout LAPACK and BLAS expect.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Column-major storage: element (r, c) lives at `c * rows + r`.
    public var storage: [Double]

    /// - Precondition: `storage.count == rows * columns`.
    public init(rows: Int, columns: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * columns, "storage does not hold rows × columns values")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from its columns, each of the same length.
    public init(columns: [[Double]]) {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "columns differ in length")
        self.init(rows: rows, columns: columns.count, columnMajor: columns.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[column * rows + row] }
        set { storage[column * rows + row] = newValue }
    }
}
