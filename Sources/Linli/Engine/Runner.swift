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

    /// Default job count: every core.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
