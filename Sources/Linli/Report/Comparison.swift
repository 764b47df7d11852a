/// Differences between scenarios and a baseline, from the per-replicate
/// values in summary.csv (community `all`): Welch's t confidence interval of
/// the difference of means (GSL's t quantiles), and what each additional
/// active resident and resolved issue costs.
public enum Comparison {
    /// One metric of one scenario against the baseline.
    public struct Difference: Sendable {
        public var metric: String
        public var scenario: String
        public var diff: Double
        public var low: Double
        public var high: Double
        /// The interval excludes zero.
        public var significant: Bool { low.isFinite && high.isFinite && (low > 0 || high < 0) }
    }

    /// Welch difference (scenario − baseline) of a metric, nil when either run lacks it.
    public static func difference(_ metric: String, scenario: RunData, baseline: RunData) -> Difference? {
        guard let a = scenario.replicateValues(metric), let b = baseline.replicateValues(metric) else { return nil }
        let w = Statistics.welchDifference(a: a, b: b)
        return Difference(metric: metric, scenario: scenario.label, diff: w.diff, low: w.low, high: w.high)
    }

    /// Cost, active residents and resolved issues of each replicate, and how they are defined.
    public struct Outcomes: Sendable {
        public var cost: [Double]?
        public var costColumns: [String]
        public var active: [Double]?
        public var activeDefinition: String
        public var resolved: [Double]?
    }

    /// Per-replicate public cost (sum of the cost columns' last-day totals),
    /// active residents and resolved issues; a part is nil when the run lacks its columns.
    public static func outcomes(_ run: RunData) -> Outcomes {
        let costCols = ObservationCatalog.costColumns.filter { run.metrics.contains($0 + "_final") }
        var cost: [Double]?
        for c in costCols {
            guard let v = run.replicateValues(c + "_final") else { continue }
            cost = cost.map { zip($0, v).map { $0 + $1 } } ?? v
        }
        var active: [Double]?
        var definition = "not available (no active_share column)"
        if let direct = run.replicateValues("active_count_final") {
            active = direct; definition = "active_count on the last day"
        } else if let share = run.replicateValues("active_share_final") {
            for base in ["residents_13plus", "residents_over13", "over13", "residents"] {
                guard let n = run.replicateValues(base + "_final") else { continue }
                active = zip(share, n).map { $0 * $1 }
                definition = "active_share × \(base) on the last day"
                if base == "residents" { definition += " (active_share is a share of residents 13+, so this overstates the count by the under-13s; differences between scenarios of the same population are scaled alike)" }
                break
            }
        }
        return Outcomes(cost: costCols.isEmpty ? nil : cost, costColumns: costCols, active: active,
                        activeDefinition: definition, resolved: run.replicateValues("issues_resolved_total_final"))
    }

    /// Cost per unit gained: Δcost / Δoutcome when the outcome rose; a note otherwise.
    public static func costPer(cost: (diff: Double, low: Double, high: Double),
                               gain: (diff: Double, low: Double, high: Double)) -> (value: Double?, note: String) {
        guard gain.diff.isFinite, cost.diff.isFinite else { return (nil, "n/a") }
        guard gain.diff > 0 else { return (nil, "no gain") }
        let v = cost.diff / gain.diff
        let significant = gain.low.isFinite && gain.low > 0
        return (v, significant ? "" : "gain not significant at 95%")
    }
}

