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
    /// Recommendations may ask what caused something ("find what caused the spike"); other
    /// sections may not assert a cause.
    public var allowsCausalQuestions: Bool

    public init(facts: [NarrativeFact], allowsCausalQuestions: Bool = false) {
        self.facts = Dictionary(facts.map { ($0.alias, $0) }, uniquingKeysWith: { first, _ in first })
        self.allowsCausalQuestions = allowsCausalQuestions
    }

    /// Why a statement or section was rejected. `reason` is a fixed phrase, safe to show readers;
    /// `detail` quotes the model's offending text and goes to logs only, so that nothing the model
    /// invented reaches a report, not even through the footer.
    public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public let detail: String

        init(_ reason: String, _ detail: String = "") {
            self.reason = reason
            self.detail = detail
        }

        public var description: String { detail.isEmpty ? reason : "\(reason) (\(detail))" }
    }

    /// Longest statement accepted, in characters.
    public static let maximumLength = 400

    /// The statements as the report keeps them (citations as finding ids), or why they fail.
    public func check(_ statements: [DraftStatement]) -> Result<[NarrativeStatement], Rejection> {
        guard !statements.isEmpty else { return .failure(Rejection("the model left the section empty")) }
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
        // One line of plain prose: no line breaks that could fake a section, no compatibility
        // forms of digits (fullwidth, superscript) that could hide a number.
        let text = statement.text.precomposedStringWithCompatibilityMapping
            .components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }.joined(separator: " ")
        guard !text.isEmpty else { return .failure(Rejection("an empty statement")) }
        guard text.count <= Self.maximumLength else { return .failure(Rejection("a statement too long", text)) }
        var cited: [NarrativeFact] = []
        for alias in statement.cites {
            guard let fact = facts[alias.trimmingCharacters(in: .whitespaces)] else {
                return .failure(Rejection("an unknown finding id", alias))
            }
            cited.append(fact)
        }
        guard !cited.isEmpty else { return .failure(Rejection("a statement that cites no finding", text)) }
        let lowered = text.lowercased()
        if let link = Claims.link(in: lowered) { return .failure(Rejection("a link", link)) }
        var rest = text
        // Aliases written into the text are citations, not claims.
        rest.replace(/\b(?:F\d+|R)\b/, with: " ")

        // Dates: ISO, then "Nov 16" / "16 November", then weekdays.
        let dates = Set(cited.flatMap(\.dates))
        for match in rest.matches(of: /\d{4}-\d{2}-\d{2}/) where !dates.contains(String(match.output)) {
            return .failure(Rejection("a date not in the cited findings", String(match.output)))
        }
        rest.replace(/\d{4}-\d{2}-\d{2}/, with: " ")
        if let bad = Claims.monthDays(in: rest).first(where: { !Claims.matchesMonthDay($0.month, $0.day, dates) }) {
            return .failure(Rejection("a date not in the cited findings", bad.text))
        }
        rest = Claims.removingMonthDays(rest)
        for weekday in Claims.weekdays(in: rest) where !Claims.matchesWeekday(weekday, dates) {
            return .failure(Rejection("a weekday not in the cited findings", weekday))
        }

        // Numbers: only ASCII digits the check can read, as the cited facts print them.
        if let odd = Claims.unreadableNumber(in: rest) {
            return .failure(Rejection("a number written in a form the check cannot read", odd))
        }
        if let word = Claims.numberWord(in: rest.lowercased()) {
            return .failure(Rejection("a number in words", word))
        }
        let printed = cited.flatMap { fact in fact.numbers.compactMap(Claims.parse).map { (fact, $0) } }
        var changeDirections: Set<Int> = []
        for number in Claims.numbers(in: rest) {
            if number.isScaled || number.isCurrency {
                return .failure(Rejection("a number not in the findings", number.text))
            }
            let matches = printed.filter { Claims.matches(number, printed: $0.1) }
            guard !matches.isEmpty else { return .failure(Rejection("a number not in the findings", number.text)) }
            // A written sign must be the sign of the change it copies.
            if number.sign != 0 {
                let signed = matches.filter { $0.1.sign != 0 }
                guard signed.contains(where: { $0.1.sign == number.sign }) else {
                    return .failure(Rejection("a sign that contradicts the cited finding", number.text))
                }
            }
            for (fact, value) in matches where value.isPercent && fact.changeTexts.contains(value.text) {
                changeDirections.insert(fact.direction)
            }
        }
        let lowerRest = rest.lowercased()
        for (word, ratio) in Claims.multiples where Claims.containsWord(word, in: lowerRest) {
            let ratios = cited.compactMap(\.ratio)
            guard ratios.contains(where: { abs($0 / ratio - 1) <= 0.15 }) else {
                return .failure(Rejection("a multiple that does not match the cited findings", word))
            }
        }

        // Direction: each direction word needs a cited finding going that way, and a change copied
        // from a finding must not be told the other way.
        let findingFacts = cited.filter { $0.findingID != nil }
        let words = Claims.directionWords(in: lowerRest)
        // Facts without a change (correlations, the report) say nothing about direction.
        let directions = Set(findingFacts.map(\.direction)).subtracting([0])
        for word in words where !directions.contains(word) && !directions.isEmpty {
            return .failure(Rejection("a direction that contradicts the cited finding"))
        }
        if words.count == 1, let word = words.first, changeDirections.contains(-word), !changeDirections.contains(word)
        {
            return .failure(Rejection("a direction that contradicts the cited finding"))
        }
        // Causes: the statistics establish none. A correlation is never a cause; elsewhere a
        // statement may not assert one (recommendations may ask "what caused it").
        if findingFacts.contains(where: \.isCorrelation),
            let phrase = Claims.causalPhrase(in: lowered, correlation: true)
        {
            return .failure(Rejection("causal wording about a correlation", phrase))
        }
        if !allowsCausalQuestions, let phrase = Claims.causalPhrase(in: lowered) {
            return .failure(Rejection("a cause the findings do not establish", phrase))
        }
        return .success(NarrativeStatement(text, citing: findingFacts.compactMap(\.findingID)))
    }
}
