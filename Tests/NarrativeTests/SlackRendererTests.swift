import Analysis
import Foundation
import Testing

@testable import Narrative

@Suite struct SlackRendererTests {
    /// Every text a channel member can see in `messages`: the notification text, headers,
    /// sections and context elements.
    static func texts(_ messages: [SlackMessage]) -> [String] {
        messages.flatMap { message in
            [message.text]
                + message.blocks.flatMap { block -> [String] in
                    switch block {
                    case .header(let text), .section(let text): [text]
                    case .context(let elements): elements
                    case .divider: []
                    }
                }
        }
    }

    /// Checks every limit of `limits` on `messages`.
    static func expectWithinLimits(_ messages: [SlackMessage], _ limits: SlackRenderer.Limits = .init()) {
        #expect(!messages.isEmpty)
        for message in messages {
            #expect(message.blocks.count <= limits.blocksPerMessage)
            #expect(message.blockTextLength <= limits.messageCharacters)
            #expect(message.blockTextLength < 12_000)
            #expect(!message.text.isEmpty && message.text.utf16.count <= limits.fallbackCharacters)
            for block in message.blocks {
                switch block {
                case .header(let text):
                    #expect(!text.isEmpty && text.utf16.count <= limits.headerCharacters)
                case .section(let text):
                    #expect(!text.isEmpty && text.utf16.count <= limits.sectionCharacters)
                case .context(let elements):
                    #expect(!elements.isEmpty && elements.count <= limits.contextElements)
                    #expect(elements.allSatisfy { !$0.isEmpty && $0.utf16.count <= limits.sectionCharacters })
                case .divider:
                    break
                }
            }
            #expect(message.blocks.first != .divider && message.blocks.last != .divider)
        }
    }

