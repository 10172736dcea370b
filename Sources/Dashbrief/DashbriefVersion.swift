/// dashbrief's version, sent in the `User-Agent` and printed by `--version`.
public enum DashbriefVersion {
    public static let current = "0.1.0"
}
