/// Which of a sweep's runs a set of records covers: the ones missing and the
/// ones recorded more than once (with where each copy came from).
public struct RunCoverage: Sendable {
    public var missing: [Int]
    /// Run id → the origins (log files) holding it, for runs recorded twice or more.
    public var duplicated: [(run: Int, origins: [String])]
    /// Records whose point, replicate or seed disagree with the plan (a corrupt or foreign log).
    public var mismatched: [Int]
    /// Every record once, sorted by run id (the first copy of a duplicate).
    public var records: [RunRecord]

    /// - expected: the run ids that should be present (all runs, or a shard's).
    public init(plan: SweepPlan, records: [RunRecord], origins: [String], expected: [Int]? = nil) {
        var first: [Int: Int] = [:]
        var copies: [Int: [String]] = [:]
        var mismatched: [Int] = []
        for (i, r) in records.enumerated() {
            let (p, rep, seed) = r.run < plan.runCount ? plan.run(r.run) : (-1, -1, 0)
            if p != r.point || rep != r.replicate || seed != r.seed || r.metrics.count != plan.sweep.metrics.count {
                mismatched.append(r.run)
                continue
            }
            if first[r.run] == nil { first[r.run] = i } else {
                copies[r.run, default: [origins[first[r.run]!]]].append(origins[i])
            }
        }
        self.mismatched = mismatched.sorted()
        duplicated = copies.keys.sorted().map { ($0, copies[$0]!) }
        missing = (expected ?? Array(0..<plan.runCount)).filter { first[$0] == nil }
        self.records = first.keys.sorted().map { records[first[$0]!] }
    }

    public var isClean: Bool { duplicated.isEmpty && mismatched.isEmpty }
    public var isComplete: Bool { missing.isEmpty && isClean }

    /// Sorted ids as ranges, `3, 7-9, 12`, at most `limit` items then `… (N more)`.
    public static func ranges(_ ids: [Int], limit: Int = 20) -> String {
        var parts: [String] = []
        var i = 0
        while i < ids.count {
            var j = i
            while j + 1 < ids.count && ids[j + 1] == ids[j] + 1 { j += 1 }
            parts.append(i == j ? "\(ids[i])" : "\(ids[i])-\(ids[j])")
            i = j + 1
        }
        guard parts.count > limit else { return parts.joined(separator: ", ") }
        return parts.prefix(limit).joined(separator: ", ") + ", … (\(parts.count - limit) more ranges)"
    }

    /// The problems, one per line, or nil when there are none.
    public func problems(limit: Int = 20) -> String? {
        var lines: [String] = []
        if !missing.isEmpty {
            lines.append("\(missing.count) run\(missing.count == 1 ? " is" : "s are") missing: \(Self.ranges(missing, limit: limit))")
        }
        if !duplicated.isEmpty {
            lines.append("\(duplicated.count) run\(duplicated.count == 1 ? " is" : "s are") recorded more than once:")
            for d in duplicated.prefix(limit) { lines.append("  run \(d.run): \(d.origins.joined(separator: ", "))") }
            if duplicated.count > limit { lines.append("  … (\(duplicated.count - limit) more)") }
        }
        if !mismatched.isEmpty {
            lines.append("\(mismatched.count) record\(mismatched.count == 1 ? " does" : "s do") not match the sweep's plan (point, replicate or seed): runs \(Self.ranges(mismatched, limit: limit))")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
