import Foundation

/// `linli rank`: which lever buys the most. The scenario is run in arms —
/// every lever off (`Scenario.withoutLevers()`), each chosen lever alone
/// (with the scenario's settings for it, else its defaults, switched on), and
/// all chosen levers together — with common random numbers: replicate r of
/// every arm uses the scenario's seed and replicate r, so arms differ only by
/// their levers and the paired differences are free of population noise.
///
/// Per arm and metric: the effect against levers-off (mean paired difference
/// with its t-based 95% CI), the arm's booked lever cost (money,
/// `lever_cost_total_final`, and staff hours, `lever_staff_hours_total_final`)
/// and cost-effectiveness ratios (extra cost per unit of effect) with
/// delta-method CIs. The interaction row is all-together minus the sum of
/// the singles, per replicate, with its paired CI.
public struct LeverRanking: Sendable {
    /// One arm: a name and the scenario it runs.
    public struct Arm: Sendable {
        public var name: String
        /// Levers switched on in this arm.
        public var levers: [String]
        public var scenario: Scenario
    }

    public static let offArm = "levers-off"
    public static let allArm = "all"
    public static let interactionRow = "interaction"
    public static let defaultMetrics = ["participation_rate_final", "active_share_final", "issues_resolved_total_final"]
    /// What every arm records besides the ranked metrics (in this order): the
    /// booked costs, and what the cost-per ratios divide by.
    public static let costColumns = ["lever_cost_total_final", "lever_staff_hours_total_final"]
    public static let ratioColumns = ["active_residents_final", "issues_resolved_total_final"]

    public var base: Scenario
    public var levers: [String]
    public var metrics: [String]
    public var arms: [Arm]
    /// Columns recorded per arm and replicate (`arms.csv`): the metrics, then
    /// costs and ratio denominators not already among them.
    public var recorded: [String]

    /// - levers: lever names (validated by the caller); with one lever there is no `all` arm.
    public init(base: Scenario, levers: [String], metrics: [String] = LeverRanking.defaultMetrics) {
        self.base = base; self.levers = levers; self.metrics = metrics
        let off = base.withoutLevers()
        var arms = [Arm(name: Self.offArm, levers: [], scenario: off)]
        for l in levers {
            var s = off
            s.name = base.name + "-" + l
            s.parameters["\(l).on"] = 1
            arms.append(Arm(name: l, levers: [l], scenario: s))
        }
        if levers.count > 1 {
            var s = off
            s.name = base.name + "-all"
            for l in levers { s.parameters["\(l).on"] = 1 }
            arms.append(Arm(name: Self.allArm, levers: levers, scenario: s))
        }
        self.arms = arms
        var rec = metrics
        for c in Self.costColumns + Self.ratioColumns where !rec.contains(c) { rec.append(c) }
        recorded = rec
    }

    /// The levers `--levers all` means: those switched on in the scenario.
    public static func leversOn(_ s: Scenario) -> [String] { s.leversOn }

    /// Metric names `--metrics` accepts: summary metrics of community `all`.
    public static var metricNames: [String] { ScenarioModel.metricNames }

    // MARK: Running

    /// One replicate of every arm: `values[arm][recorded column]`.
    public struct Replicate: Sendable, Equatable {
        public var replicate: Int
        public var values: [[Double]]
        /// Residents × days simulated over the arms (for the manifest).
        public var residentDays: Double = 0
    }

    /// The `recorded` values of one run; `active_residents_final` is
    /// `active_share_final` (a share of residents aged 13+) times the
    /// residents aged 13+ (ages are fixed over a run).
    func values(_ series: ReplicateSeries, over13: Double) -> [Double] {
        recorded.map { $0 == "active_residents_final" ? series.summaryValue("active_share_final") * over13 : series.summaryValue($0) }
    }

