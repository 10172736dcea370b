import Foundation

/// The product's one number formatter: reports, explore views and (soon) the LLM prompt print
/// numbers through it. Locale-independent, so that output reads the same on every machine and
/// golden files stay byte-stable.
public enum NumberFormatting {
    /// 12345.678 → "12,346"; 42 → "42"; 12.345 → "12.3"; 0.4567 → "0.457".
    public static func value(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 || value.rounded() == value ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return grouped(value, decimals: decimals)
    }

    /// A value with its unit: "38.2%" for percents, "1.10" for ratios, else `value(_:)`.
    public static func value(_ value: Double, unit: String) -> String {
        switch unit {
        case "percent": return grouped(value, decimals: 1) + "%"
        case "ratio", "correlation": return grouped(value, decimals: 2)
        default: return self.value(value)
        }
    }

    /// A value that may be missing, for table cells: "–" when nil or not finite.
    public static func cell(_ value: Double?, unit: String = "count") -> String {
        guard let value, value.isFinite else { return "–" }
        return self.value(value, unit: unit)
    }

    /// A difference with its sign, as `value(_:unit:)` prints it: 82.46 → "+82.5", -300 → "-300".
    /// For a breakdown value's part in a total's change, where signs matter (a value can move
    /// against its total).
    public static func signed(_ difference: Double, unit: String = "count") -> String {
        guard difference.isFinite else { return "n/a" }
        let text = value(abs(difference), unit: unit)
        return (difference < 0 && text.contains(where: { $0.isNumber && $0 != "0" }) ? "-" : "+") + text
    }

    /// Percentage points without a sign, to 1 decimal, or 2 when the change they are part of
    /// (`scale`) is under half a point: 0.8 → "0.8", and 0.04 of a 0.3-point change → "0.04".
    public static func points(_ points: Double, scale: Double) -> String {
        guard points.isFinite else { return "n/a" }
        return grouped(abs(points), decimals: abs(scale) >= 0.5 ? 1 : 2)
    }

    /// A relative change as a signed percentage: 0.1234 → "+12.3%", -0.5 → "-50.0%". For tables
    /// and parentheses; beside a verb that carries the direction use `magnitude(_:)`.
    public static func change(_ change: Double) -> String {
        guard change.isFinite else { return "n/a" }
        let text = magnitudeDigits(change)
        return (change < 0 && text != "0.0" ? "-" : "+") + text + "%"
    }

    /// A relative change without its sign, for prose whose verb says the direction: -0.372 →
    /// "37.2%", so that a sentence reads "fell 37.2%", never "fell -37.2%".
    public static func magnitude(_ change: Double) -> String {
        guard change.isFinite else { return "n/a" }
        return magnitudeDigits(change) + "%"
    }

    private static func magnitudeDigits(_ change: Double) -> String { grouped(abs(change) * 100, decimals: 1) }

    /// `value` as C's `%.1f` writes it, the exact binary value rounded (chart coordinates). By
    /// `vsnprintf` itself: Foundation's `String(format:)` reaches the same through CoreFoundation's
    /// formatter and dynamic casts of its arguments, which took most of a large HTML report's
    /// rendering.
    static func oneDecimal(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let written = withVaList([value]) { vsnprintf(buffer.baseAddress, buffer.count, "%.1f", $0) }
            guard written >= 0, Int(written) < buffer.count else { return String(format: "%.1f", value) }
            return String(
                decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: Int(written)), as: UTF8.self)
        }
    }

    /// `value` with `decimals` decimals and thousands separators: 1234.5 → "1,234.50" (2 decimals).
    public static func grouped(_ value: Double, decimals: Int) -> String {
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
