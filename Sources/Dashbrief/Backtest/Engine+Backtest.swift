import Analysis
import Delivery
import Foundation
import Narrative
import PostHog
import Scheduling

extension Engine {
    /// Replays the last `weeks` weeks as the scheduler would have run them, ending today (whose
    /// report sees every day up to the data's last complete one): each day the daily alert of
    /// every selected dashboard as of that day, and on the days the weekly schedule fires (Friday
    /// by default) the weekly report of all of them. The alert state is carried from day to day in
    /// memory exactly as `deliver` keeps it in the store, per (report dashboards, channel): a daily
    /// alert is posted only when it announces something, a weekly report always. Nothing is
    /// posted, no store is touched, no model is asked.
    ///
    /// Each dashboard is fetched once and cut back to each day (`--as-of`), so a replay costs one
    /// fetch per dashboard and one analysis per dashboard and day.
    /// - Parameters:
    ///   - dashboards: names or ids; none means every configured dashboard.
    ///   - weeks: how many weeks to replay (at least 1).
    ///   - truth: the planted changes to hold the replay against.
    /// - Throws: `DashbriefError.configuration` for a replay reaching before the data.
    public func backtest(
        dashboards names: [String] = [], weeks: Int = 8, truth: GroundTruth? = nil
    ) async throws(DashbriefError) -> Backtest {
        guard weeks >= 1 else { throw DashbriefError(.configuration, "--weeks must be at least 1, got \(weeks)") }
        var engine = self
        engine.narration.ai = false
        engine.charts = false  // nothing replayed is drawn
        let summaries = try await summaries(names)
        let zoneBeforeFetch = timezone
        let firstGuess = Self.day(Timestamp.localDay(now, in: zoneBeforeFetch), plus: -(weeks * 7))
        var fetched: [Dashboard] = []
        for outcome in try await fetchAll(summaries, asOf: .day(firstGuess)) {
            fetched.append(try outcome.get())
        }
        let fetchedAt = now
        let zone = projectZone(of: fetched)
        let lastDay = Timestamp.localDay(now, in: zone)
        let replayDays = (0..<(weeks * 7)).map { Self.day(lastDay, plus: $0 - weeks * 7 + 1) }
        let weekly: Schedule
        do {
            weekly = Schedule(cron: try CronExpression(configuration.weeklySchedule), timeZone: zone)
        } catch {
            throw DashbriefError(.configuration, "schedule.weekly: \(error.message)", underlying: error)
        }

        var replay = Replay(
            policy: LifecyclePolicy(
                maximumAnnouncements: configuration.maximumAnnouncements,
                postWhenNothingNew: configuration.postWhenNothingNew))
        var dailySeries = 0
        for day in replayDays {
            let asOf = AsOf.day(day)
            let instant = try evaluationInstant(asOf, for: fetched)
            let normaliser = normaliser(asOf: instant, fetchedAt: fetchedAt)
            let metrics = fetched.map { normaliser.metrics(for: $0) }
            for dashboard in metrics {
                let report = try await engine.report(
                    for: [dashboard], kind: .daily, days: configuration.dailyDays, method: .statistical,
                    at: instant, asOf: asOf)
                replay.decide(report, day: day, channels: channels(of: report))
            }
            let end = instant.addingTimeInterval(86_400 + 3_600)  // a day, across a DST change
            if weekly.fires(between: instant.addingTimeInterval(-1), and: end).contains(where: {
                Timestamp.localDay($0, in: zone) == day
            }) {
                let report = try await engine.report(
                    for: metrics, kind: .weekly, days: configuration.weeklyDays, method: .statistical, at: instant,
                    asOf: asOf)
                replay.decide(report, day: day, channels: channels(of: report))
            }
            if day == lastDay { dailySeries = metrics.reduce(0) { $0 + Self.dailySeriesCount($1) } }
        }
        let metricMonths = Double(dailySeries * replayDays.count) / 30.4
        return replay.result(days: replayDays.count, truth: truth, metricMonths: metricMonths)
    }

    /// The project's zone: the first insight's, else the snapshot's.
    func projectZone(of dashboards: [Dashboard]) -> TimeZone {
        dashboards.lazy.flatMap(\.tiles).compactMap { tile -> TimeZone? in
            guard case .insight(let insight) = tile.content else { return nil }
            return insight.timezone.flatMap(TimeZone.init(identifier:))
        }.first ?? timezone
    }

    /// The channels `deliver` would post `report` to; a dashboard without one is named by itself,
    /// since a backtest posts nothing.
    private func channels(of report: Report) -> [String] {
        var channels: [String] = []
        for name in report.dashboards {
            let channel =
                configuration.dashboards.first {
                    $0.name == name || $0.name.lowercased() == name.lowercased()
                }?.channel ?? name
            if !channels.contains(channel) { channels.append(channel) }
        }
        return channels
    }

    private static func dailySeriesCount(_ dashboard: DashboardMetrics) -> Int {
        dashboard.insights.reduce(0) { count, insight in
            guard case .series(let series) = insight.content else { return count }
            return count + series.filter { $0.interval == .day }.count
        }
    }

    /// `day` (`YYYY-MM-DD`) moved by `offset` calendar days.
    static func day(_ day: String, plus offset: Int) -> String {
        guard let start = Timestamp.localStart(day, in: .gmt) else { return day }
        return Timestamp.localDay(start.addingTimeInterval(Double(offset) * 86_400), in: .gmt)
    }
}

