import Foundation

/// `linli sensitivity`: Sobol indices of a complete `saltelli` sweep, or
/// Morris measures of a complete `morris` sweep, per metric, from the mean of
/// each point's replicates; written to `sensitivity.csv` in the sweep directory.
public enum SensitivityAnalysis {
    public enum Result: Sendable {
        case sobol([(metric: String, estimates: [SobolIndices.Estimate])])
        case morris([(metric: String, estimates: [MorrisMeasures.Estimate])])
    }

    public static let sobolHeader = ["metric", "factor", "S1", "S1_ci_low", "S1_ci_high", "ST", "ST_ci_low", "ST_ci_high"]
    public static let morrisHeader = ["metric", "factor", "mu_star", "mu_star_ci_low", "mu_star_ci_high", "mu", "sigma"]

    /// Analyses the sweep in `directory`; `metrics` empty means all of the sweep's.
    public static func analyze(directory: URL, metrics wanted: [String] = [], bootstrap: Int = 1000) throws -> Result {
        let sweep = try SweepOutput.loadSweep(in: directory)
        switch sweep.design {
        case .saltelli, .morris: break
        default:
            throw RunStoreError("\(directory.path) is a \(sweep.design.name) sweep; Sobol indices need `design: {type: saltelli}` and Morris measures `design: {type: morris}`: run one of those designs (scenarios/sweeps/ has an example of each)")
        }
        for m in wanted where !sweep.metrics.contains(m) {
            throw RunStoreError("unknown metric `\(m)`\(NearestKey.hint(m, sweep.metrics)); this sweep kept: \(sweep.metrics.joined(separator: ", "))")
        }
        let plan = SweepPlan(sweep)
        let store = try RunStore.read(directory: directory)
        let coverage = RunCoverage(plan: plan, records: store.records, origins: store.origins)
        if let problems = coverage.problems() {
            throw RunStoreError("\(directory.path) is not a complete sweep: \(problems)\n(finish it with `linli sweep --resume`, or merge its shards with `linli merge`)")
        }
        let means = SweepOutput.pointMeans(plan, records: coverage.records)
        let names = sweep.factors.map(\.key)
        let chosen = wanted.isEmpty ? sweep.metrics : wanted
        let columns = chosen.map { m in (m, means[sweep.metrics.firstIndex(of: m)!]) }
        for (m, y) in columns {
            let undefined = y.filter(\.isNaN).count
            if undefined > 0 {
                throw RunStoreError("metric `\(m)` is NA (undefined: its denominator was 0, e.g. no issue resolved) at \(undefined) of \(y.count) points; Sobol indices and Morris measures need a value at every point: leave it out with --metrics, or pick a metric defined in every run")
            }
        }
        switch sweep.design {
        case .saltelli:
            return .sobol(columns.map { ($0.0, SobolIndices.estimate($0.1, factors: names, bootstrap: bootstrap, seed: sweep.seed)) })
        default:
            return .morris(columns.map {
                ($0.0, MorrisMeasures.estimate(units: plan.units!, outputs: $0.1, factors: names, bootstrap: bootstrap, seed: sweep.seed))
            })
        }
    }

    /// `sensitivity.csv` text.
    public static func csv(_ result: Result) -> String {
        switch result {
        case .sobol(let metrics):
            var out = csvLine(sobolHeader)
            for (m, estimates) in metrics {
                for e in estimates {
                    out += csvLine([m, e.factor] + [e.s1, e.s1Low, e.s1High, e.st, e.stLow, e.stHigh].map(formatCell))
                }
            }
            return out
        case .morris(let metrics):
            var out = csvLine(morrisHeader)
            for (m, estimates) in metrics {
                for e in estimates {
                    out += csvLine([m, e.factor] + [e.muStar, e.muStarLow, e.muStarHigh, e.mu, e.sigma].map(formatCell))
                }
            }
            return out
        }
    }
}
