import Analysis
import Foundation

/// Slack Block Kit for a channel: a header with the title, a context line (window, method, as
/// of), the lead with its first sentence in bold, each narrative section as a bold title over
/// bullets, the findings as one line each, every metrics table as a code block, what was skipped,
/// and the footnotes in small print.
///
/// Messages stay inside Slack's limits (`Limits`). A report too long for one message becomes
/// several, each one after the first opening with the title and "part 2 of 3"; a sentence or
/// row too long for one block goes on in the next. Nothing is cut. All text from data or from a
/// model is escaped (`SlackText`): it can neither mention anyone nor make a link.
///
/// `render` writes `{"messages": [{"text": …, "blocks": […]}, …]}` for the CLI; Swift callers
/// that post the messages one by one take `messages(_:)`.
public struct SlackRenderer: LayoutRenderer {
    /// Sizes a message must keep to. The defaults are Slack's (docs.slack.dev, Block Kit); tests
    /// set smaller ones to force splitting.
    public struct Limits: Sendable, Equatable {
        /// Blocks in one message (Slack: 50).
        public var blocksPerMessage: Int
        /// Characters in a section's text and in a context element (Slack: 3,000).
        public var sectionCharacters: Int
        /// Characters in a header (Slack: 150). A longer title is written as a bold section.
        public var headerCharacters: Int
        /// Characters of text across one message's blocks. Slack documents no such limit but
        /// answers `msg_blocks_too_long` near 13,200 (bolt-js #2509); 10,000 stays well under.
        public var messageCharacters: Int
        /// Characters in a message's notification `text` (Slack recommends at most 4,000).
        public var fallbackCharacters: Int
        /// Elements in a context block (Slack: 10).
        public var contextElements: Int
        /// The widest a metrics table column is padded to, so one long name does not widen
        /// every row of the code block.
        public var tableColumnWidth: Int

