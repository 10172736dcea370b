import Stats
import Testing

@Suite struct MatrixProductTests {
    @Test func gramHoldsEveryPairOfColumnsInnerProduct() {
        // Columns (1, 2, 3), (0, 1, -1), (2, 0, 1): Aᵀ·A worked by hand.
        let a = Matrix(columns: [[1, 2, 3], [0, 1, -1], [2, 0, 1]])
        let expected: [[Double]] = [[14, -1, 5], [-1, 2, -1], [5, -1, 5]]
        // Small integers: exact in single precision too.
        let single = Matrix(rows: 3, columns: 3, columnMajor: a.singlePrecisionGram().map(Double.init))
        for product in [a.gram(), single] {
            #expect(product.rows == 3 && product.columns == 3)
            for row in 0..<3 {
                for column in 0..<3 { #expect(product[row, column] == expected[row][column]) }
            }
        }
    }
}
