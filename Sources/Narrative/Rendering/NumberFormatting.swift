/// Locale-independent number formatting, so that reports read the same on every machine and
/// golden files stay byte-stable.
enum NumberFormatting {
    /// 12345.678 → "12,346"; 42 → "42"; 12.345 → "12.3"; 0.4567 → "0.457".
    static func value(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 || value.rounded() == value ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return grouped(value, decimals: decimals)
    }

    /// A value with its unit: "38.2%" for percents, "1.10" for ratios, else `value(_:)`.
    static func value(_ value: Double, unit: String) -> String {
        switch unit {
        case "percent": return grouped(value, decimals: 1) + "%"
        case "ratio", "correlation": return grouped(value, decimals: 2)
        default: return self.value(value)
        }
    }

    /// A relative change as a signed percentage: 0.1234 → "+12.3%", -0.5 → "-50.0%".
    static func change(_ change: Double) -> String {
        guard change.isFinite else { return "n/a" }
        let text = grouped(abs(change) * 100, decimals: 1)
        return (change < 0 && text != "0.0" ? "-" : "+") + text + "%"
    }

    static func grouped(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Beyond 2^53 digit grouping means nothing (and UInt64 cannot hold the number): scientific.
        guard scaled < 9_007_199_254_740_992 else { return String(format: "%.3e", value) }
        let negative = value < 0 && scaled != 0
        let integer = UInt64(scaled / scale)
        let fraction = UInt64(scaled) - integer * UInt64(scale)
        let digits = String(integer)
        var groupedDigits = ""
        for (offset, character) in digits.reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { groupedDigits.append(",") }
            groupedDigits.append(character)
        }
        var text = String(groupedDigits.reversed())
        if decimals > 0 {
            var fractionText = String(fraction)
            while fractionText.count < decimals { fractionText = "0" + fractionText }
            text += "." + fractionText
        }
        return (negative ? "-" : "") + text
    }
}
