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

    @Test func theCLI_sendsOnce_andSaysWhatItDid() throws {
        let fake = try FakeSlack()
        let environment = [
            "SLACK_BOT_TOKEN": FakeSlack.token, "SLACK_API_BASE_URL": fake.apiBaseURL.absoluteString,
            "DASHBRIEF_STATE_DIR": try TestPaths.temporaryDirectory().path, "MARKETING_CHANNEL_ID": "C0MARKET",
        ]
        let first = try CommandRunner.run(["daily", "--send", "--format", "json"], environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("dashbrief: posted to C0MARKET"), "\(first.standardError)")
        let second = try CommandRunner.run(["daily", "--send"], environment: environment)
        #expect(second.status == 0)
        #expect(second.standardError.contains("already posted to C0MARKET"), "\(second.standardError)")
        #expect(fake.messages.count == 1)
        #expect(!(first.standardError + first.standardOutput).contains(FakeSlack.token))
        let usage = try CommandRunner.run(["daily", "--force"], environment: environment)
        #expect(usage.status == 2)
    }
}
