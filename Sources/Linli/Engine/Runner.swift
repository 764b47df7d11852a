import Foundation

/// Runs a scenario's replicates over `jobs` threads. Each replicate draws only
/// from its own streams and results are returned in replicate order, so the
/// output does not depend on `jobs`.
public enum Runner {
    /// - progress: called (from worker threads, serialised) with resident-days done so far.
    public static func run(_ scenario: Scenario, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [ReplicateSeries] {
        let n = scenario.replicates
        let box = ResultBox(count: n)
        let workers = max(1, min(jobs, n))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = box.next() {
                let series = Simulation.run(scenario, replicate: r) { _ in
                    if let progress { progress(box.tick()) }
                }
                box.store(series, at: r)
            }
        }
        return box.results()
    }

    /// Default job count: every core.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// Work queue and result slots shared by the worker threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicateSeries?]
    private var nextIndex = 0
    private var daysDone = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard nextIndex < slots.count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
    func tick() -> Int {
        lock.lock(); defer { lock.unlock() }
        daysDone += 1
        return daysDone
    }
    func store(_ s: ReplicateSeries, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = s
    }
    func results() -> [ReplicateSeries] { slots.map { $0! } }
}
