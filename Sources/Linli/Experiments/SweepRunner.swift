import Foundation

/// Runs a list of a sweep's runs over `jobs` threads. Each run draws only
/// from streams of its own seed, so results do not depend on `jobs` or on
/// the order runs finish in; the returned records are sorted by run id.
public enum SweepRunner {
    /// - log: each finished run is appended to it (after its time series, if kept).
    /// - timeseries: directory under which run i's `runs/i/timeseries.csv` is written.
    /// - progress: called (serialised) with the number of runs finished so far.
    public static func run(plan: SweepPlan, runs: [Int], jobs: Int, log: RunLog? = nil, timeseries: URL? = nil,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> [RunRecord] {
        let model = plan.sweep.model
        let queue = WorkQueue(runs)
        let workers = max(1, min(jobs, runs.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let id = queue.next() {
                let (point, replicate, seed) = plan.run(id)
                let start = DispatchTime.now().uptimeNanoseconds
                let result = model.run(values: plan.values[point], seed: seed, keepSeries: timeseries != nil)
                let record = RunRecord(run: id, point: point, replicate: replicate, seed: seed,
                                       residentDays: result.residentDays,
                                       seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                                       metrics: result.metrics)
                do {
                    if let timeseries, let series = result.series {
                        try RunOutput.writeTimeseries(series: [series], to: SweepOutput.timeseriesURL(in: timeseries, run: id))
                    }
                    try log?.append(record)
                } catch {
                    queue.fail(error)
                    return
                }
                let done = queue.finish(record)
                progress?(done)
                log?.syncIfDue()
            }
        }
        log?.sync()
        return try queue.results()
    }
}

/// Run ids handed to the workers, the records they finish, and the first error.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let ids: [Int]
    private var nextIndex = 0
    private var records: [RunRecord] = []
    private var error: Error?

    init(_ ids: [Int]) {
        self.ids = ids
        records.reserveCapacity(ids.count)
    }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, nextIndex < ids.count else { return nil }
        defer { nextIndex += 1 }
        return ids[nextIndex]
    }

    func finish(_ r: RunRecord) -> Int {
        lock.lock(); defer { lock.unlock() }
        records.append(r)
        return records.count
    }

    func fail(_ e: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }

    func results() throws -> [RunRecord] {
        if let error { throw error }
        return records.sorted { $0.run < $1.run }
    }
}
