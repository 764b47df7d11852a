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
        var previous: [Int] = [], current: [Int] = []
        return distance(s, t, limit: limit, &previous, &current)
    }

    /// The same, with the two rows in caller-owned buffers (one allocation
    /// per suggestion, not per candidate).
    static func distance(_ s: [Unicode.Scalar], _ t: [Unicode.Scalar], limit: Int,
                         _ previous: inout [Int], _ current: inout [Int]) -> Int {
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        previous.removeAll(keepingCapacity: true); previous.append(contentsOf: 0...t.count)
        current.removeAll(keepingCapacity: true); current.append(contentsOf: repeatElement(0, count: t.count + 1))
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
        Candidates(candidates).nearest(to: word)
    }

    /// A fixed set of candidates prepared once (scalars, lengths, lower case),
    /// for sets asked again and again — the ~1,400 registry keys every
    /// unknown `--set` or `parameters:` key is compared with.
    public struct Candidates: Sendable {
        let keys: [String]
        let scalars: [[Unicode.Scalar]]
        let lowered: [String]
        /// Per candidate, counts of its scalars by `value % buckets`.
        let histograms: [UInt16]
        static let buckets = 64

        public init<S: Sequence>(_ candidates: S) where S.Element == String {
            keys = Array(candidates)
            scalars = keys.map { Array($0.unicodeScalars) }
            lowered = keys.map { $0.lowercased() }
            var h = [UInt16](repeating: 0, count: keys.count * Self.buckets)
            for (k, s) in scalars.enumerated() { Self.count(s, into: &h, at: k * Self.buckets) }
            histograms = h
        }

        static func count(_ s: [Unicode.Scalar], into h: inout [UInt16], at base: Int) {
            for u in s { let b = base + Int(u.value) % buckets; h[b] = h[b] &+ (h[b] == .max ? 0 : 1) }
        }

        /// A lower bound of the edit distance between the word (histogram `w`)
        /// and candidate k: the bag distance over buckets. Each edit changes
        /// at most one count up and one down, and merging scalars into
        /// buckets only cancels differences, so the bound holds.
        @inline(__always) func bagDistance(_ w: [UInt16], _ k: Int) -> Int {
            var more = 0, fewer = 0
            let base = k * Self.buckets
            for b in 0..<Self.buckets {
                let d = Int(w[b]) - Int(histograms[base + b])
                if d > 0 { more += d } else { fewer -= d }
            }
            return max(more, fewer)
        }

        /// As `NearestKey.nearest(to:in:)`.
        public func nearest(to word: String) -> String? {
            var best: (index: Int, distance: Int)?
            let loweredWord = word.lowercased()
            let w = Array(word.unicodeScalars)
            let threshold = max(2, w.count / 3)
            // An ASCII word equals a candidate but for case only at the same length
            // (no scalar lowercases to several ASCII ones), which skips most comparisons.
            let wordIsASCII = word.utf8.allSatisfy { $0 < 0x80 }
            var previous: [Int] = [], current: [Int] = []
            var histogram = [UInt16](repeating: 0, count: Self.buckets)
            Self.count(w, into: &histogram, at: 0)
            for k in keys.indices {
                let length = scalars[k].count
                if length == w.count && scalars[k] == w { return nil }
                // Only a strictly smaller distance replaces the best (first wins ties).
                let limit = best.map { $0.distance - 1 } ?? threshold
                if !wordIsASCII || length == w.count, lowered[k] == loweredWord {
                    if limit >= 0 { best = (k, 0) }
                    continue
                }
                guard abs(length - w.count) <= limit, bagDistance(histogram, k) <= limit else { continue }
                let d = NearestKey.distance(w, scalars[k], limit: limit, &previous, &current)
                if d <= limit { best = (k, d) }
            }
            return best.map { keys[$0.index] }
        }

        /// "; did you mean `x`?" or "".
        public func hint(_ word: String) -> String {
            nearest(to: word).map { "; did you mean `\($0)`?" } ?? ""
        }
    }

    /// "; did you mean `x`?" or "" when nothing is close.
    public static func hint<S: Sequence>(_ word: String, _ candidates: S) -> String where S.Element == String {
        nearest(to: word, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}
