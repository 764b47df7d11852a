import Foundation

/// A `linli rank` directory as the report reads it: `rank-manifest.json` and `rank.csv`.
public struct RankData: Sendable {
    public let directory: URL
    public let manifest: RankManifest
    public let table: CSVTable

    public static func isRank(_ url: URL) -> Bool { RankOutput.isRank(url) }

    public static func load(_ url: URL) throws -> RankData {
        let m = url.appendingPathComponent(RankOutput.manifestFile)
        let manifest: RankManifest
        do { manifest = try RankManifest.read(from: m) } catch {
            throw ReportError.malformed(m.path, "not a rank manifest: \(error)")
        }
        let table = try CSVTable.read(url.appendingPathComponent(RankOutput.rankFile))
        for c in ["metric", "arm", "effect", "effect_ci95_low", "effect_ci95_high", "extra_cost"] where table.column(c) == nil {
            throw ReportError.malformed(url.appendingPathComponent(RankOutput.rankFile).path, "no column `\(c)`")
        }
        return RankData(directory: url, manifest: manifest, table: table)
    }

    /// The rows of one metric.
    func rows(_ metric: String) -> [[String]] {
        let c = table.column("metric")!
        return table.rows.filter { $0[c] == metric }
    }
}

/// The page for one rank directory: per metric, the arms' effects against
/// levers-off with 95% CI whiskers, sorted largest first; cost against
/// effect for every arm; and rank.csv as a table.
enum RankPage {
    static func build(_ data: RankData, title: String?) -> HTMLPage {
        let m = data.manifest
        let t = data.table
        var page = HTMLPage(title: title ?? "Linli rank: \(m.run.scenario)", kind: "lever ranking")
        let reps = m.run.precision.map { "\($0.replicates) replicates (auto: widest paired 95% CI half-width of \($0.metric) \($0.halfWidthReached.map(formatNumber) ?? "NA"), target \(formatNumber($0.halfWidthTarget))\($0.hitMax ? ", stopped at max" : ""))" }
            ?? "\(m.rank.replicates) replicates"
        page.header(title ?? m.run.scenario, lead: "Levers \(m.rank.levers.joined(separator: ", ")) ranked against the scenario with every lever off: \(m.rank.arms.count) arms × \(reps) × \(m.run.days) days, common random numbers (replicate r of every arm shares its seed).")
        page.definitions([("scenario", m.run.scenarioPath), ("seed", String(m.run.seed)), ("replicates", String(m.rank.replicates)),
                          ("arms", m.rank.arms.map(\.name).joined(separator: ", ")), ("linli", m.run.linliVersion),
                          ("commit", m.run.gitCommit ?? "unknown")])

        let col = { (name: String) in t.column(name)! }
        page.section("Effects", intro: "Each arm's mean paired difference from levers-off (bars) with its 95% CI (whiskers), sorted largest first; `interaction` is all-together minus the sum of the singles.")
        var charts: [(Chart, String?)] = []
        for metric in m.rank.metrics {
            let rows = data.rows(metric).sorted { a, b in
                let x = CSVTable.number(a[col("effect")]), y = CSVTable.number(b[col("effect")])
                return x.isNaN != y.isNaN ? !x.isNaN : x > y
            }
            var chart = BarChart(title: metric, xLabel: "arm", yLabel: "effect vs levers off",
                                 categories: rows.map { $0[col("arm")] },
                                 series: [BarSeries(name: "effect", values: rows.map { CSVTable.number($0[col("effect")]) },
                                                    low: rows.map { CSVTable.number($0[col("effect_ci95_low")]) },
                                                    high: rows.map { CSVTable.number($0[col("effect_ci95_high")]) }, style: 0)])
            chart.width = 420; chart.height = 260
            charts.append((chart.render(), nil))
        }
        page.grid(charts, className: "multiples")
        page.endSection()

        page.section("Cost-effectiveness", intro: "Extra lever cost against levers-off (x, money as booked) and effect (y) of each arm; vertical lines are the effect's 95% CI. Further up and to the left buys more for less.")
        var ce: [(Chart, String?)] = []
        for metric in m.rank.metrics {
            let rows = data.rows(metric).filter { $0[col("arm")] != LeverRanking.interactionRow }
            var series: [LineSeries] = []
            for (k, r) in rows.enumerated() {
                let x = CSVTable.number(r[col("extra_cost")])
                series.append(LineSeries(name: r[col("arm")], x: [x], y: [CSVTable.number(r[col("effect")])], style: k, markers: true))
                series.append(LineSeries(name: r[col("arm")] + " 95% CI", x: [x, x],
                                         y: [CSVTable.number(r[col("effect_ci95_low")]), CSVTable.number(r[col("effect_ci95_high")])], style: k))
            }
            var chart = LineChart(title: metric, xLabel: "extra cost (lever_cost_total)", yLabel: "effect vs levers off", series: series)
            chart.width = 420; chart.height = 260; chart.legend = true
            ce.append((chart.render(), nil))
        }
        page.grid(ce, className: "multiples")
        page.endSection()

        page.section("Table", intro: "rank.csv: effects and extra costs with paired 95% CIs; cost per unit of effect, per additional active resident and per additional resolved problem are extra cost ÷ effect with delta-method 95% CIs, `n/a` unless the effect's CI lies above zero. Ranks are among the single levers.")
        let shown = ["metric", "arm", "effect", "effect_ci95_low", "effect_ci95_high", "rank_effect", "lever_cost", "lever_staff_hours",
                     "extra_cost", "cost_per_unit", "rank_cost_effectiveness", "cost_per_active", "cost_per_resolved"].filter { t.column($0) != nil }
        page.table(shown, t.rows.map { r in shown.map { Cell.csv(r[col($0)]) } }, caption: "rank.csv (all columns in the file)")
        page.endSection()
        return page
    }
}
