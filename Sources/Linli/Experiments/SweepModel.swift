import Foundation

/// What one run of a sweep yields: the kept metrics (in the sweep's metric
/// order), the resident-days it simulated, and its time series when asked for.
public struct SweepRunResult: Sendable {
    public var metrics: [Double]
    public var residentDays: Double
    public var series: ReplicateSeries?

    public init(metrics: [Double], residentDays: Double = 0, series: ReplicateSeries? = nil) {
        self.metrics = metrics; self.residentDays = residentDays; self.series = series
    }
}

/// Anything a sweep can drive: given one point's factor values (in factor
/// order) and the run's seed, produce the metrics. The sweep engine (designs,
/// run numbering, shards, the run store, merging, sensitivity) knows nothing
/// else about the model, so analytic test functions exercise exactly the code
/// a Linli sweep runs.
public protocol SweepModel: Sendable {
    func run(values: [Double], seed: UInt64, keepSeries: Bool) -> SweepRunResult
}

/// The Linli simulation as a sweep model: the base scenario with the factor
/// values set over its parameters, simulated as replicate 0 with the run's
/// seed; the metrics are summary metrics (`<column>_final`, `<column>_mean`)
/// of one output row (a community or `all`).
public struct ScenarioModel: SweepModel {
    public let base: Scenario
    public let factorKeys: [String]
    public let metrics: [String]
    /// Index of the output row among the communities then `all`.
    public let row: Int

    public init(base: Scenario, factorKeys: [String], metrics: [String], community: String = "all") {
        self.base = base; self.factorKeys = factorKeys; self.metrics = metrics
        row = base.communities.firstIndex { $0.name == community } ?? base.communities.count
    }

    /// The base scenario at one point, with the run's seed.
    public func scenario(values: [Double], seed: UInt64) -> Scenario {
        var sc = base
        for (key, v) in zip(factorKeys, values) { sc.parameters[key] = v }
        sc.seed = seed
        sc.replicates = 1
        return sc
    }

    public func run(values: [Double], seed: UInt64, keepSeries: Bool) -> SweepRunResult {
        let series = Simulation.run(scenario(values: values, seed: seed), replicate: 0)
        let table = RunOutput.summaryTable(series: [series])
        let values = table.rows[row].values
        let index = Dictionary(table.metrics.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return SweepRunResult(metrics: metrics.map { index[$0].map { values[$0] } ?? .nan },
                              residentDays: Double(series.residents) * Double(series.days),
                              series: keepSeries ? series : nil)
    }

    /// The metric names a Linli sweep may keep.
    public static var metricNames: [String] { RunOutput.summaryMetrics(columns: Observation.columns) }
}
