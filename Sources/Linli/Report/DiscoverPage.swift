import Foundation

/// A `linli discover` output directory as the report reads it:
/// `discover-manifest.json` (condition, settings, factor ranges, chosen box)
/// and `boxes.csv` (the trajectory).
public struct DiscoverData: Sendable {
    public let directory: URL
    public let boxes: CSVTable
    public let condition: String
    public let sweepPath: String
    public let points: Int
    public let interest: Int
    public let replicates: Int
    /// Name, kind, min and max of each factor.
    public let factors: [(name: String, categorical: Bool, min: Double, max: Double)]
    public let settings: [(String, String)]

    public static func isDiscover(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(ScenarioDiscovery.manifestFile).path)
    }

    public static func load(_ url: URL) throws -> DiscoverData {
        let m = url.appendingPathComponent(ScenarioDiscovery.manifestFile)
        guard let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: m))) as? [String: Any] else {
            throw ReportError.malformed(m.path, "not a JSON object")
        }
        let boxesURL = url.appendingPathComponent(ScenarioDiscovery.boxesFile)
        guard FileManager.default.fileExists(atPath: boxesURL.path) else {
            throw ReportError.malformed(url.path, "a discover directory needs \(ScenarioDiscovery.boxesFile)")
        }
        let boxes = try CSVTable.read(boxesURL)
        var factors: [(String, Bool, Double, Double)] = []
        for f in json["factors"] as? [[String: Any]] ?? [] {
            guard let name = f["name"] as? String else { continue }
            factors.append((name, (f["kind"] as? String) == "categorical", (f["min"] as? NSNumber)?.doubleValue ?? .nan,
                            (f["max"] as? NSNumber)?.doubleValue ?? .nan))
        }
        let settings = ["peel_alpha", "paste_alpha", "min_mass", "min_coverage", "box_requested"].compactMap { k in
            json[k].flatMap { SweepData.scalarText($0) }.map { (k.replacingOccurrences(of: "_", with: " "), $0) }
        }
        return DiscoverData(directory: url, boxes: boxes, condition: json["where"] as? String ?? "",
                            sweepPath: json["sweep_path"] as? String ?? "", points: (json["points"] as? NSNumber)?.intValue ?? 0,
                            interest: (json["cases_of_interest"] as? NSNumber)?.intValue ?? 0,
                            replicates: (json["replicates_per_point"] as? NSNumber)?.intValue ?? 1, factors: factors, settings: settings)
    }
}

