import Benchmark
import Dashbrief
import DashbriefTestSupport
import Foundation
import Stats

/// The bundled demo snapshot, `Fixtures/demo` at the repository root.
private let demoSnapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/demo")

/// A year of daily counts with weekly seasonality: the shape of one PostHog trend series.
private let yearOfDays: [Double] = (0..<365).map { day in
    let weekly = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77][day % 7]
    return (5000 * weekly * (1 + 0.0008 * Double(day))).rounded()
}

/// Closed-form simple regression in plain Swift: the reference the LAPACK path is compared with.
private func closedFormSlope(_ y: [Double]) -> Double {
    let n = Double(y.count)
    let meanX = (n - 1) / 2
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for (index, value) in y.enumerated() {
        let dx = Double(index) - meanX
        sxy += dx * (value - meanY)
        sxx += dx * dx
    }
    return sxy / sxx
}

/// Standardised residuals of 20,000 series of `days` days: noise, with every 100th series sharing
/// a driver.
private func correlationColumns(days: Int) -> [[Double]] {
    var generator = SplitMix64(seed: 20_261_125)
    let driver = (0..<days).map { _ in generator.nextGaussian() }
    return (0..<20_000).map { index in
        let raw = (0..<days).map { day in generator.nextGaussian() + (index % 100 == 0 ? 2 * driver[day] : 0) }
        let mean = raw.reduce(0, +) / Double(days)
        let centred = raw.map { $0 - mean }
        let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return centred.map { $0 / norm }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput], maxDuration: .seconds(3), maxIterations: 10_000)

    Benchmark("LinearTrend.fit 365 days (LAPACK dgels)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(LinearTrend.fit(yearOfDays)) }
    }

    Benchmark("closed-form slope 365 days (reference)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(closedFormSlope(yearOfDays)) }
    }

    Benchmark("AnomalyDetector 365 days (STL + S-H-ESD + PELT)") { benchmark in
        let detector = AnomalyDetector()
        let noisy = yearOfDays.enumerated().map { $0.element + Double(($0.offset * 7919) % 41) - 20 }
        for _ in benchmark.scaledIterations { blackHole(detector.detect(noisy)) }
    }

    // The detector's parts after STL, on the residual and the deseasonalised series.
    Benchmark("GeneralizedESD robust 365 days, 3 outliers") { benchmark in
        let residual = STL.decompose(yearOfDays, options: .init(period: 7))!.residual
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(GeneralizedESD.test(residual, maximumOutliers: 3)) }
    }

    Benchmark("StudentT.quantile, 360 degrees of freedom") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(StudentT(degreesOfFreedom: 360).quantile(1 - 0.05 / 730))
        }
    }

    Benchmark("Changepoints.pelt 365 days") { benchmark in
        let stl = STL.decompose(yearOfDays, options: .init(period: 7))!
        let deseasonalised = zip(yearOfDays, stl.seasonal).map { $0 - $1 }
        let penalty = Changepoints.defaultPenalty(deseasonalised)!
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(Changepoints.pelt(deseasonalised, penalty: penalty, minimumSegment: 7))
        }
    }

    // The same detector on a harder year: Poisson-sized noise, a one-day drop and a 20% step,
    // so every stage (ESD candidates, PELT changes, their checks) has work to do.
    Benchmark("AnomalyDetector 365 noisy days with a drop and a step") { benchmark in
        var generator = SplitMix64(seed: 365)
        var noisy = yearOfDays.map { $0 + 1.5 * $0.squareRoot() * generator.nextGaussian() }
        noisy[200] *= 0.5
        for day in 280..<365 { noisy[day] *= 1.2 }
        let detector = AnomalyDetector()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(detector.detect(noisy)) }
    }

    Benchmark("STL robust 365 days") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(STL.decompose(yearOfDays, options: .init(period: 7))) }
    }

    // The same with a smaller pass budget (1 inner, 3 robustness passes): what fewer passes would
    // buy, for the speed/accuracy decision in Benchmarks/README.md.
    Benchmark("STL robust 365 days, 1 inner + 3 outer passes") { benchmark in
        let options = STL.Options(period: 7, innerIterations: 1, outerIterations: 3)
        for _ in benchmark.scaledIterations { blackHole(STL.decompose(yearOfDays, options: options)) }
    }

    Benchmark(
        "Correlation.scan 20,000 series × 365 days",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(30), maxIterations: 3)
    ) { benchmark in
        let columns = correlationColumns(days: 365)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(Correlation.scan(columns, keep: 1000)) }
    }

    Benchmark(
        "Correlation.laggedScan 20,000 series × 90 days, lags ±7",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 3)
    ) { benchmark in
        // The weekly report's window: 90 days, every lag in ±7 days.
        let columns = correlationColumns(days: 90)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(Correlation.laggedScan(columns, keep: 1000)) }
    }

    // The backtest's cost against its reference, one daily alert of one dashboard: the replay
    // analyses 2 dashboards × 56 days and 8 weekly reports over data fetched once.
    Benchmark("daily statistical report, Marketing, demo snapshot (reference)", configuration: .init(maxIterations: 50))
    {
        benchmark in
        let engine = try Engine(configuration: Configuration(snapshotDirectory: demoSnapshot))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await engine.dailyReport(dashboard: "Marketing Dashboard"))
        }
    }

    Benchmark(
        "backtest 8 weeks, 2 dashboards, demo snapshot",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(60), maxIterations: 3)
    ) { benchmark in
        let engine = try Engine(configuration: Configuration(snapshotDirectory: demoSnapshot))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await engine.backtest(weeks: 8)) }
    }

    for method in [AnalysisMethod.threshold, .statistical] {
        Benchmark("weekly \(method) report, demo snapshot", configuration: .init(maxIterations: 200)) { benchmark in
            let engine = try Engine(configuration: Configuration(snapshotDirectory: demoSnapshot))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await engine.weeklyReport(method: method)) }
        }
    }
}