/// The page comparing several runs: the scenarios, differences against the
/// baseline with 95% CIs, cost-effectiveness, the main observations
/// overlaid, participation by age group and tenure, and community panels.
enum ComparisonPage {
    static func build(_ runs: [RunData], baseline: Int, columns: [String], title: String?) -> HTMLPage {
        let base = runs[baseline]
        let names = runs.map(\.label)
        let heading = title ?? "Comparison: " + names.joined(separator: " vs ")
        var page = HTMLPage(title: title ?? "Linli comparison: " + names.joined(separator: ", "), kind: "comparison report")
        page.header(heading, lead: "\(runs.count) runs; differences are against the baseline, “\(base.label)”.")

        page.section("Scenarios")
        var rows: [[Cell]] = []
        for (i, r) in runs.enumerated() {
            let m = r.manifest
            rows.append([Cell(r.label + (i == baseline ? " (baseline)" : "")), Cell(m.scenarioDescription ?? "", wide: true),
                         Cell(m.leversOn.isEmpty ? "none" : m.leversOn.joined(separator: ", ")),
                         Cell(String(m.seed), numeric: true), Cell(String(m.replicates), numeric: true),
                         Cell(String(m.days), numeric: true), Cell(m.communities.joined(separator: ", ")),
                         Cell(m.linliVersion), Cell(String(m.scenarioSHA256.prefix(12))), Cell(r.directory.path)])
        }
        page.table(["run", "description", "levers on", "seed", "replicates", "days", "communities", "version", "scenario sha256", "directory"], rows)
        page.endSection()

        differences(runs, baseline: baseline, columns: columns, into: &page)
        costEffectiveness(runs, baseline: baseline, into: &page)

        page.section("Main observations over time",
                     intro: "Community “all”. Lines are means across replicates, bands their 95% confidence intervals; one colour and dash pattern per run.")
        var charts: [(Chart, String?)] = []
        for c in columns { if let chart = RunCharts.overTime(c, runs: runs) { charts.append((chart, nil)) } }
        page.grid(charts)
        page.endSection()

        let common = runs.dropFirst().reduce(Set(runs[0].columns)) { $0.intersection($1.columns) }
        let ordered = runs[0].columns.filter(common.contains)
        let ages = ObservationCatalog.ageFamily(ordered), tenures = ObservationCatalog.tenureFamily(ordered)
        if !ages.isEmpty || !tenures.isEmpty {
            page.section("Participation by age group and tenure",
                         intro: "Last day, community “all”: share of each group (aged 13+) who took part in the last 30 days; whiskers are 95% CIs from each run's aggregate.csv.")
            var pair: [(Chart, String?)] = []
            if let c = RunCharts.familyBars(ages, runs: runs, title: "by age group, last day") { pair.append((c, nil)) }
            if let c = RunCharts.familyBars(tenures, runs: runs, title: "by tenure, last day") { pair.append((c, nil)) }
            page.grid(pair)
            page.endSection()
        }

        let communities = runs[0].communities.filter { c in runs.allSatisfy { $0.communities.contains(c) } }
        RunPage.communityPanels(runs, columns: columns, communities: communities, into: &page)

        page.section("Final values",
                     intro: "Last-day means and 95% CIs of the charted observations, community “all”, copied from each run's aggregate.csv.")
        var finals: [[Cell]] = []
        for c in columns {
            var row: [Cell] = [Cell(c + "_final")]
            for r in runs {
                if let a = r.aggregateRow(c + "_final") { row += [Cell.csv(a[3]), Cell("[\(a[5]), \(a[6])]", numeric: true)] } else { row += ["—", "—"] }
            }
            finals.append(row)
        }
        page.table(["metric"] + runs.flatMap { ["\($0.label) mean", "95% CI"] }, finals)
        page.endSection()
        return page
    }

