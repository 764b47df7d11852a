import CGSL
import Foundation

/// An ABC particle: an accepted evaluation with its importance weight.
public struct CalibrationParticle: Sendable {
    public var evaluation: CalibrationEvaluation
    /// Unit coordinates of θ (the prior is uniform on the unit box).
    public var unit: [Double]
    public var weight: Double
    public var generation: Int
}

/// What a finished search hands to the outputs.
public struct CalibrationResult: Sendable {
    public var evaluations: [CalibrationEvaluation]
    /// The evaluation with the smallest objective (the first on ties).
    public var best: CalibrationEvaluation
    /// ABC: the final population (empty for Nelder–Mead).
    public var posterior: [CalibrationParticle]
    /// ABC: the tolerance on √J of each generation.
    public var tolerances: [Double]
    /// Notes for the user (e.g. an SMC generation that could not shrink).
    public var notes: [String]
}

/// The searches. Each is a deterministic function of the calibration and
/// the evaluations it asks for, so replaying it against a run log (resume,
/// or the shard that completes a stage) asks for the same θ in the same order.
enum CalibrationSearch {
    // MARK: Nelder–Mead

    /// Restarts from the defaults (middle when out of range) and Sobol points;
    /// each restart runs GSL's nmsimplex2 on z = logit(u) (u the unit
    /// coordinate, in log space for log-scale parameters) until the simplex
    /// size falls below `simplexSize` or `maxEvaluations` calls are made
    /// (checked after each iteration, so a restart may overshoot by at most
    /// the k evaluations of one shrink step). Shard K/N runs the restarts ≡ K (mod N).
    static func nelderMead(_ cal: Calibration, _ nm: CalibrationMethod.NelderMead, evaluator: CalibrationEvaluator,
                           shard: Shard) throws -> CalibrationResult {
        let k = cal.parameters.count
        let sobol = SobolSequence.points(nm.starts, dimensions: k)
        let inside = zip(cal.defaults, cal.parameters).map { d, f -> Bool in
            let u = Calibration.unit(of: d, f)
            return u.isFinite && u > 1e-6 && u < 1 - 1e-6
        }
        let defaults = zip(cal.defaults, cal.parameters).enumerated().map { k, df in inside[k] ? Calibration.unit(of: df.0, df.1) : 0.5 }
        var waiting: [Int] = []
        for restart in 0..<nm.starts {
            let u0 = (restart == 0 ? defaults : sobol[restart]).map { min(max($0, 1e-6), 1 - 1e-6) }
            // Restart 0 starts at the defaults themselves where they are inside their range.
            let theta0 = zip(u0, cal.parameters).enumerated().map { k, uf in
                restart == 0 && inside[k] ? cal.defaults[k] : uf.1.value(unit: uf.0)
            }
            let compute = restart % shard.count == shard.index
            do {
                try restartNM(cal, nm, u0: u0, theta0: theta0, restart: restart, evaluator: evaluator, compute: compute)
            } catch CalibrationStop.awaitingShards {
                waiting.append(restart)
            }
        }
        if !waiting.isEmpty {
            throw CalibrationStop.awaitingShards(stage: "Nelder–Mead restarts \(waiting.map(String.init).joined(separator: ", ")) belong to other shards")
        }
        return finish(evaluator.evaluations, posterior: [], tolerances: [], notes: [])
    }

    static func logit(_ u: Double) -> Double { Foundation.log(u / (1 - u)) }
    static func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    private static func restartNM(_ cal: Calibration, _ nm: CalibrationMethod.NelderMead, u0: [Double], theta0: [Double], restart: Int,
                                  evaluator: CalibrationEvaluator, compute: Bool) throws {
        let n = u0.count
        var calls = 0
        var failure: Error?
        // The starting vertex is evaluated at exactly θ0 (the defaults), not at
        // θ0 after a round trip through logit and back (which can move the last bit).
        let z0 = u0.map(logit)
        let f: ([Double]) -> Double = { z in
            guard failure == nil else { return .greatestFiniteMagnitude }
            calls += 1
            let theta = z == z0 ? theta0 : zip(z, cal.parameters).map { $1.value(unit: logistic($0)) }
            do {
                guard let e = try evaluator.evaluate([theta], stage: .nelderMead(restart: restart), compute: compute)[0] else {
                    throw CalibrationStop.awaitingShards(stage: "restart \(restart)")
                }
                return e.objective
            } catch {
                failure = error
                return .greatestFiniteMagnitude
            }
        }
        _ = NelderMead.minimise(f, x0: z0, step: Array(repeating: nm.step, count: n), tolerance: nm.simplexSize,
                                maxIterations: .max, stop: { failure != nil || calls >= nm.maxEvaluations })
        if let failure { throw failure }
    }

