import Analysis
import Foundation

/// One delivery of one report: what the run ledger keys on, so that a report is posted to a
/// channel once per period whatever retries, restarts and second processes do.
///
/// Its text form, `daily|Marketing Dashboard|2026-11-23|C0MARKET`, is the ledger's primary key
/// and what a Slack message carries in its metadata to be found again (`run_key`). Each part is
/// escaped: `%`, `|` and control characters as `%XX` (upper-case hex of each UTF-8 byte), so
/// the separator never occurs inside a part and `RunKey(description)` gives the key back.
public struct RunKey: Hashable, Sendable, LosslessStringConvertible {
    public var kind: ReportKind
    /// The dashboard the report is about as the schedule names it (a weekly report over several
    /// dashboards: the label it is posted under). Renaming it starts a new ledger and alert state.
    public var dashboard: String
    /// The period reported on, as the scheduler writes it: the local day of a daily alert
    /// (`2026-11-23`), the days of a weekly report (`2026-11-17..2026-11-23`).
    public var period: String
    /// The Slack channel id (`C0MARKET`): ids survive renaming, names do not.
    public var channel: String

    public init(kind: ReportKind, dashboard: String, period: String, channel: String) {
        self.kind = kind
        self.dashboard = dashboard
        self.period = period
        self.channel = channel
    }

    /// `kind|dashboard|period|channel`, each part escaped.
    public var description: String {
        [kind.rawValue, dashboard, period, channel].map(Self.escape).joined(separator: "|")
    }

    /// The key whose text form is `description`; nil for text no key writes.
    public init?(_ description: String) {
        let parts = description.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let kind = ReportKind(rawValue: parts[0]) else { return nil }
        guard let dashboard = Self.unescape(parts[1]), let period = Self.unescape(parts[2]),
            let channel = Self.unescape(parts[3])
        else { return nil }
        self.init(kind: kind, dashboard: dashboard, period: period, channel: channel)
    }

    /// `%`, `|` and control characters as `%XX`; everything else as it is, so keys stay readable.
    static func escape(_ part: String) -> String {
        var escaped = ""
        for scalar in part.unicodeScalars {
            if scalar == "%" || scalar == "|" || scalar.value < 0x20 || scalar.value == 0x7F {
                for byte in String(scalar).utf8 { escaped += "%" + hex(byte) }
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// The inverse of `escape`; nil for a malformed `%` sequence.
    static func unescape(_ part: String) -> String? {
        guard part.contains("%") else { return part }
        var bytes: [UInt8] = []
        var utf8 = part.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next(), let low = utf8.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(bytes: bytes, encoding: .utf8)
    }
}
