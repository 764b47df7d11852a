import Foundation

/// The content of `sweep-manifest.json`: every key of a run's `manifest.json`
/// (`run`; for the base scenario, with `seed` the sweep seed, `replicates`
/// those per point, `parameters` the base's resolved parameters and
/// `resident_days` the sum over the runs recorded) and, in the same JSON
/// object, the sweep's own keys (`sweep`). Keys are snake_case and sorted.
public struct SweepManifest: Codable, Sendable, Equatable, ManifestJSON {
    public struct FactorInfo: Codable, Sendable, Equatable {
        public var key: String
        public var scale: String
        public var range: [Double]?
        public var levels: [Double]?
        public var count: Int?
    }

    /// The keys a sweep adds to a run manifest.
    public struct Details: Codable, Sendable, Equatable {
        public var sweep: String
        public var sweepPath: String
        public var sweepSHA256: String
        public var fingerprint: String
        /// `linli`, or the name of a test function.
        public var model: String
        public var design: String
        public var designSettings: [String: Int]
        public var factors: [FactorInfo]
        public var metrics: [String]
        public var community: String
        public var commonRandomNumbers: Bool
        public var points: Int
        public var runs: Int
        public var runsDone: Int
        public var complete: Bool
        /// `K/N`; `0/1` for an unsharded or merged sweep.
        public var shard: String
        public var mergedFrom: [String]
        /// Σ wall seconds of the recorded runs (over all threads and shards).
        public var runSecondsTotal: Double
        /// SHA-256 of each CSV written with the manifest.
        public var files: [String: String]
        /// `replicates: auto`: replicates used and half-width reached per point
        /// (key `auto_replicates`; absent for a fixed count).
        public var precision: SweepPrecisionDetails?

        enum CodingKeys: String, CodingKey {
            case sweep, sweepPath = "sweep_path", sweepSHA256 = "sweep_sha256", fingerprint, model, design
            case designSettings = "design_settings", factors, metrics, community
            case commonRandomNumbers = "common_random_numbers", points, runs, runsDone = "runs_done", complete, shard
            case mergedFrom = "merged_from", runSecondsTotal = "run_seconds_total", files
            // Not `precision`: the run manifest's keys share this JSON object, and its `precision` is one run's outcome.
            case precision = "auto_replicates"
        }
    }

    public var run: Manifest
    public var sweep: Details

    public init(plan: SweepPlan, records: [RunRecord], info: SweepInfo, files: [String: String]) {
        let s = plan.sweep
        let scenario = s.baseScenario
            ?? Scenario(name: s.name, days: 0, communities: [], sourcePath: "", sourceText: "")
        let residentDays = records.reduce(0) { $0 + $1.residentDays }
        var base = Manifest(info: RunInfo(scenario: scenario, jobs: info.jobs, start: info.start, end: info.end,
                                          version: info.version, residentDays: residentDays, gitCommit: info.gitCommit))
        base.seed = s.seed
        base.replicates = s.replicates
        if s.baseScenario == nil {
            // A test function: no scenario, no Linli parameters.
            base.scenarioSHA256 = ""
            base.parameters = [:]
        }
        run = base
        var model = "linli"
        if case .function(let f) = s.source { model = f.name }
        let seconds = records.reduce(0) { $0 + $1.seconds }
        sweep = Details(
            sweep: s.name, sweepPath: s.sourcePath, sweepSHA256: SHA256.hex(s.sourceText), fingerprint: s.fingerprint,
            model: model, design: s.design.name, designSettings: s.design.settings,
            factors: s.factors.map {
                FactorInfo(key: $0.key, scale: $0.scale.rawValue, range: $0.range.map { [$0.lowerBound, $0.upperBound] },
                           levels: $0.levels, count: $0.count)
            },
            metrics: s.metrics, community: s.community, commonRandomNumbers: s.commonRandomNumbers,
            points: plan.pointCount, runs: plan.runCount, runsDone: records.count, complete: records.count == plan.runCount,
            shard: (info.shard ?? .all).description, mergedFrom: info.mergedFrom,
            runSecondsTotal: seconds.isFinite ? seconds : 0, files: files)
    }

    public init(from decoder: Decoder) throws {
        run = try Manifest(from: decoder)
        sweep = try Details(from: decoder)
    }

    /// Both parts into one JSON object.
    public func encode(to encoder: Encoder) throws {
        try run.encode(to: encoder)
        try sweep.encode(to: encoder)
    }

    public static func read(from url: URL) throws -> SweepManifest {
        try JSONDecoder().decode(SweepManifest.self, from: Data(contentsOf: url))
    }
}
