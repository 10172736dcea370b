import Foundation

/// What the claim check looks for in a sentence: numbers, dates, weekdays, multiples, direction
/// and causal words.
enum Claims {
    struct Number: Equatable {
        let text: String
        let value: Double
        let decimals: Int
        let isPercent: Bool
        /// +1 or −1 when written with a sign, else 0.
        let sign: Int
        /// Followed by k, m, bn, thousand, million or billion.
        let isScaled: Bool
        /// Preceded by a currency symbol.
        let isCurrency: Bool
    }

    private static var numberPattern: Regex<(Substring, Substring?, Substring?, Substring, Substring?, Substring?)> {
        /([-+−])?([$€£¥])?(\d[\d,]*(?:\.\d+)?)\s?(%|percent\b|per cent\b)?\s?(k\b|m\b|bn\b|thousand\b|million\b|billion\b)?/
            .ignoresCase()
    }

    /// Numbers as written: `3,617`, `37.2%`, `-42.3 %`, `$1,200`, `3.6k`. A sign glued to a word
    /// (`Week-1`) is not a sign.
    static func numbers(in text: String) -> [Number] {
        text.matches(of: numberPattern).compactMap { match in
            var sign = 0
            if let written = match.output.1 {
                let before = text[..<match.range.lowerBound].last
                if before.map({ !($0.isLetter || $0.isNumber) }) ?? true { sign = written == "+" ? 1 : -1 }
            }
            return number(
                digits: String(match.output.3), isPercent: match.output.4 != nil, sign: sign,
                isScaled: match.output.5 != nil, isCurrency: match.output.2 != nil, text: String(match.output.0))
        }
    }

