import CGSL
import Foundation

/// One observed figure a calibration fits: a summary metric of one case (a
/// scenario, possibly with `set:`/`days:` overrides, or a test function) on
/// one output row, and either a value with a tolerance or an interval.
public struct CalibrationTarget: Sendable {
    public enum Goal: Sendable, Equatable {
        /// d = (m − value) / tolerance.
        case value(Double, tolerance: Double)
        /// d = 0 inside [low, high]; outside, the distance to the nearer end
        /// divided by the width (both ends finite) or by |end| (one side
        /// infinite: a relative distance; 1 when the end is 0).
        case interval(low: Double, high: Double)
    }

    /// Column name in `evaluations.csv` (`<scenario name>:<metric>` unless given).
    public var name: String
    /// Index of the case (`Calibration.cases`) whose runs give the metric.
    public var caseIndex: Int
    public var metric: String
    /// Output row: a community name or `all`.
    public var community: String
    /// nil: a reference only (recorded, d = 0), named by another target's `relative_to`.
    public var goal: Goal?
    public var weight: Double
    /// Index of the reference target: this target's value is then the ratio
    /// of its mean to the reference's mean (a direction between two cases,
    /// e.g. "illegal building fell with the sub-landlord team": ratio ≤ 1).
    public var relativeTo: Int?

    public init(name: String, caseIndex: Int, metric: String, community: String = "all", goal: Goal?, weight: Double = 1,
                relativeTo: Int? = nil) {
        self.name = name; self.caseIndex = caseIndex; self.metric = metric; self.community = community
        self.goal = goal; self.weight = weight; self.relativeTo = relativeTo
    }

    /// The standardised distance d_t of a mean metric value `m` (NaN stays NaN; 0 for a reference).
    public func distance(_ m: Double) -> Double {
        guard let goal else { return m.isNaN ? .nan : 0 }
        switch goal {
        case .value(let v, let tol):
            return (m - v) / tol
        case .interval(let lo, let hi):
            if m.isNaN { return .nan }
            if m >= lo && m <= hi { return 0 }
            let scale: Double
            if lo.isFinite && hi.isFinite { scale = hi - lo }
            else { let end = m < lo ? lo : hi; scale = end == 0 ? 1 : abs(end) }
            return m < lo ? (lo - m) / scale : (m - hi) / scale
        }
    }

    /// Human-readable goal: `0.05 ± 0.01`, `[0, 0.1]`, `≥ 300`.
    public var goalText: String {
        guard let goal else { return "reference" }
        switch goal {
        case .value(let v, let t): return "\(formatNumber(v)) ± \(formatNumber(t))"
        case .interval(let lo, let hi):
            if !lo.isFinite { return "≤ \(formatNumber(hi))" }
            if !hi.isFinite { return "≥ \(formatNumber(lo))" }
            return "[\(formatNumber(lo)), \(formatNumber(hi))]"
        }
    }
}

/// A model run a calibration evaluates: one scenario (with the calibration's
/// fixed overrides) or test function. Several targets may read the same
/// case; each replicate of a case is simulated once per evaluation and
/// yields every (metric, community) its targets ask for.
public struct CalibrationCase: Sendable {
    /// The scenario file as written in the calibration file (or `model:NAME`).
    public var label: String
    public var source: SweepSource
    /// The target's `days:` and `set:` overrides as text (`days=90 posts.on=false`), "" when none.
    public var variant: String
    /// (metric, community) pairs read from each run, in record order.
    public var outputs: [(metric: String, community: String)]

    public init(label: String, source: SweepSource, variant: String = "", outputs: [(metric: String, community: String)] = []) {
        self.label = label; self.source = source; self.variant = variant; self.outputs = outputs
    }

    /// Display name: the scenario's name or the test function's.
    public var name: String {
        switch source {
        case .scenario(let s): return s.name
        case .function(let f): return f.name
        }
    }

    public var scenario: Scenario? {
        if case .scenario(let s) = source { return s }
        return nil
    }
}

/// How parameters are searched.
public enum CalibrationMethod: Sendable, Equatable {
    public struct NelderMead: Sendable, Equatable {
        /// Restarts: the first from the defaults (the middle when a default is
        /// outside the range), the others from Sobol points of the unit box.
        public var starts: Int
        /// Evaluations per restart (each restart stops at this budget or at `simplexSize`).
        public var maxEvaluations: Int
        /// Stop when GSL's characteristic simplex size, in the logit
        /// coordinates the search moves in, falls below this.
        public var simplexSize: Double
        /// Initial simplex step in logit coordinates (1 moves u = ½ to 0.73).
        public var step: Double

        public init(starts: Int = 1, maxEvaluations: Int = 200, simplexSize: Double = 0.01, step: Double = 1) {
            self.starts = starts; self.maxEvaluations = maxEvaluations; self.simplexSize = simplexSize; self.step = step
        }
    }