    // MARK: ABC

    /// Rejection over a Sobol or LHS sample of the prior (uniform on the unit
    /// box: uniform, or log-uniform for log-scale parameters), then `generations`
    /// of ABC-SMC (Beaumont et al. 2009; Toni et al. 2009): each generation
    /// proposes `samples` particles by resampling the last population by
    /// weight and perturbing with a Gaussian kernel of variance twice the
    /// population's weighted variance per coordinate (proposals outside the
    /// box are redrawn), accepts distances ≤ ε_g = min(ε_{g−1}, the `smcQuantile`
    /// quantile of its proposals' distances), and weights each accepted
    /// particle by prior / Σ_j w_j K(θ | θ_j). Shard K/N evaluates the
    /// samples ≡ K (mod N) of the first stage not complete in the log.
    static func abc(_ cal: Calibration, _ a: CalibrationMethod.ABC, evaluator: CalibrationEvaluator, shard: Shard) throws -> CalibrationResult {
        let k = cal.parameters.count
        let units: [[Double]] = a.design == .sobol
            ? SobolSequence.points(a.samples, dimensions: k)
            : LatinHypercubeDesign.units(points: a.samples, dimensions: k, seed: cal.seed)
        var notes: [String] = []
        let prior = try stage(cal, units, generation: 0, evaluator: evaluator, shard: shard)
        let (accepted0, eps0) = acceptFirst(prior, a.accept)
        if accepted0.isEmpty {
            notes.append("no prior sample is within the tolerance \(formatNumber(eps0)); the posterior is empty (raise `accept.tolerance` or use `accept: {quantile: …}`)")
            return finish(evaluator.evaluations, posterior: [], tolerances: [eps0], notes: notes)
        }
        var population = accepted0.map { CalibrationParticle(evaluation: prior[$0], unit: units[$0], weight: 1 / Double(accepted0.count), generation: 0) }
        var tolerances = [eps0]
        for g in stride(from: 1, through: a.generations, by: 1) {
            let sigma = kernelSD(population)
            let rng = RandomStream(seed: cal.seed, replicate: g, stream: 0xCA1B_0A8C)
            let weights = population.map(\.weight)
            var proposals: [[Double]] = []
            for _ in 0..<a.samples {
                var u: [Double] = []
                for _ in 0..<10_000 {
                    let parent = population[rng.categorical(weights)].unit
                    u = zip(parent, sigma).map { $0 + rng.gaussian(sd: $1) }
                    if u.allSatisfy({ $0 >= 0 && $0 <= 1 }) { break }
                }
                proposals.append(u.map { min(max($0, 0), 1) })
            }
            let evals = try stage(cal, proposals, generation: g, evaluator: evaluator, shard: shard)
            let d = evals.map(\.distance)
            let n = max(2, Int((a.smcQuantile * Double(a.samples)).rounded()))
            let sorted = d.filter { !$0.isNaN }.sorted()
            guard sorted.count >= 2 else {
                notes.append("generation \(g): fewer than 2 proposals have a defined distance; stopped with generation \(g - 1)")
                break
            }
            let eps = min(tolerances.last!, sorted[min(n, sorted.count) - 1])
            let accepted = d.indices.filter { !d[$0].isNaN && d[$0] <= eps }
            guard accepted.count >= 2 else {
                notes.append("generation \(g): only \(accepted.count) proposals within ε = \(formatNumber(eps)); stopped with generation \(g - 1)")
                break
            }
            if eps == tolerances.last! { notes.append("generation \(g): the tolerance did not shrink (ε = \(formatNumber(eps)))") }
            var logw: [Double] = accepted.map { i in
                // log Σ_j w_j K(u_i | u_j), by log-sum-exp.
                let terms = population.map { p -> Double in
                    var l = Foundation.log(p.weight)
                    for (x, (m, s)) in zip(proposals[i], zip(p.unit, sigma)) { l += -0.5 * ((x - m) / s) * ((x - m) / s) - Foundation.log(s) }
                    return l
                }
                let top = terms.max()!
                return -(top + Foundation.log(terms.reduce(0) { $0 + exp($1 - top) }))
            }
            let top = logw.max()!
            logw = logw.map { exp($0 - top) }
            let total = logw.reduce(0, +)
            population = zip(accepted, logw).map { i, w in
                CalibrationParticle(evaluation: evals[i], unit: proposals[i], weight: w / total, generation: g)
            }
            tolerances.append(eps)
        }
        return finish(evaluator.evaluations, posterior: population, tolerances: tolerances, notes: notes)
    }