        /// - Precondition: `sectionCharacters` ≥ 100, `messageCharacters` ≥ `sectionCharacters`
        ///   + 130 (room for a part line), at least 2 blocks and 1 context element a message,
        ///   `fallbackCharacters` ≥ 40.
        public init(
            blocksPerMessage: Int = 50, sectionCharacters: Int = 3000, headerCharacters: Int = 150,
            messageCharacters: Int = 10_000, fallbackCharacters: Int = 4000, contextElements: Int = 10,
            tableColumnWidth: Int = 40
        ) {
            precondition(sectionCharacters >= 100, "a section must hold a line of text")
            precondition(
                messageCharacters >= sectionCharacters + SlackRenderer.partLineReserve,
                "a message must hold a full section and its part line")
            precondition(blocksPerMessage >= 2 && contextElements >= 1 && fallbackCharacters >= 40)
            self.blocksPerMessage = blocksPerMessage
            self.sectionCharacters = sectionCharacters
            self.headerCharacters = headerCharacters
            self.messageCharacters = messageCharacters
            self.fallbackCharacters = fallbackCharacters
            self.contextElements = contextElements
            self.tableColumnWidth = tableColumnWidth
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The report as messages to post in order.
    public func messages(_ report: Report) -> [SlackMessage] { messages(ReportLayout(report)) }

    /// The layout as messages to post in order.
    public func messages(_ layout: ReportLayout) -> [SlackMessage] {
        let pages = paginate(blocks(layout))
        return pages.enumerated().map { index, page in
            let part = pages.count > 1 ? " (part \(index + 1) of \(pages.count))" : ""
            var blocks = page
            if index > 0 {
                let title = SlackText.fitted(layout.title, limit: Self.partTitleLength)
                blocks.insert(.context(["\(title) · part \(index + 1) of \(pages.count)"]), at: 0)
            }
            let about = index == 0 ? "\(layout.title) — \(layout.headline)" : layout.title
            let text = SlackText.fitted(about, limit: limits.fallbackCharacters - part.utf16.count) + part
            return SlackMessage(text: text, blocks: blocks)
        }
    }

    /// `{"messages": […]}`, keys sorted, ending with a newline.
    public func render(_ layout: ReportLayout) -> String {
        struct Payload: Encodable { var messages: [SlackMessage] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings and arrays of strings only: encoding cannot fail.
        let data = try! encoder.encode(Payload(messages: messages(layout)))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The longest title a continuation's part line repeats (the first message has it whole).
    static let partTitleLength = 100
    /// What a part line may take: the title and " · part 9999 of 9999".
    static let partLineReserve = partTitleLength + 30

    typealias Span = SlackText.Span

    // MARK: Blocks

    /// Every block of the report, before it is cut into messages.
    private func blocks(_ layout: ReportLayout) -> [SlackBlock] {
        var blocks: [SlackBlock] = []
        let title = SlackText.escaped(layout.title)
        if title.utf16.count <= limits.headerCharacters {
            blocks.append(.header(title))
        } else {
            blocks += sections(lines([.bold(layout.title)]))
        }
        blocks += context([
            "Window: \(layout.window) · method: \(layout.method) · data as of \(layout.asOf) · narrative: "
                + layout.narrativeSource.rawValue
        ])

        var lead = lines([.bold(layout.lead.first?.text ?? layout.headline)])
        let rest = layout.lead.dropFirst().map(\.text).joined(separator: " ")
        if !rest.isEmpty { lead += lines([.plain(rest)]) }
        blocks += sections(lead)
        for block in layout.narrative {
            blocks += sections(
                lines([.bold(block.title)]) + block.statements.flatMap { lines([.markup("• "), .plain($0.text)]) })
        }

        for section in layout.sections {
            blocks.append(.divider)
            var texts = lines([.bold(section.count.map { "\(section.title) (\($0))" } ?? section.title)])
            for block in section.blocks { texts += self.texts(block) }
            blocks += sections(texts)
        }
        if !layout.footnotes.isEmpty {
            blocks.append(.divider)
            blocks += context(layout.footnotes)
        }
        return blocks
    }

    /// A layout block as section lines (each within a section).
    private func texts(_ block: ReportLayout.Block) -> [String] {
        switch block {
        case .findings(let findings):
            if findings.isEmpty { return lines([.plain("No findings.")]) }
            return findings.flatMap { finding in
                let change = finding.change.isEmpty ? "" : " (\(finding.change))"
                return lines([
                    .markup("*\(finding.severity.rawValue.uppercased())* "),
                    .plain(
                        "\(finding.kind) · \(finding.insight) · \(finding.series) — \(finding.date): "
                            + "\(finding.value) vs \(finding.expected)\(change) · \(finding.comparison)"),
                ])
            }
        case .table(let table):
            return codeBlocks(table)
        case .items(let items):
            return items.flatMap { lines([.markup("• "), .bold($0.label), .plain(": " + $0.text)]) }
        case .paragraph(let text):
            return lines([.plain(text)])
        }
    }

    /// A line, in as many pieces as a section needs (empty pieces dropped: a section's text may
    /// not be empty).
    private func lines(_ spans: [Span]) -> [String] {
        SlackText.pieces(spans, limit: limits.sectionCharacters).filter { !$0.isEmpty }
    }

    /// Lines joined into as few sections as fit.
    private func sections(_ lines: [String]) -> [SlackBlock] {
        var sections: [SlackBlock] = []
        var current = ""
        for line in lines {
            if !current.isEmpty && current.utf16.count + 1 + line.utf16.count > limits.sectionCharacters {
                sections.append(.section(current))
                current = ""
            }
            current += (current.isEmpty ? "" : "\n") + line
        }
        if !current.isEmpty { sections.append(.section(current)) }
        return sections
    }

    /// Small-print lines as context blocks: each line in elements within a section's length,
    /// at most `contextElements` to a block.
    private func context(_ texts: [String]) -> [SlackBlock] {
        let elements = texts.flatMap { lines([.plain($0)]) }
        return stride(from: 0, to: elements.count, by: limits.contextElements).map {
            .context(Array(elements[$0..<min(elements.count, $0 + limits.contextElements)]))
        }
    }

    /// A table as preformatted code blocks of whole rows, each repeating the header; columns
    /// empty in every row are left out, numbers right-aligned. A row longer than a block goes on
    /// in the next.
    private func codeBlocks(_ table: ReportLayout.Table) -> [String] {
        let kept = table.columns.indices.filter { column in
            table.rows.contains { $0.indices.contains(column) && !$0[column].isEmpty }
        }
        var text = TextTable(
            kept.map { table.columns[$0] },
            rightAligned: Set(kept.indices.filter { table.numericColumns.contains(kept[$0]) }),
            maximumWidth: limits.tableColumnWidth)
        for row in table.rows { text.append(kept.map { row.indices.contains($0) ? row[$0] : "" }) }
        let fence = "```"
        let budget = limits.sectionCharacters - 2 * (fence.count + 1)
        let lines = text.lines
        let headerPieces = SlackText.pieces([.plain(lines[0])], limit: budget)
        // The header is repeated in every block while it leaves most of the block to the rows.
        let header = headerPieces.count == 1 && headerPieces[0].utf16.count <= budget / 4 ? headerPieces[0] : nil
        let rowBudget = budget - (header.map { $0.utf16.count + 1 } ?? 0)
        let rows =
            (header == nil ? headerPieces : [])
            + lines.dropFirst().flatMap { SlackText.pieces([.plain($0)], limit: rowBudget) }
        var chunks: [[String]] = []
        var current: [String] = []
        var length = 0
        for row in rows {
            if !current.isEmpty && length + 1 + row.utf16.count > rowBudget {
                chunks.append(current)
                current = []
                length = 0
            }
            length += (current.isEmpty ? 0 : 1) + row.utf16.count
            current.append(row)
        }
        if !current.isEmpty || chunks.isEmpty { chunks.append(current) }
        return chunks.map { fence + "\n" + ((header.map { [$0] } ?? []) + $0).joined(separator: "\n") + "\n" + fence }
    }

    // MARK: Messages

    /// Blocks cut into messages within the block and character limits, each leaving room for a
    /// part line. A divider never starts or ends a message.
    private func paginate(_ blocks: [SlackBlock]) -> [[SlackBlock]] {
        let blockBudget = limits.blocksPerMessage - 1
        let textBudget = limits.messageCharacters - Self.partLineReserve
        var pages: [[SlackBlock]] = [[]]
        var used = 0
        for block in blocks {
            let full = pages[pages.count - 1].count >= blockBudget || used + block.textLength > textBudget
            if full && !pages[pages.count - 1].isEmpty {
                while pages[pages.count - 1].last == .divider { pages[pages.count - 1].removeLast() }
                pages.append([])
                used = 0
            }
            if block == .divider && pages[pages.count - 1].isEmpty { continue }
            pages[pages.count - 1].append(block)
            used += block.textLength
        }
        while pages[pages.count - 1].last == .divider { pages[pages.count - 1].removeLast() }
        return pages.filter { !$0.isEmpty }
    }
}
