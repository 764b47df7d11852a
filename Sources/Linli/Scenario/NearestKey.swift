/// "Did you mean …?" suggestions: the candidate nearest to a mistyped key by
/// Levenshtein distance, offered only when it is reasonably close.
public enum NearestKey {
    /// Levenshtein edit distance (insertions, deletions, substitutions), by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: .max)
    }

    /// The distance when it is at most `limit`, else some value above `limit`:
    /// stops as soon as a whole row exceeds it (each later row is at least its
    /// row's minimum), so a long mistyped key costs a few rows per candidate,
    /// not length × length.
    static func distance(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], limit: Int) -> Int {
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[t.count]
    }

    /// The largest distance at which `word` still earns a suggestion: max(2, length/3).
    public static func threshold(for word: String) -> Int { max(2, word.unicodeScalars.count / 3) }

    /// The candidate nearest to `word` (first in `candidates` order on ties),
    /// or nil when none is within `threshold(for:)` or `word` is itself a candidate.
    /// Case differences count as edits but a case-insensitive exact match always wins.
    ///
    /// Candidates that cannot beat the best so far are skipped — by length
    /// (the distance is at least the length difference) or by stopping the
    /// distance early — so a hostile key thousands of characters long, or a
    /// file of thousands of unknown keys, is answered in linear time (the
    /// fuzzer found 10 s for one 4,000-character `--set` key before).
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        var best: (key: String, distance: Int)?
        let lowered = word.lowercased()
        let w = Array(word.unicodeScalars)
        let threshold = max(2, w.count / 3)
        // An ASCII word equals a candidate but for case only at the same length
        // (no scalar lowercases to several ASCII ones), which skips most lowercasing.
        let wordIsASCII = word.utf8.allSatisfy { $0 < 0x80 }
        for candidate in candidates {
            if candidate == word { return nil }
            // Only a strictly smaller distance replaces the best (first wins ties).
            let limit = best.map { $0.distance - 1 } ?? threshold
            let length = candidate.unicodeScalars.count
            if !wordIsASCII || length == w.count, candidate.lowercased() == lowered {
                if limit >= 0 { best = (candidate, 0) }
                continue
            }
            guard abs(length - w.count) <= limit else { continue }
            let c = Array(candidate.unicodeScalars)
            let d = distance(w, c, limit: limit)
            if d <= limit { best = (candidate, d) }
        }
        return best?.key
    }

    /// "; did you mean `x`?" or "" when nothing is close.
    static func hint<S: Sequence>(_ word: String, _ candidates: S) -> String where S.Element == String {
        nearest(to: word, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}
