import Analysis
import PostHog

/// What makes two findings of different days one incident, for the alert state: a trend's id
/// moves with its range of days every day, but it is the same trend.
///
/// Built from the finding's `detail`, `insightID` and `seriesKey` (and the other side of a
/// correlation, the members of a group); its first part is the finding id's token:
///
/// | finding (detail) | episode key | kind |
/// |---|---|---|
/// | spike or dip (`.outlier`) | the id: `anomaly:2001:s=0:2026-11-18` | moment |
/// | period change (`.periodChange`) | the id: `change:2001:s=0:2026-11-18` | moment |
/// | level shift (`.levelShift`) | the series and the step's direction: `level_shift:2011:s=0:up` | state |
/// | trend, mix shift, funnel gap or change, retention gap, lifecycle | the id without its period: `trend:2005:m=conversion` | state |
/// | correlation (`.correlationPair`) | both sides in canonical order: `correlation:2001:s=0:2011:s=0` | state |
/// | co-moving group (`.coMovingGroup`) | the members' digest, as in the id: `group:0123456789abcdef` | state |
///
/// A moment is about one period; it leaves the report when that period leaves the window, and is
/// never said to be resolved. A state lasts while the finding is reported: when it goes, it is
/// resolved; a level shift's, only when its level goes back (`reversedLevelShift`; see
/// `Lifecycle.decide`). Findings "as of" the report day (funnels, retention, lifecycle, mix shifts, trends)
/// carry the day or range in their id, so their episode drops it. So does a level shift: its id
/// is dated by the change point, and the change point can move as days arrive (a noisy rate's
/// step is placed where the days so far put it); a step the other way is another episode. A level
/// shift also continues the spike or dip its first day was reported as
/// (`levelShift(_:findingID:continues:)`).
public struct EpisodeKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The key's text, as stored in the alert state.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(for finding: Finding) {
        let token = finding.id.prefix { $0 != ":" }
        switch finding.detail {
        case .outlier, .periodChange:
            rawValue = finding.id
        case .levelShift(let shift):
            rawValue = "\(token):\(finding.insightID):\(finding.seriesKey):\(shift.direction < 0 ? "down" : "up")"
        case .trend, .mixShift, .funnelStepGap, .funnelChange, .retentionGap, .growthAccounting:
            rawValue = "\(token):\(finding.insightID):\(finding.seriesKey)"
        case .correlationPair(let pair):
            let sides = [
                "\(finding.insightID):\(finding.seriesKey)",
                "\(pair.partner.insightID):\(pair.partner.seriesKey)",
            ]
            let ordered =
                (finding.insightID, finding.seriesKey.description)
                    <= (pair.partner.insightID, pair.partner.seriesKey.description) ? sides : sides.reversed()
            rawValue = "\(token):\(ordered[0]):\(ordered[1])"
        case .coMovingGroup(let group):
            let members = group.members.map { "\($0.insightID):\($0.seriesKey)" }.sorted()
            rawValue = "\(token):\(FNV1a.hex64(members.joined(separator: ",")))"
        }
    }

    /// Whether `moment`, a spike or dip episode, was the start of the level shift `shift` (its
    /// episode, and today's finding id, which carries the step's date): the same insight and
    /// series, dated on the step's first day or the next. A step's first day reads as a one-day
    /// anomaly until the new level has lasted two days (in the demo, Daily active users' step of
    /// 11-12 is a spike on 11-13 and a level shift on 11-14): a channel told of that day has been
    /// told of the step. Two days, not the step's first week: a moment's key has no direction,
    /// and a spike a few days into a new level is another incident.
    public static func levelShift(_ shift: EpisodeKey, findingID: String, continues moment: EpisodeKey) -> Bool {
        let token = "level_shift:"
        guard shift.rawValue.hasPrefix(token), let directionStart = shift.rawValue.lastIndex(of: ":") else {
            return false
        }
        // "level_shift:2011:s=0:up" → "2011:s=0"; its finding "level_shift:2011:s=0:2026-11-12".
        let raw = shift.rawValue
        let series = raw[raw.index(raw.startIndex, offsetBy: token.count)..<directionStart]
        let shiftPrefix = token + series + ":"
        let momentPrefix = "anomaly:" + series + ":"
        guard findingID.hasPrefix(shiftPrefix), moment.rawValue.hasPrefix(momentPrefix),
            let days = Timestamp.days(
                from: String(findingID.dropFirst(shiftPrefix.count)),
                to: String(moment.rawValue.dropFirst(momentPrefix.count)))
        else { return false }
        return (0...1).contains(days)
    }

    /// Whether the episode is a level shift's (`level_shift:…:up` or `:down`).
    public var isLevelShift: Bool { rawValue.hasPrefix("level_shift:") }

    /// For a level shift's episode, the step the other way of the same series: the level going
    /// back. Nil for other episodes.
    public var reversedLevelShift: EpisodeKey? {
        guard isLevelShift else { return nil }
        if rawValue.hasSuffix(":up") { return EpisodeKey(rawValue: String(rawValue.dropLast(2)) + "down") }
        if rawValue.hasSuffix(":down") { return EpisodeKey(rawValue: String(rawValue.dropLast(4)) + "up") }
        return nil
    }

    /// Whether the episode describes a state that can end (and so be announced resolved), rather
    /// than a moment that simply ages out of the report window.
    public var describesState: Bool {
        let token = rawValue.prefix { $0 != ":" }
        return token != "anomaly" && token != "change"
    }

    public var description: String { rawValue }

    public static func < (lhs: EpisodeKey, rhs: EpisodeKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
