import Foundation

/// Where in the search an evaluation was asked for.
public struct CalibrationStage: Sendable, Equatable {
    /// `nelder_mead`, `abc_prior` or `abc_smc`.
    public var kind: String
    public var restart: Int?
    public var generation: Int?

    public static func nelderMead(restart: Int) -> CalibrationStage { .init(kind: "nelder_mead", restart: restart, generation: nil) }
    public static func abc(generation: Int) -> CalibrationStage {
        .init(kind: generation == 0 ? "abc_prior" : "abc_smc", restart: nil, generation: generation)
    }
}

/// One evaluated parameter vector θ: the targets' mean values over the
/// replicates and the objective J(θ).
public struct CalibrationEvaluation: Sendable {
    /// Position in the search's order (rows of `evaluations.csv`).
    public var id: Int
    public var stage: CalibrationStage
    /// Parameter values, in `Calibration.parameters` order.
    public var values: [Double]
    /// Each target's value (mean of its metric over the replicates, or the
    /// ratio of means for a relative target), in target order.
    public var targetValues: [Double]
    public var objective: Double
    /// √J, the distance ABC accepts on (NaN when J is).
    public var distance: Double { objective.squareRoot() }
}

/// Why a calibration stopped before its end.
public enum CalibrationStop: Error, CustomStringConvertible, Sendable {
    /// The run budget of this process (`maxNewRuns`) ran out: a simulated kill.
    case interrupted(runs: Int)
    /// Evaluations of another shard are needed before the search can go on.
    case awaitingShards(stage: String)

    public var description: String {
        switch self {
        case .interrupted(let n): return "stopped after \(n) new runs (run budget); continue with --resume"
        case .awaitingShards(let s): return "waiting for other shards: \(s)"
        }
    }
}

/// Evaluates parameter vectors: every (case, replicate) run of θ not already
/// in the run log is simulated, in parallel over `jobs`, and appended to the
/// log the moment it finishes; means and J follow. Runs are cached by θ's
/// bits, so a search that asks for a θ again, or is replayed after a kill,
/// simulates nothing twice.
///
/// Log records reuse the sweep run store (`RunRecord`, `RunLog`): `point` is
/// the evaluation id when first computed, `replicate` is case·R + r, and the
/// metrics are θ followed by the case's outputs (padded with NaN to the
/// widest case).
final class CalibrationEvaluator: @unchecked Sendable {
    struct Key: Hashable { var bits: [UInt64]; var slot: Int }

    let cal: Calibration
    let jobs: Int
    let log: RunLog?
    /// Runs this process may simulate before it stops (`CalibrationStop.interrupted`).
    let maxNewRuns: Int?
    let progress: (@Sendable (Int) -> Void)?
    private(set) var cache: [Key: [Double]] = [:]
    private(set) var evaluations: [CalibrationEvaluation] = []
    private var byTheta: [[UInt64]: Int] = [:]
    /// Runs simulated by this process.
    private(set) var newRuns = 0
    private(set) var residentDays = 0.0
    private let models: [any SweepModel]

    static func width(_ cal: Calibration) -> Int { cal.cases.map(\.outputs.count).max() ?? 1 }
    static func logMetrics(_ cal: Calibration) -> [String] {
        cal.parameters.map(\.key) + (0..<width(cal)).map { "v\($0)" }
    }

    init(_ cal: Calibration, jobs: Int, log: RunLog?, records: [RunRecord], maxNewRuns: Int? = nil,
         progress: (@Sendable (Int) -> Void)? = nil) {
        self.cal = cal; self.jobs = max(1, jobs); self.log = log; self.maxNewRuns = maxNewRuns; self.progress = progress
        models = cal.cases.map { CaseModel(case: $0, keys: cal.parameters.map(\.key)) }
        let p = cal.parameters.count
        for r in records where r.metrics.count >= p {
            cache[Key(bits: r.metrics[..<p].map(\.bitPattern), slot: r.replicate)] = Array(r.metrics[p...])
        }
    }

    /// Simulates the runs of `thetas` missing from the log (no evaluations are
    /// recorded: a shard fills the log with its share of a stage, then the
    /// stage is evaluated in its own order).
    func ensureRuns(_ thetas: [[Double]]) throws {
        let slots = cal.runsPerEvaluation
        var tasks: [(theta: [Double], slot: Int)] = []
        var seen = Set<[UInt64]>()
        for theta in thetas {
            let bits = theta.map(\.bitPattern)
            if byTheta[bits] != nil || seen.contains(bits) { continue }
            seen.insert(bits)
            for s in 0..<slots where cache[Key(bits: bits, slot: s)] == nil { tasks.append((theta, s)) }
        }
        guard !tasks.isEmpty else { return }
        var stop = false
        if let limit = maxNewRuns, newRuns + tasks.count > limit {
            tasks = Array(tasks.prefix(max(0, limit - newRuns)))
            stop = true
        }
        try run(tasks, firstEvaluation: evaluations.count)
        if stop { throw CalibrationStop.interrupted(runs: newRuns) }
    }

