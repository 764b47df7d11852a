import Foundation

/// Runs a scenario's replicates over `jobs` threads. Each replicate draws only
/// from its own streams and results are returned in replicate order, so the
/// output does not depend on `jobs`.
public enum Runner {
    /// - progress: called from the worker threads with the replicate-days done so far.
    public static func run(_ scenario: Scenario, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [ReplicateSeries] {
        let daysDone = SharedCounter()
        return parallelMap(count: scenario.replicates, jobs: jobs) { r in
            Simulation.run(scenario, replicate: r) { _ in
                if let progress { progress(daysDone.increment()) }
            }
        }
    }

    /// Runs the replicates in waves of `jobs` and hands each finished
    /// replicate to `consume` in replicate order, on the calling thread, then
    /// drops it: at most `jobs` replicates' series are held at once, however
    /// many replicates run (`linli run` streams its timeseries this way).
    public static func stream(_ scenario: Scenario, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil,
                              consume: (ReplicateSeries) throws -> Void) rethrows {
        let daysDone = SharedCounter()
        let wave = max(1, jobs)
        var first = 0
        while first < scenario.replicates {
            let count = min(wave, scenario.replicates - first)
            let base = first
            let batch = parallelMap(count: count, jobs: jobs) { i in
                Simulation.run(scenario, replicate: base + i) { _ in
                    if let progress { progress(daysDone.increment()) }
                }
            }
            for s in batch { try consume(s) }
            first += count
        }
    }

    /// Default job count: every core.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}

extension Runner {
    /// `replicates: auto`: replicates in batches of `precision.batch` (each
    /// batch over `jobs` threads) until the 95% CI half-width of the precision
    /// metric (community `all`) reaches the target or `precision.max` have run.
    /// The kept replicates are 0..<n with n fixed by the sequential rule
    /// (`Precision.run`), so the result is the same for any `jobs` and batch.
    public static func runToPrecision(_ scenario: Scenario, _ precision: Precision, jobs: Int,
                                      progress: (@Sendable (Int) -> Void)? = nil) -> ([ReplicateSeries], PrecisionOutcome) {
        let daysDone = SharedCounter()
        return precision.run(halfWidth: { runs in Precision.halfWidth(runs.map { $0.summaryValue(precision.metric) }) }) { range in
            let batch = range
            return parallelMap(count: batch.count, jobs: jobs) { i in
                Simulation.run(scenario, replicate: batch.lowerBound + i) { _ in
                    if let progress { progress(daysDone.increment()) }
                }
            }
        }
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
