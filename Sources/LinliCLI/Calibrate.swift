import ArgumentParser
import Foundation
import Linli

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit free parameters to target figures over one or more scenarios (Nelder–Mead or ABC).",
        discussion: """
        Examples:
          linli calibrate scenarios/calibration/seed-figures.yaml --dry-run
          linli calibrate scenarios/calibration/seed-figures.yaml --jobs 2
          linli calibrate FILE --resume                    # after an interruption: recomputes nothing logged
          linli calibrate FILE --shard 0/4 --out DIR       # ABC: this shard's share of the current stage
        Objective: J(θ) = Σ_t w_t d_t², d_t = (mean − value)/tolerance, or for an interval the distance
        to the nearer end over its width (over |end| when one-sided), 0 inside.
        Writes results/<name>/ unless --out is given: evaluations.csv, best.yaml, for ABC posterior.csv
        and posterior-summary.csv, calibration-manifest.json, and the run store records/.
        Shards share one --out directory. Nelder–Mead shards split the restarts; ABC shards split each
        stage's samples; a shard that finishes its part of a stage exits 0 with a note: run the shards
        again (ABC-SMC: once per generation) and the last process writes the outputs.
        Exit status: 0 on success (or a shard's part done), 1 for an invalid file or option,
        2 when the output directory cannot be used or written.
        """
    )

    @Argument(help: "Calibration YAML file.") var file: String
    @Option(help: "Output directory (default: results/<calibration name>/).") var out: String?
    @Option(help: "Runs in parallel (default: all cores).") var jobs: Int?
    @Option(help: ArgumentHelp("Compute only share K of N of each parallel stage (default: from SLURM_ARRAY_TASK_ID/COUNT when set).", valueName: "K/N"))
    var shard: String?
    @Flag(help: "Continue a calibration in --out: replay the search, simulating only runs not logged there.") var resume = false
    @Flag(help: "Validate the file, print the plan (parameters, targets, runs), run nothing.") var dryRun = false
    @Option(help: .hidden) var maxNewRuns: Int?
    @Flag(help: "Print only the output directory.") var quiet = false

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        if let s = shard, Shard(parsing: s) == nil { throw ValidationError("--shard must be K/N with 0 ≤ K < N, e.g. --shard 0/4; found \(s)") }
        if dryRun && (resume || shard != nil) { throw ValidationError("--dry-run runs nothing; drop --resume and --shard") }
    }

    func run() throws {
        let cal = try orExit(1) { try CalibrationLoader.load(path: file) }
        let jobs = self.jobs ?? Runner.defaultJobs
        let dir = URL(fileURLWithPath: out ?? "results/\(cal.name)")
        let shard = self.shard.flatMap(Shard.init(parsing:))
            ?? Shard(slurmEnvironment: ProcessInfo.processInfo.environment) ?? .all
        let execution = CalibrationExecution(cal, directory: dir, jobs: jobs, shard: shard, resume: resume, maxNewRuns: maxNewRuns)
        if dryRun { return plan(cal, execution) }

        try orExit(2) { try OutputLock.claim(dir) }
        Interruption.setNote("continue with: linli calibrate \(Shell.quote(file)) --out \(Shell.quote(dir.path))\(self.shard.map { " --shard " + $0 } ?? "") --resume")
        let already = (try? execution.recordedRuns()) ?? 0
        let progress = ProgressBar(total: max(1, execution.plannedRuns - already), enabled: !quiet, unit: "runs")
        if !quiet {
            var line = "linli \(LinliVersion.current): calibrate \(cal.name), \(cal.method.name), \(cal.parameters.count) parameters, \(cal.targets.count) targets over \(cal.cases.count) cases × \(cal.replicates) replicates"
            line += ", up to \(execution.plannedRuns) runs"
            if shard != .all { line += ", shard \(shard)" }
            if already > 0 { line += ", \(already) already logged" }
            if case .nelderMead = cal.method, shard != .all { line += " (Nelder–Mead is sequential: this shard runs the restarts ≡ \(shard.index) mod \(shard.count))" }
            progress.note(line + ", \(jobs) jobs")
            if case .nelderMead(let nm) = cal.method, shard.index >= nm.starts {
                progress.note("note: Nelder–Mead cannot be split below one restart: shard \(shard) has none of the \(nm.starts) restarts, so it only replays the others' from the log")
            }
        }
        let start = Date()
        defer { progress.finish() }
        let outcome = try orExit(2) { try execution.run { done in progress.update(done) } }
        progress.finish()
        let wall = Date().timeIntervalSince(start)
        switch outcome {
        case .awaitingShards(let why):
            if quiet { print(dir.path); return }
            print("shard \(shard): its part is done; \(why).")
            print("when every shard has finished, run again (same --out, with --resume) to go on\(cal.method.name == "abc_smc" ? " (ABC-SMC: once per generation)" : "").")
        case .complete(let result, _):
            if quiet { print(dir.path); return }
            print("results: \(dir.path)/ (\(CalibrationExecution.evaluationsFile), \(CalibrationExecution.bestFile)\(result.posterior.isEmpty && cal.method.name == "nelder_mead" ? "" : ", \(CalibrationExecution.posteriorFile), \(CalibrationExecution.posteriorSummaryFile)"), \(CalibrationExecution.manifestFile))")
            let b = result.best
            print("best: evaluation \(b.id) of \(result.evaluations.count), J = \(formatNumber(b.objective))")
            for (f, v) in zip(cal.parameters, b.values) { print("  \(f.key) = \(formatNumber(v))") }
            for (t, m) in zip(cal.targets, b.targetValues) {
                print("  target \(t.name): \(formatNumber(m)) (goal \(t.goalText), d = \(formatNumber(t.distance(m))))")
            }
            for n in result.notes { print("note: \(n)") }
            print(String(format: "%.2f s", wall))
        }
    }

    private func plan(_ cal: Calibration, _ execution: CalibrationExecution) {
        print("calibration \(cal.name): \(cal.method.name) \(cal.method.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\(formatNumber($0.value))" }.joined(separator: " "))")
        print("\(cal.replicates) replicates per case per evaluation (common random numbers), seed \(cal.seed); \(cal.runsPerEvaluation) runs per evaluation, up to \(execution.plannedRuns) runs")
        print("parameters:")
        for (f, d) in zip(cal.parameters, cal.defaults) {
            print("  \(f.key)  \(f.scale.rawValue) [\(formatNumber(f.range!.lowerBound)), \(formatNumber(f.range!.upperBound))]  current \(formatNumber(d))")
        }
        print("cases:")
        var evaluationSeconds = 0.0
        for c in cal.cases {
            guard let sc = c.scenario else { print("  \(c.label) (a test function: microseconds)"); continue }
            // Time a short run of the case on this machine (setup excluded), scaled to its days.
            var probe = sc
            probe.days = min(sc.days, 30)
            probe.seed = cal.seed(replicate: 0)
            let s = Simulation.run(probe, replicate: 0)
            let seconds = s.loopSeconds * Double(sc.days) / Double(probe.days)
            evaluationSeconds += seconds * Double(cal.replicates)
            print("  \(c.label)\(c.variant.isEmpty ? "" : " [\(c.variant)]") (\(sc.communities.count) \(sc.communities.count == 1 ? "community" : "communities"), \(s.residents) residents, \(sc.days) days; about \(SweepCommand.duration(seconds)) a run)")
        }
        print("targets:")
        for t in cal.targets {
            let relative = t.relativeTo.map { " ÷ \(cal.targets[$0].name)" } ?? ""
            print("  \(t.name): \(t.metric)\(t.community == "all" ? "" : " @\(t.community)")\(relative) \(t.goalText)\(t.goal == nil ? "" : ", weight \(formatNumber(t.weight))")")
        }
        if evaluationSeconds > 0 {
            let jobs = max(1, min(self.jobs ?? Runner.defaultJobs, cal.runsPerEvaluation))
            let perEvaluation = evaluationSeconds / Double(jobs)
            let evaluations = execution.plannedRuns / cal.runsPerEvaluation
            print("estimated: about \(SweepCommand.duration(perEvaluation)) an evaluation on \(jobs) jobs; up to \(evaluations) evaluations, about \(SweepCommand.duration(perEvaluation * Double(evaluations))) (measured now on 30-day runs)")
        }
    }
}
