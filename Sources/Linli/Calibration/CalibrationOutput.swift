import Foundation

/// How a calibration run went, for its manifest.
public struct CalibrationInfo: Sendable {
    public var jobs: Int
    public var start: Date
    public var end: Date
    public var shard: Shard
    public var runsComputed: Int
    public var runsRecorded: Int
    public var residentDays: Double
}

/// The content of `calibration-manifest.json` (keys snake_case, sorted).
/// Infinite interval ends are left out (`low`/`high` absent).
public struct CalibrationManifest: Codable, Sendable, ManifestJSON {
    public struct ParameterInfo: Codable, Sendable {
        public var key: String
        public var scale: String
        public var low: Double
        public var high: Double
        /// The value before calibration (registry default or the first case's).
        public var current: Double?
    }

    public struct TargetInfo: Codable, Sendable {
        public var name: String
        public var scenario: String
        public var metric: String
        public var community: String
        /// `value`, `interval` or `reference` (recorded only).
        public var goal: String
        /// The reference target's name when the value is a ratio to it.
        public var relativeTo: String?
        public var value: Double?
        public var tolerance: Double?
        public var low: Double?
        public var high: Double?
        public var weight: Double
        /// The best evaluation's value of the target.
        public var best: Double?

        enum CodingKeys: String, CodingKey {
            case name, scenario, metric, community, goal, relativeTo = "relative_to", value, tolerance, low, high, weight, best
        }
    }

    public var linliVersion: String
    public var gitCommit: String?
    public var calibration: String
    public var description: String
    public var calibrationPath: String
    public var calibrationSHA256: String
    public var fingerprint: String
    public var seed: UInt64
    public var replicates: Int
    public var method: String
    public var methodSettings: [String: Double]
    public var parameters: [ParameterInfo]
    public var targets: [TargetInfo]
    public var evaluations: Int
    public var runsPerEvaluation: Int
    public var runsRecorded: Int
    public var runsComputed: Int
    public var bestEvaluation: Int
    public var bestObjective: Double?
    public var bestParameters: [String: Double]
    /// ABC: tolerance on √J of each generation; accepted particles.
    public var tolerances: [Double]
    public var posteriorSize: Int
    public var notes: [String]
    public var jobs: Int
    public var shard: String
    public var startTime: String
    public var endTime: String
    public var wallSeconds: Double
    public var residentDays: Double
    public var files: [String: String]

    enum CodingKeys: String, CodingKey {
        case linliVersion = "linli_version", gitCommit = "git_commit", calibration, description
        case calibrationPath = "calibration_path", calibrationSHA256 = "calibration_sha256", fingerprint, seed, replicates
        case method, methodSettings = "method_settings", parameters, targets, evaluations
        case runsPerEvaluation = "runs_per_evaluation", runsRecorded = "runs_recorded", runsComputed = "runs_computed"
        case bestEvaluation = "best_evaluation", bestObjective = "best_objective", bestParameters = "best_parameters"
        case tolerances, posteriorSize = "posterior_size", notes, jobs, shard
        case startTime = "start_time", endTime = "end_time", wallSeconds = "wall_seconds", residentDays = "resident_days", files
    }

    public static func read(from url: URL) throws -> CalibrationManifest {
        try JSONDecoder().decode(CalibrationManifest.self, from: Data(contentsOf: url))
    }
}

public enum CalibrationOutput {
    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    public static func evaluationsHeader(_ cal: Calibration) -> [String] {
        ["evaluation", "stage", "restart", "generation"] + cal.parameters.map(\.key) + ["objective"] + cal.targets.map(\.name)
    }

    /// One row; numbers in shortest round-trip form (so `--set` repeats a θ exactly), NA when undefined.
    public static func evaluationsRow(_ e: CalibrationEvaluation) -> [String] {
        let restart: String = e.stage.restart.map { String($0) } ?? "NA"
        let generation: String = e.stage.generation.map { String($0) } ?? "NA"
        var row: [String] = [String(e.id), e.stage.kind, restart, generation]
        row += e.values.map { formatNumber($0) }
        row.append(formatNumber(e.objective))
        row += e.targetValues.map { formatNumber($0) }
        return row
    }

