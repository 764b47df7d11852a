import Foundation
import Yams

/// A `linli sweep` output directory as the report reads it (formats of
/// issue 5): `runs.csv` (`run_id,point,replicate,seed,<factors>,<metrics>`),
/// `points.csv` (per design point, each metric's mean, sd and 95% CI across
/// replicates), optional `sensitivity.csv` (Sobol `S1…ST_ci_high` or Morris
/// columns) and `sweep-manifest.json`. Factor columns are named by the
/// manifest when it lists them; otherwise they are the runs.csv columns
/// holding a parameter key (`a.b`).
public struct SweepData: Sendable {
    public let directory: URL
    /// Scalar manifest entries, as text, in the manifest's key order (sorted).
    public let facts: [(String, String)]
    public let name: String
    /// The sweep file's `description:`, from the copy `linli sweep` keeps (sweep.yaml); nil without one.
    public let sweepDescription: String?
    public let design: String?
    /// Factor name → a one-line description from the manifest (scale, levels or range).
    public let factorDetails: [String: String]
    /// Factor name → its scale from the manifest (`linear`, `log`, `integer`, `boolean`, `categorical`).
    public let scales: [String: String]
    /// The manifest says the sweep is incomplete: (runs done, runs planned).
    public let incomplete: (done: Int, planned: Int)?
    public let factors: [String]
    public let metrics: [String]
    public let runs: CSVTable?
    public let points: CSVTable?
    public let sensitivity: CSVTable?

    public static let manifestFile = "sweep-manifest.json"
    static let fixedRunColumns = ["run_id", "point", "replicate", "seed"]

