import DashbriefTestSupport
import Foundation
import Testing

@testable import Dashbrief

/// The hybrid narrative end to end, against a loopback OpenAI-compatible server: what the model
/// writes reaches the reader only where every number and claim checks out against the findings.
@Suite struct NarrationTests {
    /// A grounded answer for the demo's Marketing daily alert (facts F1–F6, see `--show-prompt`).
    static func answer(
        headline: String =
            #"{"text": "Newsletter signups rose 315.9% on Friday 2026-11-20: 108 where 26.0 was expected.", "cites": ["F1"]}"#,
        whatChanged: String =
            #"{"text": "Pageviews fell 40.4% on 2026-11-18, to 3,617 against 6,064 expected.", "cites": ["F2"]}, {"text": "Total signups rose 31.6% on Nov 20, driven by newsletter (+82.2 of +105).", "cites": ["F3"]}"#,
        recommendations: String =
            #"{"text": "Check the signup_started → Completed signup step: overall conversion fell 19.7%, to 4.2%.", "cites": ["F5"]}"#
    ) -> String {
        #"{"headline": [\#(headline)], "what_changed": [\#(whatChanged)], "recommendations": [\#(recommendations)]}"#
    }

    static func engine(
        _ fake: FakeOpenAI, timeout: Duration = .seconds(30), total: Duration = .seconds(60), cache: URL? = nil
    ) throws -> Engine {
        var configuration = Configuration(snapshotDirectory: TestPaths.demoSnapshot)
        configuration.llm = LLMSettings(
            baseURL: fake.baseURL, apiKey: "sk-test-secret-value", requestTimeout: timeout, totalTimeout: total)
        var engine = try Engine(configuration: configuration)
        engine.narration.cacheDirectory = try cache ?? TestPaths.temporaryDirectory("dashbrief-llm-cache")
        return engine
    }

    static func daily(_ engine: Engine) async throws -> Report {
        try await engine.dailyReport(dashboard: "Marketing Dashboard")
    }

    /// Every format of the report, for "no invented number anywhere" checks.
    static func everyFormat(_ report: Report) throws -> [String] {
        try ReportFormat.allCases.map { try report.rendered(as: $0) }
    }

