import Foundation

/// One finished `linli run` directory as the report reads it: the manifest,
/// `aggregate.csv` and `summary.csv` as text tables, and day-by-day bands
/// (mean and 95% CI across replicates) of the charted columns of
/// `timeseries.csv`.
public struct RunData: Sendable {
    public let directory: URL
    public let manifest: Manifest
    public let aggregate: CSVTable
    public let summary: CSVTable
    public let timeseries: TimeseriesBands
    /// How the run is named on the page (the scenario name, made unique by the caller).
    public var label: String

    /// Observation columns, from the timeseries header.
    public var columns: [String] { timeseries.columns }
    /// Communities in manifest order (the rows other than `all`).
    public var communities: [String] { timeseries.rowNames.filter { $0 != "all" } }

    /// Whether `url` looks like a run directory (it has a manifest.json).
    public static func isRun(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(RunOutput.manifestFile).path)
    }

    /// Loads a run directory. `chart` picks, from the observation columns,
    /// those whose daily bands are needed (all when nil).
    public static func load(_ url: URL, chart: (([String]) -> [String])? = nil) throws -> RunData {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else { throw ReportError.notADirectory(url.path) }
        let manifestURL = url.appendingPathComponent(RunOutput.manifestFile)
        guard fm.fileExists(atPath: manifestURL.path) else {
            if fm.fileExists(atPath: url.appendingPathComponent(RunOutput.timeseriesFile).path) { throw ReportError.incompleteRun(url.path) }
            throw ReportError.notAnOutput(url.path)
        }
        let manifest: Manifest
        do { manifest = try Manifest.read(from: manifestURL) } catch {
            throw ReportError.malformed(manifestURL.path, "not a Linli run manifest (\(error))")
        }
        let aggregate = try CSVTable.read(url.appendingPathComponent(RunOutput.aggregateFile))
        // Runs written before `missing` was added end at q95: still readable.
        guard aggregate.header == RunOutput.aggregateHeader || aggregate.header == Array(RunOutput.aggregateHeader.dropLast()) else {
            throw ReportError.malformed(url.appendingPathComponent(RunOutput.aggregateFile).path, "unexpected header")
        }
        let summary = try CSVTable.read(url.appendingPathComponent(RunOutput.summaryFile))
        guard summary.header.starts(with: ["replicate", "community"]) else {
            throw ReportError.malformed(url.appendingPathComponent(RunOutput.summaryFile).path, "header does not start with replicate,community")
        }
        let ts = try TimeseriesBands.read(url.appendingPathComponent(RunOutput.timeseriesFile), keep: chart, expectedDays: manifest.days)
        return RunData(directory: url, manifest: manifest, aggregate: aggregate, summary: summary, timeseries: ts, label: manifest.scenario)
    }

    /// Summary metric names (`<column>_final`, `<column>_mean`), from summary.csv.
    public var metrics: [String] { Array(summary.header.dropFirst(2)) }

    /// The per-replicate values of a summary metric for one row (`all` by default), replicate order.
    public func replicateValues(_ metric: String, community: String = "all") -> [Double]? {
        guard let c = summary.column(metric), let k = summary.column("community") else { return nil }
        return summary.rows.indices.filter { summary.rows[$0][k] == community }.map { summary.number($0, c) }
    }

    /// The aggregate.csv row (as text) of a metric for a community.
    public func aggregateRow(_ metric: String, community: String = "all") -> [String]? {
        aggregate.rows.first { $0[0] == community && $0[1] == metric }
    }

    /// Mean and CI of a metric from aggregate.csv (numbers parsed from its text).
    public func aggregateStats(_ metric: String, community: String = "all") -> (mean: Double, low: Double, high: Double)? {
        guard let r = aggregateRow(metric, community: community) else { return nil }
        return (CSVTable.number(r[3]), CSVTable.number(r[5]), CSVTable.number(r[6]))
    }

    /// Levers switched on, with their fields' values from the manifest's parameters.
    public var levers: [(name: String, summary: String, fields: [(key: String, value: Double, unit: String, changed: Bool)])] {
        manifest.leversOn.map { name in
            let spec = LeverRegistry.lever(named: name)
            let prefix = name + "."
            let keys = manifest.parameters.keys.filter { $0.hasPrefix(prefix) && $0 != prefix + "on" }
            let order = spec?.parameters.map(\.key) ?? []
            let sorted = keys.sorted { (order.firstIndex(of: $0) ?? Int.max, $0) < (order.firstIndex(of: $1) ?? Int.max, $1) }
            let fields = sorted.map { key -> (String, Double, String, Bool) in
                let v = manifest.parameters[key]!
                let p = ParameterRegistry.spec(key)
                return (String(key.dropFirst(prefix.count)), v, p?.unit ?? "", p.map { $0.defaultValue != v } ?? false)
            }
            return (name, spec?.summary ?? "", fields)
        }
    }
}
