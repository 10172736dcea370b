import Analysis
import Delivery
import Foundation
import Narrative
import Scheduling
import Transport

/// Everything dashbrief needs to run, with a sensible default for each field.
///
/// Built by `Configuration.resolve`, which layers, highest first: explicit overrides (CLI flags),
/// the process environment, a `.env` file, a JSON config file, then these defaults. Variable names
/// are the seed integration's (`POSTHOG_API_KEY`, `MARKETING_DASHBOARD_NAME`, ...).
public struct Configuration: Sendable {
    /// A dashboard dashbrief reports on by default, and the Slack channel its reports go to.
    public struct DashboardTarget: Sendable, Equatable, Codable {
        public var name: String
        public var channel: String?

        public init(name: String, channel: String? = nil) {
            self.name = name
            self.channel = channel
        }
    }

    /// Personal API key (`POSTHOG_API_KEY`). When set and no snapshot is given, runs are live.
    public var posthogAPIKey: Secret?
    /// Project id (`POSTHOG_PROJECT_ID`); required for live runs.
    public var posthogProjectID: String?
    /// `POSTHOG_BASE_URL`, with or without `/api`: US or EU cloud, or a self-hosted root.
    public var posthogBaseURL: URL
    /// A recorded snapshot to replay (`--snapshot`, `DASHBRIEF_SNAPSHOT`); wins over live.
    public var snapshotDirectory: URL?
    /// Dashboards covered when a command names none: the seed's Marketing and Product dashboards.
    public var dashboards: [DashboardTarget]
    public var thresholds: ThresholdSettings
    /// Complete days a daily alert reviews.
    public var dailyDays: Int
    /// Complete days a weekly report reviews.
    public var weeklyDays: Int
    /// `OPENAI_API_KEY`, for the narrative (mirrored in `llm.apiKey`).
    public var openAIAPIKey: Secret? {
        get { llm.apiKey }
        set { llm.apiKey = newValue }
    }
    /// The narrative's model: `OPENAI_BASE_URL`, `OPENAI_MODEL`, `OPENAI_API_KEY`, and the config
    /// file's `llm` object (model, base URL, timeouts).
    public var llm: LLMSettings
    /// Prompt template files replacing the defaults (config `llm.daily_prompt_file`,
    /// `llm.weekly_prompt_file`, or `--prompt-file` for one run).
    public var dailyPromptFile: URL?
    public var weeklyPromptFile: URL?
    /// The config file these settings were read from (`--config`, `DASHBRIEF_CONFIG` or
    /// `./dashbrief.json`); nil when none was read.
    public var configFile: URL?
    /// `SLACK_BOT_TOKEN`, for delivery (mirrored in `slack.botToken`).
    public var slackBotToken: Secret? {
        get { slack.botToken }
        set { slack.botToken = newValue }
    }
    /// Slack delivery: `SLACK_BOT_TOKEN`, `SLACK_API_BASE_URL`, `SLACK_WEBHOOK_URL`.
    public var slack: SlackSettings
    /// Where the run ledger and alert state live (`DASHBRIEF_STATE_DIR`); nil: the default.
    public var stateDirectory: URL?
    /// A channel told about failed runs besides the dashboard's own (config `delivery.ops_channel`).
    public var opsChannel: String?
    /// Post a one-line "nothing new" digest on quiet days (config `delivery.post_when_nothing_new`).
    public var postWhenNothingNew: Bool
    /// How many times one episode is announced at most (config `delivery.max_announcements`).
    public var maximumAnnouncements: Int
    /// When `dashbrief serve` and `run --due` deliver (config `schedule.daily`, `schedule.weekly`:
    /// 5-field cron), and in which zone (`schedule.timezone`; default: the PostHog project's).
    public var dailySchedule: String
    public var weeklySchedule: String
    public var scheduleTimeZone: String?

    public static let defaultBaseURL = URL(string: "https://us.posthog.com")!

    public init(
        posthogAPIKey: Secret? = nil, posthogProjectID: String? = nil, posthogBaseURL: URL = defaultBaseURL,
        snapshotDirectory: URL? = nil,
        dashboards: [DashboardTarget] = [
            .init(name: "Marketing Dashboard", channel: "marketing"),
            .init(name: "Product Dashboard", channel: "product"),
        ],
        thresholds: ThresholdSettings = ThresholdSettings(), dailyDays: Int = 14, weeklyDays: Int = 28,
        openAIAPIKey: Secret? = nil, slackBotToken: Secret? = nil
    ) {
        self.posthogAPIKey = posthogAPIKey
        self.posthogProjectID = posthogProjectID
        self.posthogBaseURL = posthogBaseURL
        self.snapshotDirectory = snapshotDirectory
        self.dashboards = dashboards
        self.thresholds = thresholds
        self.dailyDays = dailyDays
        self.weeklyDays = weeklyDays
        self.llm = LLMSettings(apiKey: openAIAPIKey)
        self.slack = SlackSettings(botToken: slackBotToken)
        self.stateDirectory = nil
        self.opsChannel = nil
        self.postWhenNothingNew = false
        self.maximumAnnouncements = 1
        self.dailySchedule = CronExpression.dailyDefault.text
        self.weeklySchedule = CronExpression.weeklyDefault.text
        self.scheduleTimeZone = nil
    }
}
