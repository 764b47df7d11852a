import Foundation

/// Runs a calibration into an output directory, resumably, like a sweep:
/// the directory keeps a copy of the calibration file and the run store
/// (`records/*.log`, one log per shard); a resumed or completing process
/// replays the search against the logged runs and simulates only what is
/// missing. When the search completes it writes:
///
/// | file | content |
/// |---|---|
/// | `evaluations.csv` | `evaluation,stage,restart,generation,<parameters>,objective,<targets>` in search order |
/// | `best.yaml` | the smallest-objective evaluation as a scenario (first case's population) with a `parameters:` block |
/// | `posterior.csv` | ABC: `particle,generation,evaluation,<parameters>,distance,weight` |
/// | `posterior-summary.csv` | ABC: per parameter the prior range, weighted mean, sd, 95% interval, ESS |
/// | `calibration-manifest.json` | version, commit, file hash, seed, method, targets, best, timing; written last |
///
/// Every file but the manifest is a pure function of the calibration file
/// (and its scenarios): the same bytes whatever `--jobs`, shards or kills.
public struct CalibrationExecution: Sendable {
    public static let evaluationsFile = "evaluations.csv"
    public static let bestFile = "best.yaml"
    public static let posteriorFile = "posterior.csv"
    public static let posteriorSummaryFile = "posterior-summary.csv"
    public static let manifestFile = "calibration-manifest.json"
    public static let copyFile = "calibration.yaml"

    public var calibration: Calibration
    public var directory: URL
    public var jobs: Int
    public var shard: Shard
    public var resume: Bool
    /// Stop after this many newly simulated runs (a kill at a known point, for tests).
    public var maxNewRuns: Int?

    public init(_ calibration: Calibration, directory: URL, jobs: Int, shard: Shard = .all, resume: Bool = false, maxNewRuns: Int? = nil) {
        self.calibration = calibration; self.directory = directory; self.jobs = jobs; self.shard = shard
        self.resume = resume; self.maxNewRuns = maxNewRuns
    }

    public enum Outcome: Sendable {
        case complete(CalibrationResult, files: [URL])
        /// This shard's share is done; others' are needed (message says which).
        case awaitingShards(String)
    }

    /// Upper bound on the runs of the whole search (Nelder–Mead's is its budget).
    public var plannedRuns: Int {
        let c = calibration
        switch c.method {
        case .nelderMead(let n): return n.starts * (n.maxEvaluations + c.parameters.count) * c.runsPerEvaluation
        case .abc(let a): return a.samples * (a.generations + 1) * c.runsPerEvaluation
        }
    }

    /// Runs already in the directory's logs.
    public func recordedRuns() throws -> Int { try RunStore.read(directory: directory).records.count }

    /// Checks the directory (refusing another calibration's runs, and runs
    /// without `resume`), keeps the copy, then searches and writes the outputs.
    public func run(progress: (@Sendable (Int) -> Void)? = nil) throws -> Outcome {
        let start = Date()
        let cal = calibration
        let store = try RunStore.read(directory: directory)
        if let fp = store.fingerprint, fp != cal.fingerprint {
            throw RunStoreError("\(directory.path) holds runs of a different calibration (fingerprint \(fp.prefix(12))…, this one \(cal.fingerprint.prefix(12))…): the calibration file or a target scenario changed; use another --out")
        }
        if !store.records.isEmpty && !resume {
            throw RunStoreError("\(directory.path) already holds \(store.records.count) runs of this calibration; add --resume to continue it, or give another --out")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(cal.sourceText, to: directory.appendingPathComponent(Self.copyFile))
        let log = try RunLog(directory: directory, name: RunLog.name(for: shard), fingerprint: cal.fingerprint,
                             metrics: CalibrationEvaluator.logMetrics(cal))
        let evaluator = CalibrationEvaluator(cal, jobs: jobs, log: log, records: store.records, maxNewRuns: maxNewRuns, progress: progress)
        let result: CalibrationResult
        do {
            switch cal.method {
            case .nelderMead(let nm): result = try CalibrationSearch.nelderMead(cal, nm, evaluator: evaluator, shard: shard)
            case .abc(let a): result = try CalibrationSearch.abc(cal, a, evaluator: evaluator, shard: shard)
            }
        } catch CalibrationStop.awaitingShards(let stage) {
            return .awaitingShards(stage)
        }
        let files = try CalibrationOutput.write(cal, result, to: directory,
                                                info: .init(jobs: jobs, start: start, end: Date(), shard: shard,
                                                            runsComputed: evaluator.newRuns, runsRecorded: store.records.count + evaluator.newRuns,
                                                            residentDays: evaluator.residentDays))
        return .complete(result, files: files)
    }
}
