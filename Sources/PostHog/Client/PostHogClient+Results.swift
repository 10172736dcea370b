import Foundation
import Transport

/// How much history the analysis wants behind daily series.
///
/// Seasonal baselines need at least 8 weeks before the reviewed window (28 days for a weekly
/// report), so a daily series holding fewer than 84 periods is fetched again over 90 days through
/// `/query/`. One fixed range for daily and weekly reports keeps their requests (and a recording
/// of them) the same.
public struct HistoryPolicy: Sendable, Equatable {
    /// Fetch more when a daily series holds fewer periods than this; 0 never fetches.
    public var minimumDailyPeriods: Int
    /// The range asked for, in days (`dateRange.date_from = -Nd`).
    public var requestedDays: Int

    public init(minimumDailyPeriods: Int = 84, requestedDays: Int = 90) {
        self.minimumDailyPeriods = minimumDailyPeriods
        self.requestedDays = requestedDays
    }

    /// Use what the tiles hold.
    public static let tilesOnly = HistoryPolicy(minimumDailyPeriods: 0, requestedDays: 0)
}

/// Where a dashboard fetch has got to, for progress displays.
public struct FetchProgress: Sendable, Equatable {
    public var dashboard: String
    public var insightsDone: Int
    public var insightsTotal: Int

    public init(dashboard: String, insightsDone: Int, insightsTotal: Int) {
        self.dashboard = dashboard
        self.insightsDone = insightsDone
        self.insightsTotal = insightsTotal
    }
}

extension PostHogClient {
    /// A dashboard whose insights carry the results the analysis needs.
    ///
    /// A tile without a result (cache miss or failed calculation) is asked for again through the
    /// insight endpoint, then through `/query/` with the insight's query, as the seed did; what
    /// still fails stays `.unavailable` with every reason. A daily series shorter than `history`
    /// wants is fetched over a longer range; if that fails, the tile's own data is kept.
    ///
    /// - Throws: `CancellationError` when the task is cancelled at any point, the extra requests
    ///   included: a cancelled fetch is not a failed one, and tiles it had not finished must not be
    ///   reported as skipped.
    public func dashboardWithResults(
        id: Int, history: HistoryPolicy = HistoryPolicy(), progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) async throws -> Dashboard {
        var dashboard = try await dashboard(id: id)
        let insightTiles = dashboard.tiles.indices.filter {
            if case .insight = dashboard.tiles[$0].content { return true }
            return false
        }
        progress?(FetchProgress(dashboard: dashboard.name, insightsDone: 0, insightsTotal: insightTiles.count))
        for (done, index) in insightTiles.enumerated() {
            // A tile that needs no extra request sends nothing that would notice a cancellation.
            try Task.checkCancellation()
            guard case .insight(let insight) = dashboard.tiles[index].content else { continue }
            dashboard.tiles[index].content = .insight(try await complete(insight, history: history))
            progress?(
                FetchProgress(dashboard: dashboard.name, insightsDone: done + 1, insightsTotal: insightTiles.count))
        }
        try Task.checkCancellation()
        return dashboard
    }