    /// Evaluates one stage's points (this shard's share); throws `awaitingShards` when others' are missing.
    private static func stage(_ cal: Calibration, _ units: [[Double]], generation: Int, evaluator: CalibrationEvaluator,
                              shard: Shard) throws -> [CalibrationEvaluation] {
        let thetas = units.map { u in zip(u, cal.parameters).map { $1.value(unit: $0) } }
        var out = [CalibrationEvaluation?](repeating: nil, count: thetas.count)
        // This shard's share is simulated in one parallel batch; then the whole
        // stage is evaluated from the log in sample order (the same ids whoever computed it).
        try evaluator.ensureRuns(thetas.indices.filter { $0 % shard.count == shard.index }.map { thetas[$0] })
        out = try evaluator.evaluate(thetas, stage: .abc(generation: generation), compute: false)
        let missing = out.filter { $0 == nil }.count
        if missing > 0 {
            throw CalibrationStop.awaitingShards(stage: "\(generation == 0 ? "the ABC prior sample" : "ABC-SMC generation \(generation)") has \(missing) of \(thetas.count) evaluations in other shards")
        }
        return out.map { $0! }
    }

    /// Indices accepted from the prior sample and the tolerance on √J.
    static func acceptFirst(_ evals: [CalibrationEvaluation], _ accept: CalibrationMethod.ABC.Accept) -> ([Int], Double) {
        let d = evals.map(\.distance)
        switch accept {
        case .tolerance(let eps):
            return (d.indices.filter { !d[$0].isNaN && d[$0] <= eps }, eps)
        case .quantile(let q):
            // The n smallest distances, ties by index.
            let order = d.indices.filter { !d[$0].isNaN }.sorted { (d[$0], $0) < (d[$1], $1) }
            let n = min(order.count, max(2, Int((q * Double(evals.count)).rounded())))
            let chosen = Array(order.prefix(n)).sorted()
            return (chosen, n > 0 ? d[order[n - 1]] : .nan)
        }
    }

    /// Perturbation kernel SDs: √(2 × weighted variance) per coordinate (floor 1e-3).
    static func kernelSD(_ population: [CalibrationParticle]) -> [Double] {
        let k = population[0].unit.count
        return (0..<k).map { d in
            let x = population.map { $0.unit[d] }, w = population.map(\.weight)
            let mean = zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
            let v = zip(x, w).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }
            return max((2 * v).squareRoot(), 1e-3)
        }
    }

    static func finish(_ evaluations: [CalibrationEvaluation], posterior: [CalibrationParticle], tolerances: [Double],
                       notes: [String]) -> CalibrationResult {
        var best = evaluations[0]
        for e in evaluations where e.objective < best.objective || (best.objective.isNaN && !e.objective.isNaN) { best = e }
        return CalibrationResult(evaluations: evaluations, best: best, posterior: posterior, tolerances: tolerances, notes: notes)
    }
}

/// Weighted statistics of an ABC posterior.
public enum WeightedStatistics {
    /// Weighted mean (GSL `gsl_stats_wmean`).
    public static func mean(_ x: [Double], weights w: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        return w.withUnsafeBufferPointer { wp in x.withUnsafeBufferPointer { xp in gsl_stats_wmean(wp.baseAddress, 1, xp.baseAddress, 1, x.count) } }
    }

    /// The weighted p-quantile: the smallest x whose cumulative normalised
    /// weight reaches p (GSL has no weighted quantile).
    public static func quantile(_ x: [Double], weights w: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let order = x.indices.sorted { (x[$0], $0) < (x[$1], $1) }
        let total = w.reduce(0, +)
        var cum = 0.0
        for i in order {
            cum += w[i] / total
            if cum >= p - 1e-12 { return x[i] }
        }
        return x[order.last!]
    }

    /// Kish's effective sample size 1 / Σ w² of normalised weights.
    public static func effectiveSize(_ w: [Double]) -> Double {
        let total = w.reduce(0, +)
        return 1 / w.reduce(0) { $0 + ($1 / total) * ($1 / total) }
    }
}
