import Delivery
import Foundation
import Narrative

/// What a delivery did in one channel.
public struct DeliveryOutcome: Sendable, Equatable, CustomStringConvertible {
    public enum Status: Sendable, Equatable {
        /// Posted; `ts` is Slack's (nil through a webhook).
        case posted(ts: String?)
        /// `--force`: the period's report posted again, marked as a repost.
        case reposted(ts: String?)
        /// A daily alert with nothing new or resolved: nothing posted.
        case nothingNew
        /// The ledger says this run was posted already: nothing posted again.
        case alreadyPosted(ts: String)
        /// Another process holds the run (claimed moments ago): it will post.
        case inFlight
    }

    public var channel: String
    public var runKey: String
    public var status: Status
    public var new: [String]
    public var ongoing: [String]
    public var resolved: [String]

    public var description: String {
        let counts = "\(new.count) new, \(ongoing.count) ongoing, \(resolved.count) resolved"
        switch status {
        case .posted(let ts): return "posted to \(channel)\(ts.map { " (ts \($0))" } ?? ""): \(counts)"
        case .reposted(let ts): return "reposted to \(channel)\(ts.map { " (ts \($0))" } ?? ""): \(counts)"
        case .nothingNew: return "nothing new for \(channel): not posted (\(counts))"
        case .alreadyPosted(let ts): return "already posted to \(channel) (ts \(ts)): not posted again"
        case .inFlight: return "another run is posting to \(channel) now: not posted"
        }
    }
}

extension Engine {
    /// The Slack channels a report goes to: each of its dashboards' (the seed's
    /// `MARKETING_CHANNEL_ID`/`PRODUCT_CHANNEL_ID`, or `dashboards[].channel`), once each.
    /// - Throws: `DashbriefError.configuration` naming a dashboard without one.
    public func channels(for report: Report) throws(DashbriefError) -> [String] {
        // A webhook posts to its one channel whatever is asked: one delivery, one ledger row.
        if configuration.slack.botToken == nil && configuration.slack.webhookURL != nil { return ["webhook"] }
        var channels: [String] = []
        for name in report.dashboards {
            guard
                let channel = configuration.dashboards.first(where: {
                    $0.name == name || $0.name.lowercased() == name.lowercased()
                })?.channel
            else {
                throw DashbriefError(
                    .configuration,
                    "no Slack channel for dashboard \"\(name)\": set its channel in dashbrief.json (dashboards[].channel) or MARKETING_CHANNEL_ID / PRODUCT_CHANNEL_ID"
                )
            }
            if !channels.contains(channel) { channels.append(channel) }
        }
        return channels
    }

    /// Delivers `report` to the channel of each of its dashboards, exactly once per (kind,
    /// dashboards, period, channel): the run is claimed in the state store before posting and
    /// marked posted with Slack's `ts` after, together with the alert state. A daily alert leads
    /// with what is new, says what is still ongoing in one line and what resolved once, and posts
    /// nothing when nothing is new; a weekly report always posts. A run that crashed between claim
    /// and post is resolved by looking for its run key in the channel, never by posting blindly.
    /// A failure is told to the ops channel (or the dashboard's), and thrown.
    /// - Parameters:
    ///   - force: post the period's report again whatever the ledger and the lifecycle say,
    ///     marked as a repost.
    ///   - slack: the client (default: from the configuration); `store`: the state store
    ///     (default: `DASHBRIEF_STATE_DIR` or the user's state directory).
    public func deliver(
        _ report: Report, force: Bool = false, slack: SlackClient? = nil, store: StateStore? = nil
    ) async throws(DashbriefError) -> [DeliveryOutcome] {
        guard configuration.slack.canPost || slack != nil else {
            throw DashbriefError(.configuration, "nothing to send with: set SLACK_BOT_TOKEN (or SLACK_WEBHOOK_URL)")
        }
        let slack = slack ?? SlackClient(settings: configuration.slack)
        let opened: StateStore
        if let store {
            opened = store
        } else {
            opened = try openStore()
        }
        let store = opened
        let channels = try channels(for: report)
        var outcomes: [DeliveryOutcome] = []
        var failures: [DashbriefError] = []
        // One channel that fails does not cost the others their report.
        for channel in channels {
            do {
                outcomes.append(try await deliver(report, to: channel, force: force, slack: slack, store: store))
            } catch {
                await tellFailure(of: report, in: channel, error, slack: slack)
                failures.append(error)
            }
        }
        if let first = failures.first {
            for outcome in outcomes { logger.info("delivered despite another channel's failure: \(outcome)") }
            throw failures.count == 1
                ? first
                : DashbriefError(.delivery, failures.map(\.message).joined(separator: "; "), underlying: first)
        }
        return outcomes
    }

