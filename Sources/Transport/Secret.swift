/// A credential (API key, bot token). Printing it in any way (`description`, `debugDescription`,
/// `dump`, string interpolation, a containing value's description) shows `<redacted>`; only
/// `revealed` gives the value, for the one header that needs it.
public struct Secret: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    /// The credential itself. Use it only to authenticate a request.
    public var revealed: String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