/// The alert state of a replay, carried in memory as `Engine.deliver` keeps it in the store.
struct Replay {
    let policy: LifecyclePolicy
    /// Per (report dashboards, channel): every episode's row, as the store's upsert leaves it.
    var state: [String: [EpisodeKey: AlertState]] = [:]
    var timeline: [Backtest.Entry] = []
    /// Every finding announced new: (day, finding), once per report even when it goes to two channels.
    var announced: [(day: String, finding: Finding)] = []
    var announcedKeys: Set<String> = []

    init(policy: LifecyclePolicy) { self.policy = policy }

    mutating func decide(_ report: Report, day: String, channels: [String]) {
        let scope = report.dashboards.joined(separator: " + ")
        let period = report.window?.to ?? String(report.asOf.prefix(10))
        let byID = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for channel in channels {
            let key = scope + "\u{1F}" + channel
            let own = state[key, default: [:]].values.sorted { $0.episode < $1.episode }
            // As `Engine.deliver`: what the channel heard from its other reports is not new.
            let others = state.filter { $0.key != key && $0.key.hasSuffix("\u{1F}" + channel) }
                .sorted { $0.key < $1.key }.flatMap { $0.value.values.sorted { $0.episode < $1.episode } }
            let decision = Lifecycle.decide(
                findings: report.findings, state: own, kind: report.kind, period: period, policy: policy
            ).told(elsewhere: others, own: own, policy: policy)
            for row in decision.updates { state[key, default: [:]][row.episode] = row }
            timeline.append(
                .init(
                    date: day, dashboard: scope, kind: report.kind.rawValue, channel: channel,
                    new: decision.new.map(\.findingID), ongoing: decision.ongoing.map(\.findingID),
                    resolved: decision.resolved.map(\.findingID), posted: decision.shouldPost))
            for item in decision.new {
                guard let finding = byID[item.findingID] else { continue }
                let once = "\(day) \(report.kind.rawValue) \(finding.id)"
                if announcedKeys.insert(once).inserted { announced.append((day, finding)) }
            }
        }
    }

    func result(days: Int, truth: GroundTruth?, metricMonths: Double) -> Backtest {
        let weeks = Double(days) / 7
        var perChannel: [String: Int] = [:]
        for entry in timeline {
            perChannel[entry.channel, default: 0] += entry.posted ? 1 : 0
        }
        var perMetric: [String: Backtest.MetricAlerts] = [:]
        var order: [String] = []
        for (_, finding) in announced {
            let key = "\(finding.dashboard)\u{1F}\(finding.insight)\u{1F}\(finding.series)"
            if perMetric[key] == nil {
                order.append(key)
                perMetric[key] = .init(
                    dashboard: finding.dashboard, insight: finding.insight, series: finding.series, alerts: 0)
            }
            perMetric[key]!.alerts += 1
        }
        let metrics = order.compactMap { perMetric[$0] }.enumerated().sorted {
            ($0.element.alerts, -$0.offset) > ($1.element.alerts, -$1.offset)
        }.map(\.element)
        return Backtest(
            days: days, messages: timeline.filter(\.posted).count,
            messagesPerWeek: perChannel.mapValues { (Double($0) / weeks * 100).rounded() / 100 },
            perMetric: metrics, timeline: timeline,
            truth: truth.map { score(against: $0, metricMonths: metricMonths) })
    }

    func score(against truth: GroundTruth, metricMonths: Double) -> Backtest.TruthResult {
        var hits: [Backtest.Hit] = []
        var missed: [Backtest.Miss] = []
        for change in truth.planted {
            let first = announced.first { Self.matches($0.finding, change) }
            guard let first else {
                missed.append(.init(id: change.id, date: change.date))
                continue
            }
            // The planted day must be complete; a weekly cohort's first retention cell (week 1) is
            // complete two weeks after the cohort starts.
            let earliest = Engine.day(change.date, plus: change.isFromCohort ? 14 : 1)
            hits.append(
                .init(
                    id: change.id, date: change.date, foundOn: first.day,
                    delayDays: Timestamp.days(from: earliest, to: first.day) ?? 0, finding: first.finding.id))
        }
        var falseFindings: [String] = []
        for (_, finding) in announced where [.anomaly, .change].contains(finding.kind) {
            let planted = truth.planted.contains {
                ($0.insightID == finding.insightID || $0.alsoIn.contains(finding.insightID))
                    && $0.date == finding.date
            }
            let consequence = finding.details?["mix_shift"] != nil  // a share moved by a planted spike
            if !planted && !consequence && !falseFindings.contains(finding.id) { falseFindings.append(finding.id) }
        }
        let rate = metricMonths > 0 ? Double(falseFindings.count) / metricMonths : 0
        return .init(
            planted: truth.planted.count, found: hits.count, hits: hits, missed: missed,
            falsePerMetricMonth: (rate * 100).rounded() / 100, falseFindings: falseFindings,
            metricMonths: (metricMonths * 10).rounded() / 10)
    }

    /// A finding of the change's insight (and series, when named) dated on the planted day, or
    /// for retention on or after the first weakened cohort.
    static func matches(_ finding: Finding, _ change: GroundTruth.Change) -> Bool {
        guard finding.insightID == change.insightID else { return false }
        if let series = change.series, finding.series != series { return false }
        return change.isFromCohort ? finding.date >= change.date : finding.date == change.date
    }
}
