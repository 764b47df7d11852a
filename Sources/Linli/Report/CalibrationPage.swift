import Foundation

/// A `linli calibrate` output directory as the report reads it:
/// `calibration-manifest.json` (parameters, targets and their goals, best
/// evaluation), `evaluations.csv`, and for ABC `posterior.csv` and
/// `posterior-summary.csv`.
public struct CalibrationData: Sendable {
    public let directory: URL
    public let manifest: CalibrationManifest
    public let evaluations: CSVTable
    public let posterior: CSVTable?
    public let posteriorSummary: CSVTable?

    public static func isCalibration(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(CalibrationExecution.manifestFile).path)
    }

    public static func load(_ url: URL) throws -> CalibrationData {
        let m = url.appendingPathComponent(CalibrationExecution.manifestFile)
        let manifest: CalibrationManifest
        do { manifest = try CalibrationManifest.read(from: m) } catch {
            throw ReportError.malformed(m.path, "not a calibration manifest: \(error)")
        }
        let fm = FileManager.default
        func optional(_ name: String) throws -> CSVTable? {
            let u = url.appendingPathComponent(name)
            return fm.fileExists(atPath: u.path) ? try CSVTable.read(u) : nil
        }
        guard let evaluations = try optional(CalibrationExecution.evaluationsFile) else {
            throw ReportError.malformed(url.path, "a calibration directory needs \(CalibrationExecution.evaluationsFile)")
        }
        return CalibrationData(directory: url, manifest: manifest, evaluations: evaluations,
                               posterior: try optional(CalibrationExecution.posteriorFile),
                               posteriorSummary: try optional(CalibrationExecution.posteriorSummaryFile))
    }

    /// A numeric column of evaluations.csv.
    func column(_ name: String) -> [Double] {
        guard let c = evaluations.column(name) else { return [] }
        return evaluations.rows.indices.map { evaluations.number($0, c) }
    }
}

