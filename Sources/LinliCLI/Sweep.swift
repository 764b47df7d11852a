import ArgumentParser
import Foundation
import Linli

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep: a design's points × replicates, on all cores, a shard, or a Slurm array.",
        discussion: """
        Examples:
          linli sweep scenarios/sweeps/factorial.yaml --dry-run
          linli sweep scenarios/sweeps/factorial.yaml --jobs 2
          linli sweep scenarios/sweeps/saltelli.yaml --shard 0/3 --out results/s/0
          linli sweep scenarios/sweeps/factorial.yaml --resume          # after an interruption
          linli sweep scenarios/sweeps/factorial.yaml --only 17          # repeat run 17 alone
          linli sweep scenarios/sweeps/saltelli.yaml --emit-slurm --array-size 20 --time 02:00:00
        Writes results/<sweep name>/ unless --out is given: runs.csv, points.csv (when every run is in),
        sweep-manifest.json, and the run store records/ that --resume and `linli merge` read.
        Exit status: 0 on success, 1 for an invalid sweep or option (nothing is run), 2 when the
        output directory cannot be used or written (e.g. it holds another sweep's runs).
        """
    )

    @Argument(help: "Sweep YAML file.") var sweep: String
    @Option(help: "Output directory (default: results/<sweep name>/).") var out: String?
    @Option(help: "Runs in parallel (default: all cores).") var jobs: Int?
    @Option(help: ArgumentHelp("Run only the runs with index ≡ K (mod N). Default: from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT when set.", valueName: "K/N"))
    var shard: String?
    @Flag(help: "Continue a sweep in --out: skip the runs already recorded there.") var resume = false
    @Flag(help: "Print the number of runs, estimated resident-days and time, and the first points; run nothing.") var dryRun = false
    @Flag(help: "Also write each run's time series to runs/RUN_ID/timeseries.csv.") var keepTimeseries = false
    @Option(name: .customLong("only"), help: ArgumentHelp("Run this run alone and print its runs.csv row (repeatable); records nothing.", valueName: "RUN_ID"))
    var only: [Int] = []
    @Flag(help: "Write an sbatch array-job script (and a merge script) into --out instead of running.") var emitSlurm = false
    @Option(help: "Array tasks for --emit-slurm (default: min(runs, 10)).") var arraySize: Int?
    @Option(help: ArgumentHelp("Wall-time limit per array task for --emit-slurm.", valueName: "HH:MM:SS")) var time = "01:00:00"
    @Option(help: "CPUs per array task for --emit-slurm (each task runs that many runs at once).") var cpusPerTask = 1
    @Flag(help: "Print only the output directory.") var quiet = false
    @Option(help: ArgumentHelp("Memory the sweep may use (e.g. 8G); default: what is available. Each job holds one run.", valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        if let s = shard, Shard(parsing: s) == nil { throw ValidationError("--shard must be K/N with 0 ≤ K < N, e.g. --shard 0/4; found \(s)") }
        if let a = arraySize, a < 1 { throw ValidationError("--array-size must be at least 1") }
        if cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
        if !SlurmScript.isValidTime(time) { throw ValidationError("--time must be HH:MM:SS, e.g. 02:30:00; found \(time)") }
        let modes = [dryRun, !only.isEmpty, emitSlurm].filter { $0 }.count
        if modes > 1 { throw ValidationError("--dry-run, --only and --emit-slurm are separate modes; give one") }
        if (arraySize != nil || time != "01:00:00" || cpusPerTask != 1) && !emitSlurm {
            throw ValidationError("--array-size, --time and --cpus-per-task go with --emit-slurm")
        }
        if emitSlurm && (shard != nil || resume) { throw ValidationError("--emit-slurm writes a script whose tasks pick their own shard and resume; drop --shard and --resume") }
    }

    func run() throws {
        let sw = try orExit(1) { try SweepLoader.load(path: sweep) }
        let plan = SweepPlan(sw)
        let jobs = self.jobs ?? Runner.defaultJobs
        let dir = URL(fileURLWithPath: out ?? "results/\(sw.name)")
        let shard = self.shard.flatMap(Shard.init(parsing:))
            ?? Shard(slurmEnvironment: ProcessInfo.processInfo.environment) ?? .all
        if let bad = only.first(where: { $0 < 0 || $0 >= plan.runCount }) {
            printError("error: --only \(bad): the sweep's runs are 0...\(plan.runCount - 1)")
            throw ExitCode(1)
        }

        if let p = sw.precision, shard != .all || emitSlurm {
            printError("error: \(sweep): `replicates: auto` (until \(p.metric)'s 95% CI half-width is ≤ \(formatNumber(p.halfWidth))) cannot run \(emitSlurm ? "as a Slurm array" : "as shard \(shard)"): whether a point needs more replicates depends on all its runs so far, which another shard would hold; run it in one process, or give `replicates:` a number")
            throw ExitCode(1)
        }
        if dryRun { return dryRunReport(plan, shard: shard, jobs: jobs) }
        if emitSlurm { return try emit(plan, dir: dir) }
        if !only.isEmpty { return try runOnly(plan, jobs: jobs) }

        if let base = sw.baseScenario { try checkMemory(MemoryEstimate.of(base, jobs: jobs, replicates: jobs), maxMemory: maxMemory) }
        try orExit(2) { try OutputLock.claim(dir) }
        Interruption.setNote("continue with: linli sweep \(Shell.quote(sweep)) --out \(Shell.quote(dir.path))\(self.shard.map { " --shard " + $0 } ?? "") --resume")
        let execution = SweepExecution(plan: plan, directory: dir, jobs: jobs, shard: shard,
                                       resume: resume, keepTimeseries: keepTimeseries)
        let pending = try orExit(2) { try execution.prepare() }
        let progress = ProgressBar(total: pending.todo.count, enabled: !quiet, unit: "runs")
        if !quiet {
            var line = "linli \(LinliVersion.current): sweep \(sw.name), \(sw.design.name) design, \(plan.pointCount) points × \(sw.replicates) replicates = \(plan.runCount) runs"
            if let p = sw.precision {
                line = "linli \(LinliVersion.current): sweep \(sw.name), \(sw.design.name) design, \(plan.pointCount) points × auto replicates (\(p.min)...\(p.max), until \(p.metric)'s 95% CI half-width is ≤ \(formatNumber(p.halfWidth)); at most \(plan.runCount) runs)"
            }
            if shard != .all { line += ", shard \(shard): \(plan.runs(shard: shard).count) runs" }
            if pending.skipped > 0 { line += ", \(pending.skipped) already done" }
            if pending.corrupt > 0 { line += ", \(pending.corrupt) corrupt records redone" }
            progress.note(line + ", \(jobs) jobs")
        }
        let start = Date()
        defer { progress.finish() }
        let coverage = try orExit(2) { try execution.run(pending) { done in progress.update(done) } }
        progress.finish()
        let wall = Date().timeIntervalSince(start)
        if quiet { print(dir.path); return }
        if sw.precision != nil {
            let state = SweepPrecisionState(plan: plan, records: coverage.records)
            let used = state.used(coverage.records).count
            if !state.hitMax.isEmpty {
                printError("note: \(sw.name): \(state.hitMax.count) of \(plan.pointCount) points stopped at max \(sw.replicates) replicates above the target half-width (points \(RunCoverage.ranges(state.hitMax))); see auto_replicates in \(SweepOutput.manifestFile)")
            }
            print("results: \(dir.path)/ (runs.csv, points.csv, \(SweepOutput.manifestFile)): \(used) runs used of \(coverage.records.count) recorded, replicates per point \(state.kept.compactMap { $0 }.min() ?? 0)...\(state.kept.compactMap { $0 }.max() ?? 0)")
            print(String(format: "%d runs in %.2f s", coverage.records.count - pending.skipped, wall))
            return
        }
        let done = plan.runCount - coverage.missing.count
        if coverage.missing.isEmpty {
            print("results: \(dir.path)/ (runs.csv, points.csv, \(SweepOutput.manifestFile)\(keepTimeseries ? ", runs/" : ""))")
        } else {
            print("results: \(dir.path)/ (runs.csv of \(done) of \(plan.runCount) runs, \(SweepOutput.manifestFile)); points.csv comes when every run is in")
            if shard != .all { print("when every shard is done: linli merge SHARD_DIR... --out DIR") }
        }
        let rate = wall > 0 ? Double(pending.todo.count) / wall : 0
        print(String(format: "%d runs in %.2f s (%.3g runs/s)", pending.todo.count, wall, rate))
    }

    // MARK: Modes

    private func dryRunReport(_ plan: SweepPlan, shard: Shard, jobs: Int) {
        let sw = plan.sweep
        let mine = plan.runs(shard: shard).count
        var line = "sweep \(sw.name): \(sw.design.name) design, \(sw.factors.count) factors, \(plan.pointCount) points × \(sw.replicates) replicates = \(plan.runCount) runs"
        if shard != .all { line += "; shard \(shard): \(mine) runs" }
        print(line)
        if let base = sw.baseScenario {
            // Calibrate on a short run of the base scenario on this machine.
            // Calibrate on short runs of the base scenario on this machine (≥ 50 ms of them).
            var probe = base
            probe.days = min(base.days, 30)
            var seconds = 0.0, simulated = 0.0, residents = 0
            for r in 0..<20 where seconds < 0.05 {
                let s = Simulation.run(probe, replicate: r)
                seconds += s.loopSeconds
                simulated += Double(s.residents * probe.days)
                residents = s.residents
            }
            let perJob = seconds > 0 ? simulated / seconds : 0
            let residentDays = Double(mine) * Double(residents) * Double(base.days)
            let estimate = perJob > 0 ? residentDays / (perJob * Double(max(1, min(jobs, mine)))) : 0
            print("base: \(base.sourcePath) (\(base.communities.count) \(base.communities.count == 1 ? "community" : "communities"), \(residents) residents, \(base.days) days)")
            print(String(format: "estimated: %.4g M resident-days, about %@ on %d jobs (%.3g M resident-days/s per job, measured now; setup excluded)",
                         residentDays / 1e6, Self.duration(estimate), max(1, min(jobs, mine)), perJob / 1e6))
        } else if case .function(let f) = sw.source {
            print("model: the test function \(f.name) (no simulation; runs take microseconds)")
        }
        let shown = min(plan.pointCount, 5)
        print("first \(shown) of \(plan.pointCount) points:")
        let header = ["point"] + sw.factors.map(\.key)
        let rows = (0..<shown).map { p in [String(p)] + plan.values[p].map(SweepPlan.cell) }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        for row in [header] + rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return String(format: "%.2g s", s) }
        if s < 3600 { return String(format: "%.1f min", s / 60) }
        return String(format: "%.1f h", s / 3600)
    }

    private func runOnly(_ plan: SweepPlan, jobs: Int) throws {
        let dir = out.map { URL(fileURLWithPath: $0) }
        let timeseries = keepTimeseries ? (dir ?? URL(fileURLWithPath: "results/\(plan.sweep.name)")) : nil
        let records = try orExit(2) { try SweepExecution.only(plan, runs: only, jobs: jobs, timeseries: timeseries) }
        print(csvLine(SweepOutput.runsHeader(plan.sweep)), terminator: "")
        for r in records { print(csvLine(SweepOutput.runsRow(plan, r)), terminator: "") }
    }

    private func emit(_ plan: SweepPlan, dir: URL) throws {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String {
            (p.hasPrefix("/") ? URL(fileURLWithPath: p) : URL(fileURLWithPath: cwd).appendingPathComponent(p)).standardizedFileURL.path
        }
        let size = min(arraySize ?? min(plan.runCount, 10), plan.runCount)
        if let a = arraySize, a > plan.runCount { printError("note: --array-size \(a) is more than the \(plan.runCount) runs; using \(size) tasks") }
        let script = SlurmScript(binary: Self.executablePath(), sweepPath: absolute(sweep), out: absolute(dir.path),
                                 workingDirectory: cwd, jobName: "linli-\(plan.sweep.name)", arraySize: size, time: time,
                                 cpusPerTask: cpusPerTask, keepTimeseries: keepTimeseries)
        let paths = try orExit(2) { try script.write() }
        if quiet { print(paths.array.path); return }
        print("wrote \(paths.array.path): \(size) array tasks × \(cpusPerTask) CPUs, \(time) each, \(plan.runCount) runs")
        print("submit:      jobid=$(sbatch --parsable \(Shell.quote(paths.array.path)))")
        print("then merge:  sbatch --dependency=afterok:\"$jobid\" \(Shell.quote(paths.merge.path))")
        print("   or, once every task has finished:  \(script.mergeCommand)")
    }

    /// This executable's absolute path (for scripts that call it back).
    static func executablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }
}
