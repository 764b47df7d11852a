/// Latin hypercube sampling (McKay, Beckman & Conover 1979): each factor's
/// unit range is cut into n equal strata, each stratum holds exactly one of
/// the n points (a uniform draw inside it), and the strata are matched across
/// factors by independent random permutations.
public enum LatinHypercubeDesign {
    /// `units[point][dimension]`; ⌊n·u⌋ over the points of one dimension is a permutation of 0..<n.
    public static func units(points n: Int, dimensions k: Int, seed: UInt64) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: 0, count: k), count: n)
        for d in 0..<k {
            let rng = RandomStream(seed: seed, replicate: d, stream: SweepDesign.Stream.latinHypercube)
            // Fisher–Yates shuffle of the strata.
            var strata = Array(0..<n)
            if n > 1 {
                for i in stride(from: n - 1, to: 0, by: -1) { strata.swapAt(i, rng.below(i + 1)) }
            }
            for p in 0..<n {
                // Inside the stratum; min() keeps rounding from reaching the next one.
                let u = (Double(strata[p]) + rng.uniform()) / Double(n)
                out[p][d] = min(u, (Double(strata[p]) + 1) / Double(n) - 0x1p-53)
            }
        }
        return out
    }
}