    /// The state store the configuration names.
    public func openStore() throws(DashbriefError) -> StateStore {
        do {
            return try StateStore(directory: configuration.stateDirectory ?? StateStore.defaultDirectory())
        } catch {
            throw DashbriefError(.configuration, error.message, underlying: error)
        }
    }

    private func deliver(
        _ report: Report, to channel: String, force: Bool, slack: SlackClient, store: StateStore
    ) async throws(DashbriefError) -> DeliveryOutcome {
        let scope = report.dashboards.joined(separator: " + ")
        let period = report.window?.to ?? String(report.asOf.prefix(10))
        let key = RunKey(kind: report.kind, dashboard: scope, period: period, channel: channel)
        let owner = Self.owner
        // The ledger keeps wall-clock times (a snapshot's "now" is frozen at its recording).
        let now = Date()
        var outcome = DeliveryOutcome(
            channel: channel, runKey: key.description, status: .inFlight, new: [], ongoing: [], resolved: [])
        do {
            if force {
                try store.forceClaim(key, owner: owner, now: now)
            } else {
                switch try store.claim(key, owner: owner, now: now) {
                case .claimed:
                    break
                case .alreadyPosted(let ts):
                    outcome.status = ts == Self.nothingPosted ? .nothingNew : .alreadyPosted(ts: ts)
                    return outcome
                case .inFlight(let claimedAt, let holder, let isStale):
                    guard isStale else { return outcome }
                    // A run died between claim and post: did its post reach the channel? Only a
                    // look at the channel can say; when it cannot be looked at, nothing is posted.
                    guard configuration.slack.botToken != nil else {
                        throw DashbriefError(
                            .delivery,
                            "\(channel): an earlier run claimed \(key) and did not finish; a webhook cannot look for its post: check the channel and use --force if it is missing"
                        )
                    }
                    let found: String?
                    do {
                        found = try await slack.findPost(
                            runKey: key.description, in: channel, oldest: claimedAt.addingTimeInterval(-3_600))
                    } catch {
                        throw DashbriefError(
                            .delivery,
                            "\(channel): an earlier run claimed \(key) and did not finish, and its post could not be looked for (\(error.message)); check the channel and use --force if it is missing",
                            underlying: error)
                    }
                    if let ts = found {
                        let decision = try decision(
                            report, scope: scope, channel: channel, period: period, store: store)
                        try store.markPosted(key, ts: ts, applying: decision, now: now)
                        outcome.status = .alreadyPosted(ts: ts)
                        return outcome
                    }
                    guard case .claimed = try store.reclaim(key, from: holder, owner: owner, now: now) else {
                        return outcome
                    }
                }
            }
            let decision = try decision(report, scope: scope, channel: channel, period: period, store: store)
            outcome.new = decision.new.map(\.findingID)
            outcome.ongoing = decision.ongoing.map(\.findingID)
            outcome.resolved = decision.resolved.map(\.findingID)
            guard decision.shouldPost || force else {
                // Recorded as done, so that the same period is not looked at again.
                try store.markPosted(key, ts: Self.nothingPosted, applying: decision, now: now)
                outcome.status = .nothingNew
                return outcome
            }
            let messages = Self.messages(report, decision: decision)
            func metadata(_ index: Int) -> SlackMetadata {
                SlackMetadata(
                    runKey: key.description, new: outcome.new, ongoing: outcome.ongoing, resolved: outcome.resolved,
                    repost: force, part: index + 1, parts: messages.count)
            }
            // The first message is the post: once it is in the channel the run is recorded as
            // posted, so nothing can post it twice. Later parts go in its thread, best effort:
            // one that fails is told, never reposted with the first.
            let first = try await slack.post(messages[0], to: channel, metadata: metadata(0))
            try store.markPosted(key, ts: first ?? Self.webhookPost, repost: force, applying: decision, now: now)
            outcome.status = force ? .reposted(ts: first) : .posted(ts: first)
            for (index, message) in messages.enumerated().dropFirst() {
                do {
                    _ = try await slack.post(message, to: channel, metadata: metadata(index), threadTS: first)
                } catch {
                    logger.error("part \(index + 1) of \(messages.count) not posted", metadata: ["error": "\(error)"])
                    await announce(
                        "dashbrief posted \(key) but not its part \(index + 1) of \(messages.count): \(error.message)",
                        to: configuration.opsChannel ?? channel, slack: slack)
                }
            }
            logger.info(
                "delivered",
                metadata: [
                    "run_key": "\(key)", "channel": "\(channel)", "new": "\(outcome.new.count)",
                    "ongoing": "\(outcome.ongoing.count)", "resolved": "\(outcome.resolved.count)",
                ])
            return outcome
        } catch let error as DeliveryError {
            // An ambiguous failure leaves the run claimed: the next run looks in the channel first.
            if !error.mayHaveBeenPosted { try? store.markFailed(key, reason: error.message, now: now) }
            throw DashbriefError(.delivery, "\(channel): \(error.message)", underlying: error)
        } catch let error as StateStoreError {
            throw DashbriefError(.delivery, "state store: \(error.message)", underlying: error)
        } catch {
            throw DashbriefError(error)
        }
    }

