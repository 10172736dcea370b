import Foundation

/// A statement the model wrote, before it is checked: its text and the fact aliases it cites.
public struct DraftStatement: Sendable, Equatable {
    public var text: String
    public var cites: [String]

    public init(text: String, cites: [String]) {
        self.text = text
        self.cites = cites
    }
}

/// Checks that a model's statements say only what the findings say: every number, date and
/// weekday is one a cited fact prints (at its printed rounding, or rounded further), "doubled" and
/// "halved" match the cited ratio, direction words agree with the cited change, correlations are
/// never worded as causes, and every citation exists. A section passes only if every statement
/// does; otherwise the template writes it, and the reason is said in the report's footer.
public struct ClaimChecker: Sendable {
    public let facts: [String: NarrativeFact]

    public init(facts: [NarrativeFact]) {
        self.facts = Dictionary(facts.map { ($0.alias, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Why a statement or section was rejected, in words for the footer.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The statements as the report keeps them (citations as finding ids), or why they fail.
    public func check(_ statements: [DraftStatement]) -> Result<[NarrativeStatement], Rejection> {
        guard !statements.isEmpty else { return .failure(Rejection(reason: "the model left the section empty")) }
        var checked: [NarrativeStatement] = []
        for statement in statements {
            switch check(statement) {
            case .success(let good): checked.append(good)
            case .failure(let rejection): return .failure(rejection)
            }
        }
        return .success(checked)
    }

    public func check(_ statement: DraftStatement) -> Result<NarrativeStatement, Rejection> {
        let text = statement.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(Rejection(reason: "an empty statement")) }
        var cited: [NarrativeFact] = []
        for alias in statement.cites {
            guard let fact = facts[alias.trimmingCharacters(in: .whitespaces)] else {
                return .failure(Rejection(reason: "an unknown finding id (\(alias))"))
            }
            cited.append(fact)
        }
        var rest = text
        // Aliases written into the text are citations, not claims.
        rest.replace(/\b(?:F\d+|R)\b/, with: " ")

        // Dates: ISO, then "Nov 16" / "16 November", then weekdays.
        let dates = Set(cited.flatMap(\.dates))
        for match in rest.matches(of: /\d{4}-\d{2}-\d{2}/) where !dates.contains(String(match.output)) {
            return .failure(Rejection(reason: "a date not in the cited findings (\(match.output))"))
        }
        rest.replace(/\d{4}-\d{2}-\d{2}/, with: " ")
        if let bad = Claims.monthDays(in: rest).first(where: { !Claims.matchesMonthDay($0.month, $0.day, dates) }) {
            return .failure(Rejection(reason: "a date not in the cited findings (\(bad.text))"))
        }
        rest = Claims.removingMonthDays(rest)
        for weekday in Claims.weekdays(in: rest) where !Claims.matchesWeekday(weekday, dates) {
            return .failure(Rejection(reason: "a weekday not in the cited findings (\(weekday))"))
        }

        // Numbers.
        let numbers = Claims.numbers(in: rest)
        if !numbers.isEmpty && cited.isEmpty {
            return .failure(Rejection(reason: "a number with no cited finding (\(numbers[0].text))"))
        }
        let allowed = cited.flatMap(\.numbers).compactMap(Claims.parse)
        for number in numbers where !allowed.contains(where: { Claims.matches(number, printed: $0) }) {
            return .failure(Rejection(reason: "a number not in the findings (\(number.text))"))
        }
        let lowered = rest.lowercased()
        for (word, ratio) in Claims.multiples where lowered.contains(word) {
            let ratios = cited.compactMap(\.ratio)
            guard ratios.contains(where: { abs($0 / ratio - 1) <= 0.15 }) else {
                return .failure(Rejection(reason: "\"\(word)\" does not match the cited findings"))
            }
        }

        // Direction and causation.
        let findingFacts = cited.filter { $0.findingID != nil }
        let signs = Set(findingFacts.map(\.direction))
        if signs.count == 1, let sign = signs.first, sign != 0 {
            let words = Claims.directionWords(in: lowered)
            if words.contains(-sign) && !words.contains(sign) {
                return .failure(Rejection(reason: "a direction that contradicts the cited finding"))
            }
        }
        if findingFacts.contains(where: \.isCorrelation), let phrase = Claims.causalPhrase(in: lowered) {
            return .failure(Rejection(reason: "causal wording (\"\(phrase)\") about a correlation"))
        }
        return .success(NarrativeStatement(text, citing: findingFacts.compactMap(\.findingID)))
    }
}
