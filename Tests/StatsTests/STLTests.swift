import DashbriefTestSupport
import Foundation
import Stats
import Testing

/// Reference: statsmodels.tsa.seasonal.STL (Fixtures/reference/stl.json). The algorithm is the
/// same arithmetic in the same order, so components agree to 1e-9 relative (absolute floor 1e-6
/// for values near zero, on series in the hundreds to thousands).
@Suite struct STLTests {
    static var cases: [[String: Any]] { (try? referenceJSON("stl.json"))?["cases"] as? [[String: Any]] ?? [] }
    static let names: [String] = cases.compactMap { $0["name"] as? String }

    @Test func referenceHasCases() { #expect(Self.names.count == 4) }

    @Test(arguments: names)
    func decomposition_matchesStatsmodels(name: String) throws {
        let item = try #require(Self.cases.first { $0["name"] as? String == name })
        let y = try item.doubles("y")
        let options = STL.Options(
            period: item["period"] as! Int, robust: item["robust"] as! Bool, innerIterations: item["inner"] as? Int,
            outerIterations: item["outer"] as? Int)
        let stl = try #require(STL.decompose(y, options: options))
        for (component, key) in [
            (stl.trend, "trend"), (stl.seasonal, "seasonal"), (stl.residual, "residual"), (stl.weights, "weights"),
        ] {
            let expected = try item.doubles(key)
            #expect(
                component.count == expected.count,
                "\(name).\(key): \(component.count) values, expected \(expected.count)")
            let worst = zip(component, expected).map { abs($0 - $1) / max(1e-3, abs($1)) }.max() ?? .infinity
            #expect(
                zip(component, expected).allSatisfy {
                    isApproximatelyEqual($0, $1, relativeTolerance: 1e-9, absoluteTolerance: 1e-6)
                },
                "\(name).\(key): worst relative difference \(worst)")
        }
    }

    @Test func robustFit_leavesAOneDayDropInTheResidual() throws {
        let item = try #require(Self.cases.first { $0["name"] as? String == "daily_robust" })
        let stl = try #require(STL.decompose(item.doubles("y"), options: .init(period: 7)))
        let residualScale = try #require(Robust.mad(stl.residual))
        #expect(stl.residual[45] < -10 * residualScale)
        #expect(stl.weights[45] == 0)
    }

    @Test func componentsAddUpToTheSeries() throws {
        let y = (0..<30).map { Double($0 % 7) * 10 + Double($0) }
        let stl = try #require(STL.decompose(y, options: .init(period: 7, robust: false)))
        for i in y.indices {
            #expect(
                isApproximatelyEqual(stl.trend[i] + stl.seasonal[i] + stl.residual[i], y[i], relativeTolerance: 1e-12))
        }
    }

    @Test func shortOrBrokenSeries_giveNil() {
        #expect(STL.decompose([1, 2, 3], options: .init(period: 7)) == nil)
        #expect(STL.decompose(Array(repeating: 1, count: 13), options: .init(period: 7)) == nil)
        #expect(STL.decompose([1, .nan] + Array(repeating: 1, count: 20), options: .init(period: 7)) == nil)
        #expect(STL.decompose(Array(repeating: 1, count: 20), options: .init(period: 1)) == nil)
    }

    /// A dip on the last day of ten weeks: a LOESS season (span 7) bends that weekday's season
    /// towards it, so part of the dip leaves the residual; a periodic season keeps that weekday
    /// at its ten-week proportion, and the whole dip stays in the residual.
    @Test func periodicSeason_leavesADipOnTheLastDayInTheResidual() throws {
        let weekday = [1.1, 1.15, 1.1, 1.05, 0.95, 0.75, 0.7]
        var y = (0..<70).map { 1000 * weekday[$0 % 7] * (1 + 0.01 * sin(Double($0))) }
        y[69] *= 0.5
        let loess = try #require(STL.decompose(y, options: .init(period: 7, innerIterations: 1, outerIterations: 3)))
        let periodic = try #require(
            STL.decompose(y, options: .init(period: 7, innerIterations: 1, outerIterations: 3, periodic: .proportional))
        )
        // The dip is 350 below the weekday's level of 700: -347 stays in the residual; robustness
        // weights leave the LOESS season's residual -328 here, less with noise on the other weeks.
        #expect(periodic.residual[69] < -340)
        #expect(loess.residual[69] > periodic.residual[69] + 15)
        #expect(periodic.weights[69] == 0)
        for i in y.indices {
            #expect(
                isApproximatelyEqual(
                    periodic.trend[i] + periodic.seasonal[i] + periodic.residual[i], y[i], relativeTolerance: 1e-12))
        }
    }

    /// Proportional: the weekly rhythm of a series growing 5% a week grows with it, so both ends
    /// are fitted as closely as the middle; an additive season fits the ends worse.
    @Test func proportionalSeason_growsWithTheLevel() throws {
        let weekday = [1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.8]
        let y = (0..<70).map { 1000 * pow(1.05, Double($0) / 7) * weekday[$0 % 7] }
        let options = STL.Options(period: 7, innerIterations: 1, outerIterations: 3, periodic: .proportional)
        let proportional = try #require(STL.decompose(y, options: options))
        var additiveOptions = options
        additiveOptions.periodic = .additive
        let additive = try #require(STL.decompose(y, options: additiveOptions))
        let endError = { (stl: STL) in stl.residual.suffix(7).map { abs($0) }.max()! }
        // Largest |residual| over the last week: 11 against 123.
        #expect(endError(proportional) < 15)
        #expect(endError(additive) > 5 * endError(proportional))
        // A negative value leaves no level to be proportional to: the season is additive.
        let signed = y.map { $0 - 1200 }
        #expect(
            STL.decompose(signed, options: options)?.seasonal
                == STL.decompose(signed, options: additiveOptions)?.seasonal)
    }

    @Test func constantSeries_decomposesToItsLevel() throws {
        let stl = try #require(STL.decompose(Array(repeating: 42, count: 28), options: .init(period: 7)))
        #expect(stl.trend.allSatisfy { abs($0 - 42) < 1e-9 })
        #expect(stl.seasonal.allSatisfy { abs($0) < 1e-9 })
    }
}
