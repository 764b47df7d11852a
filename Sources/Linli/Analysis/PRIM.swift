import Foundation

/// The Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
/// high-dimensional data") for scenario discovery: find a box (limits on the
/// factors) in which the cases of interest (y = 1) are dense, trading
/// density against coverage. One box, by peeling then pasting, following the
/// conventions of ema_workbench's `prim.Prim` (Kwakkel 2017) so the two give
/// the same trajectory on the same data:
///
/// - Numeric factors: a peel cuts the box's lower (upper) limit to the
///   `peelAlpha` (1 − `peelAlpha`) quantile of the box's points, sdtoolkit's
///   quantile (`quantile`); categorical factors: a peel drops one level.
/// - Objective ("lenient1"): gain in mean y divided by the number of points
///   removed (pasting: added). The best candidate wins, ties going to the one
///   restricting fewer factors, then to the first in factor order (upper
///   before lower limit when peeling, lower before upper when pasting).
/// - Peeling stops when the best candidate does not raise the mean or its
///   mass would fall below `minMass`; pasting then widens one restricted
///   limit at a time to the (1 − `pasteAlpha`) quantile of the points just
///   outside, while that raises the mean.
///
/// Integer factors are peeled like real ones (ema_workbench's discrete peel
/// for integer columns is not used: sweep factors arrive as numbers).
public enum PRIM {
    public enum Kind: Sendable, Equatable { case numeric, categorical }

    public struct Options: Sendable, Equatable {
        public var peelAlpha = 0.05
        public var pasteAlpha = 0.05
        public var minMass = 0.05
        public init(peelAlpha: Double = 0.05, pasteAlpha: Double = 0.05, minMass: Double = 0.05) {
            self.peelAlpha = peelAlpha; self.pasteAlpha = pasteAlpha; self.minMass = minMass
        }
    }

    /// A box: per factor, [lower, upper] for numeric factors, the allowed levels for categorical ones.
    public struct Box: Sendable, Equatable {
        public var lower: [Double]
        public var upper: [Double]
        public var levels: [Set<Double>?]

        func contains(_ x: [[Double]], _ i: Int, dims: [Int]) -> Bool {
            for d in dims {
                let v = x[i][d]
                if let allowed = levels[d] { if !allowed.contains(v) { return false } } else if v < lower[d] || v > upper[d] { return false }
            }
            return true
        }
    }

    /// One box of the trajectory with its statistics.
    public struct Step: Sendable, Equatable {
        public enum Phase: String, Sendable { case start, peel, paste }
        public var id: Int
        public var phase: Phase
        public var box: Box
        /// Cases of interest in the box over all cases of interest.
        public var coverage: Double
        /// Cases of interest in the box over the points in it.
        public var density: Double
        /// Points in the box over all points.
        public var mass: Double
        public var points: Int
        /// Factors whose limits differ from the full box.
        public var restricted: [Int]
    }

