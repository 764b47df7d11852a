import Foundation

/// Where each point of a `replicates: auto` sweep stands, computed from its
/// records alone (so a resumed sweep, a rerun with another `--jobs` or batch
/// size, all reach the same state and the same bytes).
///
/// Runs are numbered over `max` replicates per point (run = point · max +
/// replicate, as for a fixed count of `max`). A point's replicates are used
/// in order: with k replicates 0..<k recorded without a gap, the point is
/// finished at the first n ≤ k in `min...max` where the 95% CI half-width of
/// the precision metric over replicates 0..<n reaches the target, or at n =
/// max. An unfinished point gets its next `batch` replicates k..<k+batch in
/// the next round. Records of replicates ≥ n (the rest of the batch that
/// finished the point) stay in the run store but are in no output.
public struct SweepPrecisionState: Sendable {
    public let precision: Precision
    /// Replicates recorded without a gap from 0, per point.
    public var prefix: [Int]
    /// Replicates kept, per point; nil while the point is unfinished.
    public var kept: [Int?]
    /// Half-width over the kept replicates (or the prefix, while unfinished), per point.
    public var halfWidths: [Double]

    public init(plan: SweepPlan, records: [RunRecord]) {
        let p = plan.sweep.precision!
        precision = p
        let metric = plan.sweep.metrics.firstIndex(of: p.metric) ?? 0
        var values = [[Double?]](repeating: [Double?](repeating: nil, count: p.max), count: plan.pointCount)
        for r in records where r.point < plan.pointCount && r.replicate < p.max && r.metrics.count > metric {
            values[r.point][r.replicate] = r.metrics[metric]
        }
        prefix = []; kept = []; halfWidths = []
        for v in values {
            let k = v.firstIndex(where: { $0 == nil }) ?? p.max
            let x = v[0..<k].map { $0! }
            var n = p.stoppingCount(x, halfWidth: Precision.halfWidth)
            if n == nil && k == p.max { n = k }
            prefix.append(k)
            kept.append(n)
            halfWidths.append(Precision.halfWidth(Array(x.prefix(n ?? k))))
        }
    }

    /// Every point finished.
    public var finished: Bool { kept.allSatisfy { $0 != nil } }

    /// Points that stopped at `max` without reaching the target.
    public var hitMax: [Int] {
        kept.indices.filter { kept[$0] == precision.max && !(halfWidths[$0] <= precision.halfWidth) }
    }

    /// The runs of the next round: each unfinished point's next batch, minus those recorded.
    public func nextRuns(plan: SweepPlan, done: Set<Int>) -> [Int] {
        var ids: [Int] = []
        for p in kept.indices where kept[p] == nil {
            let upper = min(precision.max, prefix[p] + precision.batch)
            for r in prefix[p]..<upper {
                let id = p * plan.sweep.replicates + r
                if !done.contains(id) { ids.append(id) }
            }
        }
        return ids
    }

    /// The records that count: replicates below each point's kept count (or
    /// below its gap-free prefix while unfinished), in run order.
    public func used(_ records: [RunRecord]) -> [RunRecord] {
        records.filter { r in r.point < kept.count && r.replicate < (kept[r.point] ?? prefix[r.point]) }
    }

    /// The manifest's `precision` object.
    public var details: SweepPrecisionDetails {
        SweepPrecisionDetails(metric: precision.metric, halfWidthTarget: precision.halfWidth, max: precision.max,
                              batch: precision.batch, min: precision.min,
                              replicates: kept.indices.map { kept[$0] ?? prefix[$0] },
                              halfWidthReached: halfWidths.map { $0.isFinite ? $0 : nil },
                              finished: kept.map { $0 != nil }, hitMaxPoints: hitMax)
    }
}

/// `auto_replicates` in `sweep-manifest.json`: the target, and per point (in point
/// order) the replicates used, the half-width reached and whether it is
/// finished; `hit_max_points` lists the points that stopped at `max`.
public struct SweepPrecisionDetails: Codable, Sendable, Equatable {
    public var metric: String
    public var halfWidthTarget: Double
    public var max: Int
    public var batch: Int
    public var min: Int
    public var replicates: [Int]
    public var halfWidthReached: [Double?]
    public var finished: [Bool]
    public var hitMaxPoints: [Int]

    enum CodingKeys: String, CodingKey {
        case metric, halfWidthTarget = "half_width_target", max, batch, min, replicates
        case halfWidthReached = "half_width_reached", finished, hitMaxPoints = "hit_max_points"
    }
}
