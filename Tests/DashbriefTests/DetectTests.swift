import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief
@testable import DashbriefCLI

@Suite struct DetectTests {
    /// Twelve weeks of daily values with a weekly cycle and a one-day drop on day 60.
    static func csv(drop: Bool = true, header: Bool = true) -> String {
        let weekday = [1.07, 1.12, 1.10, 1.06, 0.98, 0.80, 0.77]
        var lines = header ? ["timestamp,value"] : []
        let start = Timestamp.instant("2026-01-05T00:00:00Z")!
        for day in 0..<84 {
            let stamp = Timestamp.format(start.addingTimeInterval(Double(day) * 86_400)).prefix(10) + " 00:00:00"
            var value = 1000 * weekday[day % 7] + Double((day * 7919) % 41) - 20
            if drop && day == 60 { value *= 0.5 }
            lines.append("\(stamp),\(value)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func write(_ text: String) throws -> URL {
        let url = try TestPaths.temporaryDirectory().appendingPathComponent("series.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func dailyCSV_weeklyPeriodIsChosen_andTheDropIsFound() async throws {
        let csv = try TimestampValueCSV(contentsOf: try write(Self.csv()))
        #expect(csv.timestamps.count == 84 && csv.values.count == 84)
        #expect(Detection.candidatePeriods(timestamps: csv.timestamps) == [7])
        let result = Detection.detect(timestamps: csv.timestamps, values: csv.values)
        #expect(result.period == 7)
        #expect(result.anomalies.map(\.timestamp) == ["2026-03-06 00:00:00"])
        #expect(result.anomalies.first?.kind == "dip")
    }

    /// Bursts are looked for in hourly or finer data only: five-minute rows with a stretch of
    /// erratic values report one burst; the same values as daily rows report none.
    @Test func bursts_areLookedForInSubDailyDataOnly() async throws {
        var state: UInt64 = 3
        func jitter() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let values = (0..<700).map { 50 + ((400..<440).contains($0) ? 6.0 : 1.0) * jitter() }
        let start = Timestamp.instant("2026-01-05T00:00:00Z")!
        func timestamps(step: Double) -> [String] {
            values.indices.map { index in
                let stamp = Timestamp.format(start.addingTimeInterval(Double(index) * step))
                return String(stamp.prefix(19)).replacingOccurrences(of: "T", with: " ")
            }
        }
        let fiveMinutes = Detection.detect(timestamps: timestamps(step: 300), values: values, period: nil)
        let bursts = fiveMinutes.anomalies.filter { $0.kind == "burst" }.map(\.timestamp)
        // Within the erratic stretch (rows 400..<440, 33:20 to 36:40 after the start); a burst
        // longer than its window may alert again once the window has passed, as a new record.
        #expect(
            !bursts.isEmpty && bursts.allSatisfy { $0 >= "2026-01-06 09:20:00" && $0 < "2026-01-06 12:40:00" },
            "\(bursts)")
        let daily = Detection.detect(timestamps: timestamps(step: 86_400), values: values, period: nil)
        #expect(!daily.anomalies.contains { $0.kind == "burst" })
    }

    @Test func cli_printsTheContractsJSON() async throws {
        let outcome = try await CommandRunner.run(["detect", try write(Self.csv()).path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as! [String: Any]
        let anomaly = try #require((object["anomalies"] as? [[String: Any]])?.first)
        for key in ["timestamp", "value", "expected", "score"] { #expect(anomaly[key] != nil, "missing \(key)") }
    }

    @Test func cli_csvFormat_andExplicitPeriod() async throws {
        let outcome = try await CommandRunner.run([
            "detect", try write(Self.csv()).path, "--format", "csv", "--period", "7",
        ])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n")
        #expect(lines.first == "timestamp,value,expected,score,kind")
        #expect(lines.count == 2)
    }

    @Test func noAnomaly_noOutputRows() async throws {
        let csv = try TimestampValueCSV(contentsOf: try write(Self.csv(drop: false)))
        #expect(Detection.detect(timestamps: csv.timestamps, values: csv.values).anomalies.isEmpty)
    }

    @Test func badValue_namesFileAndLine() async throws {
        let url = try write("timestamp,value\n2026-01-01 00:00:00,12\n2026-01-02 00:00:00,twelve\n")
        let error = #expect(throws: DashbriefError.self) { try TimestampValueCSV(contentsOf: url) }
        #expect(error?.message == "\(url.path):3: value \"twelve\" is not a number")
        let outcome = try await CommandRunner.run(["detect", url.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(":3: value \"twelve\" is not a number"))
    }

    @Test func missingAndShortSeries_areHandled() async throws {
        let csv = try TimestampValueCSV(
            contentsOf: try write(
                "timestamp,value\n2026-01-01 00:00:00,\n2026-01-02 00:00:00,NaN\n2026-01-03 00:00:00,4\n"))
        #expect(csv.timestamps == ["2026-01-01 00:00:00", "2026-01-02 00:00:00", "2026-01-03 00:00:00"])
        #expect(csv.values == [nil, nil, 4])
        #expect(Detection.detect(timestamps: csv.timestamps, values: csv.values).anomalies.isEmpty)
        #expect(Detection.detect(timestamps: [], values: []).anomalies.isEmpty)
    }

    @Test func usageErrors() async throws {
        #expect(try await CommandRunner.run(["detect"]).status == 2)
        #expect(try await CommandRunner.run(["detect", "x.csv", "--period", "1"]).status == 2)
        #expect(try await CommandRunner.run(["detect", "/nonexistent.csv"]).status == 1)
    }
}