/// The page of a discover directory: the coverage–density trade-off of the
/// trajectory with the chosen box marked, the chosen box's restricted
/// factors drawn against their full ranges, and boxes.csv.
enum DiscoverPage {
    static func build(_ d: DiscoverData, title: String?) -> HTMLPage {
        let heading = title ?? "Scenario discovery: \(d.condition)"
        var page = HTMLPage(title: heading, kind: "discover report")
        page.header(heading, lead: "PRIM on \(d.sweepPath): \(d.interest) of \(d.points) design points satisfy the condition (each point classified by the mean over its \(d.replicates) replicate\(d.replicates == 1 ? "" : "s")).")
        let b = d.boxes
        func col(_ name: String) -> [Double] { b.column(name).map { c in b.rows.indices.map { b.number($0, c) } } ?? [] }
        let coverage = col("coverage"), density = col("density"), chosenFlag = col("chosen")
        let phase = b.column("phase").map { c in b.rows.map { $0[c] } } ?? []
        let chosen = chosenFlag.firstIndex(of: 1)

        page.section("Settings")
        page.definitions([("condition", d.condition), ("sweep", d.sweepPath), ("design points", String(d.points)),
                          ("cases of interest", String(d.interest)), ("boxes on the trajectory", String(b.rows.count))] + d.settings)
        page.endSection()

        page.section("Coverage–density trade-off",
                     intro: "Each box of the peeling (then pasting) trajectory: coverage is the share of all cases of interest inside the box, density the share of the box's points that are cases of interest. Peeling moves up and to the left; the chosen box is ringed (the densest box whose coverage reaches min coverage, unless --box chose another).")
        var series: [ScatterSeries] = []
        for (k, (name, p)) in [("peeling", "peel"), ("pasting", "paste")].enumerated() {
            let idx = phase.indices.filter { phase[$0] == p || (p == "peel" && phase[$0] == "start") }
            guard !idx.isEmpty else { continue }
            var s = ScatterSeries(name: name, x: idx.map { coverage[$0] }, y: idx.map { density[$0] }, style: k)
            s.connected = true
            series.append(s)
        }
        if let c = chosen {
            var s = ScatterSeries(name: "chosen box \(b.rows[c][0])", x: [coverage[c]], y: [density[c]], style: 1)
            s.radius = 7; s.hollow = true
            series.append(s)
        }
        var chart = ScatterChart(title: "Coverage and density of each box", xLabel: "coverage", yLabel: "density", series: series)
        chart.width = 640; chart.height = 400
        chart.xDomain = (0, 1); chart.yDomain = (0, 1)
        page.figure(chart.render())
        page.endSection()

        if let c = chosen {
            let row = b.rows[c]
            let restricted = b.column("restricted").map { row[$0] }.map { $0.split(separator: ";").map(String.init) } ?? []
            page.section("Chosen box \(row[0])",
                         intro: "Coverage \(row[b.column("coverage")!]), density \(row[b.column("density")!]), mass \(row[b.column("mass")!]). Restricted factors, with the box's limits against the range the sweep covered; the others are unrestricted.")
            var rows: [[Cell]] = []
            var limits: [(String, Double, Double)] = []
            for f in d.factors where restricted.contains(f.name) {
                guard let lc = b.column(f.name + "_lower"), let uc = b.column(f.name + "_upper") else { continue }
                let lo = row[lc], hi = row[uc]
                if f.categorical {
                    rows.append([Cell(f.name), Cell("levels " + lo.replacingOccurrences(of: ";", with: ", ")), Cell(""), Cell("")])
                } else {
                    let l = CSVTable.number(lo), h = CSVTable.number(hi)
                    let share = f.max > f.min ? (h - l) / (f.max - f.min) : .nan
                    rows.append([Cell(f.name), Cell("[\(formatCell(l)), \(formatCell(h))]"), Cell("[\(formatCell(f.min)), \(formatCell(f.max))]"), Cell.number(share)])
                    limits.append((f.name, f.max > f.min ? (l - f.min) / (f.max - f.min) : 0, f.max > f.min ? (h - f.min) / (f.max - f.min) : 1))
                }
            }
            if !limits.isEmpty { page.figure(limitsChart(limits)) }
            page.table(["factor", "box", "sweep range", "share of range"], rows, caption: "Restricted factors of box \(row[0])")
            page.endSection()
        } else {
            page.section("Chosen box")
            page.paragraph("No box reaches the minimum coverage; lower --min-coverage or pick one with --box.", className: "note")
            page.endSection()
        }

        page.section("Trajectory", intro: "boxes.csv as written by linli discover.")
        page.table(b.header, b.rows.map { $0.map(Cell.csv) }, caption: "boxes.csv")
        page.endSection()
        return page
    }

    /// Each restricted factor's box as a bar over its full range scaled to [0, 1].
    static func limitsChart(_ limits: [(String, Double, Double)]) -> Chart {
        let width = 720.0, row = 26.0, font = 12.0
        let left = min(220, max(60, Double(limits.map(\.0.count).max() ?? 4) * font * 0.6 + 10))
        let top = font * 2.4, height = top + Double(limits.count) * row + 40
        let scale = LinearScale(domain: (0, 1), range: (left, width - 14))
        let title = "Box limits within each factor's range"
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" style=\"font-size:\(n(font))px\"><title>\(HTML.escape(title))</title>"
        s += "<text class=\"ctitle\" x=\"2\" y=\"\(n(font + 4))\">\(HTML.escape(title))</text>"
        for (k, (name, lo, hi)) in limits.enumerated() {
            let y = top + Double(k) * row + row / 2
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y + font * 0.35))\" text-anchor=\"end\">\(HTML.escape(name))</text>"
            s += "<line class=\"grid\" x1=\"\(n(scale(0)))\" x2=\"\(n(scale(1)))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke-width=\"6\"/>"
            s += "<rect x=\"\(n(scale(lo)))\" y=\"\(n(y - 6))\" width=\"\(n(max(1, scale(hi) - scale(lo))))\" height=\"12\" fill=\"\(Palette.colour(0))\"/>"
        }
        let axisY = top + Double(limits.count) * row + 4
        s += "<g class=\"axis x\"><line class=\"base\" x1=\"\(n(scale(0)))\" x2=\"\(n(scale(1)))\" y1=\"\(n(axisY))\" y2=\"\(n(axisY))\"/>"
        for t in [0.0, 0.25, 0.5, 0.75, 1] {
            s += "<text x=\"\(n(scale(t)))\" y=\"\(n(axisY + font + 4))\" text-anchor=\"middle\">\(t == 0 ? "min" : t == 1 ? "max" : formatCell(t))</text>"
        }
        s += "<text class=\"alabel\" x=\"\(n((scale(0) + scale(1)) / 2))\" y=\"\(n(height - 4))\" text-anchor=\"middle\">position in the sweep's range</text></g></svg>"
        return Chart(svg: s)
    }
}
