/// The run page of a large run (issue "City scale"): past `panelLimit`
/// communities, one panel per community made a district's page 27 MB with
/// 2,655 charts. Instead: streets and districts as small multiples (when the
/// run observed them), communities as a distribution over time (median and
/// 10–90% range across communities of the replicate mean) and the ten
/// highest and lowest; the full rows stay in the CSV files.
enum LargeRun {
    /// Most rows drawn one panel each.
    static let panelLimit = 24

    /// Community rows and street/district rows (`street:…`, `district:…`), in file order.
    static func split(_ rows: [String]) -> (communities: [String], groups: [String]) {
        let isGroup = { (r: String) in r.hasPrefix("street:") || r.hasPrefix("district:") }
        return (rows.filter { !isGroup($0) }, rows.filter(isGroup))
    }

    /// Districts (and streets when few enough) as small multiples.
    static func groupPanels(_ run: RunData, columns: [String], groups: [String], into page: inout HTMLPage) {
        guard !groups.isEmpty else { return }
        let districts = groups.filter { $0.hasPrefix("district:") }
        let shown = groups.count <= panelLimit ? groups : districts.count <= panelLimit ? districts : []
        guard !shown.isEmpty else { return }
        RunPage.communityPanels([run], columns: columns, communities: shown, into: &page)
    }

    /// Many streets (no community rows): the streets as a distribution.
    static func groupDistributions(_ run: RunData, columns: [String], groups: [String], into page: inout HTMLPage) {
        let streets = groups.filter { $0.hasPrefix("street:") }
        guard streets.count > panelLimit else { return }
        distributions(run, columns: columns, communities: streets, what: "streets", into: &page)
    }

    /// Per column, the median and 10–90% range across `communities` of the
    /// replicate mean, day by day; then the ten highest and lowest on the
    /// first column's last day.
    static func distributions(_ run: RunData, columns: [String], communities: [String], what: String = "communities",
                              into page: inout HTMLPage) {
        page.section("\(what.prefix(1).uppercased() + what.dropFirst()) as a distribution",
                     intro: "\(communities.count) \(what): too many for a panel each. The line is the median across \(what) of each one's mean over replicates; the band spans the 10th to the 90th percentile across \(what). Every \(what.dropLast()) is in summary.csv and aggregate.csv.")
        var charts: [(Chart, String?)] = []
        for c in columns {
            let bands = communities.compactMap { run.timeseries.band(c, row: $0) }
            guard let days = bands.first?.days, !days.isEmpty else { continue }
            var median: [Double] = [], low: [Double] = [], high: [Double] = []
            for d in days.indices {
                let values = bands.compactMap { $0.mean.indices.contains(d) ? $0.mean[d] : nil }.filter { !$0.isNaN }
                let q = Statistics.quantiles(values, [0.5, 0.1, 0.9])
                median.append(q[0]); low.append(q[1]); high.append(q[2])
            }
            let series = LineSeries(name: "median of \(communities.count) \(what)", x: days, y: median, low: low, high: high, style: 0)
            var chart = LineChart(title: ObservationCatalog.label(c), xLabel: "day", yLabel: ObservationCatalog.unit(c), series: [series])
            chart.legend = false
            charts.append((chart.render(), "Median across \(what); band 10th–90th percentile."))
        }
        page.grid(charts)
        if let first = columns.first {
            let metric = first + "_final"
            let ranked = communities.compactMap { r in run.aggregateStats(metric, community: r).map { (r, $0) } }
                .filter { !$0.1.mean.isNaN }.sorted { $0.1.mean > $1.1.mean }
            if !ranked.isEmpty {
                func rows(_ part: ArraySlice<(String, (mean: Double, low: Double, high: Double))>) -> [[Cell]] {
                    part.map { [Cell($0.0), Cell.number($0.1.mean), Cell.number($0.1.low), Cell.number($0.1.high)] }
                }
                let header = [String(what.dropLast()), metric + " mean", "95% CI low", "95% CI high"]
                page.subheading("Ten highest and ten lowest on \(metric)")
                page.table(header, rows(ranked.prefix(10)), caption: "highest")
                page.table(header, rows(ranked.suffix(10)), caption: "lowest")
            }
        }
        page.endSection()
    }
}
