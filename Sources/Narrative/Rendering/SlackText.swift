/// Slack mrkdwn built from data and model text: escaped so that it can neither ping nor link,
/// and split into pieces of a bounded length without cutting a character, an escape or a word
/// where a space is near.
///
/// Slack's escaping rule is `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` and nothing else: other
/// entities would show literally. With `<` escaped, no `<!channel>`, `<@U123>` or
/// `<http://…|label>` can come out of a dashboard, insight or model sentence. A bare `@channel`
/// or `@here` does not ping through the API (only `<!channel>` does), but clients that post with
/// `link_names` turn it into one; every `@` is therefore followed by a zero-width space (U+200B),
/// which reads the same and matches no mention.
///
/// Lengths are counted in UTF-16 code units of the escaped text, which is never less than what
/// Slack counts.
public enum SlackText {
    /// `raw` made safe for mrkdwn and for `plain_text`.
    public static func escaped(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for character in raw { out += escaped(character) }
        return out
    }

    static func escaped(_ character: Character) -> String {
        switch character {
        case "&": "&amp;"
        case "<": "&lt;"
        case ">": "&gt;"
        case "@": "@\u{200B}"
        default: String(character)
        }
    }

    /// A stretch of a line: text from data (escaped, optionally bold) or mrkdwn the renderer
    /// wrote itself (`markup`, kept as it is: `• `, a severity in bold).
    struct Span {
        enum Style { case plain, bold, markup }
        var text: String
        var style: Style

        static func plain(_ text: String) -> Span { Span(text: text, style: .plain) }
        static func bold(_ text: String) -> Span { Span(text: text, style: .bold) }
        static func markup(_ text: String) -> Span { Span(text: text, style: .markup) }
    }

    /// One character of a line as it will be written: its escaped form, and whether it is bold.
    private struct Unit {
        var text: String
        var bold: Bool
        var isSpace: Bool
        var length: Int { text.utf16.count }
    }

    /// `spans` as mrkdwn, in as many pieces as it takes for each to be at most `limit` long.
    /// Pieces break after the last space in their second half when there is one, else anywhere
    /// between characters; the space at a break is dropped. A bold stretch cut by a break is
    /// closed and reopened, so each piece reads on its own. Nothing is left out.
    /// - Precondition: `limit` ≥ 12 (room for a character, its escape and bold markers).
    static func pieces(_ spans: [Span], limit: Int) -> [String] {
        precondition(limit >= 12, "a piece must hold at least one escaped character")
        var units: [Unit] = []
        for span in spans {
            if span.style == .markup {
                // Markup is written by the renderer: short, and kept whole.
                units.append(Unit(text: span.text, bold: false, isSpace: false))
                continue
            }
            for character in span.text {
                units.append(Unit(text: escaped(character), bold: span.style == .bold, isSpace: character == " "))
            }
        }
        var pieces: [String] = []
        var start = 0
        while start < units.count {
            var end = start
            var length = 0
            var lastSpace: Int?
            while end < units.count {
                // A bold unit after a plain one opens markers: two characters.
                let opens = units[end].bold && (end == start || !units[end - 1].bold)
                let cost = units[end].length + (opens ? 2 : 0)
                if length + cost > limit { break }
                if units[end].isSpace && end > start { lastSpace = end }
                length += cost
                end += 1
            }
            if end < units.count, let space = lastSpace, space - start >= (end - start) / 2 {
                pieces.append(render(units[start..<space]))
                start = space + 1
            } else {
                pieces.append(render(units[start..<max(end, start + 1)]))
                start = max(end, start + 1)
            }
        }
        return pieces.isEmpty ? [""] : pieces
    }

    /// Units as mrkdwn: bold runs between `*`s, with the spaces at their edges outside the
    /// markers (Slack ignores `* bold *`).
    private static func render(_ units: ArraySlice<Unit>) -> String {
        var out = ""
        var index = units.startIndex
        while index < units.endIndex {
            guard units[index].bold else {
                out += units[index].text
                index += 1
                continue
            }
            var end = index
            while end < units.endIndex && units[end].bold { end += 1 }
            var run = units[index..<end]
            var leading = ""
            var trailing = ""
            while let first = run.first, first.isSpace {
                leading += first.text
                run = run.dropFirst()
            }
            while let last = run.last, last.isSpace {
                trailing = last.text + trailing
                run = run.dropLast()
            }
            out += leading + (run.isEmpty ? "" : "*" + run.map(\.text).joined() + "*") + trailing
            index = end
        }
        return out
    }

    /// `raw` escaped and, when longer than `limit`, cut at a character boundary and ended with
    /// "…": for a message's notification text, which repeats what its blocks say in full.
    static func fitted(_ raw: String, limit: Int) -> String {
        let whole = escaped(raw)
        guard whole.utf16.count > limit else { return whole }
        var out = ""
        var length = 0
        for character in raw {
            let piece = escaped(character)
            if length + piece.utf16.count > limit - 1 { break }
            out += piece
            length += piece.utf16.count
        }
        return out + "…"
    }
}
