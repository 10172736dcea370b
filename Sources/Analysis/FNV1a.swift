/// FNV-1a, 64 bit, as 16 hex digits: a small hash that is the same on every platform and
/// release, for ids and file names (not for secrets).
public enum FNV1a {
    public static let standardOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    public static func hex64(_ text: String, offset: UInt64 = standardOffset) -> String {
        var hash = offset
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