    /// Replicates `range` of every arm over `jobs` threads (one task per arm and replicate).
    public func run(_ range: Range<Int>, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [Replicate] {
        let a = arms.count
        let done = SharedCounter()
        let flat = parallelMap(count: range.count * a, jobs: jobs) { i -> ([Double], Double) in
            let r = range.lowerBound + i / a
            let arm = arms[i % a]
            var over13 = 0.0
            let series = Simulation.run(arm.scenario, replicate: r, atStart: { w in
                over13 += Double(w.residents.age.lazy.filter { $0 != AgeGroup.child.rawValue }.count)
            })
            progress?(done.increment())
            return (values(series, over13: over13), Double(series.residents) * Double(series.days))
        }
        return (0..<range.count).map { k in
            let slice = flat[(k * a)..<((k + 1) * a)]
            return Replicate(replicate: range.lowerBound + k, values: slice.map(\.0), residentDays: slice.reduce(0) { $0 + $1.1 })
        }
    }

    /// Fixed replicates 0..<n.
    public func run(replicates: Int, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> LeverRankingResult {
        LeverRankingResult(ranking: self, replicates: run(0..<replicates, jobs: jobs, progress: progress), precision: nil)
    }

    /// `--replicates auto`: add replicates until every arm's paired CI
    /// half-width on the first metric (against levers-off) reaches
    /// `precision.halfWidth`, or `precision.max`; sequential in replicate
    /// order (`Precision.run`), so the same for any `jobs` and batch.
    public func run(precision: Precision, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> LeverRankingResult {
        let (reps, outcome) = precision.run(halfWidth: { self.widestHalfWidth($0) }) { range in
            run(range, jobs: jobs, progress: progress)
        }
        return LeverRankingResult(ranking: self, replicates: reps, precision: outcome)
    }

    /// The largest paired 95% CI half-width of the first metric over the arms against levers-off.
    func widestHalfWidth(_ reps: [Replicate]) -> Double {
        var widest = -Double.infinity
        for a in 1..<arms.count {
            let h = Precision.halfWidth(reps.map { $0.values[a][0] - $0.values[0][0] })
            if !(h <= widest) { widest = h }   // NaN wins: not yet measurable
        }
        return widest
    }
}

/// A paired difference: mean and t-based 95% CI.
public struct PairedEstimate: Sendable, Equatable {
    public var mean: Double
    public var low: Double
    public var high: Double

    public init(_ d: [Double]) {
        let s = Summary(d)
        mean = s.mean; low = s.ciLow; high = s.ciHigh
    }

    public init(mean: Double, low: Double, high: Double) { self.mean = mean; self.low = low; self.high = high }

    public static let undefined = PairedEstimate(mean: .nan, low: .nan, high: .nan)

    /// The CI lies above zero.
    public var positive: Bool { low > 0 }

    /// Ratio of mean paired differences c̄ / ē (extra cost per unit of effect)
    /// with a delta-method 95% CI: Var(R) ≈ (s_c² − 2R·s_ce + R²·s_e²) / (n·ē²),
    /// half-width t(0.975, n − 1)·√Var. Undefined (n/a) unless the effect's own
    /// CI lies above zero: a cost per additional unit means nothing when the
    /// arm may add none.
    public static func ratio(cost c: [Double], effect e: [Double]) -> PairedEstimate {
        let pairs = zip(c, e).filter { !$0.0.isNaN && !$0.1.isNaN }
        let cs = pairs.map(\.0), es = pairs.map(\.1)
        guard PairedEstimate(es).positive, pairs.count >= 2 else { return .undefined }
        let n = Double(pairs.count)
        let cm = Statistics.mean(cs), em = Statistics.mean(es)
        let r = cm / em
        let sc = Statistics.sd(cs), se = Statistics.sd(es)
        let cov = zip(cs, es).reduce(0) { $0 + ($1.0 - cm) * ($1.1 - em) } / (n - 1)
        let v = max(0, (sc * sc - 2 * r * cov + r * r * se * se) / (n * em * em))
        let half = Statistics.tQuantile(0.975, df: n - 1) * v.squareRoot()
        return PairedEstimate(mean: r, low: r - half, high: r + half)
    }
}

/// The replicates of every arm and what `rank.csv` says about them.
public struct LeverRankingResult: Sendable {
    public var ranking: LeverRanking
    public var replicates: [LeverRanking.Replicate]
    public var precision: PrecisionOutcome?

    /// One row of `rank.csv`.
    public struct Row: Sendable, Equatable {
        public var metric: String
        public var arm: String
        public var levers: [String]
        public var offMean: Double
        public var armMean: Double
        public var effect: PairedEstimate
        /// Mean booked cost of the arm (money, staff hours).
        public var leverCost: Double
        public var leverStaffHours: Double
        public var extraCost: PairedEstimate
        public var extraStaffHours: PairedEstimate
        /// Extra cost per unit of this metric's effect.
        public var costPerUnit: PairedEstimate
        public var costPerActive: PairedEstimate
        public var costPerResolved: PairedEstimate
        /// Among the single levers, by effect (largest first) and by cost per unit (smallest first); 0 = not ranked.
        public var rankEffect: Int
        public var rankCostEffectiveness: Int
    }

    /// Per replicate, the column `c` of arm `a`.
    func column(_ a: Int, _ c: Int) -> [Double] { replicates.map { $0.values[a][c] } }

    func diff(_ a: Int, _ c: Int) -> [Double] { replicates.map { $0.values[a][c] - $0.values[0][c] } }

    /// The rows, metric by metric: single levers, then `all`, then `interaction`.
    public var rows: [Row] {
        let rk = ranking
        let costIdx = rk.recorded.firstIndex(of: "lever_cost_total_final")!
        let hoursIdx = rk.recorded.firstIndex(of: "lever_staff_hours_total_final")!
        let activeIdx = rk.recorded.firstIndex(of: "active_residents_final")!
        let resolvedIdx = rk.recorded.firstIndex(of: "issues_resolved_total_final")!
        let singles = Array(1...rk.levers.count)
        var out: [Row] = []
        for (m, metric) in rk.metrics.enumerated() {
            var block: [Row] = []
            for a in 1..<rk.arms.count {
                let extra = diff(a, costIdx)
                block.append(Row(
                    metric: metric, arm: rk.arms[a].name, levers: rk.arms[a].levers,
                    offMean: Statistics.mean(column(0, m).filter { !$0.isNaN }),
                    armMean: Statistics.mean(column(a, m).filter { !$0.isNaN }),
                    effect: PairedEstimate(diff(a, m)),
                    leverCost: Statistics.mean(column(a, costIdx)), leverStaffHours: Statistics.mean(column(a, hoursIdx)),
                    extraCost: PairedEstimate(extra), extraStaffHours: PairedEstimate(diff(a, hoursIdx)),
                    costPerUnit: PairedEstimate.ratio(cost: extra, effect: diff(a, m)),
                    costPerActive: PairedEstimate.ratio(cost: extra, effect: diff(a, activeIdx)),
                    costPerResolved: PairedEstimate.ratio(cost: extra, effect: diff(a, resolvedIdx)),
                    rankEffect: 0, rankCostEffectiveness: 0))
            }
            // Ranks among the singles (block indices 0..<levers): NaN last, ties in lever order.
            let byEffect = singles.map { $0 - 1 }.sorted { i, j in
                let x = block[i].effect.mean, y = block[j].effect.mean
                if x.isNaN != y.isNaN { return !x.isNaN }
                return x > y || (x == y && i < j)
            }
            for (r, i) in byEffect.enumerated() { block[i].rankEffect = r + 1 }
            let byCost = singles.map { $0 - 1 }.sorted { i, j in
                let x = block[i].costPerUnit.mean, y = block[j].costPerUnit.mean
                if x.isNaN != y.isNaN { return !x.isNaN }
                return x < y || (x == y && i < j)
            }
            for (r, i) in byCost.enumerated() where !block[i].costPerUnit.mean.isNaN { block[i].rankCostEffectiveness = r + 1 }
            if rk.levers.count > 1 {
                let all = rk.arms.count - 1
                func interaction(_ c: Int) -> [Double] {
                    replicates.map { rep in
                        (rep.values[all][c] - rep.values[0][c]) - singles.reduce(0) { $0 + (rep.values[$1][c] - rep.values[0][c]) }
                    }
                }
                block.append(Row(
                    metric: metric, arm: LeverRanking.interactionRow, levers: rk.levers, offMean: .nan, armMean: .nan,
                    effect: PairedEstimate(interaction(m)),
                    leverCost: Statistics.mean(interaction(costIdx)), leverStaffHours: Statistics.mean(interaction(hoursIdx)),
                    extraCost: PairedEstimate(interaction(costIdx)), extraStaffHours: PairedEstimate(interaction(hoursIdx)),
                    costPerUnit: .undefined, costPerActive: .undefined, costPerResolved: .undefined,
                    rankEffect: 0, rankCostEffectiveness: 0))
            }
            out += block
        }
        return out
    }
}
