import Foundation

/// The files of a sweep directory. `runs.csv` and `points.csv` are pure
/// functions of the sweep and its records, written in run and point order,
/// so a sharded sweep merged and an unsharded one give the same bytes
/// whatever `--jobs` was.
///
/// | file | content |
/// |---|---|
/// | `runs.csv` | `run_id,point,replicate,seed,<factors>,<metrics>`, one row per run recorded |
/// | `points.csv` | `point,<factors>,replicates`, then `<metric>_mean,_sd,_ci95_low,_ci95_high,_missing` per metric (only when every run is in) |
/// | `sweep-manifest.json` | the run manifest's keys plus design, factors, metrics, runs, shard; written last |
/// | `sweep.yaml`, `scenario.yaml` | exact copies of the sweep file and its base scenario (merge and sensitivity read them) |
/// | `records/*.log` | the run store (`RunLog`) |
/// | `runs/RUN_ID/timeseries.csv` | with `--keep-timeseries` |
public enum SweepOutput {
    public static let runsFile = "runs.csv"
    public static let pointsFile = "points.csv"
    public static let manifestFile = "sweep-manifest.json"
    public static let sensitivityFile = "sensitivity.csv"
    public static let sweepCopy = "sweep.yaml"
    public static let scenarioCopy = "scenario.yaml"
    public static let runsDirectory = "runs"

    public static func timeseriesURL(in directory: URL, run: Int) -> URL {
        directory.appendingPathComponent(runsDirectory).appendingPathComponent(String(run))
            .appendingPathComponent(RunOutput.timeseriesFile)
    }

    // MARK: runs.csv

    public static func runsHeader(_ sweep: Sweep) -> [String] {
        ["run_id", "point", "replicate", "seed"] + sweep.factors.map(\.key) + sweep.metrics
    }

    /// One `runs.csv` row.
    public static func runsRow(_ plan: SweepPlan, _ r: RunRecord) -> [String] {
        [String(r.run), String(r.point), String(r.replicate), String(r.seed)]
            + plan.values[r.point].map(SweepPlan.cell) + r.metrics.map(formatCell)
    }

    /// Streams `runs.csv` for `records` (sorted by run id).
    public static func writeRuns(_ plan: SweepPlan, records: [RunRecord], to url: URL) throws {
        try AtomicFile.stream(to: url) { w in
            try w.writeCSVLine(runsHeader(plan.sweep))
            for r in records { try w.writeCSVLine(runsRow(plan, r)) }
        }
    }

    // MARK: points.csv

    /// Per metric at each point; `missing` counts replicates whose value is NA (undefined).
    public static let pointStatistics = ["mean", "sd", "ci95_low", "ci95_high", "missing"]

    public static func pointsHeader(_ sweep: Sweep) -> [String] {
        ["point"] + sweep.factors.map(\.key) + ["replicates"]
            + sweep.metrics.flatMap { m in pointStatistics.map { "\(m)_\($0)" } }
    }

