import Foundation

/// Cost against effect for every design point of a sweep, and the Pareto
/// frontier of the points no other point beats on both (no higher cost for
/// at least as much effect). Cost: `lever_cost_total_final` (money, every
/// payer), else the first other lever cost metric kept (`lever_cost_*_final`,
/// `cost_<lever>_final`; ratios such as `cost_per_active` are not costs).
/// Effect: `participation_rate_final` when kept, else the first metric that is
/// not a cost. Each point's value is the mean over its replicates with the
/// t-based 95% CI (`Summary`); the frontier is taken on the means.
public enum CostEffectiveness {
    public static let frontierFile = "frontier.csv"

    public struct PointValues: Sendable {
        public var point: Int
        public var factors: [String]
        public var cost: Summary
        public var effect: Summary
    }

    public struct Analysis: Sendable {
        public var costMetric: String
        public var effectMetric: String
        public var factors: [String]
        public var points: [PointValues]
        /// Indices into `points` of the frontier, by increasing cost.
        public var frontier: [Int]
    }

    /// Whether a metric is a lever cost (money or a lever's own cost), not a ratio.
    static func isCost(_ m: String) -> Bool {
        guard m.hasSuffix("_final") else { return false }
        if m.hasPrefix("lever_cost_") { return true }
        return m.hasPrefix("cost_") && !m.hasPrefix("cost_per_")
    }

    /// The (cost, effect) metrics of a sweep's metric list; nil without a cost or an effect.
    public static func columns(_ metrics: [String]) -> (cost: String, effect: String)? {
        let cost = metrics.contains("lever_cost_total_final") ? "lever_cost_total_final" : metrics.first(where: isCost)
        guard let cost else { return nil }
        let effect = metrics.contains("participation_rate_final") ? "participation_rate_final"
            : metrics.first { !isCost($0) && !$0.hasPrefix("lever_") && !$0.hasPrefix("cost_") }
        guard let effect else { return nil }
        return (cost, effect)
    }

    /// Indices of the points not dominated in (lower cost, higher effect), by
    /// increasing cost then decreasing effect; points with an undefined value are left out.
    public static func frontier(cost: [Double], effect: [Double]) -> [Int] {
        let ok = cost.indices.filter { cost[$0].isFinite && effect[$0].isFinite }
        let front = ok.filter { p in
            !ok.contains { q in cost[q] <= cost[p] && effect[q] >= effect[p] && (cost[q] < cost[p] || effect[q] > effect[p]) }
        }
        return front.sorted { cost[$0] != cost[$1] ? cost[$0] < cost[$1] : effect[$0] != effect[$1] ? effect[$0] > effect[$1] : $0 < $1 }
    }

    /// The analysis of a sweep's runs.csv; nil when it has no cost or no effect metric.
    public static func analyze(_ sweep: SweepData) -> Analysis? {
        guard let runs = sweep.runs, let (cost, effect) = columns(sweep.metrics),
              let pc = runs.column("point"), let cc = runs.column(cost), let ec = runs.column(effect) else { return nil }
        let fc = sweep.factors.compactMap(runs.column)
        var order: [Int] = [], rowsOf: [Int: [Int]] = [:]
        for r in runs.rows.indices {
            guard let p = Int(runs.rows[r][pc]) else { continue }
            if rowsOf[p] == nil { order.append(p) }
            rowsOf[p, default: []].append(r)
        }
        order.sort()
        let points = order.map { p -> PointValues in
            let rows = rowsOf[p]!
            return PointValues(point: p, factors: fc.map { runs.rows[rows[0]][$0] },
                               cost: Summary(rows.map { runs.number($0, cc) }), effect: Summary(rows.map { runs.number($0, ec) }))
        }
        let front = frontier(cost: points.map(\.cost.mean), effect: points.map(\.effect.mean))
        return Analysis(costMetric: cost, effectMetric: effect, factors: sweep.factors, points: points, frontier: front)
    }

    /// `frontier.csv`: the frontier points by increasing cost, with their factor values and both metrics' mean and CI.
    public static func csv(_ a: Analysis) -> String {
        var out = csvLine(["point"] + a.factors + ["replicates"] + [a.costMetric, a.effectMetric].flatMap { m in ["\(m)_mean", "\(m)_ci95_low", "\(m)_ci95_high"] })
        for i in a.frontier {
            let p = a.points[i]
            out += csvLine([String(p.point)] + p.factors + [String(p.cost.n + p.cost.missing)]
                           + [p.cost, p.effect].flatMap { [formatCell($0.mean), formatCell($0.ciLow), formatCell($0.ciHigh)] })
        }
        return out
    }

    /// The sweep page's section: the chart, the frontier table, where frontier.csv goes.
    static func section(_ a: Analysis, into page: inout HTMLPage) {
        page.section("Cost-effectiveness",
                     intro: "Each design point's lever cost (\(a.costMetric)) against its effect (\(a.effectMetric), the default effect metric: participation), both the mean over the point's replicates with 95% CI whiskers. The Pareto frontier joins the points that no other point beats on both: none is cheaper with at least as much effect. Its points, with their factor values, are in frontier.csv beside this page.")
        let all = ScatterSeries(name: "design points", x: a.points.map(\.cost.mean), y: a.points.map(\.effect.mean),
                                xLow: a.points.map(\.cost.ciLow), xHigh: a.points.map(\.cost.ciHigh),
                                yLow: a.points.map(\.effect.ciLow), yHigh: a.points.map(\.effect.ciHigh), style: 0)
        var front = ScatterSeries(name: "Pareto frontier (min cost, max effect)", x: a.frontier.map { a.points[$0].cost.mean },
                                  y: a.frontier.map { a.points[$0].effect.mean }, style: 1)
        front.connected = true; front.radius = 5; front.hollow = true
        var chart = ScatterChart(title: "Cost and effect of each design point",
                                 xLabel: ObservationCatalog.label(ObservationCatalog.column(ofMetric: a.costMetric)) + " (\(a.costMetric))",
                                 yLabel: ObservationCatalog.label(ObservationCatalog.column(ofMetric: a.effectMetric)) + " (\(a.effectMetric))",
                                 series: [all, front])
        chart.whiskersInDomain = false
        chart.width = 640; chart.height = 360
        let replicates = a.points.map { $0.cost.n + $0.cost.missing }.min() ?? 0
        if replicates < 5 {
            page.paragraph("With \(replicates) replicate\(replicates == 1 ? "" : "s") per point the 95% CIs are wide (t-based); the axes fit the means and whiskers are cut at the plot's edge.", className: "note")
        }
        page.figure(chart.render(), wide: true)
        let rows = a.frontier.map { i -> [Cell] in
            let p = a.points[i]
            return [Cell(String(p.point), numeric: true)] + p.factors.map { Double($0).map(Cell.number) ?? Cell($0) } + [Cell.number(p.cost.mean), Cell.number(p.effect.mean)]
        }
        page.table(["point"] + a.factors + [a.costMetric, a.effectMetric], rows, caption: "Pareto frontier (frontier.csv)")
        page.endSection()
    }
}
