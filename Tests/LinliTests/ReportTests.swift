import Foundation
import Testing
@testable import Linli

// MARK: escaping and self-containment

@Test func escapeCoversMarkupCharacters() {
    #expect(HTML.escape(#"<script>alert("x") & 'y'</script>"#) == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
    #expect(HTML.escape("邻里 ok") == "邻里 ok")
    #expect(HTML.slug("Interaction: a.b × c_d") == "interaction-a-b-c-d")
}

/// Synthetic series (no simulation): names, description and community full of markup.
private func markupRun() throws -> URL {
    let dir = ReportFixtures.root.appendingPathComponent("markup-\(UUID().uuidString)")
    let columns = ["participation_rate", "active_share", "participation_rate_retiree", "participation_rate_owner"]
    let rows = [#"<b>east</b>, "lane""#, "all"]
    let series = (0..<3).map { rep in
        var s = ReplicateSeries(replicate: rep, days: 10, rowNames: rows, columns: columns)
        for d in 0..<10 { for r in 0..<2 { for c in 0..<4 { s[d, r, c] = 0.01 * Double(d + rep + c) + 0.001 * Double(r) } } }
        s.residents = 50
        return s
    }
    let scenario = Scenario(name: #"<script>alert("pwned")</script>"#, description: #"<img src=x onerror=alert(1)> & "quotes""#,
                            seed: 3, replicates: 3, days: 10,
                            communities: [CommunitySpec(name: rows[0], type: .village, households: 20)],
                            parameters: Parameters(), sourcePath: "x.yaml", sourceText: "x")
    let info = RunInfo(scenario: scenario, jobs: 1, start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1),
                       version: LinliVersion.current, residentDays: 1500, gitCommit: nil)
    try RunOutput.write(series: series, info: info, to: dir)
    return dir
}

@Test func scenarioMarkupRendersAsText() throws {
    let page = try Report.build([try markupRun()])
    let lower = page.html.lowercased()
    #expect(!lower.contains("<script"), "a scenario name became a script element")
    #expect(!lower.contains("<img"), "a description became an element")
    #expect(!lower.contains("<b>east"), "a community name became markup")
    #expect(page.html.contains("<title>Linli run: &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</title>"))
    #expect(page.html.contains("<h1>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</h1>"))
    #expect(page.html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"))
    #expect(page.html.contains("<h3>&lt;b&gt;east&lt;/b&gt;, &quot;lane&quot;</h3>"))
    // The quoted community name (comma, quotes) was read back whole from the CSVs.
    let aggregate = try #require(PageText.table(page.html, caption: "aggregate.csv"))
    #expect(aggregate.dropFirst().contains { $0[0] == #"<b>east</b>, "lane""# })
}

/// No scripts, no fetched resources: everything is inline.
private func expectSelfContained(_ html: String) {
    let lower = html.lowercased()
    for needle in ["<script", "<link", "<iframe", "<img", "@import", "url(", "src=\"", "href=\"http", "xlink:href", "@font-face"] {
        #expect(!lower.contains(needle), "page holds \(needle)")
    }
    #expect(lower.hasPrefix("<!doctype html>"))
    #expect(lower.contains("<meta name=\"viewport\""), "no viewport meta: unreadable on a phone")
    #expect(lower.contains("@media print") && lower.contains("@media (max-width"))
}

// MARK: run page

