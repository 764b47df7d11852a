import Foundation
@testable import Linli

/// Base seed of the behaviour tests: `LINLI_TEST_SEED` when set (to check
/// that an assertion holds at other seeds), else 7.
let testBaseSeed: UInt64 = {
    if let s = ProcessInfo.processInfo.environment["LINLI_TEST_SEED"], let v = UInt64(s) { return v }
    return 7
}()

/// Overrides applied to every test scenario after its own settings:
/// `LINLI_TEST_SET="key=value,key=value"`. `scripts/mutation-check.sh` uses it
/// to switch one mechanism off in every arm of a test, which must then fail.
let testOverrides: [(String, Double)] = {
    guard let s = ProcessInfo.processInfo.environment["LINLI_TEST_SET"], !s.isEmpty else { return [] }
    return s.split(separator: ",").map { kv in
        let parts = kv.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Double(parts[1]), ParameterRegistry.spec(parts[0]) != nil else {
            fatalError("LINLI_TEST_SET: expected key=value with a registry key and a number, found \(kv)")
        }
        return (parts[0], v)
    }
}()

/// A one-community scenario for tests (small, so the suite stays fast).
func testScenario(_ name: String = "test", type: CommunityType = .oldCompound, households: Int = 600,
                  days: Int = 365, replicates: Int = 10, seed: UInt64 = testBaseSeed,
                  _ sets: [String: Double] = [:]) -> Scenario {
    var p = Parameters()
    for (k, v) in sets { p[k] = v }
    for (k, v) in testOverrides { p[k] = v }
    return Scenario(name: name, seed: seed, replicates: replicates, days: days,
                    communities: [CommunitySpec(name: "c0", type: type, households: households)], parameters: p)
}

extension ReplicateSeries {
    /// Value of a column on a day for the `all` row.
    func all(_ column: String, day: Int) -> Double {
        self[day, rowNames.count - 1, columns.firstIndex(of: column)!]
    }
    /// Mean of a column over days `days` for the `all` row, over the days on
    /// which it is defined (NA days, a mean over nobody, are skipped as in
    /// summary.csv's `_mean`); NaN when no day is defined.
    func allMean(_ column: String, _ days: ClosedRange<Int>) -> Double {
        let v = days.map { all(column, day: $0) }.filter { !$0.isNaN }
        return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
    }
}

/// Per-replicate paired differences (same seeds in both arms) and their 95% CI.
func pairedDifference(_ a: [Double], _ b: [Double]) -> (mean: Double, low: Double, high: Double) {
    let d = zip(a, b).map { $0 - $1 }
    let s = Summary(d)
    return (s.mean, s.ciLow, s.ciHigh)
}

/// "mean [low, high]" of a paired difference, for the tests' printed figures.
func describe(_ d: (mean: Double, low: Double, high: Double)) -> String {
    String(format: "%.4g [%.4g, %.4g]", d.mean, d.low, d.high)
}

/// Column `k` of per-replicate measure rows.
func column(_ rows: [[Double]], _ k: Int) -> [Double] { rows.map { $0[k] } }

/// Runs every replicate of `sc` day by day (as `Simulation.run`, on two
/// threads) and returns, per replicate, `sample` averaged over the days
/// `sampleDay` accepts followed by `end` of the last day's world: for state
/// the output columns do not show.
func measuredRuns(_ sc: Scenario, sampleDay: @escaping @Sendable (Int) -> Bool = { _ in false },
                  sample: (@Sendable (World, Int) -> [Double])? = nil,
                  end: (@Sendable (World) -> [Double])? = nil) -> (runs: [ReplicateSeries], measures: [[Double]]) {
    let results = parallelMap(count: sc.replicates, jobs: 2) { r -> (ReplicateSeries, [Double]) in
        var w = World(scenario: sc, replicate: r)
        var series = ReplicateSeries(replicate: r, days: sc.days, rowNames: sc.communities.map(\.name) + ["all"],
                                     columns: Observation.columns)
        var sum: [Double] = [], n = 0.0
        for day in 0..<sc.days {
            w.step(day: day)
            w.observe(day: day, into: &series)
            guard let sample, sampleDay(day) else { continue }
            let m = sample(w, day)
            sum = sum.isEmpty ? m : zip(sum, m).map { $0 + $1 }
            n += 1
        }
        return (series, sum.map { $0 / n } + (end?(w) ?? []))
    }
    return (results.map(\.0), results.map(\.1))
}
