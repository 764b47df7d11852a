import Foundation

/// Runs a sweep (or one shard of it) into an output directory, resumably:
/// the directory keeps copies of the sweep and base scenario, a run log per
/// shard, and, once this process's runs are done, `runs.csv`, `points.csv`
/// (when every run of the sweep is in the directory) and the manifest.
public struct SweepExecution: Sendable {
    public var plan: SweepPlan
    public var directory: URL
    public var jobs: Int
    public var shard: Shard
    /// Continue a directory that already holds runs of this sweep.
    public var resume: Bool
    public var keepTimeseries: Bool

    public init(plan: SweepPlan, directory: URL, jobs: Int, shard: Shard = .all, resume: Bool = false, keepTimeseries: Bool = false) {
        self.plan = plan; self.directory = directory; self.jobs = jobs; self.shard = shard
        self.resume = resume; self.keepTimeseries = keepTimeseries
    }

    /// What `prepare` found.
    public struct Pending: Sendable {
        /// Runs of this shard still to do, in order.
        public var todo: [Int]
        /// Runs of this shard already recorded (skipped).
        public var skipped: Int
        /// Corrupt lines found in the logs (their runs are redone).
        public var corrupt: Int
    }

    /// Checks the directory, keeps the copies and lists the runs left to do.
    /// Refuses a directory holding runs unless `resume`, and one holding another sweep's runs.
    public func prepare() throws -> Pending {
        let store = try RunStore.read(directory: directory)
        if let fp = store.fingerprint, fp != plan.sweep.fingerprint {
            throw RunStoreError("\(directory.path) holds runs of a different sweep (fingerprint \(fp.prefix(12))…, this sweep \(plan.sweep.fingerprint.prefix(12))…): the sweep file or its base scenario changed; use another --out")
        }
        if plan.sweep.precision != nil && shard != .all {
            throw RunStoreError("`replicates: auto` cannot run as shard \(shard): whether a point needs more replicates depends on all its runs so far, which another shard may hold; run the sweep without --shard (or give `replicates:` a number)")
        }
        if !store.records.isEmpty && !resume {
            throw RunStoreError("\(directory.path) already holds \(store.done.count) runs of this sweep; add --resume to continue it, or give another --out")
        }
        try SweepOutput.writeCopies(plan.sweep, to: directory)
        let done = store.done
        if plan.sweep.precision != nil {
            // The first round only; `run` continues round by round.
            let state = SweepPrecisionState(plan: plan, records: store.records)
            return Pending(todo: state.nextRuns(plan: plan, done: done), skipped: done.count, corrupt: store.corrupt)
        }
        let mine = plan.runs(shard: shard)
        let todo = mine.filter { !done.contains($0) }
        return Pending(todo: todo, skipped: mine.count - todo.count, corrupt: store.corrupt)
    }

    /// Runs `pending.todo`, then writes the directory's CSVs and manifest from
    /// every record in it. Returns the coverage of the whole sweep.
    @discardableResult
    public func run(_ pending: Pending, progress: (@Sendable (Int) -> Void)? = nil) throws -> RunCoverage {
        let start = Date()
        let log = try RunLog(directory: directory, name: RunLog.name(for: shard),
                             fingerprint: plan.sweep.fingerprint, metrics: plan.sweep.metrics)
        if plan.sweep.precision != nil {
            // Rounds: each unfinished point's next batch, until every point is finished.
            var records = try RunStore.read(directory: directory).records
            var todo = pending.todo, before = 0
            while !todo.isEmpty {
                let offset = before
                records += try SweepRunner.run(plan: plan, runs: todo, jobs: jobs, log: log,
                                               timeseries: keepTimeseries ? directory : nil,
                                               progress: progress.map { p in { @Sendable done in p(offset + done) } })
                before += todo.count
                let state = SweepPrecisionState(plan: plan, records: records)
                todo = state.nextRuns(plan: plan, done: Set(records.map(\.run)))
            }
        } else {
            _ = try SweepRunner.run(plan: plan, runs: pending.todo, jobs: jobs, log: log,
                                    timeseries: keepTimeseries ? directory : nil, progress: progress)
        }
        return try finish(start: start)
    }

    /// Writes the outputs for every record now in the directory.
    public func finish(start: Date) throws -> RunCoverage {
        let store = try RunStore.read(directory: directory)
        let coverage = RunCoverage(plan: plan, records: store.records, origins: store.origins)
        if !coverage.isClean, let problems = coverage.problems() {
            throw RunStoreError("\(directory.path): \(problems)\nremove the log that should not be there (\(directory.path)/\(RunLog.directoryName)/) and run again with --resume")
        }
        try SweepOutput.write(plan, records: coverage.records,
                              info: SweepInfo(jobs: jobs, start: start, end: Date(), shard: shard == .all ? nil : shard),
                              to: directory)
        return coverage
    }

    /// Runs `ids` alone (no store, no files but the time series when kept):
    /// `linli sweep --only`.
    public static func only(_ plan: SweepPlan, runs ids: [Int], jobs: Int, timeseries: URL? = nil) throws -> [RunRecord] {
        try SweepRunner.run(plan: plan, runs: ids, jobs: jobs, timeseries: timeseries)
    }
}
