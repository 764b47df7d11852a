import Foundation

/// The content of `sweep-manifest.json`: every key of a run's `manifest.json`
/// (for the base scenario: `seed` is the sweep seed, `replicates` those per
/// point, `parameters` the base's resolved parameters, `resident_days` the
/// sum over the runs recorded) plus the sweep's own keys. Keys are snake_case
/// and sorted.
public struct SweepManifest: Codable, Sendable, Equatable {
    public struct FactorInfo: Codable, Sendable, Equatable {
        public var key: String
        public var scale: String
        public var range: [Double]?
        public var levels: [Double]?
        public var count: Int?
    }

    public var run: Manifest
    public var sweep: String
    public var sweepPath: String
    public var sweepSHA256: String
    public var fingerprint: String
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
    public var shard: String?
    public var mergedFrom: [String]
    /// Σ wall seconds of the recorded runs (over all threads and shards).
    public var runSecondsTotal: Double
    /// SHA-256 of each CSV written with the manifest.
    public var files: [String: String]

    enum Keys: String, CodingKey {
        case sweep, sweepPath = "sweep_path", sweepSHA256 = "sweep_sha256", fingerprint, model, design
        case designSettings = "design_settings", factors, metrics, community
        case commonRandomNumbers = "common_random_numbers", points, runs, runsDone = "runs_done", complete, shard
        case mergedFrom = "merged_from", runSecondsTotal = "run_seconds_total", files
    }

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
        sweep = s.name
        sweepPath = s.sourcePath
        sweepSHA256 = SHA256.hex(s.sourceText)
        fingerprint = s.fingerprint
        if case .function(let f) = s.source { model = f.name } else { model = "linli" }
        design = s.design.name
        designSettings = s.design.settings
        factors = s.factors.map {
            FactorInfo(key: $0.key, scale: $0.scale.rawValue, range: $0.range.map { [$0.lowerBound, $0.upperBound] },
                       levels: $0.levels, count: $0.count)
        }
        metrics = s.metrics
        community = s.community
        commonRandomNumbers = s.commonRandomNumbers
        points = plan.pointCount
        runs = plan.runCount
        runsDone = records.count
        complete = records.count == plan.runCount
        shard = info.shard.map(\.description)
        mergedFrom = info.mergedFrom
        runSecondsTotal = records.reduce(0) { $0 + $1.seconds }
        self.files = files
    }

    public init(from decoder: Decoder) throws {
        run = try Manifest(from: decoder)
        let c = try decoder.container(keyedBy: Keys.self)
        sweep = try c.decode(String.self, forKey: .sweep)
        sweepPath = try c.decode(String.self, forKey: .sweepPath)
        sweepSHA256 = try c.decode(String.self, forKey: .sweepSHA256)
        fingerprint = try c.decode(String.self, forKey: .fingerprint)
        model = try c.decode(String.self, forKey: .model)
        design = try c.decode(String.self, forKey: .design)
        designSettings = try c.decode([String: Int].self, forKey: .designSettings)
        factors = try c.decode([FactorInfo].self, forKey: .factors)
        metrics = try c.decode([String].self, forKey: .metrics)
        community = try c.decode(String.self, forKey: .community)
        commonRandomNumbers = try c.decode(Bool.self, forKey: .commonRandomNumbers)
        points = try c.decode(Int.self, forKey: .points)
        runs = try c.decode(Int.self, forKey: .runs)
        runsDone = try c.decode(Int.self, forKey: .runsDone)
        complete = try c.decode(Bool.self, forKey: .complete)
        shard = try c.decodeIfPresent(String.self, forKey: .shard)
        mergedFrom = try c.decode([String].self, forKey: .mergedFrom)
        runSecondsTotal = try c.decode(Double.self, forKey: .runSecondsTotal)
        files = try c.decode([String: String].self, forKey: .files)
    }

    /// The run manifest's keys, then the sweep's in the same JSON object; every key always present.
    public func encode(to encoder: Encoder) throws {
        try run.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(sweep, forKey: .sweep)
        try c.encode(sweepPath, forKey: .sweepPath)
        try c.encode(sweepSHA256, forKey: .sweepSHA256)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(model, forKey: .model)
        try c.encode(design, forKey: .design)
        try c.encode(designSettings, forKey: .designSettings)
        try c.encode(factors, forKey: .factors)
        try c.encode(metrics, forKey: .metrics)
        try c.encode(community, forKey: .community)
        try c.encode(commonRandomNumbers, forKey: .commonRandomNumbers)
        try c.encode(points, forKey: .points)
        try c.encode(runs, forKey: .runs)
        try c.encode(runsDone, forKey: .runsDone)
        try c.encode(complete, forKey: .complete)
        try c.encode(shard, forKey: .shard)
        try c.encode(mergedFrom, forKey: .mergedFrom)
        try c.encode(runSecondsTotal.isFinite ? runSecondsTotal : 0, forKey: .runSecondsTotal)
        try c.encode(files, forKey: .files)
    }

    /// Pretty-printed JSON with sorted keys and a final newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func read(from url: URL) throws -> SweepManifest {
        try JSONDecoder().decode(SweepManifest.self, from: Data(contentsOf: url))
    }
}
