import Foundation

/// Peak memory of a run, estimated from the scenario before anything is
/// built, so a run that cannot fit is refused in milliseconds instead of
/// being killed by the OOM killer hours in (or swapping a shared node to a
/// standstill). Three terms, each measured on this engine (Release build,
/// docs/RELIABILITY.md has the table):
/// - a fixed base (runtime, code, parameter tables): ~34 MB;
/// - each world being simulated at once (one per job, at most one per
///   replicate): ~160 bytes per resident (struct-of-arrays columns, ties in
///   CSR, households, issues), measured as the slope from 10 k to 1.5 M residents;
/// - the time series every replicate keeps until the outputs are written:
///   8 bytes × days × (communities + 1) × observation columns, per replicate.
public struct MemoryEstimate: Sendable, Equatable {
    public static let baseBytes = 34.0 * 1_048_576
    public static let bytesPerResident = 160.0

    public var residents: Double
    /// Worlds alive at once.
    public var worlds: Int
    public var worldBytes: Double
    public var seriesBytes: Double
    public var total: Double { Self.baseBytes + Double(worlds) * worldBytes + seriesBytes }

    /// Expected residents: households × mean household size, per community.
    public static func residents(of scenario: Scenario) -> Double {
        scenario.communities.reduce(0) { $0 + Double($1.households) * $1.field("household_size", scenario.parameters) }
    }

    /// `linli run`: a fixed count streams (at most `jobs` replicates' series
    /// in memory at once); `replicates: auto` holds every replicate it may keep.
    public static func forRun(_ scenario: Scenario, jobs: Int) -> MemoryEstimate {
        of(scenario, jobs: jobs, replicates: scenario.precision?.max ?? min(jobs, scenario.replicates))
    }

    /// A run of `scenario` with `jobs` workers holding `replicates` series (the scenario's count by default).
    public static func of(_ scenario: Scenario, jobs: Int, replicates: Int? = nil) -> MemoryEstimate {
        let r = replicates ?? scenario.replicates
        let n = residents(of: scenario)
        let plan = ObservationPlan(communities: scenario.communities, days: scenario.days, settings: scenario.observe)
        let rows = Double(plan.rowNames.count)
        return MemoryEstimate(residents: n, worlds: max(1, min(jobs, r)), worldBytes: n * bytesPerResident,
                              seriesBytes: Double(r) * Double(plan.observedDays.count) * rows * Double(Observation.columns.count) * 8)
    }

    /// Memory this process may use: the smaller of MemAvailable and the cgroup limit, nil if unknown.
    public static func available() -> Double? {
        var result: Double?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = Double(line.split(separator: " ").dropFirst().first ?? "") {
            result = kb * 1024
        }
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let limit = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit < 1e18 {
                result = min(result ?? limit, limit)
            }
        }
        return result
    }

    /// Why the run will not fit in `limit` bytes (with what to change), or nil.
    public func refusal(limit: Double, what: String = "this run") -> String? {
        guard total > limit else { return nil }
        var parts = ["\(worlds) × \(Self.format(worldBytes)) for \(Self.count(residents)) residents simulated at once"]
        if seriesBytes > 0 { parts.append("\(Self.format(seriesBytes)) of time series held until the end") }
        return "\(what) needs about \(Self.format(total)) (\(parts.joined(separator: ", "))) but \(Self.format(limit)) is available; "
            + "use fewer --jobs, replicates, days or communities, or --max-memory SIZE to override"
    }

    /// Parses `8G`, `512M`, `2.5GB`, `1000000` (bytes).
    public static func parseSize(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let k = 1024.0
        let units: [(String, Double)] = [("TB", k * k * k * k), ("GB", k * k * k), ("MB", k * k), ("KB", k),
                                         ("T", k * k * k * k), ("G", k * k * k), ("M", k * k), ("K", k), ("B", 1)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v > 0 else { return nil }
            return v * scale
        }
        guard let v = Double(t), v > 0 else { return nil }
        return v
    }

    static func format(_ bytes: Double) -> String {
        bytes >= 1_073_741_824 ? String(format: "%.1f GB", bytes / 1_073_741_824) : String(format: "%.0f MB", bytes / 1_048_576)
    }

    static func count(_ n: Double) -> String {
        n >= 1e6 ? String(format: "%.1f M", n / 1e6) : n >= 1e3 ? String(format: "%.0f k", n / 1e3) : String(format: "%.0f", n)
    }

    /// This process's peak resident set so far (bytes): `VmHWM` of
    /// /proc/self/status, which belongs to this program's own address space
    /// (getrusage's maxrss survives execve, so it would report the parent's
    /// peak for a small child), else getrusage.
    public static func peakResidentBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
            return kb * 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }
}