/// The page for one calibration directory: the fit at a glance, the
/// objective over the evaluations, each target's value over the evaluations
/// against its goal, and for ABC the posterior marginals as weighted histograms.
enum CalibrationPage {
    static func build(_ data: CalibrationData, title: String?) -> HTMLPage {
        let m = data.manifest
        var page = HTMLPage(title: title ?? "Linli calibration: \(m.calibration)", kind: "calibration report")
        let summary = "\(m.method) over \(m.parameters.count) parameters and \(m.targets.count) targets: \(m.evaluations) evaluations of \(m.runsPerEvaluation) runs each; best J = \(m.bestObjective.map(formatNumber) ?? "NA") (evaluation \(m.bestEvaluation))."
        page.header(title ?? m.calibration, lead: m.description.isEmpty ? summary : m.description)

        page.section("Calibration", intro: "J(θ) = Σ_t w_t d_t², with d_t = (mean − value)/tolerance for a value target, and for an interval the distance to the nearer end divided by the interval's width (by |end| when it is one-sided), 0 inside. Means are over \(m.replicates) replicates with common random numbers.")
        if !m.description.isEmpty { page.paragraph(summary) }
        page.definitions([("method", m.method), ("evaluations", String(m.evaluations)), ("best evaluation", String(m.bestEvaluation)),
                          ("best objective J", m.bestObjective.map(formatNumber) ?? "NA"), ("seed", String(m.seed)),
                          ("replicates", String(m.replicates)), ("runs recorded", String(m.runsRecorded)),
                          ("calibration file", m.calibrationPath), ("file SHA-256", m.calibrationSHA256),
                          ("linli", m.linliVersion), ("commit", m.gitCommit ?? "unknown")]
                         + m.methodSettings.sorted { $0.key < $1.key }.map { ($0.key, formatNumber($0.value)) })
        var summaryRows: [String: [String]] = [:]
        if let s = data.posteriorSummary, let pc = s.column("parameter") {
            for r in s.rows { summaryRows[r[pc]] = r }
        }
        let sh = data.posteriorSummary?.header ?? []
        var rows: [[Cell]] = []
        for p in m.parameters {
            var row: [Cell] = [Cell(p.key), Cell(p.scale), Cell("[\(formatNumber(p.low)), \(formatNumber(p.high))]"),
                               p.current.map(Cell.number) ?? "NA", m.bestParameters[p.key].map(Cell.number) ?? "NA"]
            if let r = summaryRows[p.key], let mc = sh.firstIndex(of: "mean"), let lo = sh.firstIndex(of: "ci95_low"), let hi = sh.firstIndex(of: "ci95_high") {
                row += [Cell.csv(r[mc]), Cell("[\(r[lo]), \(r[hi])]")]
            }
            rows.append(row)
        }
        page.table(["parameter", "scale", "range", "before", "best"] + (summaryRows.isEmpty ? [] : ["posterior mean", "posterior 95%"]), rows, caption: "Free parameters")
        for n in m.notes { page.paragraph("Note: \(n)", className: "note") }
        page.endSection()

        page.section("Objective", intro: "log₁₀ J of every evaluation in search order (Nelder–Mead restarts one after another; ABC: the prior sample, then each SMC generation), and the best so far.")
        let ids = data.column("evaluation")
        let j = data.column("objective").map { $0 > 0 ? log10($0) : $0 == 0 ? -12 : Double.nan }
        var best = Double.infinity
        let running = j.map { v -> Double in if !v.isNaN { best = min(best, v) }; return best.isFinite ? best : .nan }
        var chart = LineChart(title: "Objective over evaluations", xLabel: "evaluation", yLabel: "log₁₀ J",
                              series: [LineSeries(name: "J", x: ids, y: j, style: 0, markers: true),
                                       LineSeries(name: "best so far", x: ids, y: running, style: 1)])
        chart.width = 720
        page.figure(chart.render(), caption: "J = 0 (every target met) is drawn at −12.", wide: true)
        page.endSection()

        page.section("Targets", intro: "Each target's mean value at every evaluation (dots) against its goal: the value with ± tolerance, or the interval's finite ends.")
        var targetRows: [[Cell]] = []
        var charts: [(Chart, String?)] = []
        for t in m.targets {
            var goal: String
            var lines: [(String, Double)] = []
            if t.goal == "value", let v = t.value, let tol = t.tolerance {
                goal = "\(formatNumber(v)) ± \(formatNumber(tol))"
                lines = [("value", v), ("− tolerance", v - tol), ("+ tolerance", v + tol)]
            } else if t.goal == "reference" {
                goal = "reference"
            } else {
                goal = t.low == nil ? "≤ \(formatNumber(t.high ?? .nan))" : t.high == nil ? "≥ \(formatNumber(t.low!))" : "[\(formatNumber(t.low!)), \(formatNumber(t.high!))]"
                if let lo = t.low { lines.append(("low end", lo)) }
                if let hi = t.high { lines.append(("high end", hi)) }
            }
            if let r = t.relativeTo { goal = "ratio to \(r): " + goal }
            targetRows.append([Cell(t.name), Cell(t.scenario), Cell(t.metric), Cell(t.community), Cell(goal),
                               t.best.map(Cell.number) ?? "NA", Cell.number(t.weight)])
            let values = data.column(t.name)
            guard !values.isEmpty, let x0 = ids.first, let x1 = ids.last else { continue }
            var series = [LineSeries(name: "mean value", x: ids, y: values, style: 0, markers: true)]
            for (k, l) in lines.enumerated() { series.append(LineSeries(name: l.0, x: [x0, x1], y: [l.1, l.1], style: k + 1)) }
            var c = LineChart(title: t.name, xLabel: "evaluation", yLabel: ObservationCatalog.unit(ObservationCatalog.column(ofMetric: t.metric)), series: series)
            c.width = 360; c.height = 240
            charts.append((c.render(), goal))
        }
        page.table(["target", "scenario", "metric", "community", "goal", "best", "weight"], targetRows, caption: "Targets at the best evaluation")
        page.grid(charts, className: "multiples")
        page.endSection()

        if let post = data.posterior, !post.rows.isEmpty, let wc = post.column("weight") {
            page.section("Posterior", intro: "ABC posterior marginals: the accepted particles' weights summed in ten equal bins of each parameter's prior range (in log space for log-scale parameters); the prior is flat over the range.")
            var hists: [(Chart, String?)] = []
            let w = post.rows.indices.map { post.number($0, wc) }
            for p in m.parameters {
                guard let c = post.column(p.key) else { continue }
                let x = post.rows.indices.map { post.number($0, c) }
                let log = p.scale == "log"
                let (lo, hi) = log ? (Foundation.log(p.low), Foundation.log(p.high)) : (p.low, p.high)
                var bins = [Double](repeating: 0, count: 10)
                for (v, wt) in zip(x, w) {
                    let u = ((log ? Foundation.log(v) : v) - lo) / (hi - lo)
                    bins[min(9, max(0, Int(u * 10)))] += wt
                }
                let labels = (0..<10).map { i -> String in
                    let mid = lo + (Double(i) + 0.5) / 10 * (hi - lo)
                    return String(format: "%.3g", log ? exp(mid) : mid)
                }
                var chart = BarChart(title: p.key, xLabel: p.key + (log ? " (log bins)" : ""), yLabel: "posterior weight",
                                     categories: labels, series: [BarSeries(name: "posterior", values: bins, style: 0)])
                chart.width = 360; chart.height = 240; chart.legend = false
                hists.append((chart.render(), nil))
            }
            page.grid(hists, className: "multiples")
            if let s = data.posteriorSummary { page.table(s.header, s.rows.map { $0.map(Cell.csv) }, caption: "posterior-summary.csv") }
            page.endSection()
        }
        return page
    }
}
