import Foundation

/// `dashbrief.json`: settings a team keeps in its repository. Every field is optional; secrets
/// belong in the environment or `.env`, so the file has no field for them.
///
/// ```json
/// {"posthog": {"base_url": "https://eu.posthog.com", "project_id": "12345"},
///  "dashboards": [{"name": "Marketing Dashboard", "channel": "marketing"}],
///  "thresholds": {"warning_change": 0.15, "critical_change": 0.3, "minimum_volume": 20},
///  "daily_days": 14, "weekly_days": 28}
/// ```
struct ConfigurationFile: Decodable {
    struct PostHog: Decodable {
        var baseURL: String?
        var projectID: String?

        enum CodingKeys: String, CodingKey {
            case baseURL = "base_url"
            case projectID = "project_id"
        }
    }

    struct Thresholds: Decodable {
        var warningChange: Double?
        var criticalChange: Double?
        var minimumVolume: Double?
        var trendPerWeek: Double?
        var funnelGap: Double?
        var retentionAges: [Int]?

        enum CodingKeys: String, CodingKey {
            case warningChange = "warning_change"
            case criticalChange = "critical_change"
            case minimumVolume = "minimum_volume"
            case trendPerWeek = "trend_per_week"
            case funnelGap = "funnel_gap"
            case retentionAges = "retention_ages"
        }
    }

    /// The narrative's model. No key here: `OPENAI_API_KEY` belongs in the environment or `.env`.
    struct LLM: Decodable {
        var baseURL: String?
        var model: String?
        var timeoutSeconds: Double?
        var totalTimeoutSeconds: Double?
        var dailyPromptFile: String?
        var weeklyPromptFile: String?

        enum CodingKeys: String, CodingKey {
            case model
            case baseURL = "base_url"
            case timeoutSeconds = "timeout_seconds"
            case totalTimeoutSeconds = "total_timeout_seconds"
            case dailyPromptFile = "daily_prompt_file"
            case weeklyPromptFile = "weekly_prompt_file"
        }
    }

    /// Per-metric tuning; validated by `Configuration.apply`, which names the entry at fault.
    struct Override: Decodable {
        var insight: JSONValue
        var series: String?
        var direction: String?
        var minimumVolume: Double?
        var sensitivity: JSONValue?
        var muteUntil: String?

        enum CodingKeys: String, CodingKey {
            case insight, series, direction, sensitivity
            case minimumVolume = "minimum_volume"
            case muteUntil = "mute_until"
        }
    }

    /// Slack delivery settings a team keeps in its repository (no token: that is a secret).
    struct Delivery: Decodable {
        var opsChannel: String?
        var postWhenNothingNew: Bool?
        var maxAnnouncements: Int?

        enum CodingKeys: String, CodingKey {
            case opsChannel = "ops_channel"
            case postWhenNothingNew = "post_when_nothing_new"
            case maxAnnouncements = "max_announcements"
        }
    }

    struct Schedules: Decodable {
        var daily: String?
        var weekly: String?
        var timezone: String?
    }

    var posthog: PostHog?
    var delivery: Delivery?
    var schedule: Schedules?
    var llm: LLM?
    var overrides: [Override]?
    var dashboards: [Configuration.DashboardTarget]?
    var thresholds: Thresholds?
    var dailyDays: Int?
    var weeklyDays: Int?
    var snapshot: String?

    enum CodingKeys: String, CodingKey {
        case posthog, dashboards, thresholds, snapshot, llm, overrides, delivery, schedule
        case dailyDays = "daily_days"
        case weeklyDays = "weekly_days"
    }

    static func load(_ url: URL) throws -> ConfigurationFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DashbriefError(.configuration, "\(url.path): config file cannot be read")
        }
        do {
            return try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch {
            throw DashbriefError(.configuration, "\(url.path): \(describeDecoding(error))")
        }
    }
}
