import Analysis
import Foundation
import PostHog

/// One fact the model may write about: a finding, or the report itself, with everything a
/// statement may say about it printed the way the report prints it. The prompt lists facts; the
/// claim check reads the same facts, so both agree on what a number may be.
public struct NarrativeFact: Sendable, Equatable {
    /// What the prompt calls it: `R` for the report, `F1`, `F2`, ... for findings in rank order.
    /// Short aliases keep the prompt small and citations easy to copy exactly.
    public var alias: String
    /// The finding's id; nil for the report fact.
    public var findingID: String?
    /// The fact as one terse line of the prompt.
    public var line: String
    /// The numbers a statement citing this fact may print, as printed (a change both signed and
    /// unsigned).
    public var numbers: [String]
    /// The relative changes among `numbers` (unsigned), which direction words must agree with.
    public var changeTexts: [String]
    /// Local dates (`YYYY-MM-DD`) the fact is about.
    public var dates: [String]
    /// −1, 0 or +1: the direction of its change.
    public var direction: Int
    /// A correlation or co-moving group: association, never cause.
    public var isCorrelation: Bool
    /// Its value against what was expected (for "doubled"/"halved"), when both are positive.
    public var ratio: Double?
}

extension NarrativeFact {
    /// The report-level fact: kind, dashboards, window, counts.
    static func report(_ report: Report) -> NarrativeFact {
        let alerts = report.findings.filter { $0.severity >= .warning }
        let critical = alerts.filter { $0.severity == .critical }.count
        let days = report.window.flatMap { Timestamp.days(from: $0.from, to: $0.to) }.map { $0 + 1 }
        var parts = [
            "\(report.kind == .daily ? "daily alert" : "weekly report")",
            "dashboards \(PromptText.quoted(report.dashboards))",
        ]
        if let window = report.window { parts.append("window \(window.from)..\(window.to) (\(days ?? 0) days)") }
        parts.append("\(critical) critical, \(alerts.count - critical) warnings, \(report.findings.count) findings")
        if !report.skipped.isEmpty { parts.append("not analysed \(PromptText.quoted(report.skipped.map(\.insight)))") }
        let numbers =
            [
                critical, alerts.count - critical, alerts.count, report.findings.count, report.dashboards.count,
                report.skipped.count,
            ] + (days.map { [$0] } ?? [])
        return NarrativeFact(
            alias: "R", findingID: nil, line: "R: " + parts.joined(separator: "; "),
            numbers: numbers.map(String.init), changeTexts: [], dates: report.window.map { [$0.from, $0.to] } ?? [],
            direction: 0,
            isCorrelation: false, ratio: nil)
    }

    /// A finding's fact: what it is, where, when, and its numbers as the report prints them.
    static func finding(_ finding: Finding, alias: String) -> NarrativeFact {
        let value = NumberFormatting.value(finding.value, unit: finding.unit)
        let expected = NumberFormatting.value(finding.expected, unit: finding.unit)
        var parts = [
            "\(finding.severity.rawValue) \(finding.detail.subkind.replacingOccurrences(of: "_", with: " "))",
            "insight \(PromptText.quoted(finding.insight))", "series \(PromptText.quoted(finding.series))",
            finding.date, "value \(value)", "expected \(expected)",
        ]
        var numbers = [value, expected]
        var changeTexts: [String] = []
        if let change = finding.change {
            parts.append("change \(NumberFormatting.change(change))")
            numbers += [NumberFormatting.magnitude(change), NumberFormatting.change(change)]
            changeTexts.append(NumberFormatting.magnitude(change))
        }
        if case .trend(let trend) = finding.detail {
            changeTexts.append(NumberFormatting.magnitude(trend.growthPerWeek))
            numbers.append(NumberFormatting.magnitude(trend.growthPerWeek))
        }
        let extra = Self.extraFigures(finding.detail)
        parts += extra.map { "\($0.name) \($0.text)" }
        numbers += extra.map(\.text)
        let cause = Self.rootCauseFigures(finding)
        parts += cause.figures.map { "\($0.name) \($0.text)" }
        numbers += cause.numbers
        parts.append("vs \(PromptText.quoted(finding.comparison))")
        // Numbers inside names ("Week 1 retention", "28 days before") may be repeated as written.
        numbers += PromptText.numbers(
            in: [finding.insight, finding.series, finding.comparison, finding.dashboard]
                + finding.detail.contributions.map(\.series))
        let isCorrelation: Bool
        switch finding.detail {
        case .correlationPair, .coMovingGroup: isCorrelation = true
        default: isCorrelation = false
        }
        // Dates the fact prints anywhere ("Theil–Sen line from 2026-10-27", a weekly range) may be told.
        let printedDates = ([finding.comparison] + parts).flatMap { text in
            text.matches(of: /\d{4}-\d{2}-\d{2}/).map { String($0.output) }
        }
        return NarrativeFact(
            alias: alias, findingID: finding.id, line: "\(alias): " + parts.joined(separator: "; "), numbers: numbers,
            changeTexts: changeTexts, dates: Array(Set([finding.date] + printedDates)).sorted(),
            direction: finding.change.map { $0 < 0 ? -1 : ($0 > 0 ? 1 : 0) } ?? 0,
            isCorrelation: isCorrelation,
            ratio: finding.expected > 0 && finding.value > 0 ? finding.value / finding.expected : nil)
    }