    /// A printed number (`3,617`, `+37.2%`) as value, decimals, unit and sign.
    static func parse(_ text: String) -> Number? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let match = trimmed.wholeMatch(of: numberPattern) else { return nil }
        let sign = match.output.1.map { $0 == "+" ? 1 : -1 } ?? 0
        return number(
            digits: String(match.output.3), isPercent: match.output.4 != nil, sign: sign,
            isScaled: match.output.5 != nil, isCurrency: match.output.2 != nil, text: trimmed)
    }

    private static func number(
        digits: String, isPercent: Bool, sign: Int, isScaled: Bool, isCurrency: Bool, text: String
    ) -> Number? {
        let plain = digits.filter { $0 != "," }
        guard let value = Double(plain) else { return nil }
        let decimals = plain.firstIndex(of: ".").map { plain.distance(from: $0, to: plain.endIndex) - 1 } ?? 0
        return Number(
            text: text.trimmingCharacters(in: .whitespaces), value: value, decimals: decimals, isPercent: isPercent,
            sign: sign, isScaled: isScaled, isCurrency: isCurrency)
    }

    /// A number matches a printed one when it is the printed one, or the printed one rounded to
    /// fewer decimals ("37%" for "37.2%"); signs are compared separately.
    static func matches(_ number: Number, printed: Number) -> Bool {
        guard number.isPercent == printed.isPercent, number.decimals <= printed.decimals else { return false }
        var scale = 1.0
        for _ in 0..<number.decimals { scale *= 10 }
        return abs((printed.value * scale).rounded() / scale - number.value) < 1e-9
    }

    /// A number the check cannot read: digits of another script, fractions, keycaps.
    static func unreadableNumber(in text: String) -> String? {
        for character in text where character.isNumber && !character.isASCII {
            return String(character)
        }
        return text.contains("\u{2044}") ? "⁄" : nil
    }

    static let numberWords = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "dozen", "twice",
        "thrice", "quarter", "quarters", "third", "thirds", "fifth", "tenth", "fold", "tenfold", "quadruple",
        "quadrupled", "quintupled", "double", "triple", "percent",
    ]

    /// A number in words ("forty-two", "twice", "one in four"); "one" alone is too common in prose
    /// ("a one-day drop") to count, but "one in N" is a ratio.
    static func numberWord(in lowered: String) -> String? {
        let words = lowered.split { !$0.isLetter }.map(String.init)
        if let word = words.first(where: { numberWords.contains($0) || $0.hasSuffix("fold") }) { return word }
        if lowered.contains(/\bone (in|out of) \w+/) { return "one in" }
        return nil
    }

    static func containsWord(_ word: String, in lowered: String) -> Bool {
        lowered.split { !$0.isLetter }.contains { $0 == word }
    }

    /// A URL or Markdown link in model text.
    static func link(in lowered: String) -> String? {
        for marker in ["http://", "https://", "www.", "](", "mailto:"] where lowered.contains(marker) { return marker }
        return nil
    }

    static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static var monthPattern: Regex<(Substring, Substring?, Substring?, Substring?, Substring?)> {
        /(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/
    }

    /// "Nov 16", "November 16th", "16 November" as (month 1–12, day).
    static func monthDays(in text: String) -> [(text: String, month: Int, day: Int)] {
        text.matches(of: monthPattern).compactMap { match in
            let name = (match.output.1 ?? match.output.4).map { String($0).lowercased() } ?? ""
            let dayText = match.output.2 ?? match.output.3
            guard let month = months.firstIndex(of: String(name.prefix(3))), let dayText, let day = Int(dayText)
            else { return nil }
            return (String(match.output.0), month + 1, day)
        }
    }

    static func removingMonthDays(_ text: String) -> String {
        text.replacing(monthPattern, with: " ")
    }

    static func matchesMonthDay(_ month: Int, _ day: Int, _ dates: Set<String>) -> Bool {
        dates.contains { date in
            let parts = date.split(separator: "-").compactMap { Int($0) }
            return parts.count == 3 && parts[1] == month && parts[2] == day
        }
    }

    static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    static func weekdays(in text: String) -> [String] {
        let lowered = text.lowercased()
        return weekdayNames.filter { lowered.contains($0) }
    }

    static func matchesWeekday(_ weekday: String, _ dates: Set<String>) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return dates.contains { date in
            let parts = date.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3,
                let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
            else { return false }
            return weekdayNames[calendar.component(.weekday, from: day) - 1] == weekday
        }
    }

    /// Words that claim a ratio, and the ratio.
    static let multiples: [(String, Double)] = [("doubled", 2), ("tripled", 3), ("halved", 0.5), ("half", 0.5)]

    static let rising = [
        "rose", "rise", "rises", "rising", "increase", "increased", "increasing", "grew", "grow", "grows", "growing",
        "jumped", "jump", "spiked", "climbed", "higher", "gained", "surged", "soared", "skyrocketed", "rocketed",
        "improved", "lifted", "boosted",
    ]
    static let falling = [
        "fell", "fall", "falls", "falling", "decrease", "decreased", "decreasing", "declined", "decline", "declining",
        "dropped", "drop", "drops", "lower", "slipped", "plunged", "plummeted", "tumbled", "crashed", "collapsed",
        "sank", "slumped", "tanked", "dipped", "dip", "lost", "shrank", "slid", "slide", "worsened",
    ]
    /// "Up" and "down" are directions only in these phrases: "follow up", "sign up" are not.
    static let risingPhrases = ["went up", "gone up", "is up", "was up", "were up", "are up", "moved up", "up by"]
    static let fallingPhrases = [
        "went down", "gone down", "is down", "was down", "were down", "are down", "moved down", "down by",
        "stepped down",
    ]

    /// +1 for rise words, −1 for fall words found in `lowered`.
    static func directionWords(in lowered: String) -> Set<Int> {
        let words = Set(lowered.split { !$0.isLetter }.map(String.init))
        var found: Set<Int> = []
        if !words.isDisjoint(with: rising) || risingPhrases.contains(where: lowered.contains) { found.insert(1) }
        if !words.isDisjoint(with: falling) || fallingPhrases.contains(where: lowered.contains) { found.insert(-1) }
        return found
    }

    /// Words that assert a cause. "Driven by" and "explains" are not among them: root cause by
    /// breakdown uses them for arithmetic ("driven by Safari (+4,300 of +5,100)").
    static let causal = [
        "caused", "causes", "causing", "because", "led to", "leads to", "due to", "resulted in", "results in",
        "as a result", "triggered", "thanks to", "responsible for", "owing to",
    ]
    /// About a correlation even attribution is a causal claim.
    static let correlationCausal = causal + ["drove", "drives", "driven by", "explains", "explained by"]

    static func causalPhrase(in lowered: String, correlation: Bool = false) -> String? {
        (correlation ? correlationCausal : causal).first { lowered.contains($0) }
    }
}
