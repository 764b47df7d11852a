import Foundation

/// The page for one sweep directory: the design and its factors, main-effect
/// plots per factor for each chosen metric, a heat map over two factors, the
/// sensitivity indices (Sobol S1/ST or Morris μ*, σ) as bars with CI
/// whiskers, cost against effect with the Pareto frontier when the sweep kept
/// a lever cost metric (`CostEffectiveness`), and the tables the sweep wrote.
enum SweepPage {
    /// Rows of points.csv shown in full; larger tables are cut with a note.
    static let maxTableRows = 1000

    static func build(_ sweep: SweepData, metrics: [String], heatmap: (String, String)?, title: String?) -> HTMLPage {
        var page = HTMLPage(title: title ?? "Linli sweep: \(sweep.name)", kind: "sweep report")
        let nRuns = sweep.runs?.rows.count
        let summary = "\(sweep.design.map { "\($0) design, " } ?? "")\(sweep.factors.count) factors\(nRuns.map { ", \($0) runs" } ?? "")\(sweep.points.map { ", \($0.rows.count) design points" } ?? "")."
        page.header(title ?? sweep.name, lead: sweep.sweepDescription ?? summary)

        page.section("Sweep")
        if sweep.sweepDescription != nil { page.paragraph(summary) }
        if let (done, planned) = sweep.incomplete {
            page.paragraph("Incomplete sweep: \(done) of \(planned) runs recorded. Effects below use the runs so far; finish it with `linli sweep --resume` (or merge its shards) for the full picture.", className: "note")
        }
        if !sweep.facts.isEmpty { page.definitions(sweep.facts) }
        var factorRows: [[Cell]] = []
        for f in sweep.factors {
            let values = sweep.observations(metric: sweep.metrics.first ?? "")?.factors.map { $0[sweep.factors.firstIndex(of: f)!] } ?? []
            let numbers = values.compactMap(Double.init)
            let observed = numbers.count == values.count && !numbers.isEmpty
                ? "\(Set(numbers).count) values in [\(formatCell(numbers.min()!)), \(formatCell(numbers.max()!))]"
                : "\(Set(values).count) levels: \(Set(values).sorted().prefix(8).joined(separator: ", "))"
            factorRows.append([Cell(f), Cell(unit(f)), Cell(sweep.factorDetails[f] ?? ""), Cell(observed)])
        }
        page.table(["factor", "unit", "as declared", "as run"], factorRows, caption: "Factors")
        page.endSection()

        page.section("Main effects",
                     intro: "For each factor, the metric's mean over all runs at each level of that factor (averaging over the other factors), with the 95% confidence interval of that mean. Numeric factors with many distinct values are cut into ten equal-count bins, plotted at the bin's mean value. Within a metric the y axes are shared, so steeper means stronger.")
        for metric in metrics {
            guard let obs = sweep.observations(metric: metric) else { continue }
            page.subheading(ObservationCatalog.metricLabel(metric))
            var effects: [(Int, MainEffects.Levels, [Summary])] = []
            for (k, f) in sweep.factors.enumerated() {
                let levels = MainEffects.levels(values(obs, k, f, sweep), categorical: sweep.isCategorical(f))
                effects.append((k, levels, MainEffects.byLevel(obs.values, levels: levels)))
            }
            let shared = extent(effects.flatMap { e in [e.2.map(\.mean), e.2.map(\.ciLow), e.2.map(\.ciHigh)] })
            var charts: [(Chart, String?)] = []
            for (k, levels, stats) in effects {
                let f = sweep.factors[k]
                let yLabel = ObservationCatalog.unit(ObservationCatalog.column(ofMetric: metric))
                if let x = levels.x {
                    var chart = LineChart(title: f, xLabel: axisLabel(f, log: sweep.scales[f] == "log"), yLabel: yLabel,
                                          series: [LineSeries(name: metric, x: x, y: stats.map(\.mean), low: stats.map(\.ciLow),
                                                              high: stats.map(\.ciHigh), style: 0, markers: true)])
                    chart.width = 360; chart.height = 240; chart.legend = false
                    chart.xLog = sweep.scales[f] == "log" && x.allSatisfy { $0 > 0 }
                    if var d = shared { if d.0 >= 0, d.0 <= d.1 / 2 { d.0 = 0 }; chart.yDomain = d }
                    charts.append((chart.render(), nil))
                } else {
                    var chart = BarChart(title: f, xLabel: axisLabel(f), yLabel: yLabel, categories: levels.labels,
                                         series: [BarSeries(name: metric, values: stats.map(\.mean), low: stats.map(\.ciLow), high: stats.map(\.ciHigh), style: 0)])
                    chart.width = 360; chart.height = 240; chart.legend = false
                    chart.yDomain = shared
                    charts.append((chart.render(), nil))
                }
            }
            page.grid(charts, className: "multiples")
        }
        page.endSection()

        if let (a, b) = heatmap, let ia = sweep.factors.firstIndex(of: a), let ib = sweep.factors.firstIndex(of: b) {
            page.section("Interaction: \(a) × \(b)",
                         intro: "Mean of the metric over all runs in each combination of the two factors' levels (numeric factors with many values in six equal-count bins); grey cells had no runs.")
            var charts: [(Chart, String?)] = []
            for metric in metrics {
                guard let obs = sweep.observations(metric: metric) else { continue }
                let la = MainEffects.levels(values(obs, ia, a, sweep), maxLevels: 10, bins: 6, categorical: sweep.isCategorical(a))
                let lb = MainEffects.levels(values(obs, ib, b, sweep), maxLevels: 10, bins: 6, categorical: sweep.isCategorical(b))
                let map = HeatMap(title: ObservationCatalog.label(ObservationCatalog.column(ofMetric: metric)) + (metric.hasSuffix("_final") ? ", last day" : ""),
                                  xLabel: a, yLabel: b, valueLabel: ObservationCatalog.unit(ObservationCatalog.column(ofMetric: metric)),
                                  xCategories: la.labels, yCategories: lb.labels, values: MainEffects.grid(obs.values, a: la, b: lb))
                charts.append((map.render(), nil))
            }
            page.grid(charts)
            page.endSection()
        }

        if let s = sweep.sensitivity { sensitivitySection(s, metrics: metrics, into: &page) }

        if let ce = CostEffectiveness.analyze(sweep) { CostEffectiveness.section(ce, into: &page) }

        if let p = sweep.points {
            page.section("Design points", intro: "points.csv as written by the sweep: each design point's statistics across its replicates.")
            let shown = p.rows.prefix(maxTableRows)
            if p.rows.count > shown.count { page.paragraph("First \(shown.count) of \(p.rows.count) rows; the rest are in points.csv.", className: "note") }
            page.table(p.header, shown.map { $0.map(Cell.csv) }, caption: "points.csv")
            page.endSection()
        }
        return page
    }

