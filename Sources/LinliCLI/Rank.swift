import ArgumentParser
import Foundation
import Linli

struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank levers by their effect and cost: levers off, each lever alone, all together, on common random numbers.",
        discussion: """
        Examples:
          linli rank scenarios/levers-demo.yaml --replicates 20 --jobs 2
          linli rank scenarios/levers-demo.yaml --levers posts,office_hours --replicates auto --half-width 0.005
        --levers all (the default) means the levers the scenario switches on. Each lever runs alone with the
        scenario's settings for it (a lever the scenario does not mention runs with its defaults).
        Writes results/<scenario name>-rank/ unless --out is given: rank.csv, arms.csv, rank-manifest.json,
        scenario.yaml; `linli report DIR` draws them. Exit status: 0 on success, 1 for an invalid scenario or
        option (nothing is run), 2 when the output cannot be written.
        """
    )

    @Argument(help: "Scenario YAML file.") var scenario: String
    @Option(help: ArgumentHelp("Levers to rank, comma-separated, or `all` (those the scenario switches on).", valueName: "a,b,…|all"))
    var levers = "all"
    @Option(help: ArgumentHelp("Metrics (summary metrics of community all), comma-separated; default participation_rate_final,active_share_final,issues_resolved_total_final.", valueName: "m,…"))
    var metrics: String?
    @Option(help: ArgumentHelp("Replicates per arm, or `auto` (until every arm's paired 95% CI half-width on the first metric is ≤ --half-width). Default: the scenario's.", valueName: "N|auto"))
    var replicates: String?
    @Option(help: "Target paired 95% CI half-width of the first metric, for --replicates auto.") var halfWidth: Double?
    @Option(help: "Most replicates per arm for --replicates auto (default 100).") var maxReplicates: Int?
    @Option(help: "Replicates computed between checks for --replicates auto (changes only the work, never the output; default 4).") var batch: Int?
    @Option(help: "Days to simulate (overrides the scenario).") var days: Int?
    @Option(help: "Runs in parallel (default: all cores).") var jobs: Int?
    @Option(help: "Output directory (default: results/<scenario name>-rank/).") var out: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter in every arm, e.g. --set posts.start_day=30 (repeatable).", valueName: "KEY=VALUE"))
    var sets: [String] = []
    @Flag(help: "Print only the output directory.") var quiet = false

    func validate() throws {
        if let r = replicates, r != "auto", (Int(r) ?? 0) < 1 { throw ValidationError("--replicates must be a number ≥ 1 or `auto`; found \(r)") }
        if let h = halfWidth, !(h > 0 && h.isFinite) { throw ValidationError("--half-width must be a number > 0") }
        if let m = maxReplicates, m < 2 { throw ValidationError("--max-replicates must be at least 2") }
        if let b = batch, b < 1 { throw ValidationError("--batch must be at least 1") }
        if let d = days, d < 1 { throw ValidationError("--days must be at least 1") }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var sc = try orExit(1) { () -> Scenario in
            var s = try ScenarioLoader.load(path: scenario)
            try ScenarioLoader.applySets(sets, to: &s)
            return s
        }
        if let days { sc.days = days }
        let chosen = try orExit(1) { try Self.levers(levers, scenario: sc) }
        let metricList = try orExit(1) { try Self.metrics(metrics) }
        let precision = try orExit(1) { try precisionSetting(sc, firstMetric: metricList[0]) }
        if let r = replicates, let n = Int(r) { sc.replicates = n }
        let jobs = self.jobs ?? Runner.defaultJobs
        let dir = URL(fileURLWithPath: out ?? "results/\(sc.name)-rank")
        try checkMemory(MemoryEstimate.of(sc, jobs: jobs, replicates: jobs), maxMemory: nil)
        try orExit(2) { try OutputLock.claim(dir) }

        let ranking = LeverRanking(base: sc, levers: chosen, metrics: metricList)
        let total = ranking.arms.count * (precision?.max ?? sc.replicates)
        let progress = ProgressBar(total: total, enabled: !quiet, unit: "runs")
        if !quiet {
            let count = precision.map { "auto replicates (\($0.min)...\($0.max), until every arm's paired 95% CI half-width of \($0.metric) is ≤ \(formatNumber($0.halfWidth)))" }
                ?? "\(sc.replicates) replicates"
            progress.note("linli \(LinliVersion.current): rank \(sc.name), \(ranking.arms.count) arms (\(ranking.arms.map(\.name).joined(separator: ", "))) × \(count) × \(sc.days) days, \(jobs) jobs")
        }
        let start = Date()
        let result = precision.map { ranking.run(precision: $0, jobs: jobs) { progress.update($0) } }
            ?? ranking.run(replicates: sc.replicates, jobs: jobs) { progress.update($0) }
        progress.finish()
        if let o = result.precision, o.hitMax { printError(o.maxNote("rank \(sc.name) (widest paired difference)")) }
        _ = try orExit(2) { try RankOutput.write(result, jobs: jobs, start: start, end: Date(), to: dir) }
        if quiet { print(dir.path); return }
        print("results: \(dir.path)/ (rank.csv, arms.csv, rank-manifest.json)")
        if let o = result.precision {
            print("replicates: \(o.replicates) (auto; widest paired 95% CI half-width of \(o.metric) \(o.halfWidthReached.map { String(format: "%.4g", $0) } ?? "NA"), target \(formatNumber(o.halfWidthTarget))\(o.hitMax ? ", stopped at max" : ""))")
        }
        print(Self.table(result))
    }

    /// `--replicates auto` settings: from the options, else the scenario's `precision:` (its half-width,
    /// max, batch and min, applied to the paired differences of the first metric).
    func precisionSetting(_ sc: Scenario, firstMetric: String) throws -> Precision? {
        let auto = replicates == "auto" || (replicates == nil && sc.precision != nil)
        guard auto else {
            if halfWidth != nil || maxReplicates != nil || batch != nil {
                throw ValidationError("--half-width, --max-replicates and --batch go with --replicates auto (or a scenario with `replicates: auto`)")
            }
            return nil
        }
        let fromFile = sc.precision
        guard let h = halfWidth ?? (replicates == nil ? fromFile?.halfWidth : nil) else {
            throw ValidationError("--replicates auto needs --half-width H (the target paired 95% CI half-width of \(firstMetric))")
        }
        return Precision(metric: firstMetric, halfWidth: h, max: maxReplicates ?? fromFile?.max ?? 100,
                         batch: batch ?? fromFile?.batch ?? Precision.defaultBatch, min: fromFile?.min)
    }

    /// The levers `--levers` names, checked against the registry.
    static func levers(_ text: String, scenario: Scenario) throws -> [String] {
        if text == "all" {
            let on = LeverRanking.leversOn(scenario)
            guard !on.isEmpty else {
                throw ValidationError("--levers all: \(scenario.sourcePath) switches no lever on; name levers, e.g. --levers posts,office_hours (levers: \(LeverRegistry.all.map(\.name).joined(separator: ", ")))")
            }
            return on
        }
        let names = LeverRegistry.all.map(\.name)
        var out: [String] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let l = raw.trimmingCharacters(in: .whitespaces)
            guard names.contains(l) else {
                let near = NearestKey.nearest(to: l, in: names).map { "; did you mean `\($0)`?" } ?? ""
                throw ValidationError("--levers: unknown lever `\(l)`\(near) (levers: \(names.joined(separator: ", ")), or all)")
            }
            guard !out.contains(l) else { throw ValidationError("--levers: `\(l)` is listed twice") }
            out.append(l)
        }
        return out
    }

    /// The metrics `--metrics` names (summary metrics of community all).
    static func metrics(_ text: String?) throws -> [String] {
        guard let text else { return LeverRanking.defaultMetrics }
        let names = LeverRanking.metricNames
        var out: [String] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let m = raw.trimmingCharacters(in: .whitespaces)
            guard names.contains(m) else {
                let near = names.contains(m + "_final") ? "; metrics are `\(m)_final` (last day) or `\(m)_mean` (mean over days)"
                    : NearestKey.nearest(to: m, in: names).map { "; did you mean `\($0)`?" } ?? ""
                throw ValidationError("--metrics: unknown metric `\(m)`\(near)")
            }
            guard !out.contains(m) else { throw ValidationError("--metrics: `\(m)` is listed twice") }
            out.append(m)
        }
        return out
    }

    /// The printed summary: per metric, each arm's effect with its CI, extra cost and cost per unit.
    static func table(_ result: LeverRankingResult) -> String {
        var lines: [String] = []
        var metric = ""
        for row in result.rows {
            if row.metric != metric {
                metric = row.metric
                lines.append("")
                lines.append("\(metric) (levers off: \(String(format: "%.4g", result.rows.first { $0.metric == metric }!.offMean)))")
                lines.append("  rank  arm                 effect [95% CI]                          extra cost [95% CI]                cost per unit")
            }
            let e = String(format: "%+.4g [%+.4g, %+.4g]", row.effect.mean, row.effect.low, row.effect.high)
                .replacingOccurrences(of: "nan", with: "NA")
            let c = String(format: "%.4g [%.4g, %.4g]", row.extraCost.mean, row.extraCost.low, row.extraCost.high)
            let u = row.costPerUnit.mean.isNaN ? "n/a" : String(format: "%.4g", row.costPerUnit.mean)
            let rank = row.rankEffect > 0 ? String(row.rankEffect) : "-"
            lines.append("  " + rank.padding(toLength: 6, withPad: " ", startingAt: 0)
                         + row.arm.padding(toLength: 20, withPad: " ", startingAt: 0)
                         + e.padding(toLength: 41, withPad: " ", startingAt: 0)
                         + c.padding(toLength: 35, withPad: " ", startingAt: 0) + u)
        }
        // Per arm (the same in every metric's rows): the two named ratios.
        lines.append("")
        lines.append("extra cost per additional active resident / resolved problem [95% CI] (n/a unless the effect's CI is above 0)")
        let first = result.ranking.metrics[0]
        for row in result.rows where row.metric == first && row.arm != LeverRanking.interactionRow {
            func text(_ e: PairedEstimate) -> String {
                e.mean.isNaN ? "n/a" : String(format: "%.4g [%.4g, %.4g]", e.mean, e.low, e.high)
            }
            lines.append("  " + row.arm.padding(toLength: 20, withPad: " ", startingAt: 0)
                         + text(row.costPerActive).padding(toLength: 35, withPad: " ", startingAt: 0) + text(row.costPerResolved))
        }
        return lines.dropFirst().joined(separator: "\n")
    }
}