    /// Writes every output file, the manifest last; returns them in that order.
    @discardableResult
    public static func write(_ cal: Calibration, _ result: CalibrationResult, to dir: URL, info: CalibrationInfo) throws -> [URL] {
        var files: [URL] = []
        let evaluations = dir.appendingPathComponent(CalibrationExecution.evaluationsFile)
        try AtomicFile.stream(to: evaluations) { w in
            try w.writeCSVLine(evaluationsHeader(cal))
            for e in result.evaluations { try w.writeCSVLine(evaluationsRow(e)) }
        }
        files.append(evaluations)
        let best = dir.appendingPathComponent(CalibrationExecution.bestFile)
        try AtomicFile.write(bestYAML(cal, result), to: best)
        files.append(best)
        if case .abc = cal.method {
            let posterior = dir.appendingPathComponent(CalibrationExecution.posteriorFile)
            try AtomicFile.stream(to: posterior) { w in
                try w.writeCSVLine(["particle", "generation", "evaluation"] + cal.parameters.map(\.key) + ["distance", "weight"])
                for (i, p) in result.posterior.enumerated() {
                    try w.writeCSVLine([String(i), String(p.generation), String(p.evaluation.id)] + p.evaluation.values.map(formatNumber)
                                       + [formatNumber(p.evaluation.distance), formatNumber(p.weight)])
                }
            }
            files.append(posterior)
            let summary = dir.appendingPathComponent(CalibrationExecution.posteriorSummaryFile)
            try AtomicFile.write(csvText(posteriorSummary(cal, result)), to: summary)
            files.append(summary)
        }
        var hashes: [String: String] = [:]
        for f in files { hashes[f.lastPathComponent] = SHA256.hex([UInt8](try Data(contentsOf: f))) }
        let manifest = self.manifest(cal, result, info: info, files: hashes)
        let url = dir.appendingPathComponent(CalibrationExecution.manifestFile)
        try AtomicFile.write(manifest.jsonData(), to: url)
        return files + [url]
    }

    static func csvText(_ rows: [[String]]) -> String { rows.map(csvLine).joined() }

    /// `parameter,scale,prior_low,prior_high,mean,sd,ci95_low,ci95_high,ess` (weighted; 95% = 2.5% and 97.5% weighted quantiles).
    public static func posteriorSummary(_ cal: Calibration, _ result: CalibrationResult) -> [[String]] {
        var rows = [["parameter", "scale", "prior_low", "prior_high", "mean", "sd", "ci95_low", "ci95_high", "ess"]]
        let w = result.posterior.map(\.weight)
        for (k, f) in cal.parameters.enumerated() {
            let x = result.posterior.map { $0.evaluation.values[k] }
            let mean = WeightedStatistics.mean(x, weights: w)
            let sd = x.isEmpty ? Double.nan : zip(x, w).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }.squareRoot()
            rows.append([f.key, f.scale.rawValue, formatNumber(f.range!.lowerBound), formatNumber(f.range!.upperBound),
                         formatNumber(mean), formatNumber(sd),
                         formatNumber(WeightedStatistics.quantile(x, weights: w, 0.025)),
                         formatNumber(WeightedStatistics.quantile(x, weights: w, 0.975)),
                         formatNumber(x.isEmpty ? .nan : WeightedStatistics.effectiveSize(w))])
        }
        return rows
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `best.yaml`: for Linli targets a complete scenario `linli validate`
    /// accepts: the first case's population, days, seed and non-default
    /// parameters (levers and `set:` included), with the fitted values; its
    /// comments give the `--set` arguments that apply the fit to any
    /// scenario (scenarios cannot include files). For a test function, only
    /// the `parameters:` block.
    public static func bestYAML(_ cal: Calibration, _ result: CalibrationResult) -> String {
        let b = result.best
        var out = "# linli calibrate \(cal.name): the evaluation with the smallest objective,\n"
        out += "# J = \(formatNumber(b.objective)) (evaluation \(b.id) of \(result.evaluations.count), method \(cal.method.name)).\n"
        let sets = zip(cal.parameters, b.values).map { "--set \($0.key)=\(formatNumber($1))" }.joined(separator: " ")
        guard let sc = cal.cases.first?.scenario else {
            out += "# Test function \(cal.cases.first?.name ?? ""): not a scenario.\nparameters:\n"
            for (f, v) in zip(cal.parameters, b.values) { out += "  \(f.key): \(formatNumber(v))\n" }
            return out
        }
        out += "# A scenario: the first target's case (\(cal.cases[0].label)) with the fitted values.\n"
        out += "# To apply the fit to any scenario: linli run SCENARIO \(sets)\n"
        out += "name: \(quoted(cal.name + "-best"))\n"
        out += "description: \(quoted("\(sc.name) with the parameters fitted by the calibration \(cal.name)"))\n"
        out += "seed: \(sc.seed)\nreplicates: \(sc.replicates)\ndays: \(sc.days)\npopulation:\n  communities:\n"
        for c in sc.communities {
            out += "    - name: \(quoted(c.name))\n      type: \(c.type.rawValue)\n      households: \(c.households)\n"
            if let b = c.buildings { out += "      buildings: \(b)\n" }
            out += "      street: \(quoted(c.street))\n"
            if c.district != "district" { out += "      district: \(quoted(c.district))\n" }
            if !c.overrides.isEmpty {
                out += "      overrides:\n"
                for (k, v) in c.overrides.sorted(by: { $0.key < $1.key }) { out += "        \(k): \(formatNumber(v))\n" }
            }
        }
        var params = sc.parameters
        for (f, v) in zip(cal.parameters, b.values) { params[f.key] = v }
        let fitted = Set(cal.parameters.map(\.key))
        let defaults = Parameters()
        out += "parameters:\n"
        for f in cal.parameters { out += "  \(f.key): \(formatNumber(params[f.key]))   # fitted\n" }
        for (k, v) in params.values.sorted(by: { $0.key < $1.key }) where !fitted.contains(k) && v != defaults[k] {
            out += "  \(k): \(ParameterRegistry.spec(k)?.format(v) ?? formatNumber(v))\n"
        }
        return out
    }