    @Test func hugeReport_staysWithinSlacksLimits_andLosesNothing() throws {
        let report = RenderingFixtures.huge()
        let clock = ContinuousClock()
        var messages: [SlackMessage] = []
        let elapsed = clock.measure { messages = SlackRenderer().messages(report) }
        Self.expectWithinLimits(messages)
        #expect(messages.count > 10)
        #expect(elapsed < .seconds(5), "\(elapsed)")
        // Every long name, sentence and reason is there whole: each one's closing tag, and the
        // words of every one, split between blocks but never cut. (The title is shortened only in
        // notification texts and part lines; the first message has it whole.)
        let blocks = messages.map { SlackMessage(text: "", blocks: $0.blocks.filter { !Self.isPartLine($0) }) }
        let all = Self.texts(blocks).joined(separator: "\n")
        let words = Set(all.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "*" }).map(String.init))
        var tags = (0..<300).flatMap { ["series-end-\($0)", "insight-end-\($0)"] }
        tags += (0..<20).map { "statement-end-\($0)" } + (0..<30).map { "reason-end-\($0)" }
        tags += ["headline-end", "dashboard-end"]
        #expect(tags.filter { !words.contains($0) } == [])
        // Findings and metrics rows name insight and series: 30 long names (350 words) and 270
        // short ones (20 words) twice each; then 20 statements, the lead, 30 reasons, and the
        // dashboard in the title and the metrics heading, all long.
        let nameWords = all.components(separatedBy: "long-name").count - 1
        #expect(nameWords == 2 * 2 * (30 * 350 + 270 * 20) + 350 * (20 + 1 + 30 + 2))
        // Continuation messages say which part they are.
        let last = try #require(messages.last)
        guard case .context(let elements) = last.blocks.first else {
            Issue.record("no part line")
            return
        }
        #expect(elements.first?.hasSuffix("part \(messages.count) of \(messages.count)") == true)
        #expect(last.text.hasSuffix("(part \(messages.count) of \(messages.count))"))
    }

    static func isPartLine(_ block: SlackBlock) -> Bool {
        if case .context(let elements) = block { return elements.count == 1 && elements[0].contains(" · part ") }
        return false
    }

    @Test func smallLimits_forceSplitting_whichStillKeepsThem() {
        let limits = SlackRenderer.Limits(
            blocksPerMessage: 4, sectionCharacters: 120, headerCharacters: 30, messageCharacters: 400,
            fallbackCharacters: 60, contextElements: 2)
        let messages = SlackRenderer(limits: limits).messages(RenderingFixtures.hostile)
        Self.expectWithinLimits(messages, limits)
        #expect(messages.count > 2)
        for report in [RenderingFixtures.hostile, RendererTests.report, RenderingFixtures.huge(count: 30)] {
            Self.expectWithinLimits(SlackRenderer(limits: limits).messages(report), limits)
        }
    }

    @Test func ordinaryReport_isOneMessage_withHeaderContextLeadAndFindings() throws {
        let messages = SlackRenderer().messages(RendererTests.report)
        #expect(messages.count == 1)
        let blocks = try #require(messages.first?.blocks)
        #expect(blocks.first == .header("Daily alert: Marketing"))
        guard case .context(let context) = blocks[1] else {
            Issue.record("no context line")
            return
        }
        #expect(context.first?.hasPrefix("Window: 2026-11-10 to 2026-11-23") == true)
        #expect(blocks[2] == .section("*H*"))
        let text = Self.texts(messages).joined(separator: "\n")
        #expect(
            text.contains("*Findings (1)*\n*CRITICAL* change · Traffic · $pageview | docs_* — 2026-11-23: 60 vs 100"))
        #expect(text.contains("*Skipped (1)*\n• *X*: Y"))
        #expect(messages.first?.text == "Daily alert: Marketing — H")
    }

    /// Nothing a dashboard, an insight or a model writes can mention anyone or make a link: `<`,
    /// `>` and `&` are escaped in every text field, and a bare `@channel`/`@here` is broken by a
    /// zero-width space.
    @Test func injectedNames_comeOutEscaped_inEveryTextField() {
        let messages = SlackRenderer().messages(RenderingFixtures.hostile)
        let texts = Self.texts(messages)
        for text in texts {
            #expect(!text.contains("<") && !text.contains(">"), "\(text)")
            #expect(!text.contains("@here") && !text.contains("@channel") && !text.contains("@everyone"), "\(text)")
            // `&` only as an escape.
            let ampersands = text.components(separatedBy: "&").dropFirst()
            #expect(ampersands.allSatisfy { $0.hasPrefix("amp;") || $0.hasPrefix("lt;") || $0.hasPrefix("gt;") })
        }
        let all = texts.joined(separator: "\n")
        #expect(all.contains("Daily alert: &lt;!channel&gt; hi &lt;http://evil|x&gt; &amp; co"))
        #expect(all.contains("@\u{200B}here"))
        #expect(all.contains("&lt;@\u{200B}U123ABC&gt;"))
        #expect(all.contains("Tell @\u{200B}channel &amp; &lt;@\u{200B}U999&gt;"))
        #expect(all.contains("see &lt;https://evil.example|click here&gt; @\u{200B}channel"))
        // Slack decodes only these three entities: quotes and apostrophes stay as they are.
        #expect(all.contains("It's &lt;i&gt;down&lt;/i&gt; \"a lot\""))
        // The replaced AI section is footnoted, in small print.
        #expect(all.contains("AI text replaced in What changed: a number not in the findings &lt;!everyone&gt;."))
    }

    @Test func bareMentions_areNeutralised() {
        #expect(SlackText.escaped("@channel @here @everyone") == "@\u{200B}channel @\u{200B}here @\u{200B}everyone")
        #expect(SlackText.escaped("<!channel> & <!here|here>") == "&lt;!channel&gt; &amp; &lt;!here|here&gt;")
        #expect(
            SlackText.escaped("plain, unchanged: 'quote' \"double\" *bold*")
                == "plain, unchanged: 'quote' \"double\" *bold*")
    }

    @Test func pieces_neverCutAnEscape_andReopenBold() {
        let raw = String(repeating: "&", count: 30)
        let pieces = SlackText.pieces([.plain(raw)], limit: 12)
        #expect(pieces.allSatisfy { $0.utf16.count <= 12 && $0.count % 5 == 0 })
        #expect(pieces.joined() == String(repeating: "&amp;", count: 30))

        let bold = SlackText.pieces([.bold("alpha beta gamma delta epsilon")], limit: 14)
        #expect(bold == ["*alpha beta*", "*gamma delta*", "*epsilon*"])
        #expect(bold.allSatisfy { $0.utf16.count <= 14 })

        let mixed = SlackText.pieces([.markup("• "), .bold("Label"), .plain(": some words here")], limit: 16)
        #expect(mixed == ["• *Label*: some", "words here"])
        // A word longer than a piece is cut between characters; nothing is dropped.
        let word = String(repeating: "x", count: 30)
        #expect(SlackText.pieces([.plain(word)], limit: 12).joined() == word)
    }

    @Test func fallbackText_isFittedWithAnEllipsis() {
        #expect(SlackText.fitted("short <b>", limit: 40) == "short &lt;b&gt;")
        let fitted = SlackText.fitted(String(repeating: "a&", count: 100), limit: 40)
        #expect(fitted.utf16.count <= 40 && fitted.hasSuffix("…") && fitted.hasPrefix("a&amp;a&amp;"))
    }

    @Test func json_isMessagesOfTextAndBlocks() throws {
        let json = try SlackRenderer().render(RenderingFixtures.hostile)
        #expect(json.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages[0]["text"] is String)
        let blocks = try #require(messages[0]["blocks"] as? [[String: Any]])
        #expect(
            blocks.map { $0["type"] as? String } == [
                "header", "context", "section", "section", "divider", "section", "divider", "section", "divider",
                "section", "divider", "context",
            ])
        let header = try #require(blocks[0]["text"] as? [String: String])
        #expect(header["type"] == "plain_text")
        #expect(header["verbatim"] == nil)
        // mrkdwn goes verbatim: Slack turns no bare URL, #channel or @name into a link or mention.
        let section = try #require(blocks[2]["text"] as? [String: Any])
        #expect(section["type"] as? String == "mrkdwn" && section["verbatim"] as? Bool == true)
        let element = try #require((blocks[1]["elements"] as? [[String: Any]])?.first)
        #expect(element["type"] as? String == "mrkdwn" && element["verbatim"] as? Bool == true)
    }

    @Test func slack_isAFormat() throws {
        #expect(ReportFormat(rawValue: "slack") != nil)
        #expect(try RendererTests.report.rendered(as: .slack) == SlackRenderer().render(RendererTests.report))
    }
}
