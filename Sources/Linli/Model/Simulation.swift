import Foundation

/// Runs one replicate of a scenario: build the world, step it day by day,
/// observe each day.
public enum Simulation {
    /// - threads: threads for this one replicate; above 1 the streets are
    ///   split over them (Engine/StreetShards.swift). Results do not depend on it.
    /// - atStart: sees the world before day 0 (e.g. to count residents by age,
    ///   which outputs do not show); with several threads, each street shard's world in turn.
    /// - cancel: checked once a day; when set the replicate stops early and its series is incomplete
    ///   (callers check the flag and throw `RunCancelled` instead of using it).
    public static func run(_ scenario: Scenario, replicate: Int, threads: Int = 1, progress: ((Int) -> Void)? = nil,
                           cancel: CancelFlag? = nil, atStart: ((World) -> Void)? = nil) -> ReplicateSeries {
        let plan = ObservationPlan(communities: scenario.communities, days: scenario.days, settings: scenario.observe)
        var series = ReplicateSeries(replicate: replicate, days: plan.observedDays.count,
                                     rowNames: plan.rowNames, columns: Observation.columns)
        if plan.every > 1 { series.dayNumbers = plan.observedDays }
        series.simulatedDays = scenario.days
        let shards = threads > 1 ? StreetShards.plan(scenario, threads: threads) : []
        let start: UInt64
        if shards.count > 1 {
            let sharded = ShardedReplicate(scenario, replicate: replicate, shards: shards, threads: threads)
            if let atStart { sharded.forEachWorld(atStart) }
            series.residents = sharded.residentCount
            start = DispatchTime.now().uptimeNanoseconds
            for day in 0..<scenario.days {
                if cancel?.isCancelled == true { break }
                sharded.step(day: day, into: &series, plan: plan)
                progress?(day)
            }
        } else {
            var world = World(scenario: scenario, replicate: replicate)
            atStart?(world)
            series.residents = world.residents.count
            start = DispatchTime.now().uptimeNanoseconds
            for day in 0..<scenario.days {
                if cancel?.isCancelled == true { break }
                world.step(day: day)
                world.observe(day: day, into: &series, plan: plan)
                progress?(day)
            }
        }
        series.loopSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return series
    }
}
