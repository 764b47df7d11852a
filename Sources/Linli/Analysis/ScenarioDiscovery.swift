import Foundation

/// `linli discover`: scenario discovery with PRIM on a finished sweep of any
/// design. Each design point is one case: its factor values (from runs.csv)
/// and whether the `--where` condition holds for the mean of its replicates'
/// metrics (PRIM in the literature classifies each sampled point once; with
/// replicates the mean is that point's outcome, as `linli sensitivity` uses
/// it). Writes `boxes.csv` (the peeling and pasting trajectory), then
/// `discover-manifest.json` last; `linli report` makes the page.
public enum ScenarioDiscovery {
    public static let boxesFile = "boxes.csv"
    public static let manifestFile = "discover-manifest.json"

    public struct Settings: Sendable {
        public var condition: String
        public var prim = PRIM.Options()
        /// The chosen box is the densest with at least this coverage.
        public var minCoverage = 0.5
        /// Choose this box id instead.
        public var box: Int?
        public init(condition: String, prim: PRIM.Options = PRIM.Options(), minCoverage: Double = 0.5, box: Int? = nil) {
            self.condition = condition; self.prim = prim; self.minCoverage = minCoverage; self.box = box
        }
    }

    public struct Result: Sendable {
        public var sweep: URL
        public var factors: [String]
        public var kinds: [PRIM.Kind]
        public var expression: WhereExpression
        public var settings: Settings
        /// Per design point: factor values and the outcome (1 = the condition holds).
        public var x: [[Double]]
        public var y: [Double]
        public var replicates: Int
        public var steps: [PRIM.Step]
        /// Index into `steps`; nil when no box reaches `minCoverage`.
        public var chosen: Int?
    }

    public struct Failure: Error, CustomStringConvertible, Sendable { public var description: String }

    /// Reads the sweep in `directory`, classifies its points and runs PRIM.
    public static func run(directory: URL, settings: Settings) throws -> Result {
        let sweep = try SweepData.load(directory)
        guard let runs = sweep.runs else {
            throw Failure(description: "\(directory.path): no runs.csv (is the sweep finished, or its shards merged with `linli merge`?)")
        }
        if let (done, planned) = sweep.incomplete {
            throw Failure(description: "\(directory.path) is an incomplete sweep (\(done) of \(planned) runs); finish it with `linli sweep --resume` or merge its shards first")
        }
        let expression = try WhereExpression.parse(settings.condition, metrics: sweep.metrics)
        guard !sweep.factors.isEmpty, let pc = runs.column("point") else {
            throw Failure(description: "\(directory.path)/runs.csv has no factor columns or no `point` column")
        }
        let fc = sweep.factors.map { runs.column($0)! }
        let mc = Dictionary(uniqueKeysWithValues: expression.metrics.map { ($0, runs.column($0)!) })
        // Group runs by design point (in point order).
        var order: [Int] = [], rowsOf: [Int: [Int]] = [:]
        for r in runs.rows.indices {
            guard let p = Int(runs.rows[r][pc]) else { throw Failure(description: "runs.csv line \(r + 2): point `\(runs.rows[r][pc])` is not an integer") }
            if rowsOf[p] == nil { order.append(p) }
            rowsOf[p, default: []].append(r)
        }
        order.sort()
        var x: [[Double]] = [], y: [Double] = []
        for p in order {
            let rows = rowsOf[p]!
            let values = fc.map { runs.number(rows[0], $0) }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw Failure(description: "runs.csv: factor `\(sweep.factors[bad])` at point \(p) is `\(runs.rows[rows[0]][fc[bad]])`, not a number")
            }
            x.append(values)
            var means: [String: Double] = [:]
            for (m, c) in mc {
                let v = rows.map { runs.number($0, c) }.filter { !$0.isNaN }
                means[m] = v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            y.append(expression.evaluate { means[$0] ?? .nan } ? 1 : 0)
        }
        let interest = y.reduce(0, +)
        if interest == 0 {
            throw Failure(description: "no design point satisfies `\(settings.condition)` (mean over replicates): nothing to discover; loosen the condition")
        }
        let kinds: [PRIM.Kind] = sweep.factors.map { sweep.isCategorical($0) ? .categorical : .numeric }
        let steps = PRIM.trajectory(x: x, y: y, kinds: kinds, options: settings.prim)
        var chosen: Int?
        if let b = settings.box {
            guard b >= 0, b < steps.count else {
                throw Failure(description: "--box \(b): the trajectory has boxes 0…\(steps.count - 1)")
            }
            chosen = b
        } else {
            chosen = PRIM.choose(steps, minCoverage: settings.minCoverage)
        }
        let replicates = order.map { rowsOf[$0]!.count }.max() ?? 1
        return Result(sweep: directory, factors: sweep.factors, kinds: kinds, expression: expression, settings: settings,
                      x: x, y: y, replicates: replicates, steps: steps, chosen: chosen)
    }

