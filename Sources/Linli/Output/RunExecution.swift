import Foundation

/// One scenario run from start to its four files: what `linli run` does
/// and what the studio (`linli serve`) does for a run started in the
/// browser, so both write the same bytes for the same scenario.
///
/// The timeseries streams replicate by replicate (fixed counts) or is held
/// until the precision rule stops (`replicates: auto`); the other three files
/// are staged and everything is renamed into place at the end, the manifest
/// last. A run that fails or is cancelled removes what it staged.
public enum RunExecution {
    public struct Result: Sendable {
        public var info: RunInfo
        public var aggregate: [AggregateRow]
        public var outcome: PrecisionOutcome?
    }

    /// Replicate-days the run will step (the progress total; for `auto`, up to `precision.max`).
    public static func totalDays(_ scenario: Scenario) -> Int { scenario.replicates * scenario.days }

    /// Runs `scenario` into `directory` (which the caller has claimed with `OutputLock`).
    /// - progress: replicate-days done so far, from worker threads.
    /// - cancel: when set mid-run, throws `RunCancelled` and leaves no new file behind.
    public static func execute(_ scenario: Scenario, to directory: URL, split: CoreSplit, version: String,
                               progress: (@Sendable (Int) -> Void)? = nil, cancel: CancelFlag? = nil) throws -> Result {
        var sc = scenario
        let start = Date()
        var outcome: PrecisionOutcome?
        var stream = RunOutput.Stream(directory: directory)
        do {
            if let precision = sc.precision {
                let series: [ReplicateSeries]
                (series, outcome) = try Runner.runToPrecision(sc, precision, jobs: split.jobs, threads: split.threads,
                                                              progress: progress, cancel: cancel)
                sc.replicates = series.count
                try stream.timeseries { add in for s in series { try add(s) } }
            } else {
                let fixed = sc
                try stream.timeseries { add in
                    try Runner.stream(fixed, jobs: split.jobs, threads: split.threads, progress: progress, cancel: cancel, consume: add)
                }
            }
            if cancel?.isCancelled == true { throw RunCancelled() }
        } catch {
            stream.discard()
            throw error
        }
        var info = RunInfo(scenario: sc, jobs: split.jobs, start: start, end: Date(), version: version,
                           residentDays: stream.residentDays, precision: outcome)
        info.threads = split.threads
        info.peakMemoryBytes = MemoryEstimate.peakResidentBytes()
        try stream.finish(info: info)
        return Result(info: info, aggregate: stream.aggregate, outcome: outcome)
    }
}
