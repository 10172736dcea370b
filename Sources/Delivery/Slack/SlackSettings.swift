import Foundation
import Transport

/// How dashbrief reaches Slack: a bot token (`SLACK_BOT_TOKEN`, `chat:write`), or an incoming
/// webhook for one channel (`SLACK_WEBHOOK_URL`, no scopes; the URL is itself a secret).
public struct SlackSettings: Sendable, Equatable {
    public var botToken: Secret?
    /// `SLACK_API_BASE_URL`, for tests and proxies.
    public var apiBaseURL: URL
    public var webhookURL: Secret?
    /// At most one post a channel per this interval, as Slack asks (1 a second).
    public var minimumInterval: Duration

    public static let slackAPI = URL(string: "https://slack.com/api")!

    public init(
        botToken: Secret? = nil, apiBaseURL: URL = slackAPI, webhookURL: Secret? = nil,
        minimumInterval: Duration = .milliseconds(1_100)
    ) {
        self.botToken = botToken
        self.apiBaseURL = apiBaseURL
        self.webhookURL = webhookURL
        self.minimumInterval = minimumInterval
    }

    /// Whether anything can be posted.
    public var canPost: Bool { botToken != nil || webhookURL != nil }
}

/// A delivery that did not happen, or might have: `message` says what to do, `mayHaveBeenPosted`
/// says whether Slack may have posted it anyway (a timeout or a connection lost after sending),
/// in which case it must not be sent again blindly.
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The token is missing, wrong, revoked or expired.
        public static let authentication = Code("authentication")
        /// The token lacks a scope (`message` names it).
        public static let scope = Code("scope")
        /// The channel does not exist, is archived, or the bot is not in it.
        public static let channel = Code("channel")
        /// Slack refused the message itself (blocks, length) even as plain text.
        public static let payload = Code("payload")
        /// Slack kept rate-limiting.
        public static let rateLimited = Code("rateLimited")
        /// The request may have reached Slack: look for the post before sending it again.
        public static let ambiguous = Code("ambiguous")
        /// Slack or the network failed before anything was sent; safe to try later.
        public static let unavailable = Code("unavailable")
    }

    public var code: Code
    public var message: String
    public var mayHaveBeenPosted: Bool

    public init(_ code: Code, _ message: String, mayHaveBeenPosted: Bool = false) {
        self.code = code
        self.message = message
        self.mayHaveBeenPosted = mayHaveBeenPosted
    }

    public var description: String { message }
}
