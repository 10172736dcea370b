// dashbrief-bench: one figure per stage of a weekly run on a snapshot directory, as JSON.
//
//   dashbrief-bench DIR [--repetitions N]
//
// Stages run in one process on data already in memory (the disk is not measured): decode,
// normalise, anomaly detection, trends, funnels and retention, correlation (with a same-run
// `dgemm` and a same-shape `sgemm` on every core as yardsticks), the whole analysis, narrative
// build, and the engine's weekly and daily reports end to end (snapshot read included).
// `scripts/bench` runs it next to the Python peer and prints the table (Benchmarks/README.md).
import Dashbrief
import Foundation
import Stats

struct Options {
    var directory: URL
    var repetitions = 5

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        var directory: String?
        while let argument = rest.popFirst() {
            switch argument {
            case "--repetitions": repetitions = Int(rest.popFirst() ?? "") ?? repetitions
            default: directory = argument
            }
        }
        guard let directory else {
            FileHandle.standardError.write(Data("usage: dashbrief-bench SNAPSHOT_DIR [--repetitions N]\n".utf8))
            exit(2)
        }
        self.directory = URL(fileURLWithPath: directory)
    }
}

struct Results: Encodable {
    var snapshot: String
    var dashboards: Int
    var series: Int
    var bytes: Int
    var stages: [Measurement] = []
}

let options = Options(CommandLine.arguments)
let bodies = try SnapshotBodies(directory: options.directory)
let repetitions = options.repetitions
let engine = try Engine(configuration: Configuration(snapshotDirectory: options.directory))

// Decode: the dashboards' bodies, nearly all of a snapshot's bytes.
let megabytes = Double(bodies.bytes) / 1e6
let (decode, _) = try measure("decode", unit: "MB", amount: megabytes, repetitions: repetitions) {
    try bodies.dashboards.map { try Dashboard.decode($0.body, source: $0.source) }
}

// Normalise: what the client completed (history, previous periods) into typed metrics.
let client = PostHogClient(
    transport: try ReplayTransport(directory: options.directory), baseURL: URL(string: bodies.manifest.baseURL)!,
    projectID: bodies.manifest.projectID)
// Dashboards listed but not recorded (the demo has one) are left out, as the weekly report does.
var fetched: [Dashboard] = []
for summary in try await client.dashboards() {
    guard let dashboard = try? await client.dashboardWithResults(id: summary.id) else { continue }
    fetched.append(dashboard)
}
let names = fetched.map(\.name)
// A new normaliser per run, as each report makes one: its period labels are placed afresh.
let makeNormaliser = {
    InsightNormaliser(
        now: Timestamp.instant(bodies.manifest.recordedAt)!,
        fallbackTimeZone: TimeZone(identifier: bodies.manifest.timezone) ?? .gmt)
}
let allSeries = { (metrics: [DashboardMetrics]) -> [TimeSeries] in
    metrics.flatMap(\.insights).flatMap { insight -> [TimeSeries] in
        if case .series(let series) = insight.content { return series }
        return []
    }
}
let seriesCount = Double(
    fetched.flatMap(\.tiles).reduce(0) { count, tile in
        guard case .insight(let insight) = tile.content, case .series(let series) = insight.result else { return count }
        return count + series.count
    })
let (normalise, metrics) = measure("normalise", unit: "series", amount: seriesCount, repetitions: repetitions) {
    let normaliser = makeNormaliser()
    return fetched.map { normaliser.metrics(for: $0) }
}
let daily = allSeries(metrics).filter { $0.interval == .day }

// Anomaly detection: the detector over each daily series' window as the weekly report sees it
// (28 reviewed days and 8 weeks before them).
let windows = daily.map { series in (series, Array(series.completePoints.suffix(28 + 56)).map(\.value)) }
let (anomaly, _) = measure("anomaly detection", unit: "series", amount: Double(windows.count), repetitions: repetitions)
{
    windows.reduce(0) { count, window in
        var settings = AnomalyDetector.Settings()
        settings.period = 7
        settings.isCount = window.0.isCount
        return count + AnomalyDetector(settings: settings).detect(window.1).count
    }
}

// Trends: Theil–Sen slope and seasonal Mann–Kendall over the 28 reviewed days.
let reviewed = daily.map { Array($0.completePoints.suffix(28)).compactMap(\.value) }
let (trends, _) = measure("trends", unit: "series", amount: Double(reviewed.count), repetitions: repetitions) {
    reviewed.reduce(0) { count, values in
        let fit = TheilSen.fit(values.map { log1p(max(0, $0)) })
        let test = MannKendall.seasonalTest(values, period: 7)
        return count + (fit == nil ? 0 : 1) + (test == nil ? 0 : 1)
    }
}