    /// Per point, per metric, the values of its replicates (`[point][metric][replicate]`);
    /// `records` must hold every run exactly once.
    /// (For `replicates: auto`, the records used: each point's own count, in replicate order.)
    public static func valuesByPoint(_ plan: SweepPlan, records: [RunRecord]) -> [[[Double]]] {
        let m = plan.sweep.metrics.count
        var out = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: plan.pointCount)
        for r in records.sorted(by: { $0.run < $1.run }) {
            for j in 0..<m { out[r.point][j].append(r.metrics[j]) }
        }
        return out
    }

    /// Mean over replicates of each metric at each point (`[metric][point]`): what sensitivity analyses use.
    public static func pointMeans(_ plan: SweepPlan, records: [RunRecord]) -> [[Double]] {
        let byPoint = valuesByPoint(plan, records: records)
        return plan.sweep.metrics.indices.map { j in byPoint.map { Statistics.mean($0[j]) } }
    }

    public static func writePoints(_ plan: SweepPlan, records: [RunRecord], to url: URL) throws {
        let byPoint = valuesByPoint(plan, records: records)
        try AtomicFile.stream(to: url) { w in
            try w.writeCSVLine(pointsHeader(plan.sweep))
            for (p, metrics) in byPoint.enumerated() {
                var row = [String(p)] + plan.values[p].map(SweepPlan.cell) + [String(metrics.first?.count ?? 0)]
                for values in metrics {
                    let s = Summary(values)
                    row += [formatCell(s.mean), formatCell(s.sd), formatCell(s.ciLow), formatCell(s.ciHigh), String(s.missing)]
                }
                try w.writeCSVLine(row)
            }
        }
    }

    // MARK: The directory

    /// Writes `runs.csv`, `points.csv` when `records` cover every run, and
    /// last `sweep-manifest.json`. `records`: sorted by run id, no duplicates.
    /// Returns the files written, the manifest last.
    @discardableResult
    /// With `replicates: auto`, `records` may hold replicates past a point's
    /// stopping count: only those used (`SweepPrecisionState.used`) are
    /// written, and the sweep is complete when every point is finished.
    public static func write(_ plan: SweepPlan, records allRecords: [RunRecord], info: SweepInfo, to directory: URL) throws -> [URL] {
        var records = allRecords
        var complete = records.count == plan.runCount
        var state: SweepPrecisionState?
        if plan.sweep.precision != nil {
            let st = SweepPrecisionState(plan: plan, records: allRecords)
            records = st.used(allRecords)
            complete = st.finished
            state = st
        }
        var files: [URL] = []
        let runs = directory.appendingPathComponent(runsFile)
        try writeRuns(plan, records: records, to: runs)
        files.append(runs)
        if complete {
            let points = directory.appendingPathComponent(pointsFile)
            try writePoints(plan, records: records, to: points)
            files.append(points)
        } else {
            // A stale points.csv from an earlier complete state cannot exist
            // (records only grow), but a partial directory must not carry one.
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(pointsFile))
        }
        var hashes: [String: String] = [:]
        for f in files {
            hashes[f.lastPathComponent] = SHA256.hex([UInt8](try Data(contentsOf: f)))
        }
        var manifest = SweepManifest(plan: plan, records: records, info: info, files: hashes)
        if let state {
            manifest.sweep.precision = state.details
            manifest.sweep.complete = complete
        }
        let url = directory.appendingPathComponent(manifestFile)
        try AtomicFile.write(manifest.jsonData(), to: url)
        return files + [url]
    }

    /// Keeps exact copies of the sweep file and base scenario in `directory`.
    public static func writeCopies(_ sweep: Sweep, to directory: URL) throws {
        try AtomicFile.write(sweep.sourceText, to: directory.appendingPathComponent(sweepCopy))
        if let sc = sweep.baseScenario {
            try AtomicFile.write(sc.sourceText, to: directory.appendingPathComponent(scenarioCopy))
        }
    }

    /// The sweep a directory holds, read from its copies.
    public static func loadSweep(in directory: URL) throws -> Sweep {
        let sweepURL = directory.appendingPathComponent(sweepCopy)
        guard FileManager.default.fileExists(atPath: sweepURL.path) else {
            throw RunStoreError("\(directory.path) is not a sweep directory (no \(sweepCopy)); give the --out directory of `linli sweep`")
        }
        let scenario = directory.appendingPathComponent(scenarioCopy)
        return try SweepLoader.load(path: sweepURL.path,
                                    scenarioFile: FileManager.default.fileExists(atPath: scenario.path) ? scenario.path : nil)
    }
}

/// How a sweep (or merge) went, for the manifest.
public struct SweepInfo: Sendable {
    public var jobs: Int
    public var start: Date
    public var end: Date
    public var shard: Shard?
    public var mergedFrom: [String]
    public var version: String
    public var gitCommit: String?

    public init(jobs: Int, start: Date, end: Date, shard: Shard? = nil, mergedFrom: [String] = [],
                version: String = LinliVersion.current, gitCommit: String? = RunInfo.currentGitCommit()) {
        self.jobs = jobs; self.start = start; self.end = end; self.shard = shard; self.mergedFrom = mergedFrom
        self.version = version; self.gitCommit = gitCommit
    }
}
