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

    /// The case file as shipped, cut to the communities named in `keep` (all
    /// when nil) so a figure that lives in one or a few of its communities is
    /// measured at a cost the suite can carry; `days`, `replicates`, `sets`
    /// over its parameters, then `LINLI_TEST_SET` (the mutation check's).
    static func scenario(_ file: String, keep: [String]? = nil, days: Int? = nil, replicates: Int = 20,
                         _ sets: [String: Double] = [:]) throws -> Scenario {
        var sc = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/\(file)").path)
        if let keep {
            sc.communities = sc.communities.filter { keep.contains($0.name) }
            precondition(sc.communities.count == keep.count, "\(file) has the communities \(keep)")
        }
        sc.seed = testBaseSeed
        sc.replicates = replicates
        if let days { sc.days = days }
        return with(with(sc, sets), Dictionary(testOverrides, uniquingKeysWith: { $1 }))
    }

    /// `sc` with `sets` over its parameters: an ablation arm of a case.
    static func with(_ sc: Scenario, _ sets: [String: Double]) -> Scenario {
        var s = sc
        for (k, v) in sets { s.parameters[k] = v }
        return s
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.all(column, day: $0.days - 1) } }
    static func at(_ runs: [ReplicateSeries], _ column: String, day: Int) -> [Double] { runs.map { $0.all(column, day: day) } }
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
        let tenantsOff = Self.mean(off, "participation_rate_tenant", 180...(days - 1))
        print("rongting: tenants' participation on − off \(describe(t)); off mean \(Summary(tenantsOff).mean), max \(tenantsOff.max()!)")
        // P7 on its case: tenants stay below 10% without intermediaries (every
        // replicate), and the team raises their participation (the brief's
        // hypothesis; the seed gives no figure on tenants themselves).
        #expect(tenantsOff.allSatisfy { $0 < 0.10 }, "tenants below 10% with the levers off: \(tenantsOff)")
        #expect(t.low > 0, "tenants take part more with the team: \(describe(t))")
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

    /// Guangming (seeds/004): the self-run station employs villagers, outside
    /// vehicles pay, and fabric problems are repaired sooner ("能工巧匠…及时
    /// 处理"). Resolution days are measured as the mean over the run's days of
    /// `mean_fabric_resolution_days` (the final day's value rests on the few
    /// fabric problems a village of 800 households finishes: −15 [−37, +6] at
    /// 40 replicates), 40 replicates. Ablation: the station's craftsmen give
    /// no repair work (`property_station.repair_share` 0) and save no cost
    /// (`cost_cut` 0): repairs are slower than with them.
    @Test func guangmingStationEmploysVillagersRepairsSoonerAndFeesPay() throws {
        let sc = try Self.scenario("guangming.yaml", replicates: 40)
        let on = Runner.run(sc, jobs: 2), off = Runner.run(sc.withoutLevers(), jobs: 2)
        let ablated = Runner.run(Self.with(sc, ["property_station.repair_share": 0, "property_station.cost_cut": 0]), jobs: 2)
        #expect(on.allSatisfy { $0.all("station_jobs", day: $0.days - 1) > 0 } && off.allSatisfy { $0.all("station_jobs", day: $0.days - 1) == 0 })
        let all = 0...(sc.days - 1)
        let d = pairedDifference(Self.mean(on, "mean_fabric_resolution_days", all), Self.mean(off, "mean_fabric_resolution_days", all))
        let a = pairedDifference(Self.mean(on, "mean_fabric_resolution_days", all), Self.mean(ablated, "mean_fabric_resolution_days", all))
        print("guangming: mean fabric resolution days on − off \(describe(d)) (on \(Summary(Self.mean(on, "mean_fabric_resolution_days", all)).mean)); on − no craftsmen \(describe(a))")
        #expect(d.high < 0, "fabric problems repaired sooner: \(describe(d))")
        #expect(a.high < 0, "through the craftsmen's repair work: \(describe(a))")
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

    // MARK: Wuchang (seeds/001)

    /// Wuchang's running club (seeds/001: one runner asked to teach a class;
    /// the club "gradually" grew to 300+ members in the 25,000-resident
    /// Bairuijing estate and became a force of community work; no time span).
    /// Bairuijing alone with the case's levers, three years (MODEL.md §7: at
    /// most), against its counterfactual and against the case without the
    /// interest-first associations. Asserted: the largest group is of the
    /// seed's order of magnitude (its mean's CI inside [100, 1000], a factor of
    /// about three around 300) and larger with the case's levers (the
    /// associations' own share is printed: not significant at every seed);
    /// it still grows after the first year
    /// (gradually, not in one step); and members take part in governance more
    /// than non-members. The model's size (about 200) sits below the seed's
    /// 300+: a target for calibration ("Calibration"), not tuned here.
    @Test func wuchangRunningClubGrowsToTheSeedsScale() throws {
        let sc = try Self.scenario("wuchang.yaml", keep: ["bairuijing"])
        let on = Runner.run(sc, jobs: 2)
        let off = Runner.run(sc.withoutLevers(), jobs: 2)
        let without = Runner.run(Self.with(sc, ["associations.on": 0]), jobs: 2)
        let last = sc.days - 1
        let size = Summary(Self.final(on, "largest_group"))
        print("wuchang: largest group at day \(last) \(size.mean) [\(size.ciLow), \(size.ciHigh)]; no levers \(Summary(Self.final(off, "largest_group")).mean); no associations \(Summary(Self.final(without, "largest_group")).mean)")
        #expect(size.ciLow > 100 && size.ciHigh < 1000, "the seed's order of magnitude (300+): \(size.mean) [\(size.ciLow), \(size.ciHigh)]")
        let levers = pairedDifference(Self.final(on, "largest_group"), Self.final(off, "largest_group"))
        #expect(levers.low > 0, "larger with the case's levers: \(describe(levers))")
        // The associations' share of it is not robust (+138 at seed 7; CIs
        // reaching below 0 at seeds 1-3): printed, not asserted.
        let assoc = pairedDifference(Self.final(on, "largest_group"), Self.final(without, "largest_group"))
        print("wuchang: largest group with − without associations \(describe(assoc))")
        let growth = pairedDifference(Self.final(on, "largest_group"), Self.at(on, "largest_group", day: 364))
        print("wuchang: largest group growth after the first year \(describe(growth)); day 30 \(Summary(Self.at(on, "largest_group", day: 30)).mean)")
        #expect(growth.low > 0, "still growing after the first year: \(describe(growth))")
        let gap = zip(Self.mean(on, "governance_rate_member", 365...last), Self.mean(on, "governance_rate_nonmember", 365...last)).map { $0 - $1 }
        let g = Summary(gap)
        print("wuchang: governance rate members − non-members \(g.mean) [\(g.ciLow), \(g.ciHigh)]")
        #expect(g.ciLow > 0, "a path into governance: \(g.mean) [\(g.ciLow), \(g.ciHigh)]")
    }

    /// Wuchang's riders and fast dispatch (seeds/001: a missing drain cover
    /// reported through the app "第二天问题就得到解决", fixed the next day).
    /// Yaojialing alone, one year: a reported hazard is fixed within days
    /// (mean report-to-fix days' CI below 3) with the case's levers, far
    /// sooner than without them and than with dispatch on but sending nothing
    /// (`dispatch.dispatch_share` 0, the mechanism ablated).
    @Test func wuchangHazardFixedWithinDays() throws {
        let sc = try Self.scenario("wuchang.yaml", keep: ["yaojialing"], days: 365)
        let on = Runner.run(sc, jobs: 2)
        let off = Runner.run(sc.withoutLevers(), jobs: 2)
        let notSent = Runner.run(Self.with(sc, ["dispatch.dispatch_share": 0]), jobs: 2)
        let days = Summary(Self.final(on, "mean_hazard_fix_days"))
        print("wuchang: hazard report→fix days \(days.mean) [\(days.ciLow), \(days.ciHigh)]; no levers \(Summary(Self.final(off, "mean_hazard_fix_days")).mean); nothing dispatched \(Summary(Self.final(notSent, "mean_hazard_fix_days")).mean)")
        #expect(days.ciHigh < 3, "fixed within days: \(days.mean) [\(days.ciLow), \(days.ciHigh)]")
        let d = pairedDifference(Self.final(on, "mean_hazard_fix_days"), Self.final(off, "mean_hazard_fix_days"))
        #expect(d.high < -5, "sooner than without the case's levers: \(describe(d))")
        let a = pairedDifference(Self.final(on, "mean_hazard_fix_days"), Self.final(notSent, "mean_hazard_fix_days"))
        #expect(a.high < -5, "through dispatch: \(describe(a))")
    }

    // MARK: Jiaxing Road (seeds/000)

    /// The areas the seed names, with the case's levers; two years.
    static let jiaxingAreas = ["ruiyi", "anqiu", "ruixin"]

    /// Jiaxing Road's evening and weekend presence (seeds/000: residents work
    /// the same hours as staff; "嘉园夜话" in evenings and at weekends), P8 on
    /// its case: working adults take part more with the presence than
    /// without it (the case with `office_hours` off; the seed gives no size),
    /// and they gain more than retirees, who are home in office hours anyway.
    @Test func jiaxingRoadEveningPresenceReachesWorkingAdults() throws {
        let sc = try Self.scenario("jiaxing-road.yaml", keep: Self.jiaxingAreas)
        let on = Runner.run(sc, jobs: 2)
        let without = Runner.run(Self.with(sc, ["office_hours.on": 0]), jobs: 2)
        let days = 180...(sc.days - 1)
        let working = pairedDifference(Self.mean(on, "participation_rate_working", days), Self.mean(without, "participation_rate_working", days))
        let retiree = pairedDifference(Self.mean(on, "participation_rate_retiree", days), Self.mean(without, "participation_rate_retiree", days))
        let more = pairedDifference(zip(Self.mean(on, "participation_rate_working", days), Self.mean(without, "participation_rate_working", days)).map { $0 - $1 },
                                    zip(Self.mean(on, "participation_rate_retiree", days), Self.mean(without, "participation_rate_retiree", days)).map { $0 - $1 })
        print("jiaxing-road: working adults with − without evening presence \(describe(working)) (with \(Summary(Self.mean(on, "participation_rate_working", days)).mean)); retirees \(describe(retiree)); working − retiree gain \(describe(more))")
        #expect(working.low > 0, "working adults take part more: \(describe(working))")
        #expect(more.low > 0, "and gain more than retirees: \(describe(more))")
    }

    /// Jiaxing Road's posts (seeds/000: 54 residents in part-time posts across
    /// the street, one-year terms): the whole street of 18 areas, one term
    /// and the next appointment day. Every replicate has the 54 posts filled
    /// at the appointment on day 365 (at least 52 by the day's end, when a
    /// holder may already have moved away); posts are filled only at an
    /// appointment, so holders who move away leave a gap until the next term
    /// (87-95% of the posts filled on average over the term at seed 7: at
    /// least 80% asserted); none without the lever. A count per replicate, so four replicates of the full street.
    @Test func jiaxingRoadFillsFiftyFourPosts() throws {
        let sc = try Self.scenario("jiaxing-road.yaml", days: 366, replicates: 4)
        #expect(sc.communities.count == 18)
        let holders: @Sendable (World) -> [Double] = { w in [Double(w.communities.postHolders.reduce(0, +))] }
        let (_, on) = measuredRuns(sc, sampleDay: { $0 < 365 }, sample: { w, _ in holders(w) }, end: holders)
        let (_, off) = measuredRuns(Self.with(sc, ["posts.on": 0]), sampleDay: { $0 < 365 }, sample: { w, _ in holders(w) }, end: holders)
        print("jiaxing-road: post holders, mean over the first term \(on.map { $0[0] }), on day 365 \(on.map { $0[1] })")
        // Observed at the end of the appointment day, after that day's moves:
        // a holder may leave on the day itself (53 in a replicate at seeds 1, 2).
        #expect(on.allSatisfy { $0[1] >= 52 && $0[1] <= 54 } && on.contains { $0[1] == 54 }, "54 posts filled at the second appointment: \(on.map { $0[1] })")
        #expect(on.allSatisfy { $0[0] >= 0.8 * 54 && $0[0] <= 54 }, "kept mostly filled through the term: \(on.map { $0[0] })")
        #expect(off.allSatisfy { $0 == [0, 0] })
    }

    /// Jiaxing Road's all-age and international events (seeds/000: the
    /// 1-metre view and story days for children, an English corner and a map
    /// for foreign residents): with the case's events children, teens and
    /// foreign residents take part more than with the case's events off.
    @Test func jiaxingRoadEventsReachChildrenTeensAndForeigners() throws {
        let sc = try Self.scenario("jiaxing-road.yaml", keep: Self.jiaxingAreas)
        let foreign: @Sendable (World, Int) -> [Double] = { w, _ in
            var n = 0.0, took = 0.0
            for i in 0..<w.residents.count where w.residents.origin[i] == Origin.foreign.rawValue && w.residents.age[i] != AgeGroup.child.rawValue {
                n += 1
                if w.residents.tookPartLast30(i) { took += 1 }
            }
            return [n > 0 ? took / n : 0]
        }
        let monthly: @Sendable (Int) -> Bool = { $0 >= 180 && $0 % 30 == 0 }
        let (on, fOn) = measuredRuns(sc, sampleDay: monthly, sample: foreign)
        let (off, fOff) = measuredRuns(Self.with(sc, ["events.on": 0]), sampleDay: monthly, sample: foreign)
        let days = 180...(sc.days - 1)
        for col in ["participation_rate_child", "participation_rate_teen"] {
            let d = pairedDifference(Self.mean(on, col, days), Self.mean(off, col, days))
            print("jiaxing-road: \(col) with − without events \(describe(d))")
            #expect(d.low > 0, "\(col): \(describe(d))")
        }
        let f = pairedDifference(column(fOn, 0), column(fOff, 0))
        print("jiaxing-road: foreign residents' participation with − without events \(describe(f)) (with \(Summary(column(fOn, 0)).mean))")
        #expect(f.low > 0, "foreign residents: \(describe(f))")
    }

    // MARK: Wangzhuang (seeds/002)

    /// Wangzhuang's red grid (seeds/002: grid teams with party informants):
    /// four of its sixteen communities (two estates, two old compounds), two
    /// years. Problems are raised sooner with the case's party coverage than
    /// with it off, and sooner with informants than without them
    /// (`party_coverage.informants_per_grid` 0).
    @Test func wangzhuangGridCoverageShortensDetection() throws {
        let sc = try Self.scenario("wangzhuang.yaml", keep: ["changxin", "community-02", "community-03", "community-04"], days: 730)
        let on = Runner.run(sc, jobs: 2)
        let off = Runner.run(Self.with(sc, ["party_coverage.on": 0]), jobs: 2)
        let quiet = Runner.run(Self.with(sc, ["party_coverage.informants_per_grid": 0]), jobs: 2)
        let days = 90...(sc.days - 1)
        let d = pairedDifference(Self.mean(on, "mean_raise_days", days), Self.mean(off, "mean_raise_days", days))
        let i = pairedDifference(Self.mean(on, "mean_raise_days", days), Self.mean(quiet, "mean_raise_days", days))
        print("wangzhuang: mean raise days with − without party coverage \(describe(d)) (with \(Summary(Self.mean(on, "mean_raise_days", days)).mean)); with − without informants \(describe(i))")
        #expect(d.high < 0, "grid coverage shortens detection: \(describe(d))")
        #expect(i.high < 0, "through its informants: \(describe(i))")
    }

    /// Wangzhuang's micro-venture contest judged by a third party (seeds/002:
    /// "委托第三方社会组织…进行项目评审", a third party reviews the proposals):
    /// four of its communities, three years (contests in years two and three,
    /// once groups have matured). The case with its third-party evaluation
    /// against the same case judged by the community's own judges
    /// (`micro_venture.third_party` off, the mechanism ablated): the funded
    /// proposals' true quality is higher. Many contests have no more entries
    /// than grants, where judging cannot matter, so the gain is small (the
    /// seed gives no size).
    @Test func wangzhuangThirdPartyEvaluationFundsBetterProposals() throws {
        let sc = try Self.scenario("wangzhuang.yaml", keep: ["changxin", "community-02", "community-03", "community-04"])
        let third = Runner.run(sc, jobs: 2)
        let own = Runner.run(Self.with(sc, ["micro_venture.third_party": 0]), jobs: 2)
        let judged = pairedDifference(Self.final(third, "grant_quality"), Self.final(own, "grant_quality"))
        print("wangzhuang: funded quality third party − own judges \(describe(judged)) (third party \(Summary(Self.final(third, "grant_quality")).mean))")
        #expect(judged.low > 0, "a third party funds better proposals: \(describe(judged))")
    }
}

