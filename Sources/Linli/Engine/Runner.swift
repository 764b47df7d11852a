import Foundation

/// Runs a scenario's replicates over `jobs` threads. Each replicate draws only
/// from its own streams and results are returned in replicate order, so the
/// output does not depend on `jobs`.
public enum Runner {
    /// - progress: called from the worker threads with the replicate-days done so far.
    /// - threads: threads per replicate (street shards); outputs do not depend on it.
    public static func run(_ scenario: Scenario, jobs: Int, threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil) -> [ReplicateSeries] {
        let daysDone = SharedCounter()
        return parallelMap(count: scenario.replicates, jobs: jobs) { r in
            Simulation.run(scenario, replicate: r, threads: threads) { _ in
                if let progress { progress(daysDone.increment()) }
            }
        }
    }

    /// Runs the replicates in waves of `jobs` and hands each finished
    /// replicate to `consume` in replicate order, on the calling thread, then
    /// drops it: at most `jobs` replicates' series are held at once, however
    /// many replicates run (`linli run` streams its timeseries this way).
    /// - cancel: when set, the replicates in flight stop within a day and this throws `RunCancelled`
    ///   before handing any of them over.
    public static func stream(_ scenario: Scenario, jobs: Int, threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil,
                              cancel: CancelFlag? = nil, consume: (ReplicateSeries) throws -> Void) throws {
        let daysDone = SharedCounter()
        let wave = max(1, jobs)
        var first = 0
        while first < scenario.replicates {
            let count = min(wave, scenario.replicates - first)
            let base = first
            let batch = parallelMap(count: count, jobs: jobs) { i in
                Simulation.run(scenario, replicate: base + i, threads: threads, progress: { _ in
                    if let progress { progress(daysDone.increment()) }
                }, cancel: cancel)
            }
            if cancel?.isCancelled == true { throw RunCancelled() }
            for s in batch { try consume(s) }
            first += count
        }
    }

    /// Default job count: every core.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// How `linli run` splits the cores between replicates run at once (jobs)
/// and threads within each replicate (street shards).
///
/// Why: replicates in parallel need no coordination and are the cheaper way to
/// use cores, but a single replicate of a city would leave all cores but one
/// idle; so cores go to replicates first and what is left to threads.
public struct CoreSplit: Sendable, Equatable {
    public let jobs: Int
    public let threads: Int

    /// - replicates: replicates that run at once at most (a batch for `replicates: auto`).
    /// - streets: the scenario's streets (threads beyond them would idle).
    public static func choose(cores: Int, replicates: Int, streets: Int, jobs: Int?, threads: Int?) -> CoreSplit {
        let cores = max(1, cores), replicates = max(1, replicates), streets = max(1, streets)
        let j: Int
        switch (jobs, threads) {
        case let (j0?, _): j = j0
        case let (nil, t?): j = max(1, min(replicates, cores / max(1, t)))
        case (nil, nil): j = min(cores, replicates)
        }
        let t = threads ?? max(1, cores / max(1, min(j, replicates)))
        return CoreSplit(jobs: j, threads: max(1, min(t, streets)))
    }

    /// "2 jobs × 1 thread" for the run's first line.
    public var description: String {
        "\(jobs) \(jobs == 1 ? "job" : "jobs") × \(threads) \(threads == 1 ? "thread" : "threads")"
    }
}

extension Runner {
    /// `replicates: auto`: replicates in batches of `precision.batch` (each
    /// batch over `jobs` threads) until the 95% CI half-width of the precision
    /// metric (community `all`) reaches the target or `precision.max` have run.
    /// The kept replicates are 0..<n with n fixed by the sequential rule
    /// (`Precision.run`), so the result is the same for any `jobs` and batch.
    public static func runToPrecision(_ scenario: Scenario, _ precision: Precision, jobs: Int, threads: Int = 1,
                                      progress: (@Sendable (Int) -> Void)? = nil,
                                      cancel: CancelFlag? = nil) throws -> ([ReplicateSeries], PrecisionOutcome) {
        let daysDone = SharedCounter()
        let result = precision.run(halfWidth: { runs in Precision.halfWidth(runs.map { $0.summaryValue(precision.metric) }) }) { range in
            let batch = range
            // Once cancelled, the remaining batches return at once (each replicate stops before day 0).
            return parallelMap(count: batch.count, jobs: jobs) { i in
                Simulation.run(scenario, replicate: batch.lowerBound + i, threads: threads, progress: { _ in
                    if let progress { progress(daysDone.increment()) }
                }, cancel: cancel)
            }
        }
        if cancel?.isCancelled == true { throw RunCancelled() }
        return result
    }
}

extension ReplicateSeries {
    /// One summary metric (`<column>_final` or `<column>_mean`, as in summary.csv)
    /// of a row (default the last, `all`); NaN for an unknown metric.
    public func summaryValue(_ metric: String, row: Int? = nil) -> Double {
        let r = row ?? rowNames.count - 1
        for (suffix, final) in [("_final", true), ("_mean", false)] where metric.hasSuffix(suffix) {
            guard let c = columns.firstIndex(of: String(metric.dropLast(suffix.count))) else { continue }
            if final { return days > 0 ? self[days - 1, r, c] : .nan }
            let defined = (0..<days).map { self[$0, r, c] }.filter { !$0.isNaN }
            return Statistics.mean(defined)
        }
        return .nan
    }
}
