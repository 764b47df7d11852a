/// Morris's elementary-effects screening design (Morris 1991): r trajectories
/// on a grid of p levels {0, 1/(p−1), …, 1}, each of k + 1 points. A
/// trajectory starts at a random grid point x* with every coordinate in
/// {0, …, 1 − Δ}, Δ = p / (2(p − 1)); each factor gets a random direction
/// (up from x*, or down from x* + Δ) and the factors move one at a time, by
/// ±Δ, in a random order. Point t·(k+1) + m is step m of trajectory t.
public enum MorrisDesign {
    /// Δ for a p-level grid.
    public static func delta(levels p: Int) -> Double { Double(p) / (2 * Double(p - 1)) }

    public static func units(trajectories r: Int, dimensions k: Int, levels p: Int, seed: UInt64) -> [[Double]] {
        precondition(p >= 2 && p % 2 == 0, "Morris levels must be even")
        // Coordinates are kept as grid indices 0..<p; Δ is p/2 of them.
        let jump = p / 2
        let rng = RandomStream(seed: seed, replicate: 0, stream: SweepDesign.Stream.morris)
        func unit(_ index: [Int]) -> [Double] { index.map { Double($0) / Double(p - 1) } }
        var out: [[Double]] = []
        out.reserveCapacity(r * (k + 1))
        for _ in 0..<r {
            var x = [Int](repeating: 0, count: k)
            var up = [Bool](repeating: true, count: k)
            for i in 0..<k {
                let base = rng.below(jump)
                up[i] = rng.uniform() < 0.5
                x[i] = up[i] ? base : base + jump
            }
            var order = Array(0..<k)
            if k > 1 { for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) } }
            out.append(unit(x))
            for i in order {
                x[i] += up[i] ? jump : -jump
                out.append(unit(x))
            }
        }
        return out
    }
}
