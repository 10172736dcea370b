/// Ranks names by how close they are to what someone typed, for "did you mean" hints.
enum ClosestNames {
    /// Names sorted by edit distance to `query` (case-insensitive); a name containing the query,
    /// or contained in it, ranks first.
    static func rank(_ query: String, among names: [String]) -> [String] {
        let target = Array(query.lowercased())
        return names.map { name -> (name: String, score: Int) in
            let candidate = Array(name.lowercased())
            let contains = String(candidate).contains(String(target)) || String(target).contains(String(candidate))
            return (name, contains ? 0 : distance(target, candidate))
        }
        .sorted { ($0.score, $0.name) < ($1.score, $1.name) }
        .map(\.name)
    }

    /// Levenshtein distance, O(m·n) time and O(n) memory.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
