import Foundation

/// PostHog's breakdown sentinels and how people should see them.
enum Breakdown {
    static let other = "$$_posthog_breakdown_other_$$"
    static let none = "$$_posthog_breakdown_null_$$"
    // Numeric breakdowns use the largest safe integers as sentinels.
    static let otherNumber = 9_007_199_254_740_991.0
    static let noneNumber = 9_007_199_254_740_990.0

    /// The display form of a breakdown value: `Other`, `None`, the value, or list items joined
    /// with `::` (multi-property breakdowns). nil when there is no breakdown.
    static func display(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case .string(other): return "Other"
        case .string(none): return "None"
        case .number(otherNumber): return "Other"
        case .number(noneNumber): return "None"
        case .array(let items):
            let parts = items.compactMap { display($0) }
            return parts.isEmpty ? nil : parts.joined(separator: "::")
        default: return value.description
        }
    }

    /// The raw value as text, for identity: sentinels stay as PostHog sends them, so a literal
    /// breakdown value `Other` is not PostHog's "other" bucket. A one-element list is its element
    /// (funnels send `["Chrome"]`); a multi-property value is its JSON text (`["Chrome",null]`), so
    /// no two lists share a key. nil when there is no breakdown.
    static func keyText(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case .array(let items) where items.count == 1:
            // PostHog sends funnel breakdown values as one-element lists: the element is the value.
            return keyText(items[0])
        case .array:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? value.description
        default: return value.description
        }
    }
}
