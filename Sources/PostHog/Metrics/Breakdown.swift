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
    /// breakdown value `Other` is not PostHog's "other" bucket. nil when there is no breakdown.
    static func keyText(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case .array(let items):
            let parts = items.compactMap { keyText($0) }
            return parts.isEmpty ? nil : parts.joined(separator: "::")
        default: return value.description
        }
    }
}