    static func manifest(_ cal: Calibration, _ result: CalibrationResult, info: CalibrationInfo, files: [String: String]) -> CalibrationManifest {
        let b = result.best
        let defaults = cal.defaults
        return CalibrationManifest(
            linliVersion: LinliVersion.current, gitCommit: RunInfo.currentGitCommit(), calibration: cal.name,
            description: cal.description, calibrationPath: cal.sourcePath, calibrationSHA256: SHA256.hex(cal.sourceText),
            fingerprint: cal.fingerprint, seed: cal.seed, replicates: cal.replicates, method: cal.method.name,
            methodSettings: cal.method.settings,
            parameters: cal.parameters.enumerated().map { k, f in
                .init(key: f.key, scale: f.scale.rawValue, low: f.range!.lowerBound, high: f.range!.upperBound, current: finite(defaults[k]))
            },
            targets: cal.targets.enumerated().map { i, t in
                let c = cal.cases[t.caseIndex]
                var info = CalibrationManifest.TargetInfo(name: t.name, scenario: c.label + (c.variant.isEmpty ? "" : " [\(c.variant)]"), metric: t.metric,
                                                          community: t.community, goal: "value", relativeTo: nil, weight: t.weight,
                                                          best: finite(b.targetValues[i]))
                switch t.goal {
                case .value(let v, let tol)?: info.value = v; info.tolerance = tol
                case .interval(let lo, let hi)?: info.goal = "interval"; info.low = finite(lo); info.high = finite(hi)
                case nil: info.goal = "reference"
                }
                info.relativeTo = t.relativeTo.map { cal.targets[$0].name }
                return info
            },
            evaluations: result.evaluations.count, runsPerEvaluation: cal.runsPerEvaluation, runsRecorded: info.runsRecorded,
            runsComputed: info.runsComputed, bestEvaluation: b.id, bestObjective: finite(b.objective),
            bestParameters: Dictionary(uniqueKeysWithValues: zip(cal.parameters.map(\.key), b.values)),
            tolerances: result.tolerances.map { $0.isFinite ? $0 : -1 }, posteriorSize: result.posterior.count, notes: result.notes,
            jobs: info.jobs, shard: info.shard.description, startTime: Manifest.iso8601(info.start), endTime: Manifest.iso8601(info.end),
            wallSeconds: info.end.timeIntervalSince(info.start), residentDays: info.residentDays, files: files)
    }
}