    /// Root cause by breakdown, printed as the templates print it: each value's part in a total's
    /// change and the change itself (`by breakdown value "newsletter" +82.5 (98.6%)`), the
    /// mix/rate split of a pooled conversion change in points, and the value and step carrying
    /// it; with the numbers a statement may print from them.
    private static func rootCauseFigures(_ finding: Finding) -> (
        figures: [(name: String, text: String)], numbers: [String]
    ) {
        var figures: [(name: String, text: String)] = []
        var numbers: [String] = []
        let parts = finding.detail.contributions
        if !parts.isEmpty {
            let whole = NumberFormatting.signed(finding.value - finding.expected, unit: finding.unit)
            numbers.append(whole)
            let listed = parts.map { part in
                let change = NumberFormatting.signed(part.change, unit: finding.unit)
                let share = NumberFormatting.magnitude(part.share)
                numbers += [change, share]
                return "\(PromptText.quoted(part.series)) \(change) (\(part.share < 0 ? "-" : "")\(share))"
            }
            figures.append(("change of the total", whole))
            figures.append(("by breakdown value", listed.joined(separator: ", ")))
        }
        if case .funnelChange(let change) = finding.detail {
            let scale = change.split.map { $0.mix + $0.rate } ?? 0
            if let split = change.split {
                let printed = [split.mix + split.rate, split.rate, split.mix].map {
                    NumberFormatting.points($0, scale: scale)
                }
                numbers += printed
                figures.append(("change in points", printed[0]))
                figures.append(("from rates", printed[1]))
                figures.append(("from mix", printed[2]))
                // Who the mix moved to is news only when the mix moved the rate at all.
                if let value = split.mixValue, printed[2].contains(where: { $0.isNumber && $0 != "0" }) {
                    figures.append(("mix moved most for", PromptText.quoted(value)))
                }
            }
            if let cell = change.explainingSegment {
                let points = NumberFormatting.points(cell.change, scale: scale)
                let share = NumberFormatting.magnitude(cell.share)
                numbers += [points, share]
                let step = PromptText.quoted("\(cell.fromStep) → \(cell.toStep)")
                figures.append(
                    ("most at", "\(step) for \(PromptText.quoted(cell.segment)): \(points) points (\(share))"))
            }
        }
        return (figures, numbers)
    }

    /// The figures of a detail worth writing about, printed.
    private static func extraFigures(_ detail: FindingDetail) -> [(name: String, text: String)] {
        switch detail {
        case .trend(let trend):
            return [("per week", NumberFormatting.change(trend.growthPerWeek)), ("over", "\(trend.periods) periods")]
        case .periodChange(let change):
            return change.windowDays.map { [("averaged over", "\($0) days")] } ?? []
        case .retentionGap(let gap):
            return [("age", "\(gap.age)")]
        case .growthAccounting(let growth):
            return [
                ("new", NumberFormatting.value(growth.new)),
                ("resurrecting", NumberFormatting.value(growth.resurrecting)),
                ("dormant", NumberFormatting.value(growth.dormant)),
                ("new or resurrecting", NumberFormatting.value(growth.new + growth.resurrecting)),
            ]
        case .correlationPair(let pair):
            return [
                ("with", "\(PromptText.quoted(pair.partner.series)) of \(PromptText.quoted(pair.partner.insight))"),
                ("lag days", "\(abs(pair.lagDays))"), ("r", NumberFormatting.grouped(pair.rAtLag, decimals: 2)),
            ]
        case .coMovingGroup(let group):
            return [("members", "\(group.members.count)")]
        case .outlier, .levelShift, .mixShift, .funnelStepGap, .funnelChange:
            return []
        }
    }
}