    /// `boxes.csv` header: one row per box of the trajectory.
    public static func boxesHeader(_ factors: [String]) -> [String] {
        ["box", "phase", "coverage", "density", "mass", "points", "n_restricted", "restricted", "chosen"]
            + factors.flatMap { ["\($0)_lower", "\($0)_upper"] }
    }

    /// `boxes.csv` text. A categorical factor's limits are its allowed levels, `;`-separated, in both columns.
    public static func boxesCSV(_ r: Result) -> String {
        var out = csvLine(boxesHeader(r.factors))
        for s in r.steps {
            var row = [String(s.id), s.phase.rawValue, formatCell(s.coverage), formatCell(s.density), formatCell(s.mass),
                       String(s.points), String(s.restricted.count), s.restricted.map { r.factors[$0] }.joined(separator: ";"),
                       s.id == r.chosen ? "1" : "0"]
            for d in r.factors.indices {
                if let l = s.box.levels[d] {
                    let t = l.sorted().map(formatNumber).joined(separator: ";")
                    row += [t, t]
                } else {
                    row += [formatNumber(s.box.lower[d]), formatNumber(s.box.upper[d])]
                }
            }
            out += csvLine(row)
        }
        return out
    }

    /// The manifest: inputs, settings and the chosen box's statistics.
    public static func manifestJSON(_ r: Result) throws -> Data {
        var m: [String: Any] = [
            "kind": "discover",
            "sweep_path": r.sweep.path,
            "where": r.settings.condition,
            "where_parsed": r.expression.description,
            "metrics": r.expression.metrics,
            "factors": r.factors.enumerated().map { d, f in
                ["name": f, "kind": r.kinds[d] == .numeric ? "numeric" : "categorical",
                 "min": r.steps[0].box.lower[d], "max": r.steps[0].box.upper[d]] as [String: Any]
            },
            "points": r.y.count,
            "cases_of_interest": Int(r.y.reduce(0, +)),
            "replicates_per_point": r.replicates,
            "classified_by": "mean over each point's replicates",
            "peel_alpha": r.settings.prim.peelAlpha,
            "paste_alpha": r.settings.prim.pasteAlpha,
            "min_mass": r.settings.prim.minMass,
            "min_coverage": r.settings.minCoverage,
            "boxes": r.steps.count,
            "linli_version": LinliVersion.current,
        ]
        if let b = r.settings.box { m["box_requested"] = b }
        if let c = r.chosen {
            let s = r.steps[c]
            m["chosen_box"] = ["box": c, "coverage": s.coverage, "density": s.density, "mass": s.mass,
                               "restricted": s.restricted.map { r.factors[$0] }] as [String: Any]
        } else {
            m["chosen_box"] = NSNull()
        }
        return try JSONSerialization.data(withJSONObject: m, options: [.prettyPrinted, .sortedKeys])
    }

    /// Writes boxes.csv, then the manifest (last: its presence marks a finished directory).
    @discardableResult
    public static func write(_ r: Result, to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let boxes = directory.appendingPathComponent(boxesFile), manifest = directory.appendingPathComponent(manifestFile)
        try AtomicFile.write(boxesCSV(r), to: boxes)
        try AtomicFile.write(try manifestJSON(r), to: manifest)
        return [boxes, manifest]
    }
}
