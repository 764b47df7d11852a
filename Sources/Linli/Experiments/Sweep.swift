import CGSL
import Foundation

/// What a sweep runs: Linli on a base scenario, or an analytic test function.
public enum SweepSource: Sendable {
    case scenario(Scenario)
    case function(TestFunction)
}

/// A validated sweep file: the base model, the factors and design that place
/// the points, replicates per point, the seed and the metrics kept.
///
/// Runs are numbered point-major: run `point · replicates + replicate`. Run
/// (p, r) is simulated as replicate 0 of the base scenario with the factor
/// values of point p and the seed `linli_run_seed(seed, p, r)` (with common
/// random numbers, `linli_run_seed(seed, 0, r)`: every point's replicate r
/// shares a seed), so any run can be repeated alone.
public struct Sweep: Sendable {
    public var name: String
    public var description: String
    public var source: SweepSource
    public var seed: UInt64
    public var replicates: Int
    public var design: SweepDesign
    public var factors: [SweepFactor]
    /// Metric names kept per run (summary metrics of `community`, or `y`).
    public var metrics: [String]
    /// The output row the metrics come from: a community name or `all`.
    public var community: String
    public var commonRandomNumbers: Bool
    /// Where the sweep file was read from and its exact text.
    public var sourcePath: String
    public var sourceText: String
    /// `replicates: auto`: each point runs replicates until its metric's CI
    /// half-width reaches the target (`replicates` is then `precision.max`, so
    /// run ids still are `point · max + replicate`); nil for a fixed count.
    public var precision: Precision?

    public init(name: String, description: String = "", source: SweepSource, seed: UInt64 = 1, replicates: Int = 1,
                design: SweepDesign, factors: [SweepFactor], metrics: [String], community: String = "all",
                commonRandomNumbers: Bool = false, sourcePath: String = "", sourceText: String = "",
                precision: Precision? = nil) {
        self.name = name; self.description = description; self.source = source; self.seed = seed
        self.replicates = replicates; self.design = design; self.factors = factors; self.metrics = metrics
        self.community = community; self.commonRandomNumbers = commonRandomNumbers
        self.sourcePath = sourcePath; self.sourceText = sourceText; self.precision = precision
    }

    /// The base scenario, nil for a test function.
    public var baseScenario: Scenario? {
        if case .scenario(let s) = source { return s }
        return nil
    }

    /// The model a run calls.
    public var model: any SweepModel {
        switch source {
        case .scenario(let s): return ScenarioModel(base: s, factorKeys: factors.map(\.key), metrics: metrics, community: community)
        case .function(let f): return FunctionModel(f, factorKeys: factors.map(\.key))
        }
    }

    /// SHA-256 of the sweep text and the base scenario's text: two directories
    /// hold runs of the same sweep exactly when their fingerprints agree.
    public var fingerprint: String {
        SHA256.hex(sourceText + "\u{0}" + (baseScenario?.sourceText ?? ""))
    }

    /// The seed of run (point, replicate).
    public func seed(point: Int, replicate: Int) -> UInt64 {
        linli_run_seed(seed, UInt64(commonRandomNumbers ? 0 : point), UInt64(replicate))
    }
}

/// A sweep with its points laid out: what every run is.
public struct SweepPlan: Sendable {
    public let sweep: Sweep
    /// Factor values, `values[point][factor]`.
    public let values: [[Double]]
    /// Unit coordinates of the points (nil for a full factorial).
    public let units: [[Double]]?

    public init(_ sweep: Sweep) {
        self.sweep = sweep
        (values, units) = sweep.design.generate(factors: sweep.factors, seed: sweep.seed)
    }

    public var pointCount: Int { values.count }
    public var runCount: Int { values.count * sweep.replicates }

    /// Point, replicate and seed of a run.
    public func run(_ id: Int) -> (point: Int, replicate: Int, seed: UInt64) {
        let p = id / sweep.replicates, r = id % sweep.replicates
        return (p, r, sweep.seed(point: p, replicate: r))
    }

    /// The run ids of shard k of n: those ≡ k (mod n).
    public func runs(shard: Shard) -> [Int] {
        Array(stride(from: shard.index, to: runCount, by: shard.count))
    }

    /// Text of a factor value in CSV cells: the shortest round-trip decimal
    /// (booleans 0/1), so `linli run --set KEY=VALUE` repeats the run exactly.
    public static func cell(_ v: Double) -> String { formatNumber(v) }
}

/// `--shard K/N`: the runs whose index is ≡ K (mod N).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    public static let all = Shard(index: 0, count: 1)

    /// Parses `K/N` with 0 ≤ K < N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else { return nil }
        self.init(index: k, count: n)
    }

    /// From a Slurm array task: `SLURM_ARRAY_TASK_ID` (minus `SLURM_ARRAY_TASK_MIN`
    /// when set) of `SLURM_ARRAY_TASK_COUNT`; nil unless both are set and consistent.
    public init?(slurmEnvironment env: [String: String]) {
        guard let idText = env["SLURM_ARRAY_TASK_ID"], let countText = env["SLURM_ARRAY_TASK_COUNT"],
              let id = Int(idText), let n = Int(countText), n >= 1 else { return nil }
        let k = id - (env["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0)
        guard k >= 0, k < n else { return nil }
        self.init(index: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }
}