    static func differences(_ runs: [RunData], baseline: Int, columns: [String], into page: inout HTMLPage) {
        let base = runs[baseline]
        page.section("Differences against the baseline",
                     intro: "Scenario minus baseline (\(base.label)) in the last-day value, community “all”. The 95% confidence interval is Welch's (unequal variances, Welch–Satterthwaite degrees of freedom) over the replicate values in summary.csv; means are copied from aggregate.csv.")
        let metrics = columns.map { $0 + "_final" } + ObservationCatalog.costColumns.map { $0 + "_final" }.filter { m in !columns.contains(ObservationCatalog.column(ofMetric: m)) && runs.allSatisfy { $0.metrics.contains(m) } }
        var rows: [[Cell]] = []
        var charts: [(Chart, String?)] = []
        for metric in metrics {
            var cats: [String] = [], v: [Double] = [], lo: [Double] = [], hi: [Double] = []
            for (i, r) in runs.enumerated() where i != baseline {
                guard let d = Comparison.difference(metric, scenario: r, baseline: base) else { continue }
                rows.append([Cell(metric), Cell(r.label), Cell.csv(base.aggregateRow(metric)?[3] ?? "NA"), Cell.csv(r.aggregateRow(metric)?[3] ?? "NA"),
                             Cell.number(d.diff), Cell.number(d.low), Cell.number(d.high), Cell(d.significant ? "yes" : "no")])
                cats.append(r.label); v.append(d.diff); lo.append(d.low); hi.append(d.high)
            }
            if !cats.isEmpty, columns.contains(ObservationCatalog.column(ofMetric: metric)) {
                var chart = BarChart(title: "Δ " + ObservationCatalog.label(ObservationCatalog.column(ofMetric: metric)),
                                     xLabel: "scenario", yLabel: ObservationCatalog.unit(ObservationCatalog.column(ofMetric: metric)),
                                     categories: cats, series: [BarSeries(name: "difference", values: v, low: lo, high: hi, style: 0)])
                chart.width = 320; chart.height = 220; chart.legend = false
                charts.append((chart.render(), nil))
            }
        }
        if !charts.isEmpty { page.paragraph("Bars: difference of means; whiskers: Welch 95% CI. A whisker crossing zero means no detectable difference at this number of replicates.", className: "note") }
        page.grid(charts, className: "multiples")
        page.table(["metric", "scenario", "baseline mean", "scenario mean", "difference", "95% CI low", "95% CI high", "CI excludes 0"], rows,
                   caption: "Differences of last-day values against \(base.label)")
        page.endSection()
    }

    static func costEffectiveness(_ runs: [RunData], baseline: Int, into page: inout HTMLPage) {
        let base = runs[baseline]
        let b = Comparison.outcomes(base)
        page.section("Cost-effectiveness")
        guard let baseCost = b.cost else {
            page.paragraph("These runs have none of the cost columns (\(ObservationCatalog.costColumns.joined(separator: ", "))), so no cost per outcome can be given.", className: "note")
            page.endSection()
            return
        }
        page.paragraph("Cost = \(b.costColumns.joined(separator: " + ")) on the last day (yuan, cumulative public outlay). Active residents = \(b.activeDefinition). Resolved issues = issues_resolved_total on the last day. Each Δ is scenario minus baseline with its Welch 95% CI; cost per additional unit = Δcost ÷ Δoutcome (ratio of mean differences), given only when the outcome rose.", className: "note")
        var rows: [[Cell]] = []
        func w(_ a: [Double]?, _ b: [Double]?) -> (diff: Double, low: Double, high: Double)? {
            guard let a, let b else { return nil }
            return Statistics.welchDifference(a: a, b: b)
        }
        func ci(_ d: (diff: Double, low: Double, high: Double)?) -> [Cell] {
            guard let d else { return ["—", "—"] }
            return [Cell.number(d.diff), Cell("[\(formatCell(d.low)), \(formatCell(d.high))]", numeric: true)]
        }
        func per(_ c: (diff: Double, low: Double, high: Double)?, _ g: (diff: Double, low: Double, high: Double)?) -> Cell {
            guard let c, let g else { return "—" }
            let r = Comparison.costPer(cost: c, gain: g)
            guard let v = r.value else { return Cell(r.note) }
            return Cell(formatCell(v) + (r.note.isEmpty ? "" : " (\(r.note))"), numeric: true)
        }
        for (i, r) in runs.enumerated() where i != baseline {
            let o = Comparison.outcomes(r)
            let dc = w(o.cost, baseCost), da = w(o.active, b.active), dr = w(o.resolved, b.resolved)
            rows.append([Cell(r.label)] + ci(dc) + ci(da) + [per(dc, da)] + ci(dr) + [per(dc, dr)])
        }
        page.table(["scenario", "Δ cost (yuan)", "95% CI", "Δ active residents", "95% CI", "yuan per additional active resident",
                    "Δ resolved issues", "95% CI", "yuan per additional resolved issue"], rows,
                   caption: "Cost-effectiveness against \(base.label)")
        page.endSection()
    }
}
