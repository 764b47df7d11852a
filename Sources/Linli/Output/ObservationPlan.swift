import Foundation

/// The rows a run writes (`observe.level`): every community (and `all`), or
/// only streets, districts and `all`, or districts and `all`, or `all` alone.
public enum ObserveLevel: String, CaseIterable, Sendable {
    case community, street, district, all
}

/// `observe:` in a scenario (`--observe`, `--observe-every` on `linli run`).
///
/// Why: a city of 6,000 communities observed per community every day holds
/// ~4.6 GB of series per replicate and writes a timeseries no one can open;
/// streets, districts and `all` say what a citywide question needs at a
/// twenty-fifth of that.
public struct ObserveSettings: Sendable, Equatable {
    /// nil: `community` up to `autoThreshold` communities, else `street`.
    public var level: ObserveLevel?
    /// Observe every K-th day (days K−1, 2K−1, …) and always the last day.
    public var every: Int

    public init(level: ObserveLevel? = nil, every: Int = 1) { self.level = level; self.every = every }

    /// Above this many communities a scenario without `observe.level` is observed by street.
    public static let autoThreshold = 500

    public func level(communities: Int) -> ObserveLevel {
        level ?? (communities > Self.autoThreshold ? .street : .community)
    }

    /// Said in the run's summary when the level was chosen for the user.
    public func autoNote(communities: Int) -> String? {
        guard level == nil, communities > Self.autoThreshold else { return nil }
        return "note: \(communities) communities (over \(Self.autoThreshold)): observing streets, districts and all, not each community; set `observe: {level: community}` or --observe community for per-community rows"
    }
}

/// Which output row each community feeds and which days are written, fixed
/// for a run. Row order: communities (level `community`), else streets then
/// districts (each in order of first appearance; level `street`), or
/// districts (level `district`); `all` last. Street and district rows are
/// named `street:<name>` and `district:<name>`, so they cannot be mistaken
/// for a community.
public struct ObservationPlan: Sendable {
    public let level: ObserveLevel
    public let every: Int
    public let rowNames: [String]
    /// Whether each community has its own row (its index).
    public let communityRows: Bool
    /// Aggregate rows community c adds into: groupRows[groupStart[c]..<groupStart[c+1]] (CSR).
    let groupStart: [Int]
    let groupRows: [Int]
    /// Rows before the aggregate rows (the communities' when they have rows).
    let firstGroupRow: Int
    /// Index among the written days of each day, −1 when not written.
    let dayIndex: [Int]
    /// The written days, ascending.
    public let observedDays: [Int]

    public init(communities: [CommunitySpec], days: Int, settings: ObserveSettings = ObserveSettings()) {
        level = settings.level(communities: communities.count)
        every = max(1, settings.every)
        var names: [String] = []
        var group: [[Int]] = Array(repeating: [], count: communities.count)
        communityRows = level == .community
        if communityRows { names = communities.map(\.name) }
        firstGroupRow = names.count
        func addLevel(_ key: (CommunitySpec) -> String, prefix: String) {
            var index: [String: Int] = [:]
            for (c, spec) in communities.enumerated() {
                let k = key(spec)
                let row: Int
                if let r = index[k] { row = r } else {
                    row = names.count
                    index[k] = row
                    names.append(prefix + k)
                }
                group[c].append(row)
            }
        }
        if level == .street { addLevel({ $0.street }, prefix: "street:") }
        if level == .street || level == .district { addLevel({ $0.district }, prefix: "district:") }
        names.append("all")
        rowNames = names
        var start = [0], rows: [Int] = []
        for g in group { rows += g; start.append(rows.count) }
        groupStart = start; groupRows = rows
        var observed: [Int] = []
        var index = [Int](repeating: -1, count: max(days, 0))
        for d in 0..<max(days, 0) where (d + 1) % every == 0 || d == days - 1 {
            index[d] = observed.count
            observed.append(d)
        }
        dayIndex = index; observedDays = observed
    }

    /// Rows that aggregate several communities (streets, districts; not `all`).
    var groupRowCount: Int { rowNames.count - 1 - firstGroupRow }
    var allRow: Int { rowNames.count - 1 }
}
