/// How a sweep places its points in factor space. Every design but the full
/// factorial produces unit coordinates in [0, 1]^k that each factor maps to a
/// value (`SweepFactor.value(unit:)`); the random ones (Latin hypercube,
/// Morris) draw from streams of the sweep seed, so a sweep file always yields
/// the same points.
public enum SweepDesign: Sendable, Equatable {
    /// Every combination of the factors' levels; the first factor varies slowest.
    case factorial
    /// `points` points, each factor's range cut into `points` equal strata hit once each.
    case latinHypercube(points: Int)
    /// The first `points` points of GSL's Sobol sequence after skipping `skip`.
    case sobol(points: Int, skip: Int)
    /// Saltelli's scheme for Sobol indices: `baseSamples` rows of matrices A and B
    /// (a 2k-dimensional Sobol sequence) and the k matrices A with column i from B.
    case saltelli(baseSamples: Int, skip: Int)
    /// Morris elementary-effect trajectories on a `levels`-level grid.
    case morris(trajectories: Int, levels: Int)

    /// The name a sweep file's `design.type` uses.
    public var name: String {
        switch self {
        case .factorial: return "factorial"
        case .latinHypercube: return "latin_hypercube"
        case .sobol: return "sobol"
        case .saltelli: return "saltelli"
        case .morris: return "morris"
        }
    }

    public static let names = ["factorial", "latin_hypercube", "sobol", "saltelli", "morris"]

    /// The design's settings as key → value, for manifests (`type` aside).
    public var settings: [String: Int] {
        switch self {
        case .factorial: return [:]
        case .latinHypercube(let n): return ["points": n]
        case .sobol(let n, let skip): return ["points": n, "skip": skip]
        case .saltelli(let n, let skip): return ["base_samples": n, "skip": skip]
        case .morris(let r, let p): return ["trajectories": r, "levels": p]
        }
    }

    /// Number of points for `factors`.
    public func pointCount(factors: [SweepFactor]) -> Int {
        switch self {
        case .factorial: return factors.reduce(1) { $0 * $1.factorialLevels.count }
        case .latinHypercube(let n), .sobol(let n, _): return n
        case .saltelli(let n, _): return n * (factors.count + 2)
        case .morris(let r, _): return r * (factors.count + 1)
        }
    }

    /// The points: factor values (`values[point][factor]`) and, for every design
    /// but the factorial, the unit coordinates they came from.
    public func generate(factors: [SweepFactor], seed: UInt64) -> (values: [[Double]], units: [[Double]]?) {
        let k = factors.count
        let units: [[Double]]
        switch self {
        case .factorial:
            return (FactorialDesign.points(levels: factors.map(\.factorialLevels)), nil)
        case .latinHypercube(let n): units = LatinHypercubeDesign.units(points: n, dimensions: k, seed: seed)
        case .sobol(let n, let skip): units = SobolSequence.points(n, dimensions: k, skip: skip)
        case .saltelli(let n, let skip): units = SaltelliDesign.units(baseSamples: n, dimensions: k, skip: skip)
        case .morris(let r, let p): units = MorrisDesign.units(trajectories: r, dimensions: k, levels: p, seed: seed)
        }
        let values = units.map { u in (0..<k).map { factors[$0].value(unit: u[$0]) } }
        return (values, units)
    }

    /// Stream ids of the design draws (kept apart from the model's streams).
    enum Stream {
        static let latinHypercube: UInt64 = 0x4C_4853        // "LHS"
        static let morris: UInt64 = 0x4D_4F52               // "MOR"
        static let bootstrap: UInt64 = 0x42_4F4F            // "BOO"
    }
}