/// Every parameter's source (issue "Seed cases"): `linli params` credits each
/// one to a seed file that exists, a literature source of MODEL.md §6, the
/// brief itself, a scenario choice, a derivation or "assumption" — never
/// nothing. A lever field that cites a seed its lever does not come from is a
/// candidate mis-credit: each such field is listed here with the reason it
/// stands after review, so a new one fails until someone has read its seed.
@Suite struct ParameterSourceTests {
    static let seeds = ["000", "001", "002", "003", "004"]
    static let kinds = ["seeds/", "assumption", "derived", "scenario choice", "MODEL.md", "calibrated",
                        "Granovetter", "Centola", "Verba", "Frey", "Ostrom", "Putnam", "Grimm"]

    static func cited(_ source: String) -> Set<String> {
        var out = Set<String>()
        var rest = Substring(source)
        while let r = rest.range(of: "seeds/") {
            out.insert(String(rest[r.upperBound...].prefix(3)))
            rest = rest[r.upperBound...]
        }
        return out
    }

    /// Reviewed: the field's mechanism comes from another case's passage, quoted in its source.
    static let reviewedCrossCitations: [String: String] = [
        "co_building.customer_share": "seeds/004's studios bring customers to merchants: the same two-way custom as seeds/001's canteen",
        "subdivision.discover_visit": "seeds/004 (every path finds forces) applied to chiefs' visits; the size is an assumption",
        "discovery.ask_chance": "seeds/001's runner asked to teach one class is the follow-up ask of seeds/004's discovery",
        "training.discovery_gain": "seeds/004's finding of forces as a trained skill (seeds/002's tiers)",
        "leader_support.radiation_max": "seeds/001's 300+ club as the ceiling of a leader's reach (seeds/004's leaders)",
        "self_help.goods_per_day": "seeds/003's residents giving labour and goods, in seeds/001's self-help",
        "assessment.rating_weight": "seeds/004's credibility gained from projects residents rate (seeds/003)",
    ]

    @Test func everyParameterHasARealSource() {
        for p in ParameterRegistry.all {
            #expect(!p.source.isEmpty, "\(p.key) has no source")
            #expect(Self.kinds.contains { p.source.contains($0) }, "\(p.key): source '\(p.source)' names no seed, literature, derivation or assumption")
            for s in Self.cited(p.source) { #expect(Self.seeds.contains(s), "\(p.key) cites seeds/\(s), which does not exist") }
        }
    }

    @Test func leverFieldsCiteOnlyTheirLeversSeedsUnlessReviewed() {
        var crossing: [String] = []
        for lever in LeverRegistry.all {
            let own = Self.cited(ParameterRegistry.spec("\(lever.name).on")!.source)
            for p in lever.parameters where !Self.cited(p.source).isSubset(of: own) { crossing.append(p.key) }
        }
        for key in crossing { #expect(Self.reviewedCrossCitations[key] != nil, "\(key) cites a seed its lever does not come from: review it and its source text") }
        for key in Self.reviewedCrossCitations.keys { #expect(crossing.contains(key), "\(key) no longer crosses: drop it from the reviewed list") }
    }
}
