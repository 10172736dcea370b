import Foundation

/// What the claim check looks for in a sentence: numbers, dates, weekdays, multiples, direction
/// and causal words.
enum Claims {
    struct Number: Equatable {
        let text: String
        let value: Double
        let decimals: Int
        let isPercent: Bool
    }

    /// Numbers as written: `3,617`, `37.2%`, `-42.3 %`, `$1,200`, `2.5x`. Signs are dropped: the
    /// direction is checked by words.
    static func numbers(in text: String) -> [Number] {
        text.matches(of: /[-+−]?[$€£]?\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b)?/).compactMap { parse(String($0.output)) }
    }

    /// A printed number (`3,617`, `+37.2%`) as value, decimals and unit.
    static func parse(_ text: String) -> Number? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let isPercent = trimmed.hasSuffix("%") || trimmed.hasSuffix("percent")
        let digits = trimmed.filter { $0.isNumber || $0 == "." }
        guard let value = Double(digits) else { return nil }
        let decimals = digits.firstIndex(of: ".").map { digits.distance(from: $0, to: digits.endIndex) - 1 } ?? 0
        return Number(text: trimmed, value: value, decimals: decimals, isPercent: isPercent)
    }

    /// A number matches a printed one when it is the printed one, or the printed one rounded to
    /// fewer decimals ("37%" for "37.2%", "3,600"-style rounding of integers is not accepted).
    static func matches(_ number: Number, printed: Number) -> Bool {
        guard number.isPercent == printed.isPercent, number.decimals <= printed.decimals else { return false }
        var scale = 1.0
        for _ in 0..<number.decimals { scale *= 10 }
        return abs((printed.value * scale).rounded() / scale - number.value) < 1e-9
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
    static let multiples: [(String, Double)] = [("doubled", 2), ("tripled", 3), ("halved", 0.5)]

    static let rising = [
        "rose", "rise", "rises", "rising", "increase", "increased", "increasing", "grew", "grow", "grows", "growing",
        "up", "jumped", "jump", "spiked", "spike", "climbed", "higher", "gained", "surged", "improved", "lifted",
    ]
    static let falling = [
        "fell", "fall", "falls", "falling", "decrease", "decreased", "decreasing", "declined", "decline", "declining",
        "dropped", "drop", "drops", "down", "lower", "slipped", "plunged", "dipped", "dip", "lost", "shrank", "slid",
        "slide",
    ]

    /// +1 for rise words, −1 for fall words found in `lowered`.
    static func directionWords(in lowered: String) -> Set<Int> {
        let words = Set(lowered.split { !$0.isLetter }.map(String.init))
        var found: Set<Int> = []
        if !words.isDisjoint(with: rising) { found.insert(1) }
        if !words.isDisjoint(with: falling) { found.insert(-1) }
        return found
    }

    static let causal = [
        "caused", "causes", "causing", "because of", "led to", "leads to", "due to", "drove", "drives", "driven by",
        "resulted in", "results in", "as a result", "triggered",
    ]

    static func causalPhrase(in lowered: String) -> String? {
        causal.first { lowered.contains($0) }
    }
}
