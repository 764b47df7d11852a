/// Full factorial design: every combination of the factors' levels, in
/// lexicographic order of level indices (the first factor varies slowest,
/// the last fastest), so point p's level indices are p's mixed-radix digits.
public enum FactorialDesign {
    public static func points(levels: [[Double]]) -> [[Double]] {
        let total = levels.reduce(1) { $0 * $1.count }
        guard total > 0 else { return [] }
        var out: [[Double]] = []
        out.reserveCapacity(total)
        var index = [Int](repeating: 0, count: levels.count)
        for _ in 0..<total {
            out.append(zip(levels, index).map { $0[$1] })
            var f = levels.count - 1
            while f >= 0 {
                index[f] += 1
                if index[f] < levels[f].count { break }
                index[f] = 0
                f -= 1
            }
        }
        return out
    }
}