    public struct ABC: Sendable, Equatable {
        public enum Design: String, Sendable, Equatable { case sobol, lhs }
        public enum Accept: Sendable, Equatable {
            /// Accept this fraction of the sample with the smallest distances.
            case quantile(Double)
            /// Accept distances ≤ ε.
            case tolerance(Double)
        }
        /// Prior sample size, and proposals per SMC generation.
        public var samples: Int
        public var design: Design
        public var accept: Accept
        /// ABC-SMC generations after the rejection sample (0: plain rejection).
        public var generations: Int
        /// Each SMC generation's tolerance: this quantile of its proposals'
        /// distances, never above the previous generation's.
        public var smcQuantile: Double

        public init(samples: Int, design: Design = .sobol, accept: Accept = .quantile(0.1), generations: Int = 0, smcQuantile: Double = 0.5) {
            self.samples = samples; self.design = design; self.accept = accept
            self.generations = generations; self.smcQuantile = smcQuantile
        }
    }

    case nelderMead(NelderMead)
    case abc(ABC)

    public var name: String {
        switch self {
        case .nelderMead: return "nelder_mead"
        case .abc(let a): return a.generations > 0 ? "abc_smc" : "abc"
        }
    }

    /// The settings as numbers, for the manifest.
    public var settings: [String: Double] {
        switch self {
        case .nelderMead(let n):
            return ["starts": Double(n.starts), "max_evaluations": Double(n.maxEvaluations), "simplex_size": n.simplexSize, "step": n.step]
        case .abc(let a):
            var s: [String: Double] = ["samples": Double(a.samples), "generations": Double(a.generations), "smc_quantile": a.smcQuantile,
                                       "design_lhs": a.design == .lhs ? 1 : 0]
            switch a.accept {
            case .quantile(let q): s["accept_quantile"] = q
            case .tolerance(let t): s["accept_tolerance"] = t
            }
            return s
        }
    }
}

/// A validated calibration file: free parameters, targets over one or more
/// cases, the search method, replicates per evaluation and the seed.
///
/// Replicate r of every case in every evaluation is simulated with the seed
/// `linli_run_seed(seed, 0, r)` (common random numbers), so the objective
/// is a deterministic function of θ: evaluations are cached by θ and a
/// resumed calibration replays the same search.
public struct Calibration: Sendable {
    public var name: String
    public var description: String
    public var seed: UInt64
    public var replicates: Int
    /// Free parameters (linear or log scale over a range).
    public var parameters: [SweepFactor]
    public var cases: [CalibrationCase]
    public var targets: [CalibrationTarget]
    public var method: CalibrationMethod
    public var sourcePath: String
    public var sourceText: String

    public init(name: String, description: String = "", seed: UInt64 = 1, replicates: Int = 1, parameters: [SweepFactor],
                cases: [CalibrationCase], targets: [CalibrationTarget], method: CalibrationMethod,
                sourcePath: String = "", sourceText: String = "") {
        self.name = name; self.description = description; self.seed = seed; self.replicates = replicates
        self.parameters = parameters; self.cases = cases; self.targets = targets; self.method = method
        self.sourcePath = sourcePath; self.sourceText = sourceText
    }

    /// SHA-256 of the calibration text and every case scenario's text: a
    /// directory's run log belongs to this calibration exactly when they agree.
    public var fingerprint: String {
        SHA256.hex(([sourceText] + cases.map { $0.scenario?.sourceText ?? $0.label }).joined(separator: "\u{0}"))
    }

    /// Seed of replicate r (the same in every case and evaluation).
    public func seed(replicate r: Int) -> UInt64 { linli_run_seed(seed, 0, UInt64(r)) }

    /// Runs per evaluation: cases × replicates.
    public var runsPerEvaluation: Int { cases.count * replicates }

    /// The targets' values from their metrics' means: the mean itself, or
    /// for a relative target its ratio to the reference target's mean.
    public func targetValues(means: [Double]) -> [Double] {
        targets.enumerated().map { i, t in t.relativeTo.map { means[i] / means[$0] } ?? means[i] }
    }

    /// J(θ) = Σ_t w_t d_t² from the targets' values (NaN when any is NaN;
    /// a reference target adds nothing).
    public func objective(_ values: [Double]) -> Double {
        var j = 0.0
        for (t, m) in zip(targets, values) where t.goal != nil {
            let d = t.distance(m)
            j += t.weight * d * d
        }
        return j
    }

    /// The unit coordinate of a parameter value (inverse of `SweepFactor.value(unit:)`).
    public static func unit(of value: Double, _ f: SweepFactor) -> Double {
        guard let r = f.range else { return 0.5 }
        if f.scale == .log { return (Foundation.log(value) - Foundation.log(r.lowerBound)) / (Foundation.log(r.upperBound) - Foundation.log(r.lowerBound)) }
        return (value - r.lowerBound) / (r.upperBound - r.lowerBound)
    }

    /// The parameters' current values: the registry defaults (with the first
    /// case's overrides), or the middle of a test function's domain.
    public var defaults: [Double] {
        parameters.map { f in
            switch cases.first?.source {
            case .scenario(let s)?: return s.parameters[f.key]
            case .function(let fn)?: return (fn.domain.lowerBound + fn.domain.upperBound) / 2
            case nil: return .nan
            }
        }
    }
}
