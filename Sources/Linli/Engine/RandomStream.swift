import CGSL

/// One independent random stream: xoshiro256++ behind GSL's generator
/// interface, seeded from (scenario seed, replicate, stream id). Every
/// replicate and every community draws from its own streams, so results do
/// not depend on how runs are spread over threads.
///
/// A class only so that the GSL generator is freed exactly once; there are a
/// handful per replicate, never one per resident.
public final class RandomStream {
    public let rng: UnsafeMutablePointer<gsl_rng>

    public init(seed: UInt64, replicate: Int, stream: UInt64) {
        guard let r = gsl_rng_alloc(linli_rng_xoshiro()) else { fatalError("gsl_rng_alloc failed") }
        rng = r
        gsl_rng_set(r, UInt(linli_stream_seed(seed, UInt64(replicate), stream)))
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on [0, 1).
    @inline(__always) public func uniform() -> Double { linli_rng_uniform_fast(rng) }

    @inline(__always) public func bernoulli(_ p: Double) -> Bool { uniform() < p }

    /// Uniform integer in 0..<n (n ≥ 1).
    @inline(__always) public func below(_ n: Int) -> Int {
        min(n - 1, Int(uniform() * Double(n)))
    }

    public func beta(_ a: Double, _ b: Double) -> Double { gsl_ran_beta(rng, a, b) }
    /// Lognormal with median e^zeta and log-sd sigma.
    public func lognormal(zeta: Double, sigma: Double) -> Double { gsl_ran_lognormal(rng, zeta, sigma) }
    public func poisson(_ mean: Double) -> Int { mean <= 0 ? 0 : Int(gsl_ran_poisson(rng, mean)) }
    public func gaussian(sd: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sd) }

    /// Index drawn from unnormalised weights (a handful of categories).
    public func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            if u < w { return i }
            u -= w
        }
        return weights.count - 1
    }
}

/// Stream ids. Population streams come first; each community's daily stream
/// is keyed by its index so adding a community leaves the others' draws alone.
public enum StreamID {
    public static func population(community: Int) -> UInt64 { UInt64(community) &* 16 &+ 1 }
    public static func daily(community: Int) -> UInt64 { UInt64(community) &* 16 &+ 2 }
    public static func turnover(community: Int) -> UInt64 { UInt64(community) &* 16 &+ 3 }
    /// Setup draw of the talents already hosting a group on day 0 (`talents.engaged0`).
    public static func leaders(community: Int) -> UInt64 { UInt64(community) &* 16 &+ 13 }
    /// Sizes of district d's generated communities (`population.generate`), drawn at load time.
    public static func generation(district: Int) -> UInt64 { UInt64(district) &* 16 &+ 15 }
}