    private func decision(
        _ report: Report, scope: String, channel: String, period: String, store: StateStore
    ) throws(StateStoreError) -> LifecycleDecision {
        let policy = LifecyclePolicy(
            maximumAnnouncements: configuration.maximumAnnouncements,
            postWhenNothingNew: configuration.postWhenNothingNew)
        // A channel that heard of an episode from its daily alert is not told it is new again by
        // the weekly report, and the other way round.
        let own = try store.alertState(dashboard: scope, channel: channel)
        return Lifecycle.decide(
            findings: report.findings, state: own, kind: report.kind, period: period, policy: policy
        )
        .told(elsewhere: try store.alertState(channel: channel, excludingScope: scope), own: own, policy: policy)
    }

    /// The report's Slack messages, led by what is new, ongoing and resolved.
    static func messages(_ report: Report, decision: LifecycleDecision) -> [SlackMessage] {
        var messages = SlackRenderer().messages(report)
        let byID = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        let narrator = TemplateNarrator()
        if !decision.new.isEmpty {
            lines.append("*New*")
            lines += decision.new.compactMap { byID[$0.findingID] }.prefix(5).map {
                "• " + SlackText.escaped(narrator.sentence(for: $0))
            }
            if decision.new.count > 5 { lines.append("• and \(decision.new.count - 5) more") }
        }
        if !decision.ongoing.isEmpty {
            let names = decision.ongoing.compactMap { byID[$0.findingID] }.map { "\($0.series) (\($0.insight))" }
            lines.append("*Still ongoing:* " + SlackText.escaped(names.joined(separator: ", ")))
        }
        if !decision.resolved.isEmpty {
            lines.append(
                "*Resolved:* \(decision.resolved.count) earlier finding\(decision.resolved.count == 1 ? "" : "s") no longer seen"
            )
        }
        if lines.isEmpty { lines.append("Nothing new since the last report.") }
        // Whole lines within the section's limit: never cut through an escape.
        var kept: [String] = []
        for line in lines where (kept + [line]).joined(separator: "\n").count <= 2_900 { kept.append(line) }
        let summary = SlackBlock.section(kept.joined(separator: "\n"))
        if var first = messages.first, first.blocks.count < 50 {
            first.blocks.insert(summary, at: min(2, first.blocks.count))
            messages[0] = first
        } else {
            messages.insert(SlackMessage(text: "What is new", blocks: [summary]), at: 0)
        }
        return messages
    }

    /// Tells the ops channel (or the dashboard's) that a delivery failed, best effort.
    private func tellFailure(of report: Report, in channel: String, _ error: DashbriefError, slack: SlackClient) async {
        logger.error("delivery failed", metadata: ["channel": "\(channel)", "error": "\(error.message)"])
        let text =
            "dashbrief could not deliver the \(report.kind == .daily ? "daily alert" : "weekly report") of "
            + "\(report.dashboards.joined(separator: ", ")) to \(channel): \(error.message)"
        await announce(text, to: configuration.opsChannel ?? channel, slack: slack)
    }

    /// Tells a channel (the ops channel, else the first dashboard's) that a scheduled report could
    /// not be made, best effort: a daemon's failure must reach a person.
    public func announceFailure(kind: ReportKind, dashboards: [String], message: String) async {
        logger.error("report failed", metadata: ["dashboards": "\(dashboards)", "error": "\(message)"])
        let channel =
            configuration.opsChannel
            ?? configuration.dashboards.first { dashboards.contains($0.name) }?.channel
        guard let channel, configuration.slack.canPost else { return }
        let text =
            "dashbrief could not make the \(kind == .daily ? "daily alert" : "weekly report") of "
            + "\(dashboards.joined(separator: ", ")): \(message)"
        await announce(text, to: channel, slack: SlackClient(settings: configuration.slack))
    }

    private func announce(_ text: String, to channel: String, slack: SlackClient) async {
        _ = try? await slack.post(
            SlackMessage(text: SlackText.escaped(text), blocks: [.section(SlackText.escaped(text))]), to: channel)
    }

    /// What the ledger records as `ts` when nothing was posted (a quiet day), or when a webhook
    /// posted (it returns no `ts`).
    static let nothingPosted = "-"
    static let webhookPost = "webhook"

    /// Who holds a claim: this process, uniquely.
    static let owner =
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
}