@Test func runPageNumbersMatchTheCSVs() throws {
    let dir = ReportFixtures.runs.baseline
    let page = try Report.build([dir])
    #expect(page.kind == .run)
    expectSelfContained(page.html)
    #expect(page.title == "Linli run: fixture-baseline")
    #expect(page.html.contains("<p class=\"lead\">Two small compounds, no levers.</p>"))

    // aggregate.csv appears cell for cell, in order.
    let csv = try CSVTable.read(dir.appendingPathComponent("aggregate.csv"))
    let shown = try #require(PageText.table(page.html, caption: "aggregate.csv"))
    #expect(shown.first == csv.header)
    #expect(Array(shown.dropFirst()) == csv.rows)

    // Chart captions quote the CSV's text; the plotted last-day means agree with it.
    let data = try RunData.load(dir)
    let main = ObservationCatalog.main(data.columns)
    #expect(main.count >= 7)
    for column in main {
        let row = try #require(data.aggregateRow(column + "_final"))
        #expect(page.html.contains("Last day: mean \(row[3]), 95% CI [\(row[5]), \(row[6])], n = \(row[2])."))
        let band = try #require(data.timeseries.band(column, row: "all"))
        let mean = CSVTable.number(row[3])
        #expect(abs(band.mean.last! - mean) <= 1e-5 * max(1, abs(mean)), "\(column): chart \(band.mean.last!) vs aggregate \(mean)")
        #expect(band.n.last == 4)
    }
    // Charts: main observations, two age charts, two tenure charts, and a panel per community.
    let ages = ObservationCatalog.ageFamily(data.columns).isEmpty ? 0 : 2
    let tenures = ObservationCatalog.tenureFamily(data.columns).isEmpty ? 0 : 2
    #expect(page.charts == main.count + ages + tenures + 2 * main.count)
    #expect(PageText.chartCount(page.html) == page.charts)
    #expect(page.html.contains("<meta name=\"linli-charts\" content=\"\(page.charts)\">"))
    #expect(page.html.contains("<h3>east-lane</h3>") && page.html.contains("<h3>west-court</h3>"))
    #expect(page.html.contains("<dt>seed</dt><dd>11</dd>") && page.html.contains("<dt>replicates</dt><dd>4</dd>"))
    // Same inputs, same bytes.
    #expect(try Report.build([dir]).html == page.html)
}

@Test func runPageListsLeversWithTheirSettings() throws {
    let page = try Report.build([ReportFixtures.runs.levers])
    #expect(page.html.contains("<td>office_hours</td>"))
    #expect(page.html.contains("evening_share = 0.6 share *"))
    #expect(page.html.contains("<td>paid_participation</td>"))
}

@Test func metricsOptionChoosesTheCharts() throws {
    let page = try Report.build([ReportFixtures.runs.baseline], options: .init(metrics: ["participation_rate", "staff_hours_mean"]))
    // two observations: two over time, two × two communities, plus age and tenure charts
    #expect(page.charts == 2 + 4 + 4)
    #expect(throws: ReportError.self) { try Report.build([ReportFixtures.runs.baseline], options: .init(metrics: ["participaton_rate"])) }
    do {
        _ = try Report.build([ReportFixtures.runs.baseline], options: .init(metrics: ["participaton_rate"]))
    } catch let e as ReportError {
        #expect(e.description.contains("did you mean `participation_rate`"), "\(e)")
    }
}

// MARK: comparison page

/// summary.csv's `all` rows of a metric, read without the report's code.
private func replicateValues(_ dir: URL, _ metric: String) throws -> [Double] {
    let lines = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let c = try #require(header.firstIndex(of: metric))
    var out: [Double] = []
    for line in lines.dropFirst() {
        let fields: [String] = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard fields[1] == "all" else { continue }
        out.append(fields[c] == "NA" ? Double.nan : Double(fields[c])!)
    }
    return out
}

private func aggregateMean(_ dir: URL, _ metric: String) throws -> String {
    let lines = try String(contentsOf: dir.appendingPathComponent("aggregate.csv"), encoding: .utf8).split(separator: "\n")
    let row = try #require(lines.first { $0.hasPrefix("all,\(metric),") })
    return String(row.split(separator: ",")[3])
}

