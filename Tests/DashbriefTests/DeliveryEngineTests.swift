import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

/// Delivery end to end: the demo's reports to a loopback Slack through the engine and the CLI,
/// exactly once per period, new before ongoing, failures told.
@Suite struct DeliveryEngineTests {
    static func engine(_ fake: FakeSlack, state: URL, ops: String? = nil) throws -> Engine {
        var configuration = Configuration(snapshotDirectory: TestPaths.demoSnapshot)
        configuration.slack = SlackSettings(
            botToken: Secret(FakeSlack.token), apiBaseURL: fake.apiBaseURL, minimumInterval: .milliseconds(1))
        configuration.stateDirectory = state
        configuration.dashboards = [
            .init(name: "Marketing Dashboard", channel: "C0MARKET"),
            .init(name: "Product Dashboard", channel: "C0PRODUCT"),
        ]
        configuration.opsChannel = ops
        return try Engine(configuration: configuration)
    }

    @Test func aDailyAlert_isPostedOnce_toItsChannel_withItsRunKey() async throws {
        let fake = try FakeSlack()
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory())
        let report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
        let first = try await engine.deliver(report)
        #expect(first.count == 1)
        guard case .posted(let ts)? = first.first?.status else {
            Issue.record("not posted: \(first)")
            return
        }
        #expect(ts != nil)
        #expect(fake.messages.count == 1)
        let post = try #require(fake.requests.first)
        #expect(post.channel == "C0MARKET" && post.hasBlocks)
        #expect(post.runKey == "daily|Marketing Dashboard|2026-11-23|C0MARKET")
        #expect(first.first?.new.contains("anomaly:2001:s=0:2026-11-18") == true)
        // The same run again posts nothing.
        let second = try await engine.deliver(report)
        #expect(second.first?.status == .alreadyPosted(ts: ts!))
        #expect(fake.messages.count == 1)
        // --force posts it again, marked as a repost.
        let forced = try await engine.deliver(report, force: true)
        guard case .reposted? = forced.first?.status else {
            Issue.record("not reposted: \(forced)")
            return
        }
        #expect(fake.messages.count == 2)
    }

    @Test func theNextDay_announcesOnlyWhatIsNew() async throws {
        let fake = try FakeSlack()
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory())
        let day1 = try await engine.deliver(
            try await engine.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-11-19")))
        #expect(day1.first?.new.contains("anomaly:2001:s=0:2026-11-18") == true)
        let day2 = try await engine.deliver(
            try await engine.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-11-20")))
        #expect(day2.first?.new.contains("anomaly:2001:s=0:2026-11-18") == false)
        #expect(day2.first?.ongoing.contains("anomaly:2001:s=0:2026-11-18") == true)
    }

    @Test func anIncidentTheDailyAlertAnnounced_isOngoingInTheWeeklyReportOfThatChannel() async throws {
        let fake = try FakeSlack()
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory())
        let drop = "anomaly:2001:s=0:2026-11-18"
        let daily = try await engine.deliver(
            try await engine.dailyReport(dashboard: "Marketing Dashboard", asOf: .day("2026-11-19")))
        #expect(daily.first?.new.contains(drop) == true)
        let weekly = try await engine.deliver(try await engine.weeklyReport(asOf: .day("2026-11-20")))
        let marketing = try #require(weekly.first { $0.channel == "C0MARKET" })
        let product = try #require(weekly.first { $0.channel == "C0PRODUCT" })
        #expect(!marketing.new.contains(drop) && marketing.ongoing.contains(drop))
        // The product channel never heard of it: new there.
        #expect(product.new.contains(drop))
    }

    @Test func aWeeklyReport_goesToEveryChannelOfItsDashboards() async throws {
        let fake = try FakeSlack()
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory())
        let outcomes = try await engine.deliver(try await engine.weeklyReport())
        #expect(outcomes.map(\.channel) == ["C0MARKET", "C0PRODUCT"])
        #expect(Set(fake.messages.map(\.channel)) == ["C0MARKET", "C0PRODUCT"])
    }

    @Test func aRunThatDiedAfterPosting_isNotPostedTwice() async throws {
        let fake = try FakeSlack()
        let state = try TestPaths.temporaryDirectory()
        let engine = try Self.engine(fake, state: state)
        let report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
        // Another process claimed the run an hour ago, posted, and died before recording it.
        let store = try engine.openStore()
        let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET")
        _ = try store.claim(key, owner: "dead-process", now: engine.now.addingTimeInterval(-3_600))
        let client = SlackClient(settings: engine.configuration.slack)
        _ = try await client.post(
            SlackMessage(text: "the earlier post", blocks: []), to: "C0MARKET",
            metadata: SlackMetadata(runKey: key.description))
        let outcomes = try await engine.deliver(report)
        guard case .alreadyPosted? = outcomes.first?.status else {
            Issue.record("posted again: \(outcomes)")
            return
        }
        #expect(fake.messages.count == 1)
    }

    @Test func aFailedDelivery_isToldToTheOpsChannel_andThrown() async throws {
        let fake = try FakeSlack { method, index in
            index == 0 ? .json(#"{"ok":false,"error":"not_in_channel"}"#) : nil
        }
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory(), ops: "C0OPS")
        let report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
        let error = await #expect(throws: DashbriefError.self) { try await engine.deliver(report) }
        #expect(error?.code == .delivery)
        #expect(error?.message.contains("invite it") == true, "\(error?.message ?? "")")
        let notice = try #require(fake.messages.first)
        #expect(notice.channel == "C0OPS")
        #expect(notice.body["text"]?.string?.contains("could not deliver the daily alert") == true)
    }

    @Test func theCLI_sendsOnce_andSaysWhatItDid() async throws {
        let fake = try FakeSlack()
        let environment = [
            "SLACK_BOT_TOKEN": FakeSlack.token, "SLACK_API_BASE_URL": fake.apiBaseURL.absoluteString,
            "DASHBRIEF_STATE_DIR": try TestPaths.temporaryDirectory().path, "MARKETING_CHANNEL_ID": "C0MARKET",
        ]
        let first = try await CommandRunner.run(["daily", "--send", "--format", "json"], environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("dashbrief: posted to C0MARKET"), "\(first.standardError)")
        let second = try await CommandRunner.run(["daily", "--send"], environment: environment)
        #expect(second.status == 0)
        #expect(second.standardError.contains("already posted to C0MARKET"), "\(second.standardError)")
        #expect(fake.messages.count == 1)
        #expect(!(first.standardError + first.standardOutput).contains(FakeSlack.token))
        let usage = try await CommandRunner.run(["daily", "--force"], environment: environment)
        #expect(usage.status == 2)
    }

    @Test func aStaleClaimWhosePostCannotBeLookedFor_postsNothing_andSaysSo() async throws {
        let fake = try FakeSlack { method, _ in
            method == "conversations.history"
                ? .json(#"{"ok":false,"error":"missing_scope","needed":"channels:history"}"#) : nil
        }
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory())
        let report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
        let store = try engine.openStore()
        let key = RunKey(kind: .daily, dashboard: "Marketing Dashboard", period: "2026-11-23", channel: "C0MARKET")
        _ = try store.claim(key, owner: "dead-process", now: Date().addingTimeInterval(-3_600))
        let error = await #expect(throws: DashbriefError.self) { try await engine.deliver(report) }
        #expect(error?.message.contains("use --force") == true, "\(error?.message ?? "")")
        #expect(!fake.messages.contains { $0.channel == "C0MARKET" && $0.body["metadata"] != nil })
        // The claim is left as it was: a later run does not take it over and post blindly.
        #expect(try store.run(key)?.state == .claimed)
    }

    @Test func aPartThatFailsAfterTheFirst_isToldButNeverRepostsTheFirst() async throws {
        // Slack refuses the second message outright (even as plain text).
        let fake = try FakeSlack { method, index in
            method == "chat.postMessage" && index >= 1 && index <= 3 ? .json(#"{"ok":false,"error":"no_text"}"#) : nil
        }
        let engine = try Self.engine(fake, state: try TestPaths.temporaryDirectory(), ops: "C0OPS")
        var report = try await engine.dailyReport(dashboard: "Marketing Dashboard")
        // Enough findings to need a second message.
        report.findings = Array(repeating: report.findings, count: 60).flatMap { $0 }.enumerated().map {
            index, finding in
            var copy = finding
            copy.series = "\(finding.series) \(index)"
            return copy
        }
        let outcomes = try await engine.deliver(report)
        guard case .posted? = outcomes.first?.status else {
            Issue.record("not posted: \(outcomes)")
            return
        }
        let posted = fake.messages.filter { $0.channel == "C0MARKET" }.count
        #expect(fake.messages.contains { $0.channel == "C0OPS" })  // the failed part was told
        let again = try await engine.deliver(report)
        guard case .alreadyPosted? = again.first?.status else {
            Issue.record("posted twice: \(again)")
            return
        }
        #expect(fake.messages.filter { $0.channel == "C0MARKET" }.count == posted)
    }

    @Test func aWebhook_getsOneDelivery_andItsURLIsNeverPrinted() async throws {
        let fake = try FakeSlack()
        var configuration = Configuration(snapshotDirectory: TestPaths.demoSnapshot)
        configuration.slack = SlackSettings(
            webhookURL: Secret(fake.webhookURL.absoluteString), minimumInterval: .milliseconds(1))
        configuration.stateDirectory = try TestPaths.temporaryDirectory()
        let engine = try Engine(configuration: configuration)
        let outcomes = try await engine.deliver(try await engine.weeklyReport())
        #expect(outcomes.map(\.channel) == ["webhook"])
        #expect(fake.messages.count == 1)
        // A webhook that cannot be reached: the error names the variable, not the URL.
        fake.server.stop()
        var other = configuration
        other.stateDirectory = try TestPaths.temporaryDirectory()
        let silent = try Engine(configuration: other)
        let error = await #expect(throws: DashbriefError.self) {
            try await silent.deliver(try await silent.dailyReport(dashboard: "Marketing Dashboard"))
        }
        #expect(error?.message.contains(fake.webhookURL.path) == false, "\(error?.message ?? "")")
    }
}
