import Foundation

/// The files of a `linli rank` directory, all written atomically and all (but
/// the manifest's times) pure functions of the scenario, the options and the
/// replicates kept, so `--jobs` and the batch size never change their bytes.
///
/// | file | content |
/// |---|---|
/// | `rank.csv` | per metric, per arm (each lever, `all`, `interaction`): effect vs levers-off with paired 95% CI, costs, cost per unit / active resident / resolved problem with CIs (`n/a` unless the effect's CI is above 0), ranks |
/// | `arms.csv` | `arm,replicate,<recorded columns>`: each arm's final values per replicate, shortest round-trip decimals, so every number of rank.csv can be recomputed |
/// | `rank-manifest.json` | a run manifest's keys (replicates = those kept) plus `rank`: levers, metrics, arms, precision |
/// | `scenario.yaml` | an exact copy of the scenario |
public enum RankOutput {
    public static let rankFile = "rank.csv"
    public static let armsFile = "arms.csv"
    public static let manifestFile = "rank-manifest.json"
    public static let scenarioCopy = "scenario.yaml"

    public static let rankHeader = [
        "metric", "arm", "levers", "replicates", "levers_off_mean", "arm_mean",
        "effect", "effect_ci95_low", "effect_ci95_high", "rank_effect",
        "lever_cost", "lever_staff_hours",
        "extra_cost", "extra_cost_ci95_low", "extra_cost_ci95_high",
        "extra_staff_hours", "extra_staff_hours_ci95_low", "extra_staff_hours_ci95_high",
        "cost_per_unit", "cost_per_unit_ci95_low", "cost_per_unit_ci95_high", "rank_cost_effectiveness",
        "cost_per_active", "cost_per_active_ci95_low", "cost_per_active_ci95_high",
        "cost_per_resolved", "cost_per_resolved_ci95_low", "cost_per_resolved_ci95_high",
    ]

    static func ratioCells(_ e: PairedEstimate) -> [String] {
        e.mean.isNaN ? ["n/a", "n/a", "n/a"] : [formatCell(e.mean), formatCell(e.low), formatCell(e.high)]
    }

    static func cells(_ e: PairedEstimate) -> [String] { [formatCell(e.mean), formatCell(e.low), formatCell(e.high)] }

    public static func rankRow(_ row: LeverRankingResult.Row, replicates: Int) -> [String] {
        [row.metric, row.arm, row.levers.joined(separator: ";"), String(replicates),
         formatCell(row.offMean), formatCell(row.armMean)]
            + cells(row.effect) + [row.rankEffect > 0 ? String(row.rankEffect) : ""]
            + [formatCell(row.leverCost), formatCell(row.leverStaffHours)]
            + cells(row.extraCost) + cells(row.extraStaffHours)
            + ratioCells(row.costPerUnit) + [row.rankCostEffectiveness > 0 ? String(row.rankCostEffectiveness) : ""]
            + ratioCells(row.costPerActive) + ratioCells(row.costPerResolved)
    }

    /// Exact text of a raw value: shortest round-trip decimal, `NA` for NaN.
    static func exact(_ v: Double) -> String { v.isNaN ? "NA" : formatNumber(v) }

    /// Writes the four files into `directory` (created if missing), the manifest last.
    @discardableResult
    public static func write(_ result: LeverRankingResult, jobs: Int, start: Date, end: Date, to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let rk = result.ranking
        let n = result.replicates.count
        let rank = directory.appendingPathComponent(rankFile)
        try AtomicFile.stream(to: rank) { w in
            try w.writeCSVLine(rankHeader)
            for row in result.rows { try w.writeCSVLine(rankRow(row, replicates: n)) }
        }
        let arms = directory.appendingPathComponent(armsFile)
        try AtomicFile.stream(to: arms) { w in
            try w.writeCSVLine(["arm", "replicate"] + rk.recorded)
            for (a, arm) in rk.arms.enumerated() {
                for rep in result.replicates { try w.writeCSVLine([arm.name, String(rep.replicate)] + rep.values[a].map(exact)) }
            }
        }
        let copy = directory.appendingPathComponent(scenarioCopy)
        try AtomicFile.write(rk.base.sourceText, to: copy)
        var hashes: [String: String] = [:]
        for f in [rank, arms] { hashes[f.lastPathComponent] = SHA256.hex([UInt8](try Data(contentsOf: f))) }
        var sc = rk.base
        sc.replicates = n
        let residentDays = result.replicates.reduce(0) { $0 + $1.residentDays }
        let info = RunInfo(scenario: sc, jobs: jobs, start: start, end: end, version: LinliVersion.current,
                           residentDays: residentDays, precision: result.precision)
        let manifest = RankManifest(run: Manifest(info: info), rank: .init(
            levers: rk.levers, metrics: rk.metrics,
            arms: rk.arms.map { .init(name: $0.name, leversOn: $0.levers) },
            replicates: n, commonRandomNumbers: true, files: hashes))
        let url = directory.appendingPathComponent(manifestFile)
        try AtomicFile.write(manifest.jsonData(), to: url)
        return [rank, arms, copy, url]
    }

    /// Whether `directory` holds a rank (its manifest and rank.csv).
    public static func isRank(_ directory: URL) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: directory.appendingPathComponent(manifestFile).path)
            && fm.fileExists(atPath: directory.appendingPathComponent(rankFile).path)
    }
}

/// `rank-manifest.json`: the run manifest's keys for the scenario (with
/// `replicates` those kept and `precision` for `--replicates auto`) and `rank`.
public struct RankManifest: Codable, Sendable, Equatable, ManifestJSON {
    public struct ArmInfo: Codable, Sendable, Equatable {
        public var name: String
        public var leversOn: [String]
        enum CodingKeys: String, CodingKey { case name, leversOn = "levers_on" }
    }

    public struct Details: Codable, Sendable, Equatable {
        public var levers: [String]
        public var metrics: [String]
        public var arms: [ArmInfo]
        public var replicates: Int
        public var commonRandomNumbers: Bool
        /// SHA-256 of rank.csv and arms.csv.
        public var files: [String: String]
        enum CodingKeys: String, CodingKey {
            case levers, metrics, arms, replicates, commonRandomNumbers = "common_random_numbers", files
        }
    }

    public var run: Manifest
    public var rank: Details

    public init(run: Manifest, rank: Details) { self.run = run; self.rank = rank }

    private enum Outer: String, CodingKey { case rank }

    public init(from decoder: Decoder) throws {
        run = try Manifest(from: decoder)
        rank = try decoder.container(keyedBy: Outer.self).decode(Details.self, forKey: .rank)
    }

    public func encode(to encoder: Encoder) throws {
        try run.encode(to: encoder)
        var c = encoder.container(keyedBy: Outer.self)
        try c.encode(rank, forKey: .rank)
    }

    public static func read(from url: URL) throws -> RankManifest {
        try JSONDecoder().decode(RankManifest.self, from: Data(contentsOf: url))
    }
}
