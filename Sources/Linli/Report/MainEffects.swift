/// Grouping of sweep observations by factor level: the mean of a metric at
/// each level of one factor (a main effect), or at each pair of levels of two
/// factors (a heat map). Numeric factors with many distinct values (Latin
/// hypercube, Sobol, Saltelli designs) are cut into equal-count bins.
public enum MainEffects {
    /// The levels of one factor: for each observation the level index, and a label and x value per level.
    public struct Levels: Sendable, Equatable {
        public var index: [Int]
        public var labels: [String]
        /// Numeric position of each level (the mean factor value in a bin); nil for a categorical factor.
        public var x: [Double]?
    }

    /// Levels of a factor given its values as text. Numeric factors with at
    /// most `maxLevels` distinct values keep each value; with more, they are
    /// cut into `bins` bins of (nearly) equal counts. Other factors keep
    /// each distinct text, sorted.
    public static func levels(_ values: [String], maxLevels: Int = 12, bins: Int = 10, categorical: Bool = false) -> Levels {
        let numbers = values.map { Double($0) }
        let distinctText = Array(Set(values))
        if !categorical, numbers.allSatisfy({ $0 != nil && $0!.isFinite }), !values.isEmpty {
            let v = numbers.map { $0! }
            let distinct = Array(Set(v)).sorted()
            if distinct.count <= maxLevels {
                let pos = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
                return Levels(index: v.map { pos[$0]! }, labels: distinct.map(TickFormat.short), x: distinct)
            }
            let order = v.indices.sorted { v[$0] < v[$1] }
            var index = [Int](repeating: 0, count: v.count)
            let k = min(bins, distinct.count)
            var sums = [Double](repeating: 0, count: k), counts = [Int](repeating: 0, count: k)
            var lo = [Double](repeating: .infinity, count: k), hi = [Double](repeating: -.infinity, count: k)
            for (rank, i) in order.enumerated() {
                let b = min(k - 1, rank * k / v.count)
                index[i] = b; sums[b] += v[i]; counts[b] += 1; lo[b] = min(lo[b], v[i]); hi[b] = max(hi[b], v[i])
            }
            let x = (0..<k).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan }
            let labels = (0..<k).map { "\(TickFormat.brief(lo[$0]))–\(TickFormat.brief(hi[$0]))" }
            return Levels(index: index, labels: labels, x: x)
        }
        // Categories: numerically when they are numbers (0 < 1 < 10), else as text.
        let sorted = distinctText.sorted { a, b in
            if let x = Double(a), let y = Double(b), x != y { return x < y }
            return a < b
        }
        let pos = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        return Levels(index: values.map { pos[$0]! }, labels: sorted, x: nil)
    }

    /// Mean and 95% CI of `values` within each level (`Summary`, NaNs dropped).
    public static func byLevel(_ values: [Double], levels: Levels) -> [Summary] {
        var groups = [[Double]](repeating: [], count: levels.labels.count)
        for (i, v) in values.enumerated() { groups[levels.index[i]].append(v) }
        return groups.map { Summary($0) }
    }

    /// Mean of `values` in each (a, b) level pair: result[bLevel][aLevel], NaN where empty.
    public static func grid(_ values: [Double], a: Levels, b: Levels) -> [[Double]] {
        var sum = [[Double]](repeating: [Double](repeating: 0, count: a.labels.count), count: b.labels.count)
        var count = sum
        for (i, v) in values.enumerated() where !v.isNaN {
            sum[b.index[i]][a.index[i]] += v; count[b.index[i]][a.index[i]] += 1
        }
        return zip(sum, count).map { s, c in zip(s, c).map { $1 > 0 ? $0 / $1 : .nan } }
    }
}
