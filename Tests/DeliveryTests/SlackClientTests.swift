import DashbriefTestSupport
import Foundation
import Narrative
import Testing
import Transport

@testable import Delivery

/// The Slack client against a loopback Slack: what it sends, how each of Slack's answers becomes
/// an error that says what to do, and that a post is never sent twice blindly.
@Suite struct SlackClientTests {
    static let message = SlackMessage(
        text: "Daily alert: Marketing Dashboard",
        blocks: [.header("Daily alert: Marketing Dashboard"), .section("*Pageviews* fell 42.3% on 2026-11-18.")])
    static let metadata = SlackMetadata(
        runKey: "daily|Marketing Dashboard|2026-11-23|C0MARKET", new: ["anomaly:2001:s=0:2026-11-18"])

    static func client(_ fake: FakeSlack, timeout: Duration = .seconds(10), interval: Duration = .milliseconds(1))
        -> SlackClient
    {
        SlackClient(
            settings: SlackSettings(
                botToken: Secret(FakeSlack.token), apiBaseURL: fake.apiBaseURL, minimumInterval: interval),
            transport: RetryingTransport(
                base: CurlTransport(options: .init(totalTimeout: timeout)), policy: RetryPolicy(),
                clock: ContinuousClock()))
    }

    @Test func aPost_carriesBlocksTextAndMetadata_andReturnsItsTS() async throws {
        let fake = try FakeSlack()
        let ts = try await Self.client(fake).post(Self.message, to: "C0MARKET", metadata: Self.metadata)
        #expect(ts == "1764000000.000001")
        let post = try #require(fake.requests.first)
        #expect(post.method == "chat.postMessage")
        #expect(post.authorization == "Bearer \(FakeSlack.token)")
        #expect(post.channel == "C0MARKET" && post.hasBlocks && post.text == "Daily alert: Marketing Dashboard")
        #expect(post.runKey == Self.metadata.runKey)
        guard case .object(let metadata)? = post.body["metadata"] else {
            Issue.record("no metadata")
            return
        }
        #expect(metadata["event_type"] == .string("dashbrief_report"))
    }

    @Test(arguments: [
        (#"{"ok":false,"error":"channel_not_found"}"#, "channel", "use the channel's id"),
        (#"{"ok":false,"error":"not_in_channel"}"#, "channel", "chat:write.public"),
        (#"{"ok":false,"error":"invalid_auth"}"#, "authentication", "SLACK_BOT_TOKEN"),
        (#"{"ok":false,"error":"missing_scope","needed":"chat:write"}"#, "scope", "needs the chat:write scope"),
    ])
    func slacksErrors_sayWhatToDo(body: String, code: String, advice: String) async throws {
        let fake = try FakeSlack { _, _ in .json(body) }
        let error = await #expect(throws: DeliveryError.self) {
            try await Self.client(fake).post(Self.message, to: "C0MARKET")
        }
        #expect(error?.code.name == code)
        #expect(error?.message.contains(advice) == true, "\(error?.message ?? "")")
        #expect(error?.mayHaveBeenPosted == false)
        #expect(fake.requests.count == 1)
    }

    @Test func refusedBlocks_arePostedAgainAsPlainText() async throws {
        let fake = try FakeSlack { _, index in index == 0 ? .json(#"{"ok":false,"error":"invalid_blocks"}"#) : nil }
        let ts = try await Self.client(fake).post(Self.message, to: "C0MARKET", metadata: Self.metadata)
        #expect(ts != nil)
        #expect(fake.messages.count == 1)
        let posted = try #require(fake.requests.last)
        #expect(!posted.hasBlocks)
        #expect(posted.text?.contains("fell 42.3%") == true)
        #expect(posted.runKey == Self.metadata.runKey)
    }

    @Test func rateLimited_waitsForRetryAfter_andPostsOnce() async throws {
        let fake = try FakeSlack { _, index in
            index == 0
                ? ScriptedResponse(
                    status: 429, headers: ["Retry-After": "1", "Content-Type": "application/json"],
                    body: Data(#"{"ok":false,"error":"ratelimited"}"#.utf8))
                : nil
        }
        let started = ContinuousClock.now
        _ = try await Self.client(fake).post(Self.message, to: "C0MARKET")
        #expect(ContinuousClock.now - started >= .seconds(0.9))
        #expect(fake.requests.count == 2)
        #expect(fake.messages.count == 1)
    }

    @Test func aConnectionLostAfterSending_isAmbiguous_andNotRetried() async throws {
        let fake = try FakeSlack { _, _ in
            ScriptedResponse(body: Data(#"{"ok":true,"ts":"1.2","channel":"C0MARKET"}"#.utf8), truncateBodyTo: 5)
        }
        let error = await #expect(throws: DeliveryError.self) {
            try await Self.client(fake).post(Self.message, to: "C0MARKET")
        }
        #expect(error?.code == .ambiguous)
        #expect(error?.mayHaveBeenPosted == true)
        #expect(fake.requests.count == 1)
    }

    @Test func aSlowAnswer_isAmbiguous_andNotRetried() async throws {
        let fake = try FakeSlack { _, _ in
            ScriptedResponse(body: Data(#"{"ok":true,"ts":"1.2"}"#.utf8), delay: .seconds(3))
        }
        let error = await #expect(throws: DeliveryError.self) {
            try await Self.client(fake, timeout: .milliseconds(500)).post(Self.message, to: "C0MARKET")
        }
        #expect(error?.code == .ambiguous)
        #expect(fake.requests.count == 1)
    }

    @Test func postsToOneChannel_arePaced() async throws {
        let fake = try FakeSlack()
        let client = Self.client(fake, interval: .milliseconds(300))
        _ = try await client.post(Self.message, to: "C0MARKET")
        _ = try await client.post(Self.message, to: "C0MARKET")
        let times = fake.server.requests.map(\.receivedAt)
        #expect(times[0].duration(to: times[1]) >= .milliseconds(290))
        // Another channel does not wait for this one's interval (a long one, so that a busy
        // machine cannot blur the difference).
        let slow = Self.client(fake, interval: .seconds(20))
        _ = try await slow.post(Self.message, to: "C0MARKET")
        let started = ContinuousClock.now
        _ = try await slow.post(Self.message, to: "C0PRODUCT")
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test func aCrashedRun_findsItsPostByRunKey() async throws {
        let fake = try FakeSlack()
        let client = Self.client(fake)
        let ts = try await client.post(Self.message, to: "C0MARKET", metadata: Self.metadata)
        let oldest = Date(timeIntervalSince1970: 0)
        #expect(try await client.findPost(runKey: Self.metadata.runKey, in: "C0MARKET", oldest: oldest) == ts)
        #expect(try await client.findPost(runKey: "daily|other", in: "C0MARKET", oldest: oldest) == nil)
    }

    @Test func aWebhook_needsNoToken() async throws {
        let fake = try FakeSlack()
        let client = SlackClient(settings: SlackSettings(webhookURL: Secret(fake.webhookURL.absoluteString)))
        #expect(try await client.post(Self.message, to: "ignored") == nil)
        #expect(fake.requests.first?.method == "webhook")
        #expect(fake.requests.first?.authorization == nil)
    }

    @Test func longTextWithoutBlocks_isSplitBetweenLines_neverCut() {
        let lines = (0..<400).map { "line \($0): " + String(repeating: "x", count: 20) }
        let chunks = SlackClient.plainTextChunks(SlackMessage(text: lines.joined(separator: "\n"), blocks: []))
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.count <= 3_500 })
        #expect(chunks.joined(separator: "\n") == lines.joined(separator: "\n"))
    }
}
