/// "Did you mean …?" suggestions: the candidate nearest to a mistyped key by
/// Levenshtein distance, offered only when it is reasonably close.
public enum NearestKey {
    /// Levenshtein edit distance (insertions, deletions, substitutions), by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[t.count]
    }

    /// The largest distance at which `word` still earns a suggestion: max(2, length/3).
    public static func threshold(for word: String) -> Int { max(2, word.unicodeScalars.count / 3) }

    /// The candidate nearest to `word` (first in `candidates` order on ties),
    /// or nil when none is within `threshold(for:)` or `word` is itself a candidate.
    /// Case differences count as edits but a case-insensitive exact match always wins.
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        var best: (key: String, distance: Int)?
        let lowered = word.lowercased()
        for candidate in candidates {
            if candidate == word { return nil }
            let d = candidate.lowercased() == lowered ? 0 : distance(word, candidate)
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= threshold(for: word) else { return nil }
        return best.key
    }

    /// "; did you mean `x`?" or "" when nothing is close.
    static func hint<S: Sequence>(_ word: String, _ candidates: S) -> String where S.Element == String {
        nearest(to: word, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}
