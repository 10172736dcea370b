import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: numpy.linalg.lstsq (Fixtures/reference/least_squares.json), 1e-9 relative.
@Suite struct LeastSquaresTests {
    @Test func solve_matchesNumpyLstsq() throws {
        let reference = try referenceJSON("least_squares.json")
        let design = try Matrix(
            rows: Int(reference.number("rows")), columns: Int(reference.number("columns")),
            columnMajor: reference.doubles("column_major"))
        let solution = try LeastSquares.solve(design: design, observations: reference.doubles("observations"))
        let coefficients = try reference.doubles("coefficients")
        try #require(solution.coefficients.count == coefficients.count)
        for (actual, expected) in zip(solution.coefficients, coefficients) {
            #expect(isApproximatelyEqual(actual, expected, relativeTolerance: 1e-9), "\(actual) vs \(expected)")
        }
        let rss = try reference.number("residual_sum_of_squares")
        #expect(isApproximatelyEqual(solution.residualSumOfSquares, rss, relativeTolerance: 1e-9))
    }

    @Test func squareSystem_isSolvedExactly() throws {
        let design = Matrix(columns: [[2, 0], [0, 4]])
        let solution = try LeastSquares.solve(design: design, observations: [6, 8])
        #expect(solution.coefficients == [3, 2])
        #expect(solution.residualSumOfSquares == 0)
    }

    @Test func zeroColumn_isRankDeficient() {
        let design = Matrix(columns: [[1, 1, 1], [0, 0, 0]])
        #expect(throws: LinalgError.rankDeficient(routine: "dgels", info: 2)) {
            try LeastSquares.solve(design: design, observations: [1, 2, 3])
        }
    }

    @Test func wrongSizes_throwDimensionMismatch() {
        let tall = Matrix(columns: [[1, 2, 3]])
        #expect(throws: LinalgError.self) { try LeastSquares.solve(design: tall, observations: [1, 2]) }
        let wide = Matrix(columns: [[1], [2]])
        #expect(throws: LinalgError.self) { try LeastSquares.solve(design: wide, observations: [1]) }
    }
}
