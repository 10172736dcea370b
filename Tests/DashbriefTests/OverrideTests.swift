import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

/// Per-metric tuning from `dashbrief.json`: direction, volume, sensitivity and muting, for every
/// method.
@Suite struct OverrideTests {
    static func configuration(_ overrides: String) throws -> Configuration {
        let directory = try TestPaths.temporaryDirectory()
        let config = #"{"snapshot": "\#(TestPaths.demoSnapshot.path)", "overrides": \#(overrides)}"#
        try config.write(to: directory.appendingPathComponent("dashbrief.json"), atomically: true, encoding: .utf8)
        return try Configuration.resolve(environment: [:], workingDirectory: directory)
    }

    static func daily(_ overrides: String, method: AnalysisMethod = .statistical) async throws -> [Finding] {
        try await Engine(configuration: try configuration(overrides)).dailyReport(
            dashboard: "Marketing Dashboard", method: method
        ).findings
    }

    static let pageviewsDip = "anomaly:2001:s=0:2026-11-18"

    @Test func withoutOverrides_theDemoReportsThePageviewsDip() async throws {
        #expect(try await Self.daily("[]").contains { $0.id == Self.pageviewsDip })
    }

    @Test(arguments: [
        #"[{"insight": 2001, "direction": "rises"}]"#,
        #"[{"insight": "Website traffic", "series": "Pageviews", "minimum_volume": 10000}]"#,
        #"[{"insight": "Website traffic", "series": "s=0", "sensitivity": 0.1}]"#,
        #"[{"insight": 2001, "mute_until": "2026-11-24"}]"#,
    ])
    func anOverride_hidesWhatItShould(overrides: String) async throws {
        let findings = try await Self.daily(overrides)
        #expect(!findings.contains { $0.id == Self.pageviewsDip }, "\(overrides)")
        // Other metrics are untouched.
        #expect(findings.contains { $0.insightID == 2002 })
    }

    @Test func muting_endsOnItsDate() async throws {
        let findings = try await Self.daily(#"[{"insight": 2001, "mute_until": "2026-11-23"}]"#)
        #expect(findings.contains { $0.id == Self.pageviewsDip })  // the last complete day is 2026-11-23
    }

    @Test func overrides_applyToTheThresholdMethodToo() async throws {
        let plain = try await Self.daily("[]", method: .threshold)
        let newsletter = try #require(plain.first { $0.insightID == 2002 && $0.series == "newsletter" })
        #expect((newsletter.change ?? 0) < 0)
        let rises = try await Self.daily(
            #"[{"insight": "Signups by channel", "series": "newsletter", "direction": "rises"}]"#, method: .threshold)
        #expect(!rises.contains { $0.id == newsletter.id })
        // A higher sensitivity halves the thresholds: more of the metric's changes are told.
        let sensitive = try await Self.daily(
            #"[{"insight": "Signups by channel", "sensitivity": "high"}]"#, method: .threshold)
        #expect(sensitive.filter { $0.insightID == 2002 }.count > plain.filter { $0.insightID == 2002 }.count)
    }

    @Test(arguments: [
        (#"[{"insight": true}]"#, "overrides[0].insight: an insight id or name, got true"),
        (#"[{"insight": 1, "direction": "down"}]"#, "overrides[0].direction: \"down\" is not drops, rises or both"),
        (#"[{"insight": 1}, {"insight": 1, "sensitivity": "max"}]"#, "overrides[1].sensitivity: low, normal, high"),
        (#"[{"insight": 1, "mute_until": "next week"}]"#, "overrides[0].mute_until: \"next week\" is not a date"),
    ])
    func aBadOverride_namesTheEntryAndField(overrides: String, message: String) throws {
        let error = #expect(throws: DashbriefError.self) { try Self.configuration(overrides) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }
}