@Test func comparisonDifferencesAreWelchIntervalsFromSummaryCSV() throws {
    let (base, levers) = ReportFixtures.runs
    let page = try Report.build([base, levers])
    #expect(page.kind == .comparison)
    expectSelfContained(page.html)
    #expect(PageText.chartCount(page.html) == page.charts)
    let table = try #require(PageText.table(page.html, caption: "Differences of last-day values against fixture-baseline"))
    #expect(table[0] == ["metric", "scenario", "baseline mean", "scenario mean", "difference", "95% CI low", "95% CI high", "CI excludes 0"])
    #expect(table.count > 7)
    for row in table.dropFirst() {
        let metric = row[0]
        #expect(row[1] == "fixture-levers")
        #expect(row[2] == (try aggregateMean(base, metric)))
        #expect(row[3] == (try aggregateMean(levers, metric)))
        let w = Statistics.welchDifference(a: try replicateValues(levers, metric), b: try replicateValues(base, metric))
        #expect(Array(row[4...6]) == [formatCell(w.diff), formatCell(w.low), formatCell(w.high)], "\(metric)")
        #expect(row[7] == ((w.low > 0 || w.high < 0) ? "yes" : "no"))
    }
    // Paid participation costs money: cost per additional active resident is Δcost / Δactive.
    let cost = try #require(PageText.table(page.html, caption: "Cost-effectiveness against fixture-baseline"))
    let row = cost[1]
    #expect(row[0] == "fixture-levers")
    func costs(_ dir: URL) throws -> [Double] {
        var total = [Double](repeating: 0, count: 4)
        let header = try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8).prefix { $0 != "\n" }
        for c in ObservationCatalog.costColumns where header.split(separator: ",").contains(Substring(c + "_final")) {
            total = zip(total, try replicateValues(dir, c + "_final")).map { $0 + $1 }
        }
        return total
    }
    let dc = Statistics.welchDifference(a: try costs(levers), b: try costs(base))
    #expect(dc.diff > 0, "paid participation should cost something")
    #expect(row[1] == formatCell(dc.diff) && row[2] == "[\(formatCell(dc.low)), \(formatCell(dc.high))]")
    let active = { (dir: URL) throws -> [Double] in
        zip(try replicateValues(dir, "active_share_final"), try replicateValues(dir, "residents_final")).map { $0 * $1 }
    }
    let da = Statistics.welchDifference(a: try active(levers), b: try active(base))
    #expect(row[3] == formatCell(da.diff))
    if da.diff > 0 { #expect(row[5].hasPrefix(formatCell(dc.diff / da.diff))) } else { #expect(row[5] == "no gain") }
}

@Test func baselineOptionFlipsTheDifferences() throws {
    let (base, levers) = ReportFixtures.runs
    let page = try Report.build([base, levers], options: .init(baseline: levers))
    let table = try #require(PageText.table(page.html, caption: "Differences of last-day values against fixture-levers"))
    let row = try #require(table.first { $0.first == "participation_rate_final" })
    #expect(row[1] == "fixture-baseline")
    let w = Statistics.welchDifference(a: try replicateValues(base, "participation_rate_final"), b: try replicateValues(levers, "participation_rate_final"))
    #expect(row[4] == formatCell(w.diff))
    // A baseline not listed among the directories is added to them.
    let page2 = try Report.build([levers], options: .init(baseline: base))
    #expect(page2.kind == .comparison)
}

// MARK: sweep page

@Test func sweepPageShowsMainEffectsHeatMapAndSensitivity() throws {
    let dir = ReportFixtures.sweep
    let page = try Report.build([dir])
    #expect(page.kind == .sweep)
    expectSelfContained(page.html)
    #expect(page.html.contains("<title>Linli sweep: fixture &lt;sweep&gt; &amp; co</title>"))
    // 3 factors × 2 metrics main effects + 2 heat maps + 2 sensitivity charts.
    #expect(page.charts == 3 * 2 + 2 + 2)
    #expect(PageText.chartCount(page.html) == page.charts)
    #expect(page.html.contains("Interaction: posts.per_community × office_hours.evening_share"))
    let sens = try CSVTable.read(dir.appendingPathComponent("sensitivity.csv"))
    let shownSens = try #require(PageText.table(page.html, caption: "sensitivity.csv"))
    #expect(shownSens.first == sens.header && Array(shownSens.dropFirst()) == sens.rows)
    let points = try CSVTable.read(dir.appendingPathComponent("points.csv"))
    let shownPoints = try #require(PageText.table(page.html, caption: "points.csv"))
    #expect(shownPoints.first == points.header && Array(shownPoints.dropFirst()) == points.rows)
    // Factors from the manifest, with units from the registry.
    let factors = try #require(PageText.table(page.html, caption: "Factors"))
    #expect(factors.dropFirst().map { $0[0] } == ReportFixtures.factors)
    #expect(factors[2][1] == "share" && factors[2][3].hasPrefix("20 values"))
    #expect(factors[1][2] == "range: 0, 4; scale: integer")
    // The boolean factor is charted as categories false/true, not as a number line.
    #expect(page.html.contains("<text x=") && page.html.contains(">false</text>") && page.html.contains(">true</text>"))
    #expect(page.html.contains("<dt>sweep</dt><dd>fixture &lt;sweep&gt; &amp; co</dd>"))
    #expect(!page.html.contains("not the sweep&#39;s"), "the base scenario's description was shown as the sweep's")
    #expect(!page.html.contains("Incomplete sweep"))
}

