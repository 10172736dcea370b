import Stats
import Testing

@Suite struct MatrixProductTests {
    @Test func gramHoldsEveryPairOfColumnsInnerProduct() {
        // A 4 × 2 matrix (rows ≠ columns, so a swapped dimension or leading stride shows):
        // columns (1, 2, 3, 4) and (0, 1, -1, 2); Aᵀ·A worked by hand.
        let a = Matrix(columns: [[1, 2, 3, 4], [0, 1, -1, 2]])
        let expected: [[Double]] = [[30, 7], [7, 6]]
        // Small integers: exact in single precision too.
        let single = Matrix(rows: 2, columns: 2, columnMajor: a.singlePrecisionGram().map(Double.init))
        for product in [a.gram(), single] {
            #expect(product.rows == 2 && product.columns == 2)
            for row in 0..<2 {
                for column in 0..<2 { #expect(product[row, column] == expected[row][column]) }
            }
        }
    }
}
