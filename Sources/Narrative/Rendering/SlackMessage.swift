/// One Slack message of a report: the body of a `chat.postMessage` call (or an incoming
/// webhook) without its channel. Encodes to `{"text": …, "blocks": […]}`.
public struct SlackMessage: Sendable, Equatable, Encodable {
    /// The notification and screen-reader text (mrkdwn, escaped): what the message is about.
    public var text: String
    public var blocks: [SlackBlock]

    public init(text: String, blocks: [SlackBlock]) {
        self.text = text
        self.blocks = blocks
    }

    /// Characters of text across the blocks, as `SlackRenderer.Limits.messageCharacters` counts
    /// them (UTF-16 code units).
    public var blockTextLength: Int { blocks.reduce(0) { $0 + $1.textLength } }
}

/// The Block Kit blocks a report uses. Their text is Slack-ready: data in it is escaped with
/// `SlackText.escaped`, and a block built by hand must be escaped the same way.
public enum SlackBlock: Sendable, Equatable, Encodable {
    /// A `header` block: large `plain_text`, at most 150 characters.
    case header(String)
    /// A `section` block with `mrkdwn` text, at most 3,000 characters.
    case section(String)
    /// A `context` block: small grey `mrkdwn` elements, at most 10.
    case context([String])
    case divider

    /// The characters of text the block carries.
    public var textLength: Int {
        switch self {
        case .header(let text), .section(let text): text.utf16.count
        case .context(let elements): elements.reduce(0) { $0 + $1.utf16.count }
        case .divider: 0
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, text, elements
    }

    /// A text object. mrkdwn is sent `verbatim`: Slack still applies the renderer's markup (bold,
    /// code blocks) but no longer turns bare URLs, `#channel` names or `@` names in the text into
    /// links or mentions, which escaping alone cannot stop.
    private struct TextObject: Encodable {
        var type: String
        var text: String
        var verbatim: Bool?

        static func plain(_ text: String) -> TextObject { TextObject(type: "plain_text", text: text) }
        static func mrkdwn(_ text: String) -> TextObject { TextObject(type: "mrkdwn", text: text, verbatim: true) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .header(let text):
            try container.encode("header", forKey: .type)
            try container.encode(TextObject.plain(text), forKey: .text)
        case .section(let text):
            try container.encode("section", forKey: .type)
            try container.encode(TextObject.mrkdwn(text), forKey: .text)
        case .context(let elements):
            try container.encode("context", forKey: .type)
            try container.encode(elements.map(TextObject.mrkdwn), forKey: .elements)
        case .divider:
            try container.encode("divider", forKey: .type)
        }
    }
}