@Test func sweepOptionsPickMetricsAndHeatMapFactors() throws {
    let dir = ReportFixtures.sweep
    let one = try Report.build([dir], options: .init(metrics: ["active_share"], heatmap: ["red_list.on", "posts.per_community"]))
    #expect(one.charts == 3 + 1 + 1)
    #expect(one.html.contains("Interaction: red_list.on × posts.per_community"))
    do {
        _ = try Report.build([dir], options: .init(heatmap: ["posts.per_comunity", "red_list.on"]))
        Issue.record("an unknown factor was accepted")
    } catch let e as ReportError {
        #expect(e.description.contains("did you mean `posts.per_community`"), "\(e)")
    }
}

@Test func morrisSensitivityIsChartedToo() throws {
    let dir = ReportFixtures.makeSweep(name: "morris", morris: true)
    let page = try Report.build([dir])
    #expect(page.charts == 3 * 2 + 2 + 2)
    #expect(page.html.contains("Morris elementary effects"))
    #expect(page.html.contains("μ*"))
}

@Test func sweepWithoutRunsUsesPointMeans() throws {
    let dir = ReportFixtures.makeSweep(name: "points-only", morris: false)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("runs.csv"))
    let sweep = try SweepData.load(dir)
    #expect(sweep.metrics == ReportFixtures.sweepMetrics)
    let obs = try #require(sweep.observations(metric: "participation_rate_final"))
    #expect(obs.values.count == 20)
    #expect(try Report.build([dir]).charts == 3 * 2 + 2 + 2)
}

// MARK: main effects

@Test func mainEffectLevelsBinsAndMeans() {
    let few = MainEffects.levels(["1", "0", "1", "2"])
    #expect(few.labels == ["0", "1", "2"] && few.index == [1, 0, 1, 2] && few.x == [0, 1, 2])
    let many = MainEffects.levels((0..<100).map { String(Double($0) / 100) })
    #expect(many.labels.count == 10)
    #expect((0..<10).allSatisfy { b in many.index.filter { $0 == b }.count == 10 })
    #expect(many.x! == many.x!.sorted())
    let cat = MainEffects.levels(["true", "false", "true"])
    #expect(cat.labels == ["false", "true"] && cat.x == nil)
    let means = MainEffects.byLevel([1, 10, 3, 20], levels: few)
    #expect(means.map(\.mean) == [10, 2, 20])
    let grid = MainEffects.grid([1, 2, 3, 5], a: MainEffects.levels(["a", "a", "b", "b"]), b: MainEffects.levels(["x", "y", "x", "x"]))
    #expect(grid[0] == [1, 4])           // y level x: a → 1, b → (3 + 5) / 2
    #expect(grid[1][0] == 2 && grid[1][1].isNaN)
}

// MARK: CSV reading

@Test func csvTableKeepsCellTextAndQuotes() throws {
    let t = try CSVTable.parse("a,b,c\r\n1,\"x, \"\"y\"\"\",NA\n2.50,\"multi\nline\",-Inf\n")
    #expect(t.header == ["a", "b", "c"])
    #expect(t.rows == [["1", "x, \"y\"", "NA"], ["2.50", "multi\nline", "-Inf"]])
    #expect(t.number(1, 0) == 2.5 && t.number(0, 2).isNaN && t.number(1, 2) == -.infinity)
    #expect(throws: ReportError.self) { try CSVTable.parse("a,b\n1\n") }
    #expect(throws: ReportError.self) { try CSVTable.parse("a,b\n\"open,1\n") }
}

// MARK: errors