    /// The peeling then pasting trajectory for points `x` (`[point][factor]`)
    /// and outcomes `y` (0 or 1). `kinds[f]` says how factor f is peeled.
    public static func trajectory(x: [[Double]], y: [Double], kinds: [Kind], options: Options = Options()) -> [Step] {
        let n = y.count
        let k = kinds.count
        precondition(x.count == n && x.allSatisfy { $0.count == k })
        guard n > 0 else { return [] }
        var lower = [Double](repeating: 0, count: k), upper = lower
        var levels = [Set<Double>?](repeating: nil, count: k)
        for d in 0..<k {
            let column = x.map { $0[d] }
            lower[d] = column.min()!; upper[d] = column.max()!
            if kinds[d] == .categorical { levels[d] = Set(column) }
        }
        let initial = Box(lower: lower, upper: upper, levels: levels)
        let totalInterest = y.reduce(0, +)

        func restricted(_ b: Box) -> [Int] {
            (0..<k).filter { d in
                if let l = b.levels[d] { return l != initial.levels[d]! }
                return b.lower[d] != initial.lower[d] || b.upper[d] != initial.upper[d]
            }
        }
        func mean(_ idx: [Int]) -> Double { idx.isEmpty ? 0 : idx.reduce(0) { $0 + y[$1] } / Double(idx.count) }
        func step(_ id: Int, _ phase: Step.Phase, _ b: Box, _ idx: [Int]) -> Step {
            let interest = idx.reduce(0) { $0 + y[$1] }
            return Step(id: id, phase: phase, box: b, coverage: interest / max(totalInterest, 1),
                        density: idx.isEmpty ? .nan : interest / Double(idx.count), mass: Double(idx.count) / Double(n),
                        points: idx.count, restricted: restricted(b))
        }
        // ema_workbench's lenient1 objective.
        func objective(_ old: [Int], _ new: [Int]) -> Double {
            let mOld = mean(old), mNew = mean(new)
            guard mOld != mNew, old.count != new.count else { return 0 }
            return (mNew - mOld) / Double(abs(old.count - new.count))
        }
        struct Candidate { var box: Box; var indices: [Int]; var objective: Double; var free: Int }
        func best(_ cands: [Candidate]) -> Candidate? {
            var top: Candidate?
            for c in cands where top == nil || c.objective > top!.objective || (c.objective == top!.objective && c.free > top!.free) { top = c }
            return top
        }

        var box = initial
        var inside = Array(0..<n)
        var steps = [step(0, .start, box, inside)]

        // Peeling.
        while true {
            var cands: [Candidate] = []
            for d in 0..<k {
                let values = inside.map { x[$0][d] }
                if let allowed = box.levels[d] {
                    guard allowed.count > 1 else { continue }
                    for level in allowed.sorted() {
                        var b = box; b.levels[d] = allowed.subtracting([level])
                        let idx = inside.filter { x[$0][d] != level }
                        cands.append(Candidate(box: b, indices: idx, objective: 0, free: k - restricted(b).count))
                    }
                } else {
                    let hi = quantile(values, 1 - options.peelAlpha)
                    var bu = box; bu.upper[d] = hi
                    cands.append(Candidate(box: bu, indices: inside.filter { x[$0][d] <= hi }, objective: 0, free: k - restricted(bu).count))
                    let lo = quantile(values, options.peelAlpha)
                    var bl = box; bl.lower[d] = lo
                    cands.append(Candidate(box: bl, indices: inside.filter { x[$0][d] >= lo }, objective: 0, free: k - restricted(bl).count))
                }
            }
            for i in cands.indices { cands[i].objective = objective(inside, cands[i].indices) }
            guard let c = best(cands) else { break }
            let massNew = Double(c.indices.count) / Double(n), massOld = Double(inside.count) / Double(n)
            guard massNew >= options.minMass, massNew < massOld, c.objective > 0 else { break }
            box = c.box; inside = c.indices
            steps.append(step(steps.count, .peel, box, inside))
        }

        // Pasting.
        while true {
            let dims = restricted(box)
            var cands: [Candidate] = []
            for d in dims {
                if let allowed = box.levels[d] {
                    for level in initial.levels[d]!.subtracting(allowed).sorted() {
                        var b = box; b.levels[d] = allowed.union([level])
                        cands.append(Candidate(box: b, indices: (0..<n).filter { b.contains(x, $0, dims: dims) }, objective: 0, free: k - restricted(b).count))
                    }
                    continue
                }
                // Lower: the points between the full range's minimum and the box's lower limit.
                var probe = box; probe.lower[d] = initial.lower[d]; probe.upper[d] = box.lower[d]
                var data = (0..<n).filter { probe.contains(x, $0, dims: dims) }.map { x[$0][d] }
                var bl = box; bl.lower[d] = data.isEmpty ? initial.lower[d] : quantile(data, 1 - options.pasteAlpha)
                cands.append(Candidate(box: bl, indices: (0..<n).filter { bl.contains(x, $0, dims: dims) }, objective: 0, free: k - restricted(bl).count))
                probe = box; probe.lower[d] = box.upper[d]; probe.upper[d] = initial.upper[d]
                data = (0..<n).filter { probe.contains(x, $0, dims: dims) }.map { x[$0][d] }
                var bu = box; bu.upper[d] = data.isEmpty ? initial.upper[d] : quantile(data, options.pasteAlpha)
                cands.append(Candidate(box: bu, indices: (0..<n).filter { bu.contains(x, $0, dims: dims) }, objective: 0, free: k - restricted(bu).count))
            }
            for i in cands.indices { cands[i].objective = objective(inside, cands[i].indices) }
            guard let c = best(cands) else { break }
            let massNew = Double(c.indices.count) / Double(n), massOld = Double(inside.count) / Double(n)
            guard massNew >= options.minMass, massNew > massOld, c.objective > 0, mean(c.indices) > mean(inside) else { break }
            box = c.box; inside = c.indices
            steps.append(step(steps.count, .paste, box, inside))
        }
        return steps
    }

    /// The box to report: the densest whose coverage is at least `minCoverage`
    /// (ties: the larger coverage, then the earlier box); nil when none is.
    public static func choose(_ steps: [Step], minCoverage: Double) -> Int? {
        var chosen: Int?
        for s in steps where s.coverage >= minCoverage {
            if let c = chosen {
                let b = steps[c]
                if s.density > b.density || (s.density == b.density && s.coverage > b.coverage) { chosen = s.id }
            } else { chosen = s.id }
        }
        return chosen
    }

    /// sdtoolkit's quantile (as ema_workbench's `get_quantile`): position
    /// (n − 1)·q in the sorted data; above the median the lower index steps
    /// down past ties, below it the upper index steps up, and the limit is
    /// the midpoint of the two values, so a limit falls between distinct
    /// values and a peel never splits a run of equal values.
    public static func quantile(_ data: [Double], _ q: Double) -> Double {
        precondition(q > 0 && q < 1 && !data.isEmpty)
        let s = data.sorted()
        let i = Double(s.count - 1) * q
        var lo = Int(i.rounded(.down)), hi = Int(i.rounded(.up))
        if q > 0.5 {
            while s[lo] == s[hi] && lo > 0 { lo -= 1 }
        } else {
            while s[lo] == s[hi] && hi < s.count - 1 { hi += 1 }
        }
        return (s[lo] + s[hi]) / 2
    }
}
