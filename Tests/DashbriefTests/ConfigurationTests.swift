import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

@Suite struct ConfigurationTests {
    func directory(env: String? = nil, config: String? = nil) throws -> URL {
        let directory = try TestPaths.temporaryDirectory()
        if let env { try env.write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8) }
        if let config {
            try config.write(to: directory.appendingPathComponent("dashbrief.json"), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func defaults_areTheSeedsDashboardsAndChannels() throws {
        let configuration = try Configuration.resolve(environment: [:], workingDirectory: try directory())
        #expect(
            configuration.dashboards == [
                .init(name: "Marketing Dashboard", channel: "marketing"),
                .init(name: "Product Dashboard", channel: "product"),
            ])
        #expect(configuration.posthogBaseURL.absoluteString == "https://us.posthog.com")
        #expect(configuration.dailyDays == 14)
        #expect(configuration.weeklyDays == 28)
        #expect(configuration.posthogAPIKey == nil)
    }

    @Test func layers_environmentOverDotEnvOverConfigFileOverDefaults() throws {
        let workingDirectory = try directory(
            env: "POSTHOG_PROJECT_ID=from-dotenv\nPOSTHOG_BASE_URL=https://eu.posthog.com\n",
            config:
                #"{"posthog": {"project_id": "from-file", "base_url": "https://posthog.example.com"}, "daily_days": 7}"#
        )
        let configuration = try Configuration.resolve(
            environment: ["POSTHOG_PROJECT_ID": "from-environment"], workingDirectory: workingDirectory)
        #expect(configuration.posthogProjectID == "from-environment")
        #expect(configuration.posthogBaseURL.absoluteString == "https://eu.posthog.com")
        #expect(configuration.dailyDays == 7)
    }

    @Test func flags_winOverEverything() throws {
        let workingDirectory = try directory(env: "DASHBRIEF_SNAPSHOT=/from/dotenv\n")
        let configuration = try Configuration.resolve(
            overrides: .init(snapshotDirectory: URL(fileURLWithPath: "/from/flag")),
            environment: ["DASHBRIEF_SNAPSHOT": "/from/environment"], workingDirectory: workingDirectory)
        #expect(configuration.snapshotDirectory?.path == "/from/flag")
    }

    @Test func seedVariables_renameDashboardsAndPickChannels() throws {
        let configuration = try Configuration.resolve(
            environment: [
                "MARKETING_DASHBOARD_NAME": "Acquisition", "MARKETING_CHANNEL_ID": "C0MARKET",
                "PRODUCT_DASHBOARD_NAME": "Engagement", "PRODUCT_CHANNEL_ID": "#product-analytics",
                "OPENAI_API_KEY": "sk-test", "SLACK_BOT_TOKEN": "xoxb-test",
            ], workingDirectory: try directory())
        #expect(
            configuration.dashboards == [
                .init(name: "Acquisition", channel: "C0MARKET"),
                .init(name: "Engagement", channel: "#product-analytics"),
            ])
        #expect(configuration.openAIAPIKey == "sk-test")
        #expect(configuration.slackBotToken == "xoxb-test")
    }

    @Test func badBaseURL_namesTheVariable() throws {
        let error = #expect(throws: DashbriefError.self) {
            try Configuration.resolve(
                environment: ["POSTHOG_BASE_URL": "us.posthog.com"], workingDirectory: try directory())
        }
        #expect(error?.message == "POSTHOG_BASE_URL: \"us.posthog.com\" is not an http(s) URL")
    }

    @Test func badConfigFile_namesFileAndField() throws {
        let workingDirectory = try directory(config: #"{"thresholds": {"warning_change": "high"}}"#)
        let error = #expect(throws: DashbriefError.self) {
            try Configuration.resolve(environment: [:], workingDirectory: workingDirectory)
        }
        #expect(
            error?.message.hasSuffix("dashbrief.json: thresholds.warning_change: expected a number, found a string")
                == true, "\(error?.message ?? "")")
    }

    @Test func inconsistentThresholds_areRejected() throws {
        let workingDirectory = try directory(
            config: #"{"thresholds": {"warning_change": 0.5, "critical_change": 0.2}}"#)
        #expect(throws: DashbriefError.self) {
            try Configuration.resolve(environment: [:], workingDirectory: workingDirectory)
        }
    }

    @Test func explicitEnvFileThatDoesNotExist_isAnError() throws {
        #expect(throws: DashbriefError.self) {
            try Configuration.resolve(
                overrides: .init(envFile: URL(fileURLWithPath: "/nonexistent/.env")), environment: [:],
                workingDirectory: try directory())
        }
    }
}

@Suite struct DotEnvTests {
    @Test func parsesQuotesExportsAndComments() throws {
        let values = try DotEnv.parse(
            """
            # PostHog
            export POSTHOG_API_KEY="phx_abc"
            POSTHOG_BASE_URL=https://us.posthog.com/api  # Or your instance URL
            MARKETING_CHANNEL_ID='marketing'
            EMPTY=

            """, source: ".env")
        #expect(
            values == [
                "POSTHOG_API_KEY": "phx_abc", "POSTHOG_BASE_URL": "https://us.posthog.com/api",
                "MARKETING_CHANNEL_ID": "marketing", "EMPTY": "",
            ])
    }

    @Test func malformedLine_namesFileAndLine() {
        let error = #expect(throws: DashbriefError.self) { try DotEnv.parse("A=1\nnot a pair\n", source: "/x/.env") }
        #expect(error?.message == "/x/.env:2: expected KEY=value")
    }
}

@Suite struct ClosestNamesTests {
    @Test func typos_andSubstrings_rankFirst() {
        let names = ["Marketing Dashboard", "Product Dashboard", "Growth KPIs", "Support queue"]
        #expect(ClosestNames.rank("marketing", among: names).first == "Marketing Dashboard")
        #expect(ClosestNames.rank("Prodcut Dashboard", among: names).first == "Product Dashboard")
        #expect(ClosestNames.rank("", among: []).isEmpty)
    }
}