@Test func inputsThatAreNotFinishedOutputsAreRefused() throws {
    let empty = ReportFixtures.root.appendingPathComponent("empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    #expect(throws: ReportError.notAnOutput(empty.path)) { try Report.build([empty]) }
    let partial = ReportFixtures.root.appendingPathComponent("partial-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
    try "replicate,day,community,x\n".write(to: partial.appendingPathComponent("timeseries.csv"), atomically: true, encoding: .utf8)
    #expect(throws: ReportError.incompleteRun(partial.path)) { try Report.build([partial]) }
    #expect(throws: ReportError.mixedKinds) { try Report.build([ReportFixtures.runs.baseline, ReportFixtures.sweep]) }
    let missing = ReportFixtures.root.appendingPathComponent("nope")
    #expect(throws: ReportError.notADirectory(missing.path)) { try Report.build([missing]) }
}

// MARK: charts

@Test func lineChartBreaksAtNaNThinsLongSeriesAndDrawsBands() {
    let x = (0..<1000).map(Double.init)
    var y = x.map { $0 / 1000 }
    y[500] = .nan
    var chart = LineChart(title: "t <x>", xLabel: "day", yLabel: "share", series: [
        LineSeries(name: "a", x: x, y: y, low: y.map { $0 - 0.1 }, high: y.map { $0 + 0.1 }, style: 0),
        LineSeries(name: "b", x: x, y: y.map { $0 * 2 }, style: 1),
    ])
    chart.maxPoints = 200
    let svg = chart.render().svg
    #expect(svg.hasPrefix("<svg class=\"chart\""))
    #expect(svg.contains("<title>t &lt;x&gt;</title>"))
    #expect(svg.components(separatedBy: "class=\"line\"").count - 1 == 4)   // each line split in two at the NaN
    #expect(svg.components(separatedBy: "class=\"band\"").count - 1 == 2)
    #expect(svg.components(separatedBy: "L").count < 4 * 200 + 20)   // band (2 sides) and two lines, thinned
    #expect(svg.contains("stroke-dasharray"))                               // the second series is dashed
}

@Test func barChartGrowsFromZeroWithWhiskers() {
    let svg = BarChart(title: "Δ", xLabel: "s", yLabel: "d", categories: ["a", "b"],
                       series: [BarSeries(name: "x", values: [2, -1], low: [1, -2], high: [3, 0.5], style: 0)]).render().svg
    #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 2)
    #expect(svg.components(separatedBy: "class=\"whisker\"").count - 1 == 2)
    #expect(svg.contains("class=\"zero\""))
}

@Test func heatMapMarksEmptyCells() {
    let svg = HeatMap(title: "h", xLabel: "a", yLabel: "b", valueLabel: "v", xCategories: ["1", "2"], yCategories: ["x"],
                      values: [[1, .nan]]).render().svg
    #expect(svg.contains("class=\"cell empty\""))
    #expect(svg.contains(Palette.sequential(0)))
}

@Test func paletteIsOkabeItoAndViridis() {
    #expect(Set(Palette.categorical).count == Palette.categorical.count)
    #expect(Palette.categorical.allSatisfy { ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"].contains($0) })
    #expect(Palette.sequential(0) == "#440154" && Palette.sequential(1) == "#fde725")
}

// MARK: CLI

@Test func reportCommandWritesThePage() throws {
    let (base, levers) = ReportFixtures.runs
    let r = try CLITests.linli(["report", base.path])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("report: \(base.path)/report.html (run page,"))
    #expect(FileManager.default.fileExists(atPath: base.appendingPathComponent("report.html").path))
    let out = ReportFixtures.root.appendingPathComponent("cli-compare.html")
    let c = try CLITests.linli(["report", base.path, levers.path, "--out", out.path, "--metrics", "participation_rate,active_share", "--quiet"])
    #expect(c.status == 0, "stderr: \(c.stderr)")
    #expect(c.stdout == out.path + "\n")
    let html = try String(contentsOf: out, encoding: .utf8)
    #expect(html.contains("<meta name=\"linli-report\" content=\"comparison report\">"))
    let bad = try CLITests.linli(["report", ReportFixtures.root.appendingPathComponent("missing").path])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("no such directory"))
}

