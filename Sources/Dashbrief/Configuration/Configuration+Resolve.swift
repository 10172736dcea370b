import Analysis
import Foundation
import Scheduling
import Transport

func describeDecoding(_ error: any Error) -> String { DecodingFailure.describe(error) }

extension Configuration {
    /// Values given explicitly, e.g. by CLI flags; they win over every other source.
    public struct Overrides: Sendable {
        public var snapshotDirectory: URL?
        public var configFile: URL?
        public var envFile: URL?

        public init(snapshotDirectory: URL? = nil, configFile: URL? = nil, envFile: URL? = nil) {
            self.snapshotDirectory = snapshotDirectory
            self.configFile = configFile
            self.envFile = envFile
        }
    }

    /// Builds the configuration from, highest first: `overrides`, `environment`, the `.env` file
    /// (`overrides.envFile`, else `.env` in `workingDirectory`), the JSON config file
    /// (`overrides.configFile`, `DASHBRIEF_CONFIG`, else `dashbrief.json` in `workingDirectory`
    /// when it exists), then the defaults.
    /// - Throws: `DashbriefError.configuration` naming the variable, file or field at fault.
    public static func resolve(
        overrides: Overrides = Overrides(), environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws(DashbriefError) -> Configuration {
        try synchronouslyAtTheBoundary {
            try resolving(overrides: overrides, environment: environment, workingDirectory: workingDirectory)
        }
    }

    private static func resolving(
        overrides: Overrides, environment: [String: String], workingDirectory: URL
    ) throws -> Configuration {
        let envFile = overrides.envFile ?? workingDirectory.appendingPathComponent(".env")
        if let explicit = overrides.envFile, !FileManager.default.fileExists(atPath: explicit.path) {
            throw DashbriefError(.configuration, "\(explicit.path): env file does not exist")
        }
        // The process environment wins over .env, as python-dotenv's default does for the seed.
        let variables = try DotEnv.load(envFile).merging(environment) { _, process in process }
        func variable(_ name: String) -> String? {
            guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }

        var configuration = Configuration()
        let configPath = overrides.configFile ?? variable("DASHBRIEF_CONFIG").map { URL(fileURLWithPath: $0) }
        let defaultConfig = workingDirectory.appendingPathComponent("dashbrief.json")
        if let file = configPath ?? (FileManager.default.fileExists(atPath: defaultConfig.path) ? defaultConfig : nil) {
            try configuration.apply(try ConfigurationFile.load(file), source: file, relativeTo: workingDirectory)
            configuration.configFile = file
        }

        if let key = variable("POSTHOG_API_KEY") { configuration.posthogAPIKey = Secret(key) }
        if let project = variable("POSTHOG_PROJECT_ID") { configuration.posthogProjectID = project }
        if let base = variable("POSTHOG_BASE_URL") {
            configuration.posthogBaseURL = try url(base, name: "POSTHOG_BASE_URL")
        }
        if let snapshot = variable("DASHBRIEF_SNAPSHOT") {
            configuration.snapshotDirectory =
                URL(fileURLWithPath: snapshot, relativeTo: workingDirectory).standardizedFileURL
        }
        configuration.openAIAPIKey = variable("OPENAI_API_KEY").map { Secret($0) } ?? configuration.openAIAPIKey
        if let base = variable("OPENAI_BASE_URL") { configuration.llm.baseURL = try url(base, name: "OPENAI_BASE_URL") }
        if let model = variable("OPENAI_MODEL") { configuration.llm.model = model }
        configuration.slackBotToken = variable("SLACK_BOT_TOKEN").map { Secret($0) } ?? configuration.slackBotToken
        if let base = variable("SLACK_API_BASE_URL") {
            configuration.slack.apiBaseURL = try url(base, name: "SLACK_API_BASE_URL")
        }
        if let webhook = variable("SLACK_WEBHOOK_URL") {
            // The URL is a credential: an error names the variable, never the value.
            guard let parsed = URL(string: webhook), ["https", "http"].contains(parsed.scheme ?? ""), parsed.host != nil
            else { throw DashbriefError(.configuration, "SLACK_WEBHOOK_URL is not an http(s) URL") }
            configuration.slack.webhookURL = Secret(webhook)
        }
        if let state = variable("DASHBRIEF_STATE_DIR") {
            configuration.stateDirectory = URL(fileURLWithPath: state, relativeTo: workingDirectory).standardizedFileURL
        }
        configuration.applySeedDashboardVariables(variable)

        if let snapshot = overrides.snapshotDirectory { configuration.snapshotDirectory = snapshot }
        return configuration
    }

    /// The seed's per-dashboard variables rename the two default dashboards and pick their channels.
    private mutating func applySeedDashboardVariables(_ variable: (String) -> String?) {
        let seedVariables = [
            ("MARKETING_DASHBOARD_NAME", "MARKETING_CHANNEL_ID"), ("PRODUCT_DASHBOARD_NAME", "PRODUCT_CHANNEL_ID"),
        ]
        for (index, (nameVariable, channelVariable)) in seedVariables.enumerated() where index < dashboards.count {
            if let name = variable(nameVariable) { dashboards[index].name = name }
            if let channel = variable(channelVariable) { dashboards[index].channel = channel }
        }
    }

    private mutating func apply(_ file: ConfigurationFile, source: URL, relativeTo directory: URL) throws {
        if let base = file.posthog?.baseURL {
            posthogBaseURL = try Self.url(base, name: "\(source.path): posthog.base_url")
        }
        if let project = file.posthog?.projectID { posthogProjectID = project }
        if let dashboards = file.dashboards {
            guard !dashboards.isEmpty else {
                throw DashbriefError(.configuration, "\(source.path): dashboards: list at least one dashboard")
            }
            self.dashboards = dashboards
        }
        if let snapshot = file.snapshot {
            snapshotDirectory =
                URL(fileURLWithPath: snapshot, relativeTo: source.deletingLastPathComponent())
                .standardizedFileURL
        }
        if let llm = file.llm {
            if let base = llm.baseURL { self.llm.baseURL = try Self.url(base, name: "\(source.path): llm.base_url") }
            if let model = llm.model { self.llm.model = model }
            if let seconds = llm.timeoutSeconds {
                self.llm.requestTimeout = .milliseconds(
                    1000 * (try Self.positive(seconds, "\(source.path): llm.timeout_seconds")))
            }
            if let seconds = llm.totalTimeoutSeconds {
                self.llm.totalTimeout = .milliseconds(
                    1000 * (try Self.positive(seconds, "\(source.path): llm.total_timeout_seconds")))
            }
            let folder = source.deletingLastPathComponent()
            dailyPromptFile = llm.dailyPromptFile.map {
                URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL
            }
            weeklyPromptFile = llm.weeklyPromptFile.map {
                URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL
            }
        }
        if let schedule = file.schedule {
            for (cron, field) in [(schedule.daily, "daily"), (schedule.weekly, "weekly")] {
                guard let cron else { continue }
                do {
                    _ = try CronExpression(cron)
                } catch {
                    throw DashbriefError(.configuration, "\(source.path): schedule.\(field): \(error.message)")
                }
            }
            dailySchedule = schedule.daily ?? dailySchedule
            weeklySchedule = schedule.weekly ?? weeklySchedule
            if let zone = schedule.timezone {
                guard TimeZone(identifier: zone) != nil else {
                    throw DashbriefError(
                        .configuration, "\(source.path): schedule.timezone: \"\(zone)\" is not an IANA zone")
                }
                scheduleTimeZone = zone
            }
        }
        if let delivery = file.delivery {
            opsChannel = delivery.opsChannel ?? opsChannel
            postWhenNothingNew = delivery.postWhenNothingNew ?? postWhenNothingNew
            if let budget = delivery.maxAnnouncements {
                maximumAnnouncements = try Self.positive(budget, "\(source.path): delivery.max_announcements")
            }
        }
        if let overrides = file.overrides {
            thresholds.overrides = try overrides.enumerated().map { index, entry in
                try Self.override(entry, at: "\(source.path): overrides[\(index)]")
            }
        }
        if let days = file.dailyDays { dailyDays = try Self.positive(days, "\(source.path): daily_days") }
        if let days = file.weeklyDays { weeklyDays = try Self.positive(days, "\(source.path): weekly_days") }
        if let values = file.thresholds {
            thresholds.warningChange = values.warningChange ?? thresholds.warningChange
            thresholds.criticalChange = values.criticalChange ?? thresholds.criticalChange
            thresholds.minimumVolume = values.minimumVolume ?? thresholds.minimumVolume
            thresholds.trendPerWeek = values.trendPerWeek ?? thresholds.trendPerWeek
            thresholds.funnelGap = values.funnelGap ?? thresholds.funnelGap
            thresholds.retentionAges = values.retentionAges ?? thresholds.retentionAges
            guard thresholds.warningChange > 0, thresholds.criticalChange >= thresholds.warningChange else {
                throw DashbriefError(
                    .configuration,
                    "\(source.path): thresholds: need 0 < warning_change <= critical_change, got \(thresholds.warningChange) and \(thresholds.criticalChange)"
                )
            }
        }
    }

    /// One `overrides` entry, checked field by field.
    private static func override(_ entry: ConfigurationFile.Override, at path: String) throws -> MetricOverride {
        let insight: MetricOverride.InsightMatch
        switch entry.insight {
        case .number(let id) where id == id.rounded(): insight = .id(Int(id))
        case .string(let name) where !name.isEmpty: insight = .name(name)
        default:
            throw DashbriefError(.configuration, "\(path).insight: an insight id or name, got \(entry.insight)")
        }
        var rule = MetricOverride(insight: insight, series: entry.series, minimumVolume: entry.minimumVolume)
        if let text = entry.direction {
            guard let direction = MetricOverride.Direction(rawValue: text) else {
                throw DashbriefError(.configuration, "\(path).direction: \"\(text)\" is not drops, rises or both")
            }
            rule.direction = direction
        }
        if let volume = entry.minimumVolume, !(volume >= 0) {
            throw DashbriefError(.configuration, "\(path).minimum_volume: must be 0 or more, got \(volume)")
        }
        switch entry.sensitivity {
        case nil: break
        case .string("low")?: rule.sensitivity = 0.5
        case .string("normal")?: rule.sensitivity = 1
        case .string("high")?: rule.sensitivity = 2
        case .number(let value)? where value > 0 && value <= 10: rule.sensitivity = value
        case let other?:
            throw DashbriefError(
                .configuration, "\(path).sensitivity: low, normal, high or a number in (0, 10], got \(other)")
        }
        if let day = entry.muteUntil {
            guard case .day = try? AsOf.parse(day) else {
                throw DashbriefError(.configuration, "\(path).mute_until: \"\(day)\" is not a date (YYYY-MM-DD)")
            }
            rule.muteUntil = day
        }
        return rule
    }

    private static func url(_ text: String, name: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
        else {
            throw DashbriefError(.configuration, "\(name): \"\(text)\" is not an http(s) URL")
        }
        return url
    }

    private static func positive(_ value: Int, _ name: String) throws -> Int {
        guard value >= 1 else { throw DashbriefError(.configuration, "\(name): must be at least 1, got \(value)") }
        return value
    }

    private static func positive(_ value: Double, _ name: String) throws -> Double {
        guard value > 0, value.isFinite else {
            throw DashbriefError(.configuration, "\(name): must be a positive number of seconds, got \(value)")
        }
        return value
    }
}