// Funnels and retention: the statistical method on those insights alone.
let analyser = StatisticalAnalyser()
let funnelsAndRetention = metrics.map { dashboard in
    DashboardMetrics(
        id: dashboard.id, name: dashboard.name,
        insights: dashboard.insights.filter {
            switch $0.content {
            case .funnel, .retention: true
            default: false
            }
        })
}
let testedInsights = Double(funnelsAndRetention.reduce(0) { $0 + $1.insights.count })
let (proportions, _) = measure(
    "funnels and retention", unit: "insights", amount: testedInsights, repetitions: repetitions
) { analyser.analyse(funnelsAndRetention, kind: .weekly, days: 28).findings.count }

// Correlation: every pair at every lag in ±7 over 90 days, against a dgemm of the same shape.
let columns = daily.compactMap { series -> [Double]? in
    let values = Array(series.completePoints.suffix(90)).map { $0.value ?? 0 }
    return values.count == 90 ? Correlation.standardisedResidual(values, period: 7) : nil
}
let n = Double(columns.count)
// Multiply-adds of the lagged scan: 15 lags × n²/2 pairs × 90 days, 2 flops each.
let scanGigaflops = 15 * n * n / 2 * 90 * 2 / 1e9
let (correlation, _) = measure("correlation", unit: "GFLOP", amount: scanGigaflops, repetitions: repetitions) {
    Correlation.laggedScan(columns, maxLag: 7, keep: 200).pairs.count
}
let matrix = Matrix(columns: columns)
let (dgemm, _) = measure("dgemm (same shape)", unit: "GFLOP", amount: n * n * 90 * 2 / 1e9, repetitions: repetitions) {
    matrix.gram().storage.count
}
// The scan's own limit: single precision (as it screens) on every core (as it tiles).
let cores = ProcessInfo.processInfo.activeProcessorCount
let (sgemm, _) = measure(
    "sgemm (same shape, every core)", unit: "GFLOP", amount: Double(cores) * n * n * 90 * 2 / 1e9,
    repetitions: repetitions
) { Array(0..<cores).parallelMap { _ in matrix.singlePrecisionGram().count }.reduce(0, +) }

// The whole statistical analysis of the weekly report, and the narrative built from it.
let (analysis, result) = measure("analysis (weekly)", unit: "series", amount: seriesCount, repetitions: repetitions) {
    analyser.analyse(metrics, kind: .weekly, days: 28)
}
let (narrative, _) = try measure("narrative build", unit: "reports", amount: 1, repetitions: repetitions) {
    let report = Report(
        analysis: result, asOf: bodies.manifest.recordedAt, timezone: bodies.manifest.timezone,
        narrative: TemplateNarrator().narrate(result))
    return try ReportFormat.allCases.map { try report.rendered(as: $0).count }
}

// End to end through the engine: snapshot read, decode, normalise, analyse, narrate, render.
let (weekly, _) = try await measureAsync(
    "weekly end to end", unit: "series", amount: seriesCount, repetitions: max(1, repetitions / 2)
) { try await engine.weeklyReport(dashboards: names).rendered(as: .text).count }
let (dailyReport, _) = try await measureAsync(
    "daily end to end (one dashboard)", unit: "reports", amount: 1, repetitions: repetitions
) { try await engine.dailyReport(dashboard: names[0]).rendered(as: .text).count }

// The machine's reference: a square dgemm of a fixed size, whatever the snapshot. The CI guard
// states every stage as a multiple of it, so that a slower or busier machine cancels out.
let square = Matrix(columns: (0..<1024).map { column in (0..<1024).map { Double(($0 * 31 + column * 17) % 97) } })
let (reference, _) = measure(
    "dgemm reference (1024 square)", unit: "GFLOP", amount: 2 * pow(1024, 3) / 1e9, repetitions: repetitions
) { square.gram().storage.count }

let results = Results(
    snapshot: options.directory.path, dashboards: names.count, series: Int(seriesCount), bytes: bodies.bytes,
    stages: [
        decode, normalise, anomaly, trends, proportions, correlation, dgemm, sgemm, analysis, narrative, weekly,
        dailyReport,
        reference,
    ])
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(results), as: UTF8.self))