@Test func incompleteSweepIsSaidSo() throws {
    let dir = ReportFixtures.makeSweep(name: "incomplete", morris: false)
    let manifest = dir.appendingPathComponent("sweep-manifest.json")
    let text = try String(contentsOf: manifest, encoding: .utf8)
        .replacingOccurrences(of: "\"complete\" : true", with: "\"complete\" : false")
        .replacingOccurrences(of: "\"runs_done\" : 40", with: "\"runs_done\" : 31")
    try text.write(to: manifest, atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(at: dir.appendingPathComponent("points.csv"))
    let page = try Report.build([dir])
    #expect(page.html.contains("Incomplete sweep: 31 of 40 runs recorded."))
}

@Test func tickLabelsAreDistinctAndNice() {
    // Labels must use the step the ticks were made with (a widened domain has another).
    var scale = LinearScale(domain: (-0.0012, 0.0031), range: (0, 100))
    let (ticks, step) = scale.nice(count: 5)
    let labels = ticks.map { TickFormat.label($0, step: step) }
    #expect(Set(labels).count == labels.count, "\(labels)")
    #expect(labels.contains("0") && labels.contains("0.001"))
    #expect(LinearScale.niceStep(0.23) == 0.2 && LinearScale.niceStep(0.4) == 0.5 && LinearScale.niceStep(8) == 10)
    #expect(TickFormat.label(25_000, step: 5_000) == "25k" && TickFormat.label(1_500_000, step: 500_000) == "1.5M")
    // A log axis labels powers of ten.
    var chart = LineChart(title: "t", xLabel: "rate", yLabel: "y", series: [LineSeries(name: "a", x: [0.0001, 0.001, 0.01], y: [1, 2, 3], style: 0)])
    chart.xLog = true
    let svg = chart.render().svg
    #expect(svg.contains(">0.0001</text>") && svg.contains(">0.001</text>") && svg.contains(">0.01</text>"))
}

// MARK: end to end on a real sweep

@Test func reportOfARealMorrisSweep() throws {
    let dir = ReportFixtures.root.appendingPathComponent("real-sweep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try """
    name: tiny
    days: 30
    population:
      communities:
        - name: tiny-compound
          type: old_compound
          households: 60
    """.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
    try """
    name: tiny-morris
    description: Screening <three> inputs & more
    scenario: tiny.yaml
    seed: 9
    replicates: 1
    design:
      type: morris
      trajectories: 4
      levels: 4
    factors:
      - key: decision.beta0
        range: [-4, -3]
      - key: party.events_per_week
        range: [0, 3]
      - key: posts.on
    metrics: [participation_rate_final, trust_mean_final]
    """.write(to: dir.appendingPathComponent("sweep.yaml"), atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let sweep = try CLITests.linli(["sweep", dir.appendingPathComponent("sweep.yaml").path, "--out", out.path, "--jobs", "2"])
    #expect(sweep.status == 0, "stderr: \(sweep.stderr)")
    let sens = try CLITests.linli(["sensitivity", out.path])
    #expect(sens.status == 0, "stderr: \(sens.stderr)")

    let page = try Report.build([out])
    #expect(page.kind == .sweep)
    #expect(page.title == "Linli sweep: tiny-morris")
    // 3 factors × 2 metrics main effects, a heat map per metric, a Morris chart per metric.
    #expect(page.charts == 3 * 2 + 2 + 2)
    for name in ["points.csv", "sensitivity.csv"] {
        let csv = try CSVTable.read(out.appendingPathComponent(name))
        let shown = try #require(PageText.table(page.html, caption: name), "no \(name) table")
        #expect(shown.first == csv.header && Array(shown.dropFirst()) == csv.rows, "\(name) differs from the page")
    }
    let factors = try #require(PageText.table(page.html, caption: "Factors"), "no factor table")
    #expect(factors.dropFirst().map { $0[0] } == ["decision.beta0", "party.events_per_week", "posts.on"])
    #expect(page.html.contains("<dt>design</dt><dd>morris</dd>"))
    #expect(page.html.contains("<p class=\"lead\">Screening &lt;three&gt; inputs &amp; more</p>"))
    // The boolean factor is shown as categories.
    #expect(page.html.contains(">false</text>") && page.html.contains(">true</text>"))
    let cli = try CLITests.linli(["report", out.path, "--quiet"])
    #expect(cli.status == 0 && cli.stdout == out.appendingPathComponent("report.html").path + "\n", "\(cli.stderr)")
}