    /// Evaluates `thetas` (all asked at one stage), in order. With `compute`
    /// false, runs missing from the log are not simulated and their θ come
    /// back nil (another shard's). A θ evaluated before returns its first evaluation.
    func evaluate(_ thetas: [[Double]], stage: CalibrationStage, compute: Bool = true) throws -> [CalibrationEvaluation?] {
        let slots = cal.runsPerEvaluation
        if compute { try ensureRuns(thetas) }
        var out: [CalibrationEvaluation?] = []
        for theta in thetas {
            let bits = theta.map(\.bitPattern)
            if let id = byTheta[bits] { out.append(evaluations[id]); continue }
            let rows = (0..<slots).map { cache[Key(bits: bits, slot: $0)] }
            guard rows.allSatisfy({ $0 != nil }) else { out.append(nil); continue }
            let e = evaluation(id: evaluations.count, stage: stage, theta: theta, rows: rows.map { $0! })
            evaluations.append(e)
            byTheta[bits] = e.id
            out.append(e)
        }
        return out
    }

    private func evaluation(id: Int, stage: CalibrationStage, theta: [Double], rows: [[Double]]) -> CalibrationEvaluation {
        let r = cal.replicates
        let means: [Double] = cal.targets.map { t in
            let k = cal.cases[t.caseIndex].outputs.firstIndex { $0.metric == t.metric && $0.community == t.community }!
            let values = (0..<r).map { rows[t.caseIndex * r + $0][k] }.filter { !$0.isNaN }
            return Statistics.mean(values)
        }
        let values = cal.targetValues(means: means)
        return CalibrationEvaluation(id: id, stage: stage, values: theta, targetValues: values, objective: cal.objective(values))
    }

    /// Simulates (θ, slot) runs on `jobs` threads, logging each as it ends.
    private func run(_ tasks: [(theta: [Double], slot: Int)], firstEvaluation: Int) throws {
        guard !tasks.isEmpty else { return }
        let r = cal.replicates, width = Self.width(cal)
        let queue = TaskQueue(count: tasks.count)
        let results = ResultSlots(count: tasks.count)
        let base = newRuns
        DispatchQueue.concurrentPerform(iterations: min(jobs, tasks.count)) { _ in
            while let i = queue.next() {
                let (theta, slot) = tasks[i]
                let c = slot / r, rep = slot % r
                let seed = cal.seed(replicate: rep)
                let start = DispatchTime.now().uptimeNanoseconds
                let result = models[c].run(values: theta, seed: seed, keepSeries: false)
                var values = result.metrics
                values += [Double](repeating: .nan, count: width - values.count)
                let record = RunRecord(run: (firstEvaluation * cal.runsPerEvaluation) + slot, point: firstEvaluation,
                                       replicate: slot, seed: seed, residentDays: result.residentDays,
                                       seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
                                       metrics: theta + values)
                do { try log?.append(record) } catch { queue.fail(error); return }
                results.store(i, values, residentDays: result.residentDays)
                let done = queue.finished()
                progress?(base + done)
                log?.syncIfDue()
            }
        }
        // fsync at most once a second (RunLog syncs on close): a killed process loses nothing either way.
        log?.syncIfDue()
        try queue.check()
        for (i, t) in tasks.enumerated() {
            guard let v = results.values[i] else { continue }
            cache[Key(bits: t.theta.map(\.bitPattern), slot: t.slot)] = v
        }
        newRuns += tasks.count
        residentDays += results.residentDays
    }
}

/// One case as a sweep model: the scenario (or test function) with θ set,
/// simulated once, yielding each (metric, community) output of the case.
struct CaseModel: SweepModel {
    let calibrationCase: CalibrationCase
    let keys: [String]

    init(case c: CalibrationCase, keys: [String]) { calibrationCase = c; self.keys = keys }

    func run(values: [Double], seed: UInt64, keepSeries: Bool) -> SweepRunResult {
        switch calibrationCase.source {
        case .function(let f):
            let y = FunctionModel(f, factorKeys: keys).run(values: values, seed: seed, keepSeries: false).metrics[0]
            return SweepRunResult(metrics: calibrationCase.outputs.map { _ in y })
        case .scenario(let base):
            let model = ScenarioModel(base: base, factorKeys: keys, metrics: [])
            let series = Simulation.run(model.scenario(values: values, seed: seed), replicate: 0)
            let table = RunOutput.summaryTable(series: [series])
            let index = Dictionary(table.metrics.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let rows = base.communities.map(\.name) + ["all"]
            let metrics: [Double] = calibrationCase.outputs.map { o in
                let row = rows.firstIndex(of: o.community) ?? rows.count - 1
                return index[o.metric].map { table.rows[row].values[$0] } ?? .nan
            }
            return SweepRunResult(metrics: metrics, residentDays: Double(series.residents) * Double(series.days))
        }
    }
}

private final class TaskQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var nextIndex = 0, done = 0
    private var error: Error?
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
    func finished() -> Int { lock.lock(); defer { lock.unlock() }; done += 1; return done }
    func fail(_ e: Error) { lock.lock(); defer { lock.unlock() }; if error == nil { error = e } }
    func check() throws { if let error { throw error } }
}

private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [[Double]?]
    private(set) var residentDays = 0.0
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func store(_ i: Int, _ v: [Double], residentDays rd: Double) {
        lock.lock(); defer { lock.unlock() }
        values[i] = v
        residentDays += rd
    }
}
