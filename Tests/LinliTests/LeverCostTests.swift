import Foundation
import Testing
@testable import Linli

/// What every lever costs (Model/LeverCosts.swift): money by payer and staff
/// hours, booked while the lever is on and never while it is off; staff
/// hours come out of outreach.
@Suite struct LeverCostTests {
    /// Every lever of the registry, on from day 60: its cost (money or staff
    /// hours) is zero before the start day, positive by the end, and zero
    /// throughout when the lever is off.
    @Test(arguments: LeverID.allCases)
    func everyLeverBooksItsCostOnlyWhileOn(_ lever: LeverID) {
        let name = lever.name
        var sets: [String: Double] = ["\(name).on": 1, "\(name).start_day": 60]
        // Levers whose acts need groups old and large enough (micro-venture) get them.
        if lever == .microVenture { sets.merge(["talent_studios.on": 1, "micro_venture.min_members": 3, "micro_venture.min_age_days": 30]) { $1 } }
        let on = Runner.run(testScenario("cost-\(name)", households: 600, days: 400, replicates: 2, sets), jobs: 2)
        var offSets = sets
        offSets["\(name).on"] = 0
        let off = Runner.run(testScenario("cost-\(name)", households: 600, days: 400, replicates: 2, offSets), jobs: 2)
        for r in on {
            let before = r.all("cost_\(name)", day: 59) + r.all("staff_hours_\(name)", day: 59)
            #expect(before == 0, "\(name) costs nothing before its start day")
            let after = r.all("cost_\(name)", day: 399) + r.all("staff_hours_\(name)", day: 399)
            #expect(after > 0, "\(name) books a cost while on")
        }
        for r in off {
            #expect((0..<400).allSatisfy { r.all("cost_\(name)", day: $0) == 0 && r.all("staff_hours_\(name)", day: $0) == 0 },
                    "\(name) books nothing while off")
        }
    }

    /// Totals are sums of the per-lever columns, payers add up to the total,
    /// and cost per active resident is the total over residents active (13+).
    @Test func totalsAddUp() {
        var sets: [String: Double] = [:]
        for l in LeverID.allCases { sets["\(l.name).on"] = 1 }
        let sc = testScenario("cost-totals", households: 600, days: 200, replicates: 2, sets)
        let runs = Runner.run(sc, jobs: 2)
        for r in runs {
            // Residents aged 13+ (ages are fixed; movers are replaced in place).
            let over13 = Double(World(scenario: sc, replicate: r.replicate).residents.age.filter { $0 != AgeGroup.child.rawValue }.count)
            for d in [0, 99, 199] {
                let total = r.all("lever_cost_total", day: d)
                let byLever = LeverID.allCases.map { r.all("cost_\($0.name)", day: d) }.reduce(0, +)
                let byPayer = Payer.allCases.map { r.all("lever_cost_\($0.label)_total", day: d) }.reduce(0, +)
                #expect(abs(total - byLever) <= 1e-9 * max(1, total))
                #expect(abs(total - byPayer) <= 1e-9 * max(1, total))
                let hours = LeverID.allCases.map { r.all("staff_hours_\($0.name)", day: d) }.reduce(0, +)
                #expect(abs(r.all("lever_staff_hours_total", day: d) - hours) <= 1e-9 * max(1, hours))
                let active = r.all("active_share", day: d) * over13
                if active > 0.5 {
                    let perActive = r.all("cost_per_active", day: d)
                    #expect(abs(perActive * active - total) <= 1e-6 * max(1, total))
                }
            }
            #expect(r.all("lever_cost_total", day: 199) > 0)
        }
        let metrics = RunOutput.summaryTable(series: runs).metrics
        for l in LeverID.allCases { #expect(metrics.contains("cost_\(l.name)_final")) }
        #expect(metrics.contains("cost_per_active_final"))
    }

    /// Nobody active: cost per active resident is undefined (NA), not 0.
    @Test func costPerActiveIsUndefinedWithoutActiveResidents() {
        var s = ObservationSums()
        s.residents = 10; s.over13 = 10; s.active13 = 0
        s.leverMoney[LeverID.posts.rawValue] = 100
        var out = ContiguousArray<Double>(repeating: 0, count: Observation.columns.count)
        s.write(into: &out, at: 0)
        #expect(out[Observation.column("lever_cost_total")] == 100)
        #expect(out[Observation.column("cost_per_active")].isNaN)
    }

    /// A lever's staff hours are taken from household visits: the same lever
    /// with a large staff-hour appetite leaves residents less visited, so
    /// belonging and trust end lower than with none, on paired seeds; and the
    /// hours beyond the outreach budget show as overtime in staff_hours.
    @Test func leverStaffHoursCrowdOutVisits() {
        let n = 20
        // Only the running cost books staff hours here (no work-team calls, §7.53).
        let base: [String: Double] = ["conventions.on": 1, "conventions.work_team_hours": 0]
        let hungry = Runner.run(testScenario("crowd-out", households: 1200, days: 365, replicates: n,
                                             base.merging(["conventions.staff_hours_per_month": 1_500]) { $1 }), jobs: 2)
        let none = Runner.run(testScenario("crowd-out", households: 1200, days: 365, replicates: n,
                                           base.merging(["conventions.staff_hours_per_month": 0]) { $1 }), jobs: 2)
        func final(_ runs: [ReplicateSeries], _ col: String) -> [Double] { runs.map { $0.all(col, day: 364) } }
        let b = pairedDifference(final(hungry, "belonging_mean"), final(none, "belonging_mean"))
        #expect(b.high < 0, "belonging falls when visits give way: \(b)")
        let t = pairedDifference(final(hungry, "trust_mean"), final(none, "trust_mean"))
        #expect(t.high < 0, "trust falls when visits give way: \(t)")
        let worked = pairedDifference(hungry.map { $0.allMean("staff_hours", 0...364) }, none.map { $0.allMean("staff_hours", 0...364) })
        #expect(worked.low > 0, "hours beyond outreach are overtime: \(worked)")
        #expect(final(hungry, "staff_hours_conventions").allSatisfy { abs($0 - 1_500.0 / 30 * 365) < 1e-6 * $0 })
    }
}
