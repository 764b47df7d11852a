/// Morris elementary-effects measures (Morris 1991; μ* from Campolongo,
/// Cariboni & Saltelli 2007) from a `MorrisDesign` sweep. Along each
/// trajectory, step m changes one factor i by ±Δ in unit coordinates and
///
///     EEᵢ = (y_m − y_{m−1}) / (u_m,i − u_{m−1,i})
///
/// (per unit of the factor's normalised range). Over the r trajectories:
/// μᵢ = mean EEᵢ, μ*ᵢ = mean |EEᵢ|, σᵢ = sample sd of EEᵢ. The interval of μ*
/// is a percentile bootstrap over trajectories. For a linear function the
/// measures are exact (μ* = |slope × range|, σ = 0); the tests also check μ*
/// against its exact expectation under the design on the Ishigami and g functions.
public enum MorrisMeasures {
    public struct Estimate: Sendable, Equatable {
        public var factor: String
        public var muStar: Double, muStarLow: Double, muStarHigh: Double
        public var mu: Double
        public var sigma: Double
    }

    /// Elementary effects `[trajectory][factor]` from unit points and outputs
    /// in `MorrisDesign` order.
    public static func elementaryEffects(units: [[Double]], outputs y: [Double], factors k: Int) -> [[Double]] {
        let r = units.count / (k + 1)
        var effects = [[Double]](repeating: [Double](repeating: .nan, count: k), count: r)
        for t in 0..<r {
            for m in 1...k {
                let cur = t * (k + 1) + m, prev = cur - 1
                guard let i = (0..<k).first(where: { units[cur][$0] != units[prev][$0] }) else { continue }
                effects[t][i] = (y[cur] - y[prev]) / (units[cur][i] - units[prev][i])
            }
        }
        return effects
    }

    public static func estimate(units: [[Double]], outputs y: [Double], factors names: [String],
                                bootstrap: Int, seed: UInt64) -> [Estimate] {
        let k = names.count
        let ee = elementaryEffects(units: units, outputs: y, factors: k)
        let r = ee.count
        let rng = RandomStream(seed: seed, replicate: 0, stream: SweepDesign.Stream.bootstrap)
        var samples = [[Double]](repeating: [], count: k)
        for _ in 0..<bootstrap {
            let picks = (0..<r).map { _ in rng.below(r) }
            for i in 0..<k { samples[i].append(Statistics.mean(picks.map { abs(ee[$0][i]) })) }
        }
        return (0..<k).map { i in
            let effects = ee.map { $0[i] }
            let ci = BootstrapInterval(samples[i])
            return Estimate(factor: names[i], muStar: Statistics.mean(effects.map(abs)), muStarLow: ci.low,
                            muStarHigh: ci.high, mu: Statistics.mean(effects), sigma: Statistics.sd(effects))
        }
    }
}
