import ArgumentParser
import Foundation
import Linli

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's replicates and write timeseries, summary, aggregate and manifest files.",
        discussion: """
        Example:
          linli run scenarios/levers-demo.yaml --replicates 20 --jobs 2 --set office_hours.evening_share=0.6
        With --no-levers every lever is switched off and the output goes to results/<scenario name>-no-levers/,
        so `linli report results/<name>-no-levers results/<name>` compares the case with its counterfactual.
        Replicates are written as they finish (timeseries.csv in replicate order), so output memory does not grow
        with replicates; a scenario of more than 500 communities is observed by street, district and all unless
        --observe community (or observe.level) says otherwise.
        Writes results/<scenario name>/ unless --out is given. Exit status: 0 on success,
        1 when the scenario is invalid (nothing is written), 2 when the output cannot be written.
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String
    @Option(help: "Output directory (default: results/<scenario name>/).") var out: String?
    @Option(help: "Replicates (overrides the scenario, including its `replicates: auto`).") var replicates: Int?
    @Option(help: "Seed (overrides the scenario).") var seed: UInt64?
    @Option(help: "Days to simulate (overrides the scenario).") var days: Int?
    @Option(help: "Replicates run in parallel (default: as many as there are cores and replicates).") var jobs: Int?
    @Option(help: "Threads per replicate, over the scenario's streets (default: the cores the jobs leave; at most one per street). Outputs are the same for any count.")
    var threads: Int?
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter, e.g. --set posts.on=true (repeatable).", valueName: "KEY=VALUE"))
    var sets: [String] = []
    @Flag(help: "Print only the output directory.") var quiet = false
    @Option(help: ArgumentHelp("Memory the run may use (e.g. 8G, 500M); default: what the machine has available. A run estimated to need more is refused before it starts.", valueName: "SIZE"))
    var maxMemory: String?
    @Option(help: ArgumentHelp("Rows the outputs hold: community, street, district or all (overrides the scenario's observe.level; default community up to 500 communities, else street).", valueName: "LEVEL"))
    var observe: String?
    @Option(help: ArgumentHelp("Write every K-th day and the last (overrides observe.every).", valueName: "K"))
    var observeEvery: Int?
    @Flag(help: "Run the same compounds, seed and days with every lever off (the case's counterfactual), as scenario <name>-no-levers; --set KEY.on=true switches one back on.")
    var noLevers = false

    func validate() throws {
        if let r = replicates, r < 1 { throw ValidationError("--replicates must be at least 1") }
        if let d = days, d < 1 { throw ValidationError("--days must be at least 1") }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
        if let o = observe, ObserveLevel(rawValue: o) == nil {
            let all = ObserveLevel.allCases.map(\.rawValue)
            throw ValidationError("--observe \(o): expected one of \(all.joined(separator: ", "))\(NearestKey.hint(o, all))")
        }
        if let k = observeEvery, !(1...36_500).contains(k) { throw ValidationError("--observe-every must be in 1...36500") }
        if let m = maxMemory, MemoryEstimate.parseSize(m) == nil { throw ValidationError("--max-memory \(m): expected a size such as 8G, 512M or a number of bytes") }
    }

    func run() throws {
        var sc: Scenario
        do {
            sc = try ScenarioLoader.load(path: scenario)
            if noLevers { sc = sc.withoutLevers() }
            try ScenarioLoader.applySets(sets, to: &sc)
        } catch let e as ScenarioErrors {
            printError(e.description)
            throw ExitCode(1)
        }
        if let replicates { sc.replicates = replicates; sc.precision = nil }
        if let seed { sc.seed = seed }
        if let days { sc.days = days }
        if let observe { sc.observe.level = ObserveLevel(rawValue: observe) }
        if let observeEvery { sc.observe.every = observeEvery }
        let split = CoreSplit.choose(cores: Runner.defaultJobs, replicates: sc.precision?.batch ?? sc.replicates,
                                     streets: Set(sc.communities.map(\.street)).count, jobs: self.jobs, threads: self.threads)
        let jobs = split.jobs
        let dir = URL(fileURLWithPath: out ?? "results/\(sc.name)")
        try checkMemory(MemoryEstimate.forRun(sc, jobs: jobs), maxMemory: maxMemory)
        try orExit(2) { try OutputLock.claim(dir) }

        let progress = ProgressBar(total: sc.replicates * sc.days, enabled: !quiet)
        let count = sc.precision.map { "auto (\($0.min)...\($0.max)) replicates until the 95% CI half-width of \($0.metric) is ≤ \(formatNumber($0.halfWidth))" } ?? "\(sc.replicates) replicates"
        if !quiet { progress.note("linli \(LinliVersion.current): \(sc.name), \(sc.communities.count) \(sc.communities.count == 1 ? "community" : "communities"), \(count) × \(sc.days) days, \(split.description)") }
        let autoNote = sc.observe.autoNote(communities: sc.communities.count)
        if let autoNote, !quiet { progress.note(autoNote) }
        let result: RunExecution.Result
        do {
            result = try RunExecution.execute(sc, to: dir, split: split, version: LinliVersion.current,
                                              progress: { done in progress.update(done) })
        } catch {
            progress.finish()
            printError("error: could not write results to \(dir.path): \(error)")
            throw ExitCode(2)
        }
        progress.finish()
        let info = result.info, outcome = result.outcome
        if let outcome, outcome.hitMax { printError(outcome.maxNote(sc.name)) }
        if quiet { print(dir.path); return }
        print("results: \(dir.path)/ (timeseries.csv, summary.csv, aggregate.csv, manifest.json)")
        print(String(format: "wall %.2f s, %.2f M resident-days/s", info.wallSeconds, (info.residentDaysPerSecond ?? 0) / 1e6))
        if let outcome {
            print("replicates: \(outcome.replicates) (auto; 95% CI half-width of \(outcome.metric) \(outcome.halfWidthReached.map { String(format: "%.4g", $0) } ?? "NA"), target \(formatNumber(outcome.halfWidthTarget))\(outcome.hitMax ? ", stopped at max" : ""))")
        }
        if let autoNote { print(autoNote) }
        printSummary(result.aggregate)
    }

    /// A short table of the run as a whole: final values across replicates.
    private func printSummary(_ aggregate: [AggregateRow]) {
        let rows = aggregate.filter { $0.community == "all" }
        let wanted = ["participation_rate_final", "active_share_final", "backbone_count_final", "talents_engaged_final",
                      "group_members_final", "trust_mean_final", "belonging_mean_final",
                      "participation_rate_working_final", "participation_rate_retiree_final", "staff_hours_mean",
                      "issues_resolved_total_final", "issues_open_final", "mean_resolution_days_final",
                      "credibility_final", "satisfaction_mean_final", "project_spend_total_final", "cost_per_resolved_final"]
        print("metric (community all)            mean      95% CI")
        for name in wanted {
            guard let r = rows.first(where: { $0.metric == name }) else { continue }
            let s = r.summary
            let ci = s.ciLow.isNaN ? "" : String(format: "[%.4g, %.4g]", s.ciLow, s.ciHigh)
            print(name.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%10.4g  ", s.mean) + ci)
        }
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
}
