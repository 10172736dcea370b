import PostHog

/// The id scheme of findings: a public contract (Slack message metadata, the state store and LLM
/// citations key on it), documented in README under "Finding ids".
///
/// ```
/// id     = token ":" insight-id ":" series-key ":" period [ ":" partner-insight-id ":" partner-series-key ]
/// group  = "group:" digest ":" period
/// ```
/// - `token` says what the finding is: `anomaly`, `level_shift`, `change`, `trend`, `mix_shift`,
///   `funnel_gap`, `funnel_change`, `retention`, `lifecycle`, `correlation`.
/// - `series-key` is the series' `SeriesKey` (PostHog's series order, raw breakdown value, compare
///   label; never the display name), so renaming a metric keeps its ids.
/// - `period` is the local date (`2026-11-23`) or a range of days (`2026-11-17..2026-11-23`).
/// - A correlation names both sides in canonical order (smaller insight id, then series key,
///   first), so a pair has one id whichever series came first.
/// - A group's digest is FNV-1a (64 bit, hex) of its members' `insight-id:series-key`, sorted and
///   joined by `,`: the same members give the same id in any order.
///
/// Every part is percent-encoded outside RFC 3986's unreserved characters, so separators never
/// appear inside a part and ids are safe in URLs, HTML `id` attributes and Slack metadata.
public enum FindingID {
    static func make(detail: FindingDetail, insightID: Int, seriesKey: SeriesKey, period: String) -> String {
        let when = SeriesKey.escape(period)
        switch detail {
        case .coMovingGroup(let group):
            let members = group.members.map { "\($0.insightID):\($0.seriesKey)" }.sorted()
            return "group:\(digest(members.joined(separator: ","))):\(when)"
        case .correlationPair(let pair):
            let sides = [
                (insightID, seriesKey.description), (pair.partner.insightID, pair.partner.seriesKey.description),
            ]
            .sorted { $0 < $1 }
            return "correlation:\(sides[0].0):\(sides[0].1):\(when):\(sides[1].0):\(sides[1].1)"
        default:
            return "\(token(detail)):\(insightID):\(seriesKey):\(when)"
        }
    }

    /// The leading token of an id for each detail.
    static func token(_ detail: FindingDetail) -> String {
        switch detail {
        case .outlier: "anomaly"
        case .levelShift: "level_shift"
        case .periodChange: "change"
        case .trend: "trend"
        case .mixShift: "mix_shift"
        case .funnelStepGap: "funnel_gap"
        case .funnelChange: "funnel_change"
        case .retentionGap: "retention"
        case .growthAccounting: "lifecycle"
        case .correlationPair: "correlation"
        case .coMovingGroup: "group"
        }
    }

    /// FNV-1a, 64 bit, as 16 hex digits: small, stable across platforms and releases.
    static func digest(_ text: String) -> String { FNV1a.hex64(text) }

    /// Ids that occur more than once, sorted. A report's ids must be unique: a duplicate is a bug.
    public static func duplicates(in findings: [Finding]) -> [String] {
        var seen: Set<String> = []
        var repeated: Set<String> = []
        for finding in findings where !seen.insert(finding.id).inserted { repeated.insert(finding.id) }
        return repeated.sorted()
    }

    /// Fails loudly in debug builds and tests when `findings` repeat an id.
    static func assertUnique(_ findings: [Finding]) {
        assert(duplicates(in: findings).isEmpty, "duplicate finding ids: \(duplicates(in: findings))")
    }
}
