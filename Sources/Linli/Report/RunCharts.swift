/// Charts built from run directories, shared by the run and comparison pages.
enum RunCharts {
    /// One observation over days for one row, one line (with band) per run.
    static func overTime(_ column: String, runs: [RunData], row: String = "all", small: Bool = false,
                         yDomain: (Double, Double)? = nil, title: String? = nil) -> Chart? {
        var series: [LineSeries] = []
        for (i, run) in runs.enumerated() {
            guard let b = run.timeseries.band(column, row: row) else { continue }
            series.append(LineSeries(name: run.label, x: b.days, y: b.mean, low: b.low, high: b.high, style: i))
        }
        guard !series.isEmpty else { return nil }
        var chart = LineChart(title: title ?? ObservationCatalog.label(column), xLabel: "day",
                              yLabel: ObservationCatalog.unit(column), series: series)
        if small { chart.width = 320; chart.height = 210; chart.fontSize = 12; chart.maxPoints = 150; chart.legend = false }
        chart.yDomain = yDomain
        if runs.count == 1 { chart.legend = false }
        return chart.render()
    }

    /// Several columns of one run over days (e.g. participation by age group), one line each.
    static func family(_ columns: [String], run: RunData, title: String, row: String = "all") -> Chart? {
        var series: [LineSeries] = []
        for (i, c) in columns.enumerated() {
            guard let b = run.timeseries.band(c, row: row) else { continue }
            let name = String(c.dropFirst(ObservationCatalog.participationPrefix.count))
            series.append(LineSeries(name: name, x: b.days, y: b.mean, low: b.low, high: b.high, style: i))
        }
        guard !series.isEmpty else { return nil }
        return LineChart(title: title, xLabel: "day", yLabel: "share of group aged 13+ who took part in 30 days", series: series).render()
    }

    /// Last-day values of a family as bars, one series per run, whiskers from aggregate.csv.
    static func familyBars(_ columns: [String], runs: [RunData], title: String, row: String = "all") -> Chart? {
        guard !columns.isEmpty else { return nil }
        let categories = columns.map { String($0.dropFirst(ObservationCatalog.participationPrefix.count)) }
        var series: [BarSeries] = []
        for (i, run) in runs.enumerated() {
            var v: [Double] = [], lo: [Double] = [], hi: [Double] = []
            for c in columns {
                let s = run.aggregateStats(c + "_final", community: row)
                v.append(s?.mean ?? .nan); lo.append(s?.low ?? .nan); hi.append(s?.high ?? .nan)
            }
            series.append(BarSeries(name: run.label, values: v, low: lo, high: hi, style: i))
        }
        return BarChart(title: title, xLabel: "group (last day)", yLabel: "share who took part in 30 days",
                        categories: categories, series: series).render()
    }

    /// A y range covering every run's band of `column` across `rows` (shared axes for small multiples).
    static func sharedDomain(_ column: String, runs: [RunData], rows: [String]) -> (Double, Double)? {
        var arrays: [[Double]] = []
        for run in runs { for r in rows { if let b = run.timeseries.band(column, row: r) { arrays += [b.mean, b.low, b.high] } } }
        guard var (lo, hi) = extent(arrays) else { return nil }
        if lo >= 0, lo <= hi / 2 { lo = 0 }
        if hi == lo { hi = lo + 1 }
        return (lo, hi)
    }

    /// Columns to chart: `--metrics` (observation names or summary metric names) or the main observations.
    static func chosenColumns(_ requested: [String]?, available: [String]) throws -> [String] {
        guard let requested, !requested.isEmpty else {
            let main = ObservationCatalog.main(available)
            return main.isEmpty ? Array(available.prefix(8)) : main
        }
        var out: [String] = []
        for name in requested {
            let col = available.contains(name) ? name : ObservationCatalog.column(ofMetric: name)
            guard available.contains(col) else {
                let all = available + RunOutput.summaryMetrics(columns: available)
                throw ReportError.unknownMetric(name, suggestion: NearestKey.nearest(to: name, in: all), available: available)
            }
            if !out.contains(col) { out.append(col) }
        }
        return out
    }
}