    @Test func aGroundedAnswer_isTheNarrative() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.answer(Self.answer()) }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .llm)
        #expect(report.narrative.sections.allSatisfy { $0.source == .llm && $0.replacedBecause == nil })
        #expect(report.narrative.headline.hasPrefix("Newsletter signups rose 315.9%"))
        #expect(report.narrative.sections[1].statements[0].citations == ["anomaly:2001:s=0:2026-11-18"])
        let text = try report.rendered(as: .text)
        #expect(text.contains("Pageviews fell 40.4% on 2026-11-18"))
        #expect(!text.contains("AI text replaced"))
        // The request: the model, JSON schema output, the key as a bearer token, never elsewhere.
        let request = try #require(fake.requests.first)
        #expect(request.model == "gpt-4o-mini")
        #expect(request.responseFormat == "json_schema")
        #expect(request.authorization == "Bearer sk-test-secret-value")
        #expect(!request.user.contains("sk-test") && !request.system.contains("sk-test"))
        #expect(try Self.everyFormat(report).allSatisfy { !$0.contains("sk-test-secret-value") })
    }

    @Test(arguments: [
        (
            Self.answer(whatChanged: #"{"text": "Pageviews fell 57% on 2026-11-18.", "cites": ["F2"]}"#),
            "what_changed", "a number not in the findings", "57%"
        ),
        (
            Self.answer(whatChanged: #"{"text": "Pageviews fell by 4,200 views.", "cites": []}"#),
            "what_changed", "a statement that cites no finding", "4,200"
        ),
        (
            Self.answer(recommendations: #"{"text": "Fix the step that lost 31.5% of signups.", "cites": ["F99"]}"#),
            "recommendations", "an unknown finding id", "31.5%"
        ),
        (
            Self.answer(headline: #"{"text": "Pageviews rose 40.4% on 2026-11-18.", "cites": ["F2"]}"#),
            "headline", "a direction that contradicts the cited finding", "Pageviews rose"
        ),
        (
            Self.answer(whatChanged: #"{"text": "Pageviews fell 40.4% on 2026-11-19.", "cites": ["F2"]}"#),
            "what_changed", "a date not in the cited findings", "40.4% on 2026-11-19"
        ),
        (
            Self.answer(headline: #"{"text": "Newsletter signups tripled on Friday.", "cites": ["F1"]}"#),
            "headline", "a multiple that does not match the cited findings", "tripled"
        ),
        (
            Self.answer(headline: #"{"text": "Newsletter signups rose 315.9% on Thursday.", "cites": ["F1"]}"#),
            "headline", "a weekday not in the cited findings", "Thursday"
        ),
    ])
    func aSectionThatStatesWhatTheFindingsDoNot_isWrittenByTemplates(
        answer: String, section: String, reason: String, invented: String
    ) async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.answer(answer) }
        let report = try await Self.daily(try Self.engine(fake))
        let replaced = try #require(report.narrative.sections.first { $0.key.rawValue == section })
        #expect(replaced.source == .template)
        #expect(replaced.replacedBecause == reason)
        #expect(report.narrative.source == .mixed)
        // The footer says what was replaced and why; the invented claim reaches no format.
        let text = try report.rendered(as: .text)
        #expect(text.contains("AI text replaced in \(replaced.title): \(reason)."), "\(text)")
        for output in try Self.everyFormat(report) {
            #expect(!output.contains(invented), "\(invented) in \(output.prefix(200))")
        }
    }

    @Test(arguments: [
        ("not json at all", "the model's answer was not the JSON asked for"),
        (#"{"headline": "#, "the model's answer was not the JSON asked for"),
    ])
    func aMalformedAnswer_fallsBackToTemplatesWholly(content: String, reason: String) async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.answer(content) }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .template)
        #expect(report.narrative.fallbackReason == reason)
        #expect(try report.rendered(as: .text).contains("Narrative written by templates: \(reason)."))
    }

    @Test func aCutOffOrRefusedAnswer_isAFailure() async throws {
        for response in [
            FakeOpenAI.answer(Self.answer(), finishReason: "length"),
            FakeOpenAI.answer("", refusal: "I can't help with that."),
        ] {
            let fake = try FakeOpenAI { _ in response }
            let report = try await Self.daily(try Self.engine(fake))
            #expect(report.narrative.source == .template)
        }
    }

    @Test func aServerWithoutJSONSchema_isAskedAgainInJSONMode() async throws {
        let fake = try FakeOpenAI { request in
            request.responseFormat == "json_schema"
                ? FakeOpenAI.error(400, "response_format json_schema is not supported by this server")
                : FakeOpenAI.answer(Self.answer())
        }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .llm)
        #expect(fake.requests.map(\.responseFormat) == ["json_schema", "json_object"])
        #expect(fake.requests[1].system.contains("JSON Schema"))
    }

    @Test func aRejectedKey_isNotRetried_andTheReasonNamesTheVariable() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.error(401, "Incorrect API key provided") }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .template)
        #expect(fake.requests.count == 1)
        let reason = try #require(report.narrative.fallbackReason)
        #expect(reason.contains("401") && reason.contains("OPENAI_API_KEY"), "\(reason)")
        #expect(!reason.contains("sk-test-secret-value"))
    }

    @Test func throttledOnce_thenAnswered_isTheModelsNarrative() async throws {
        let fake = try FakeOpenAI { request in
            request.index == 0
                ? FakeOpenAI.error(429, "Rate limit reached", headers: ["Retry-After": "0"])
                : FakeOpenAI.answer(Self.answer())
        }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .llm)
        #expect(fake.requests.count == 2)
    }

    @Test func serverErrors_areRetriedTwice_thenTemplatesWrite() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.error(500, "The server had an error", headers: ["Retry-After": "0"])
        }
        let report = try await Self.daily(try Self.engine(fake))
        #expect(report.narrative.source == .template)
        #expect(fake.requests.count == 3)
        #expect(report.narrative.fallbackReason?.contains("500") == true)
    }

    @Test func aServerSlowerThanTheLimit_leavesTheNarrativeToTemplates() async throws {
        let fake = try FakeOpenAI { _ in
            var slow = FakeOpenAI.answer(Self.answer())
            slow.delay = .seconds(3)
            return slow
        }
        // The server would answer in 3 s, well within the 5 s request limit: only the 1 s limit on
        // the whole narrative can make the templates write it. (Wall time is not asserted: the
        // parallel suite starves the cooperative pool on 2 cores.)
        let report = try await Self.daily(try Self.engine(fake, timeout: .seconds(5), total: .seconds(1)))
        #expect(report.narrative.source == .template)
        #expect(report.narrative.fallbackReason == "no answer within 1 s")
    }

    @Test func answersAreCached_andNoCacheOrNoAIAsksAccordingly() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.answer(Self.answer()) }
        let cache = try TestPaths.temporaryDirectory("dashbrief-llm-cache")
        var engine = try Self.engine(fake, cache: cache)
        let first = try await Self.daily(engine)
        let second = try await Self.daily(engine)
        #expect(fake.requests.count == 1)
        #expect(try first.rendered(as: .json) == second.rendered(as: .json))
        engine.narration.cache = false
        _ = try await Self.daily(engine)
        #expect(fake.requests.count == 2)
        engine.narration.ai = false
        let templated = try await Self.daily(engine)
        #expect(fake.requests.count == 2)
        #expect(templated.narrative.source == .template)
        #expect(templated.narrative.fallbackReason == nil)  // not asked: nothing to explain
    }

    @Test func theCLI_narratesThroughAnyOpenAICompatibleServer_andShowPromptCallsNone() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.answer(Self.answer()) }
        let environment = [
            "OPENAI_BASE_URL": fake.baseURL.absoluteString, "OPENAI_MODEL": "llama3.1:8b",
            "DASHBRIEF_CACHE_DIR": try TestPaths.temporaryDirectory().path,
        ]
        let prompt = try await CommandRunner.run(["daily", "--show-prompt"], environment: environment)
        #expect(prompt.status == 0, "\(prompt.standardError)")
        #expect(prompt.standardOutput.hasPrefix("# system\n"))
        #expect(prompt.standardOutput.contains("tokens (estimated: UTF-8 bytes ÷ 3)"))
        #expect(fake.requests.isEmpty)

        let daily = try await CommandRunner.run(["daily", "--format", "json"], environment: environment)
        #expect(daily.status == 0, "\(daily.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(daily.standardOutput.utf8)) as? [String: Any]
        let narrative = try #require(report?["narrative"] as? [String: Any])
        #expect(narrative["source"] as? String == "llm")
        #expect(fake.requests.map(\.model) == ["llama3.1:8b"])
        #expect(fake.requests.first?.authorization == nil)  // a local server needs no key

        let templated = try await CommandRunner.run(["daily", "--no-ai", "--format", "json"], environment: environment)
        #expect(templated.standardOutput.contains(#""source" : "template""#))
        #expect(fake.requests.count == 1)
    }

    @Test func theKey_goesOnlyOverHTTPSOrToThisMachine() async throws {
        var configuration = Configuration(snapshotDirectory: TestPaths.demoSnapshot)
        configuration.llm = LLMSettings(baseURL: URL(string: "http://models.example.invalid/v1")!, apiKey: "sk-test-x")
        var engine = try Engine(configuration: configuration)
        engine.narration.cacheDirectory = try TestPaths.temporaryDirectory()
        let report = try await Self.daily(engine)
        #expect(report.narrative.source == .template)
        #expect(report.narrative.fallbackReason?.contains("OPENAI_API_KEY is sent only over https") == true)
        #expect(ChatCompletionsClient.mayCarryKey(URL(string: "https://api.openai.com/v1")!))
        #expect(ChatCompletionsClient.mayCarryKey(URL(string: "http://127.0.0.1:11434/v1")!))
        #expect(!ChatCompletionsClient.mayCarryKey(URL(string: "http://10.0.0.5:8000/v1")!))
    }

    @Test func theServersOwnErrorText_staysOutOfTheReport() async throws {
        let fake = try FakeOpenAI { _ in FakeOpenAI.error(401, "Incorrect API key provided: sk-test-...alue") }
        let report = try await Self.daily(try Self.engine(fake))
        for output in try Self.everyFormat(report) { #expect(!output.contains("Incorrect API key")) }
    }

    @Test func theCache_isPerServer() async throws {
        let cache = try TestPaths.temporaryDirectory("dashbrief-llm-cache")
        let first = try FakeOpenAI { _ in FakeOpenAI.answer(Self.answer()) }
        let second = try FakeOpenAI { _ in FakeOpenAI.answer(Self.answer()) }
        _ = try await Self.daily(try Self.engine(first, cache: cache))
        _ = try await Self.daily(try Self.engine(second, cache: cache))
        #expect(first.requests.count == 1 && second.requests.count == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.appendingPathComponent(files[0]).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
