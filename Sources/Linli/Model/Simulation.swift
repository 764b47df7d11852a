import Foundation

/// Runs one replicate of a scenario: build the world, step it day by day,
/// observe each day.
public enum Simulation {
    /// - atStart: sees the world before day 0 (e.g. to count residents by age, which outputs do not show).
    public static func run(_ scenario: Scenario, replicate: Int, progress: ((Int) -> Void)? = nil,
                           atStart: ((World) -> Void)? = nil) -> ReplicateSeries {
        var world = World(scenario: scenario, replicate: replicate)
        atStart?(world)
        let plan = ObservationPlan(communities: scenario.communities, days: scenario.days, settings: scenario.observe)
        var series = ReplicateSeries(replicate: replicate, days: plan.observedDays.count,
                                     rowNames: plan.rowNames, columns: Observation.columns)
        if plan.every > 1 { series.dayNumbers = plan.observedDays }
        series.simulatedDays = scenario.days
        series.residents = world.residents.count
        let start = DispatchTime.now().uptimeNanoseconds
        for day in 0..<scenario.days {
            world.step(day: day)
            world.observe(day: day, into: &series, plan: plan)
            progress?(day)
        }
        series.loopSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return series
    }
}