    /// The values of factor `k` as text; a boolean factor's 0/1 read as false/true.
    static func values(_ obs: (factors: [[String]], values: [Double]), _ k: Int, _ factor: String, _ sweep: SweepData) -> [String] {
        let raw = obs.factors.map { $0[k] }
        guard sweep.scales[factor] == "boolean" else { return raw }
        return raw.map { $0 == "0" ? "false" : $0 == "1" ? "true" : $0 }
    }

    /// Unit of a factor from the parameter registry ("" when unknown).
    static func unit(_ factor: String) -> String { ParameterRegistry.spec(factor)?.unit ?? "" }

    static func axisLabel(_ factor: String, log: Bool = false) -> String {
        let u = unit(factor)
        let base = u.isEmpty || u == "bool" ? factor : "\(factor) (\(u))"
        return log ? base + ", log scale" : base
    }

    /// Normalised column name: lower case, letters and digits only (`mu_star` → `mustar`).
    static func key(_ s: String) -> String { String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init)) }

    static func sensitivitySection(_ s: CSVTable, metrics: [String], into page: inout HTMLPage) {
        let cols = Dictionary(s.header.enumerated().map { (key($1), $0) }, uniquingKeysWith: { a, _ in a })
        guard let mc = s.column("metric") ?? cols["metric"], let fc = s.column("factor") ?? cols["factor"] else {
            page.section("Sensitivity indices")
            page.paragraph("sensitivity.csv has no metric and factor columns; shown as written.", className: "note")
            page.table(s.header, s.rows.map { $0.map(Cell.csv) }, caption: "sensitivity.csv")
            page.endSection()
            return
        }
        let sobol = cols["s1"] != nil || cols["st"] != nil
        page.section("Sensitivity indices", intro: sobol
            ? "Sobol indices: S1 is the share of the metric's variance due to the factor alone, ST the share including all its interactions; whiskers are bootstrap 95% CIs from sensitivity.csv."
            : "Morris elementary effects: μ* (mean absolute effect) ranks influence, σ (their spread) signals interactions or non-linearity; whiskers are 95% CIs where sensitivity.csv gives them.")
        var order: [String] = []
        for r in s.rows where !order.contains(r[mc]) { order.append(r[mc]) }
        let chosen = order.filter { metrics.contains($0) }
        var charts: [(Chart, String?)] = []
        for metric in chosen.isEmpty ? order : chosen {
            let rows = s.rows.filter { $0[mc] == metric }
            let factors = rows.map { $0[fc] }
            func column(_ names: [String]) -> [Double]? {
                guard let c = names.lazy.compactMap({ cols[$0] }).first else { return nil }
                return rows.map { CSVTable.number($0[c]) }
            }
            var series: [BarSeries] = []
            let specs: [(String, [String], [String], [String])] = sobol
                ? [("S1", ["s1"], ["s1cilow", "s1low"], ["s1cihigh", "s1high"]), ("ST", ["st"], ["stcilow", "stlow"], ["stcihigh", "sthigh"])]
                : [("μ*", ["mustar"], ["mustarcilow", "mustarlow"], ["mustarcihigh", "mustarhigh"]),
                   ("σ", ["sigma"], ["sigmacilow"], ["sigmacihigh"])]
            for (k, spec) in specs.enumerated() {
                guard let v = column(spec.1) else { continue }
                series.append(BarSeries(name: spec.0, values: v, low: column(spec.2), high: column(spec.3), style: k))
            }
            guard !series.isEmpty else { continue }
            let chart = BarChart(title: ObservationCatalog.label(ObservationCatalog.column(ofMetric: metric)) + (metric.hasSuffix("_final") ? ", last day" : ""),
                                 xLabel: "factor", yLabel: sobol ? "Sobol index (share of variance)" : "μ*, σ (\(ObservationCatalog.unit(ObservationCatalog.column(ofMetric: metric))))",
                                 categories: factors, series: series)
            charts.append((chart.render(), nil))
        }
        page.grid(charts)
        page.table(s.header, s.rows.map { $0.map(Cell.csv) }, caption: "sensitivity.csv")
        page.endSection()
    }
}
