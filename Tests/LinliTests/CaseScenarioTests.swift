import Foundation
import Testing
@testable import Linli

/// The seed cases (scenarios/*.yaml, issue "Seed cases"): each case file run
/// as shipped against its counterfactual with every lever off (`--no-levers`,
/// `Scenario.withoutLevers()`), on the same seeds so both arms start from the
/// same population; 20 replicates, paired 95% CIs. These check the direction
/// the seed reports give; the sizes are the model's (MODEL.md §7).
@Suite struct CaseScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The case as shipped (seed from `LINLI_TEST_SEED`, 20 replicates) and its
    /// counterfactual; `days` shortens the horizon when given.
    static func arms(_ file: String, replicates: Int = 20, days: Int? = nil) throws -> (on: [ReplicateSeries], off: [ReplicateSeries]) {
        var sc = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/\(file)").path)
        sc.seed = testBaseSeed
        sc.replicates = replicates
        if let days { sc.days = days }
        return (Runner.run(sc, jobs: 2), Runner.run(sc.withoutLevers(), jobs: 2))
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.all(column, day: $0.days - 1) } }
    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int>) -> [Double] { runs.map { $0.allMean(column, days) } }

    @Test func counterfactualHasEveryLeverOffAndKeepsEverythingElse() throws {
        for file in ["wuchang.yaml", "yangpu.yaml", "rongting.yaml", "junyuan.yaml", "guangming.yaml", "jiaxing-road.yaml", "wangzhuang.yaml"] {
            let sc = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(file)").path)
            let off = sc.withoutLevers()
            #expect(!sc.leversOn.isEmpty, "\(file) switches levers on")
            #expect(off.leversOn.isEmpty && off.name == sc.name + "-no-levers")
            #expect(off.seed == sc.seed && off.days == sc.days && off.replicates == sc.replicates && off.communities == sc.communities)
        }
    }

    /// Rongting (seeds/004): with the sub-landlord team, illegal building and
    /// noise arise less, and sub-landlords take part far more.
    @Test func rongtingSublandlordTeam() throws {
        let (on, off) = try Self.arms("rongting.yaml")
        let days = on[0].days
        for type in ["illegal_building", "noise"] {
            let d = pairedDifference(Self.final(on, "arisen_\(type)"), Self.final(off, "arisen_\(type)"))
            #expect(d.high < 0, "\(type) arises less: \(d)")
        }
        let s = pairedDifference(Self.mean(on, "participation_rate_sublandlord", 180...(days - 1)),
                                 Self.mean(off, "participation_rate_sublandlord", 180...(days - 1)))
        #expect(s.low > 0, "sub-landlords take part more: \(s)")
        let t = pairedDifference(Self.mean(on, "participation_rate_tenant", 180...(days - 1)),
                                 Self.mean(off, "participation_rate_tenant", 180...(days - 1)))
        print("rongting: tenants' participation on − off \(t); off mean \(Summary(Self.mean(off, "participation_rate_tenant", 180...(days - 1))).mean)")
    }

    /// Junyuan (seeds/004): without its levers the fund stays frozen more often
    /// than with them, and participation rises with them.
    @Test func junyuanFundThawsWithItsLevers() throws {
        let (on, off) = try Self.arms("junyuan.yaml")
        let days = on[0].days
        let frozen = pairedDifference(Self.final(on, "fund_frozen"), Self.final(off, "fund_frozen"))
        #expect(frozen.high < 0, "the fund thaws more often with the case's levers: \(frozen)")
        let p = pairedDifference(Self.mean(on, "participation_rate", 365...(days - 1)), Self.mean(off, "participation_rate", 365...(days - 1)))
        #expect(p.low > 0, "participation rises: \(p)")
    }

    /// Guangming (seeds/004): the self-run station employs villagers and
    /// outside vehicles pay. The seed's faster repairs point the right way but
    /// are too noisy to assert at 20 replicates (mean fabric resolution days
    /// on − off −31 [−63, +1.8] at seed 7; few fabric problems finish in a
    /// village of 800 households): printed, open in the issue "Seed cases".
    @Test func guangmingStationEmploysVillagersAndFeesPay() throws {
        let (on, off) = try Self.arms("guangming.yaml")
        #expect(on.allSatisfy { $0.all("station_jobs", day: $0.days - 1) > 0 } && off.allSatisfy { $0.all("station_jobs", day: $0.days - 1) == 0 })
        let d = pairedDifference(Self.final(on, "mean_fabric_resolution_days"), Self.final(off, "mean_fabric_resolution_days"))
        print("guangming: mean fabric resolution days on − off \(d)")
        #expect(on.allSatisfy { $0.all("fee_revenue_total", day: $0.days - 1) > 0 }, "outside vehicles pay")
    }

    /// Yangpu (seeds/003): matched crowdfunding raises residents' money and
    /// belonging on its compounds (P10), and the 320,000-yuan convention levy
    /// for parking renovation is reachable (renovations are completed).
    @Test func yangpuCrowdfundingAndLevy() throws {
        let (on, off) = try Self.arms("yangpu.yaml")
        let days = on[0].days
        let money = pairedDifference(Self.final(on, "crowd_funds_total"), Self.final(off, "crowd_funds_total"))
        #expect(money.low > 0, "residents' money (gifts, levies): \(money)")
        let b = pairedDifference(Self.mean(on, "belonging_mean", 365...(days - 1)), Self.mean(off, "belonging_mean", 365...(days - 1)))
        #expect(b.low > 0, "belonging: \(b)")
        let r = Summary(Self.final(on, "renovations_resolved"))
        #expect(r.ciLow > 0, "renovations completed: \(r.mean) [\(r.ciLow), \(r.ciHigh)]")
        #expect(Self.final(on, "cost_conventions").allSatisfy { $0 > 0 })
    }
}
