import Foundation

/// What a run was and how it went, for `manifest.json`.
public struct RunInfo: Sendable {
    public var scenario: Scenario
    public var jobs: Int
    /// Threads each replicate ran on (street shards, Engine/StreetShards.swift).
    public var threads = 1
    public var start: Date
    public var end: Date
    /// Linli's version string.
    public var version: String
    /// Residents × days simulated over all replicates (see `residentDays(of:)`).
    public var residentDays: Double
    /// `git rev-parse HEAD` of the working directory, nil when unknown.
    public var gitCommit: String?
    /// Peak resident memory of the process after the simulation (bytes), nil when not measured.
    public var peakMemoryBytes: Int?
    /// How a `replicates: auto` run ended (nil for a fixed count).
    public var precision: PrecisionOutcome?

    public init(scenario: Scenario, jobs: Int, start: Date, end: Date, version: String,
                residentDays: Double, gitCommit: String? = RunInfo.currentGitCommit(), precision: PrecisionOutcome? = nil) {
        self.scenario = scenario; self.jobs = jobs; self.start = start; self.end = end
        self.version = version; self.residentDays = residentDays; self.gitCommit = gitCommit
        self.precision = precision
    }

    /// Wall-clock seconds from start to end.
    public var wallSeconds: Double { end.timeIntervalSince(start) }

    /// Resident-days per wall-clock second; nil when no time elapsed.
    public var residentDaysPerSecond: Double? {
        wallSeconds > 0 ? residentDays / wallSeconds : nil
    }

    /// Σ residents × days over the replicates.
    public static func residentDays(of series: [ReplicateSeries]) -> Double {
        series.reduce(0) { $0 + Double($1.residents) * Double($1.simulatedDays) }
    }

    /// The commit checked out in the current directory (`git rev-parse HEAD`),
    /// nil if git is missing, this is not a repository, or anything else fails.
    public static func currentGitCommit(in directory: URL? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        process.currentDirectoryURL = directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 40, text.allSatisfy(\.isHexDigit) else { return nil }
        return text
    }
}

/// The content of `manifest.json`. Keys are snake_case and sorted; apart
/// from the times, wall seconds, speed and commit it is a pure function of
/// the scenario and the run's settings.
public struct Manifest: Codable, Sendable, Equatable {
    public var linliVersion: String
    public var gitCommit: String?
    public var scenario: String
    /// The scenario's `description:` (nil in manifests written before it was recorded).
    public var scenarioDescription: String?
    public var scenarioPath: String
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replicates: Int
    public var days: Int
    public var communities: [String]
    public var jobs: Int
    public var startTime: String
    public var endTime: String
    public var wallSeconds: Double
    public var residentDays: Double
    public var residentDaysPerSecond: Double?
    public var leversOn: [String]
    public var parameters: [String: Double]
    /// Peak resident memory (bytes) when the simulation ended; absent when not measured.
    public var peakMemoryBytes: Int?
    /// `replicates: auto`: target, replicates used, half-width reached, whether
    /// max stopped it. Absent (not null) for a fixed count, so manifests of
    /// fixed-count runs keep their keys.
    public var precision: PrecisionOutcome?
    /// Rows and days written when not every community every day (absent
    /// otherwise, so manifests of ordinary runs keep their keys).
    public var observe: ObserveRecord?
    /// Threads per replicate when over 1 (absent otherwise, so manifests of
    /// one-thread runs keep their keys); outputs do not depend on it.
    public var threads: Int?

    public struct ObserveRecord: Codable, Sendable, Equatable {
        public var level: String
        public var every: Int
        /// Chosen because the scenario has over `ObserveSettings.autoThreshold` communities and sets no level.
        public var automatic: Bool
    }

    enum CodingKeys: String, CodingKey {
        case linliVersion = "linli_version", gitCommit = "git_commit", scenario
        case scenarioDescription = "description"
        case scenarioPath = "scenario_path", scenarioSHA256 = "scenario_sha256"
        case seed, replicates, days, communities, jobs
        case startTime = "start_time", endTime = "end_time", wallSeconds = "wall_seconds"
        case residentDays = "resident_days", residentDaysPerSecond = "resident_days_per_second"
        case leversOn = "levers_on", parameters, precision, peakMemoryBytes = "peak_memory_bytes", observe, threads
    }

    public init(info: RunInfo) {
        let s = info.scenario
        linliVersion = info.version
        gitCommit = info.gitCommit
        scenario = s.name
        scenarioDescription = s.description
        scenarioPath = s.sourcePath
        scenarioSHA256 = SHA256.hex(s.sourceText)
        seed = s.seed
        replicates = s.replicates
        days = s.days
        communities = s.communities.map(\.name)
        jobs = info.jobs
        threads = info.threads > 1 ? info.threads : nil
        startTime = Manifest.iso8601(info.start)
        endTime = Manifest.iso8601(info.end)
        wallSeconds = info.wallSeconds
        residentDays = info.residentDays
        residentDaysPerSecond = info.residentDaysPerSecond
        leversOn = s.leversOn
        parameters = s.parameters.values
        peakMemoryBytes = info.peakMemoryBytes
        precision = info.precision
        let level = s.observe.level(communities: s.communities.count)
        if level != .community || s.observe.every > 1 {
            observe = ObserveRecord(level: level.rawValue, every: s.observe.every, automatic: s.observe.level == nil)
        }
    }

    /// Encodes every key, `null` for a missing commit or speed, so the schema is fixed.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(linliVersion, forKey: .linliVersion)
        try c.encode(gitCommit, forKey: .gitCommit)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(scenarioDescription ?? "", forKey: .scenarioDescription)
        try c.encode(scenarioPath, forKey: .scenarioPath)
        try c.encode(scenarioSHA256, forKey: .scenarioSHA256)
        try c.encode(seed, forKey: .seed)
        try c.encode(replicates, forKey: .replicates)
        try c.encode(days, forKey: .days)
        try c.encode(communities, forKey: .communities)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(startTime, forKey: .startTime)
        try c.encode(endTime, forKey: .endTime)
        try c.encode(wallSeconds.isFinite ? wallSeconds : 0, forKey: .wallSeconds)
        try c.encode(residentDays, forKey: .residentDays)
        try c.encode(residentDaysPerSecond.flatMap { $0.isFinite ? $0 : nil }, forKey: .residentDaysPerSecond)
        try c.encode(leversOn, forKey: .leversOn)
        try c.encode(parameters, forKey: .parameters)
        try c.encodeIfPresent(peakMemoryBytes, forKey: .peakMemoryBytes)
        try c.encodeIfPresent(precision, forKey: .precision)
        try c.encodeIfPresent(observe, forKey: .observe)
        try c.encodeIfPresent(threads, forKey: .threads)
    }

    /// Reads a `manifest.json`.
    public static func read(from url: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url))
    }

    /// ISO 8601 in UTC with whole seconds, e.g. `2025-01-31T12:00:00Z`.
    public static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")!
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}

/// Manifests as files: pretty-printed JSON with sorted keys and a final newline.
public protocol ManifestJSON: Encodable {}

extension ManifestJSON {
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension Manifest: ManifestJSON {}