    /// Runs a query through `POST /query/` and reads the answer as a result of `kind`.
    ///
    /// The request is declared idempotent: `/query/` only reads, so sending it again after a timeout
    /// costs PostHog a second computation, never a second effect, and is retried like a GET.
    /// - Parameter tag: what the query is for (`result-2007`, `history-2013`); it names the query in
    ///   PostHog's query log and identifies the request in recordings.
    public func query(_ query: JSONValue, kind: InsightKind, tag: String) async throws -> QueryResponse {
        let payload: JSONValue = .object([
            "query": query, "refresh": .string("blocking"), "name": .string("dashbrief \(tag)"),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let request = HTTPRequest(
            method: "POST", url: endpoint("query/", query: []), headers: [("Content-Type", "application/json")],
            body: try encoder.encode(payload), replayTag: tag, isIdempotent: true)
        let response = try await send(request)
        return try QueryResponse.decode(response.body, kind: kind, source: response.source)
    }

    /// The insight with what the analysis needs beyond the tile. The extra requests may fail
    /// without failing the insight, but cancellation is thrown (see `optionalRequest`).
    func complete(_ insight: Insight, history: HistoryPolicy) async throws -> Insight {
        var insight = insight
        if case .unavailable(let reason) = insight.result, Self.isReadable(insight.kind) {
            insight = try await refetched(insight, reason: reason)
        }
        if needsHistory(insight, history) {
            insight = try await withHistory(insight, history)
        }
        if insight.kind == .funnel, insight.result.isAvailable {
            insight = try await withPreviousPeriod(insight)
        }
        return insight
    }

    /// Runs a request the insight can do without. Its ordinary failure is returned, to be listed as
    /// a reason or passed over; cancellation is thrown, because a cancelled run that carried on as
    /// though the request had failed would report good tiles as unavailable.
    private func optionalRequest<Value>(_ request: () async throws -> Value) async throws -> Result<Value, any Error> {
        do {
            return .success(try await request())
        } catch let error where Self.isCancellation(error) {
            throw CancellationError()
        } catch {
            return .failure(error)
        }
    }

    /// A funnel's preceding window of equal length (`-14d` → from `-28d` to `-14d`), through
    /// `/query/`, for the period-over-period test. Left out when the range is not relative days or
    /// the query fails: the current funnel still reports.
    private func withPreviousPeriod(_ insight: Insight) async throws -> Insight {
        guard case .object(var source)? = Self.querySource(insight),
            case .object(let range)? = source["dateRange"], case .string(let from)? = range["date_from"],
            let days = Self.relativeDays(from), range["date_to"] == nil || range["date_to"] == .null
        else { return insight }
        source["dateRange"] = .object(["date_from": .string("-\(2 * days)d"), "date_to": .string("-\(days)d")])
        let answer = try await optionalRequest {
            try await query(.object(source), kind: insight.kind, tag: "previous-\(insight.id)")
        }
        guard case .success(let response) = answer, response.result.isAvailable else { return insight }
        var updated = insight
        updated.previousResult = response.result
        return updated
    }

    /// `-14d` → 14; nil for anything else (absolute dates, hours, `all`).
    static func relativeDays(_ text: String) -> Int? {
        guard text.hasPrefix("-"), text.hasSuffix("d"), let days = Int(text.dropFirst().dropLast()), days > 0 else {
            return nil
        }
        return days
    }

    private static func isReadable(_ kind: InsightKind) -> Bool {
        if case .unsupported = kind { return false }
        return true
    }

    private func refetched(_ insight: Insight, reason: String) async throws -> Insight {
        var also: [String] = []
        let fromInsight = try await optionalRequest { try await self.insight(String(insight.id)) }
        switch fromInsight {
        case .success(let fresh):
            if fresh.result.isAvailable {
                var updated = insight
                updated.result = fresh.result
                updated.lastRefresh = fresh.lastRefresh
                updated.columns = fresh.columns ?? insight.columns
                updated.types = fresh.types ?? insight.types
                updated.hasMore = fresh.hasMore
                return updated
            }
            also.append("the insight endpoint had no result either")
        case .failure(let error):
            also.append("insight endpoint: \(error)")
        }
        if let source = Self.querySource(insight) {
            let fromQuery = try await optionalRequest {
                try await query(source, kind: insight.kind, tag: "result-\(insight.id)")
            }
            switch fromQuery {
            case .success(let response):
                if response.result.isAvailable {
                    var updated = insight
                    updated.result = response.result
                    updated.columns = response.columns ?? insight.columns
                    updated.types = response.types ?? insight.types
                    updated.hasMore = response.hasMore
                    return updated
                }
            case .failure(let error):
                also.append("query endpoint: \(error)")
            }
        }
        var updated = insight
        updated.result = .unavailable("\(reason) (\(also.joined(separator: "; ")))")
        return updated
    }

    private func needsHistory(_ insight: Insight, _ history: HistoryPolicy) -> Bool {
        guard history.minimumDailyPeriods > 0, [.trends, .funnelTrends, .lifecycle].contains(insight.kind),
            Interval(posthog: insight.query?.source?.interval) ?? .day == .day,
            case .series(let series) = insight.result, let longest = series.map(\.days.count).max()
        else { return false }
        return longest < history.minimumDailyPeriods
    }

    private func withHistory(_ insight: Insight, _ history: HistoryPolicy) async throws -> Insight {
        guard case .object(var source)? = Self.querySource(insight), case .series(let current) = insight.result else {
            return insight
        }
        source["dateRange"] = .object(["date_from": .string("-\(history.requestedDays)d"), "date_to": .null])
        let answer = try await optionalRequest {
            try await query(.object(source), kind: insight.kind, tag: "history-\(insight.id)")
        }
        guard case .success(let response) = answer,
            case .series(let longer) = response.result, longer.count == current.count,
            (longer.map(\.days.count).max() ?? 0) > (current.map(\.days.count).max() ?? 0)
        else { return insight }  // keep what the tile holds: a shorter baseline beats no report
        var updated = insight
        updated.result = .series(longer)
        return updated
    }

    /// What to send to `/query/` for an insight: the source of a visualization node, else the query.
    static func querySource(_ insight: Insight) -> JSONValue? {
        guard case .object(let node)? = insight.rawQuery else { return nil }
        if let source = node["source"], case .object = source { return source }
        return .object(node)
    }
}
