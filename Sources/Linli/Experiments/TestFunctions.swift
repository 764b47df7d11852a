import Foundation

/// Analytic functions with known sensitivity indices, usable as sweep models
/// (`model: ishigami` in a sweep file) to check designs and estimators end to
/// end. Each yields one metric, `y`; replicates and seeds do not change it,
/// except for `noise` and `box`, whose outcomes are random draws.
public enum TestFunction: Sendable, Equatable {
    /// Ishigami & Homma (1990): sin x₁ + a sin² x₂ + b x₃⁴ sin x₁, xᵢ ~ U(−π, π).
    case ishigami(a: Double, b: Double)
    /// Sobol's g-function: Πᵢ (|4xᵢ − 2| + aᵢ) / (1 + aᵢ), xᵢ ~ U(0, 1).
    case gFunction(a: [Double])
    /// Σ cᵢ xᵢ, xᵢ ~ U(0, 1): Morris elementary effects are exactly cᵢ per unit range.
    case linear(c: [Double])
    /// Rosenbrock (1960): (a − x₁)² + b (x₂ − x₁²)², xᵢ ∈ [−2, 2]; minimum 0 at
    /// (a, a²) at the end of a curved, flat valley: a classic test of minimisers
    /// (`linli calibrate` checks its Nelder–Mead on it).
    case rosenbrock(a: Double, b: Double)
    /// x₁ + x₂·Z with Z ~ N(0, 1) drawn from the run's seed, xᵢ ∈ [0, 1]: a
    /// metric of known mean x₁ and standard deviation x₂, so replicate counts
    /// chosen by precision (`replicates: auto`) can be checked against theory.
    /// The only test function whose value depends on the seed.
    case noise
    /// A known box for scenario discovery (`linli discover`): y = 1 with
    /// probability `inside` when every xᵢ ∈ [lowerᵢ, upperᵢ], else with
    /// probability `outside` (one Bernoulli draw per run from the run's seed),
    /// xᵢ ∈ [0, 1]. `callAsFunction` gives the probability.
    case box(lower: [Double], upper: [Double], inside: Double, outside: Double)

    /// The Ishigami function with the usual a = 7, b = 0.1.
    public static let standardIshigami = TestFunction.ishigami(a: 7, b: 0.1)
    /// The g-function with a = (0, 1, 4.5, 9, 99, 99, 99, 99) (Saltelli et al. 2008).
    public static let standardGFunction = TestFunction.gFunction(a: [0, 1, 4.5, 9, 99, 99, 99, 99])

    /// Names a sweep file's `model:` accepts, with their standard constants.
    /// Rosenbrock's function with the usual a = 1, b = 100: minimum 0 at (1, 1).
    public static let standardRosenbrock = TestFunction.rosenbrock(a: 1, b: 100)

    /// The box x1 ∈ [0.3, 0.8], x2 ∈ [0.2, 0.7] in four inputs (x3, x4 irrelevant),
    /// y = 1 with probability 0.9 inside and 0.1 outside: a quarter of the
    /// space, so about 0.225 / 0.3 = 75% of the cases of interest lie in it.
    public static let standardBox = TestFunction.box(lower: [0.3, 0.2, 0, 0], upper: [0.8, 0.7, 1, 1], inside: 0.9, outside: 0.1)

    public static let named: [String: TestFunction] = ["ishigami": standardIshigami, "g_function": standardGFunction,
                                                       "rosenbrock": standardRosenbrock, "noise": .noise, "box": standardBox]

    public var name: String {
        switch self {
        case .ishigami: return "ishigami"
        case .gFunction: return "g_function"
        case .linear: return "linear"
        case .rosenbrock: return "rosenbrock"
        case .noise: return "noise"
        case .box: return "box"
        }
    }

    public var dimensions: Int {
        switch self {
        case .ishigami: return 3
        case .gFunction(let a): return a.count
        case .linear(let c): return c.count
        case .rosenbrock, .noise: return 2
        case .box(let lower, _, _, _): return lower.count
        }
    }

    /// Input names x1 … xk.
    public var inputs: [String] { (1...dimensions).map { "x\($0)" } }