    /// Whether `url` holds sweep output.
    public static func isSweep(_ url: URL) -> Bool {
        let fm = FileManager.default
        return [manifestFile, "runs.csv", "points.csv"].contains { fm.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    public static func load(_ url: URL) throws -> SweepData {
        let fm = FileManager.default
        func optionalTable(_ name: String) throws -> CSVTable? {
            let u = url.appendingPathComponent(name)
            return fm.fileExists(atPath: u.path) ? try CSVTable.read(u) : nil
        }
        let runs = try optionalTable("runs.csv")
        let points = try optionalTable("points.csv")
        let sensitivity = try optionalTable("sensitivity.csv")
        guard runs != nil || points != nil else {
            throw ReportError.malformed(url.path, "a sweep directory needs runs.csv or points.csv (is the sweep finished, or its shards merged with `linli merge`?)")
        }
        var json: [String: Any] = [:]
        let manifestURL = url.appendingPathComponent(manifestFile)
        if fm.fileExists(atPath: manifestURL.path) {
            do {
                guard let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any] else {
                    throw ReportError.malformed(manifestURL.path, "not a JSON object")
                }
                json = obj
            } catch let e as ReportError { throw e } catch {
                throw ReportError.malformed(manifestURL.path, "not valid JSON (\(error.localizedDescription))")
            }
        }
        var facts: [(String, String)] = []
        for key in factOrder where json[key] != nil {
            if let text = scalarText(json[key]!), !text.isEmpty, text != "null" { facts.append((key.replacingOccurrences(of: "_", with: " "), text)) }
        }
        var details: [String: String] = [:]
        var scales: [String: String] = [:]
        var manifestFactors: [String] = []
        if let list = json["factors"] as? [Any] {
            for item in list {
                if let s = item as? String { manifestFactors.append(s) } else if let d = item as? [String: Any],
                    let name = (d["name"] ?? d["key"] ?? d["parameter"]) as? String {
                    manifestFactors.append(name)
                    scales[name] = d["scale"] as? String
                    details[name] = d.keys.sorted().filter { !["name", "key", "parameter"].contains($0) }
                        .compactMap { k in scalarText(d[k]!).map { "\(k): \($0)" } }.joined(separator: "; ")
                }
            }
        } else if let dict = json["factors"] as? [String: Any] {
            for name in dict.keys.sorted() {
                manifestFactors.append(name)
                if let d = dict[name] as? [String: Any] {
                    scales[name] = d["scale"] as? String
                    details[name] = d.keys.sorted().compactMap { k in scalarText(d[k]!).map { "\(k): \($0)" } }.joined(separator: "; ")
                } else if let t = scalarText(dict[name]!) { details[name] = t }
            }
        }
        let table = runs ?? points!
        let candidates = table.header.filter { !fixedRunColumns.contains($0) && $0 != "n" }
        let factors = manifestFactors.isEmpty ? candidates.filter { $0.contains(".") } : manifestFactors.filter(table.header.contains)
        var metrics: [String]
        if let runs {
            metrics = runs.header.filter { !fixedRunColumns.contains($0) && !factors.contains($0) }
        } else {
            metrics = pointMetrics(points!, factors: factors)
        }
        metrics = metrics.filter { !$0.isEmpty }
        let name = (json["sweep"] ?? json["name"] ?? json["scenario"]) as? String ?? url.lastPathComponent
        var incomplete: (Int, Int)?
        if let complete = json["complete"] as? Bool, !complete {
            incomplete = ((json["runs_done"] as? NSNumber)?.intValue ?? runs?.rows.count ?? 0, (json["runs"] as? NSNumber)?.intValue ?? 0)
        }
        var description: String?
        if let text = try? String(contentsOf: url.appendingPathComponent("sweep.yaml"), encoding: .utf8),
           let yaml = try? Yams.load(yaml: text) as? [String: Any], let d = yaml["description"] as? String, !d.isEmpty {
            description = d.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return SweepData(directory: url, facts: facts, name: name, sweepDescription: description, design: json["design"] as? String ?? (json["design"] as? [String: Any])?["name"] as? String,
                         factorDetails: details, scales: scales, incomplete: incomplete, factors: factors, metrics: metrics, runs: runs, points: points, sensitivity: sensitivity)
    }

    /// Manifest keys shown, in this order, when present and not empty (the
    /// base scenario's own run keys such as its description or parameters
    /// would mislead on a sweep page).
    static let factOrder = ["sweep", "design", "model", "points", "runs", "runs_done", "complete", "replicates", "seed", "days",
                            "community", "common_random_numbers", "metrics", "scenario", "scenario_sha256", "sweep_path", "sweep_sha256",
                            "linli_version", "git_commit", "shard", "merged_from", "start_time", "wall_seconds"]

    /// A JSON scalar (or array of scalars) as text; nil for objects.
    static func scalarText(_ v: Any) -> String? {
        switch v {
        case let s as String: return s
        case let n as NSNumber:
            // JSON booleans arrive as NSNumbers of C type `char` ("c").
            let type = String(cString: n.objCType)
            if type == "c" { return n.boolValue ? "true" : "false" }
            return type == "d" || type == "f" ? formatCell(n.doubleValue) : n.stringValue
        case let a as [Any]:
            let parts = a.compactMap { scalarText($0) }
            return parts.count == a.count ? parts.joined(separator: ", ") : "\(a.count) entries"
        case is NSNull: return "null"
        default: return nil
        }
    }

    /// Metric names of points.csv: long format (`metric` column) or wide (`<m>_mean` with `<m>_sd`).
    static func pointMetrics(_ p: CSVTable, factors: [String]) -> [String] {
        if let k = p.column("metric") {
            var seen: [String] = []
            for r in p.rows where !seen.contains(r[k]) { seen.append(r[k]) }
            return seen
        }
        return p.header.filter { $0.hasSuffix("_mean") && !factors.contains($0) }.map { String($0.dropLast(5)) }
            .filter { p.header.contains($0 + "_sd") || p.header.contains($0 + "_ci95_low") }
    }

    /// Whether a factor's levels are categories (boolean or categorical scale, or non-numeric values).
    public func isCategorical(_ factor: String) -> Bool { ["boolean", "categorical"].contains(scales[factor] ?? "") }

    /// One observation per run (from runs.csv) or per design point (from
    /// points.csv means): each factor's value as text and the metric's value.
    public func observations(metric: String) -> (factors: [[String]], values: [Double])? {
        if let runs, let m = runs.column(metric) {
            let idx = factors.compactMap(runs.column)
            return (runs.rows.map { row in idx.map { row[$0] } }, runs.rows.indices.map { runs.number($0, m) })
        }
        guard let p = points else { return nil }
        let idx = factors.compactMap(p.column)
        if let k = p.column("metric"), let mean = p.column("mean") {
            let rows = p.rows.indices.filter { p.rows[$0][k] == metric }
            return (rows.map { r in idx.map { p.rows[r][$0] } }, rows.map { p.number($0, mean) })
        }
        guard let mean = p.column(metric + "_mean") else { return nil }
        return (p.rows.map { row in idx.map { row[$0] } }, p.rows.indices.map { p.number($0, mean) })
    }
}