    /// The input domain (every input shares it).
    public var domain: ClosedRange<Double> {
        switch self {
        case .ishigami: return -Double.pi...Double.pi
        case .rosenbrock: return -2...2
        default: return 0...1
        }
    }

    public func callAsFunction(_ x: [Double]) -> Double {
        switch self {
        case .ishigami(let a, let b):
            let s2 = sin(x[1])
            return sin(x[0]) + a * s2 * s2 + b * pow(x[2], 4) * sin(x[0])
        case .gFunction(let a):
            var y = 1.0
            for i in a.indices { y *= (abs(4 * x[i] - 2) + a[i]) / (1 + a[i]) }
            return y
        case .linear(let c):
            return zip(c, x).reduce(0) { $0 + $1.0 * $1.1 }
        case .rosenbrock(let a, let b):
            let u = a - x[0], v = x[1] - x[0] * x[0]
            return u * u + b * v * v
        case .noise:
            return x[0]
        case .box(let lower, let upper, let inside, let outside):
            return lower.indices.allSatisfy { x[$0] >= lower[$0] && x[$0] <= upper[$0] } ? inside : outside
        }
    }

    /// Analytic first-order and total Sobol indices (nil for `linear`, whose
    /// indices depend on the ranges: cᵢ²/Σcⱼ² for equal ranges).
    public var analyticIndices: (first: [Double], total: [Double])? {
        switch self {
        case .ishigami(let a, let b):
            let pi4 = pow(Double.pi, 4), pi8 = pi4 * pi4
            let v1 = 0.5 * pow(1 + b * pi4 / 5, 2)
            let v2 = a * a / 8
            let v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50)
            let v = v1 + v2 + v13
            return ([v1 / v, v2 / v, 0], [(v1 + v13) / v, v2 / v, v13 / v])
        case .gFunction(let a):
            let vi = a.map { 1 / (3 * (1 + $0) * (1 + $0)) }
            let v = vi.reduce(1) { $0 * (1 + $1) } - 1
            let first = vi.map { $0 / v }
            let total = vi.indices.map { i in
                vi[i] * vi.indices.filter { $0 != i }.reduce(1) { $0 * (1 + vi[$1]) } / v
            }
            return (first, total)
        case .linear, .rosenbrock, .noise, .box: return nil
        }
    }
}

/// A test function as a sweep model. Factors name its inputs (`x1` …); an
/// input no factor varies stays at the middle of the domain.
public struct FunctionModel: SweepModel {
    public let function: TestFunction
    /// Input index of each factor, in factor order.
    public let inputIndex: [Int]

    public init(_ function: TestFunction, factorKeys: [String]? = nil) {
        self.function = function
        let inputs = function.inputs
        inputIndex = (factorKeys ?? inputs).map { key in
            guard let i = inputs.firstIndex(of: key) else { preconditionFailure("\(function.name) has no input \(key)") }
            return i
        }
    }

    public func run(values: [Double], seed: UInt64, keepSeries: Bool) -> SweepRunResult {
        let d = function.domain
        var x = [Double](repeating: (d.lowerBound + d.upperBound) / 2, count: function.dimensions)
        for (i, v) in zip(inputIndex, values) { x[i] = v }
        if case .noise = function {
            let z = RandomStream(seed: seed, replicate: 0, stream: Self.noiseStream).gaussian(sd: 1)
            return SweepRunResult(metrics: [x[0] + x[1] * z])
        }
        if case .box = function {
            // The run's own stream: replicates differ, a rerun is identical.
            let rng = RandomStream(seed: seed, replicate: 0, stream: Self.boxStream)
            return SweepRunResult(metrics: [rng.bernoulli(function(x)) ? 1 : 0])
        }
        return SweepRunResult(metrics: [function(x)])
    }

    public static let metricNames = ["y"]
    /// Stream id of the `noise` function's draw.
    static let noiseStream: UInt64 = 0x4E_4F49   // "NOI"
    /// Stream of the box function's draw (apart from the model's streams).
    static let boxStream: UInt64 = 0xB0C5
}
