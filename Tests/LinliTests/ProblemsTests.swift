import Testing
@testable import Linli

/// Problems, deliberation, funding and projects (MODEL.md §3 steps 2-3 and
/// 8-11): patterns P4 and P10, one test per lever (on vs off, paired by seed,
/// 95% CI of the difference), the money ledger, and edge cases.
@Suite struct ProblemsTests {
    static let replicates = 12

    /// Runs the old compound test scenario with `sets` and returns per-replicate values of `column`.
    static func arm(_ sets: [String: Double], days: Int = 730, households: Int = 1200, replicates: Int = replicates,
                    type: CommunityType = .oldCompound) -> [ReplicateSeries] {
        Runner.run(testScenario("problems", type: type, households: households, days: days, replicates: replicates, sets), jobs: 2)
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }

    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int>) -> [Double] {
        runs.map { $0.allMean(column, days) }
    }

    /// Runs with the lever on and off, on the same seeds.
    struct Pair {
        let on, off: [ReplicateSeries]
        /// Paired difference (on − off) of a column's final value.
        func final(_ column: String) -> (mean: Double, low: Double, high: Double) {
            pairedDifference(ProblemsTests.final(on, column), ProblemsTests.final(off, column))
        }
        /// Paired difference of a column's mean over days.
        func mean(_ column: String, _ days: ClosedRange<Int>) -> (mean: Double, low: Double, high: Double) {
            pairedDifference(ProblemsTests.mean(on, column, days), ProblemsTests.mean(off, column, days))
        }
    }

    static func pair(_ lever: [String: Double], base: [String: Double] = [:], days: Int = 730) -> Pair {
        Pair(on: arm(base.merging(lever) { $1 }, days: days), off: arm(base, days: days))
    }

    /// Lever on vs off on the same seeds: the paired difference of a final column.
    static func leverEffect(_ lever: [String: Double], base: [String: Double] = [:], column: String,
                            days: Int = 730) -> (mean: Double, low: Double, high: Double) {
        pair(lever, base: base, days: days).final(column)
    }

    /// The lever's effect against no lever, and against the lever with the
    /// mechanism the test is named for switched off (`ablate`): both paired
    /// differences (on − off, on − ablated) of a column's final value.
    static func leverAndMechanism(_ lever: [String: Double], ablate: [String: Double], base: [String: Double] = [:],
                                  column: String, days: Int = 730, replicates: Int = replicates)
        -> (lever: (mean: Double, low: Double, high: Double), mechanism: (mean: Double, low: Double, high: Double)) {
        let on = arm(base.merging(lever) { $1 }, days: days, replicates: replicates)
        let off = arm(base, days: days, replicates: replicates)
        let ablated = arm(base.merging(lever) { $1 }.merging(ablate) { $1 }, days: days, replicates: replicates)
        return (pairedDifference(final(on, column), final(off, column)), pairedDifference(final(on, column), final(ablated, column)))
    }

    // MARK: P4 credibility feedback

    /// Finishing a hard problem raises κ more than finishing an easy one.
    @Test func hardProblemsCountMostForCredibility() {
        let sc = testScenario("p4-unit", households: 200, days: 10, replicates: 1)
        var w = World(scenario: sc, replicate: 0)
        let rng = RandomStream(seed: 1, replicate: 0, stream: 77)
        let easy = w.newIssue(.clutter, community: 0, unit: 0, CalendarDay(0), rng, big: false)
        w.issues.conflict[easy] = 0.1
        let hard = w.newIssue(.parking, community: 0, unit: 0, CalendarDay(0), rng, big: true)
        w.issues.conflict[hard] = 0.9
        for k in [easy, hard] { w.issues.quality[k] = 0.5; w.issues.legitimacy[k] = 0.5 }
        let k0 = w.communities.credibility[0]
        w.complete(easy, CalendarDay(1), rng)
        let afterEasy = w.communities.credibility[0] - k0
        let k1 = w.communities.credibility[0]
        w.complete(hard, CalendarDay(2), rng)
        let afterHard = (w.communities.credibility[0] - k1) / (1 - k1) * (1 - k0)
        #expect(afterEasy > 0)
        #expect(afterHard > 3 * afterEasy, "hard \(afterHard) vs easy \(afterEasy)")
        #expect(w.tallies.resolved[0] == 2)
    }

    /// P4: with money to solve the big (hard) problems, credibility ends
    /// higher, residents raise problems sooner, and more take part, than when
    /// the government budget is nil.
    /// 40: the participation rise is small beside noise (20 held at 18 of 20 seeds).
    static let p4Replicates = 40

    @Test func p4SolvingHardProblemsRaisesCredibilityRaisingAndParticipation() {
        let rich = Self.arm(["community.old_compound.gov_budget_per_household": 1500], replicates: Self.p4Replicates)
        let poor = Self.arm(["community.old_compound.gov_budget_per_household": 0], replicates: Self.p4Replicates)
        let big = pairedDifference(Self.final(rich, "resolved_public_space"), Self.final(poor, "resolved_public_space"))
        #expect(big.low > 0, "more big projects are finished: \(big)")
        let kappa = pairedDifference(Self.final(rich, "credibility"), Self.final(poor, "credibility"))
        #expect(kappa.low > 0, "credibility: \(kappa)")
        let raise = pairedDifference(Self.final(rich, "mean_raise_days"), Self.final(poor, "mean_raise_days"))
        #expect(raise.high < 0, "problems are raised sooner: \(raise)")
        let part = pairedDifference(Self.mean(rich, "participation_rate", 365...729), Self.mean(poor, "participation_rate", 365...729))
        #expect(part.low > 0, "participation: \(part)")
        // Ablation: with κ's feedback cut (κ no longer enters raising or the
        // trust residents relax towards), money still solves problems, but
        // problems are raised sooner by clearly less: the speed-up is κ's.
        let cut: [String: Double] = ["issues.raise_beta_credibility": 0, "credibility.trust_weight": 0]
        let richCut = Self.arm(cut.merging(["community.old_compound.gov_budget_per_household": 1500]) { $1 }, replicates: Self.p4Replicates)
        let poorCut = Self.arm(cut.merging(["community.old_compound.gov_budget_per_household": 0]) { $1 }, replicates: Self.p4Replicates)
        let effect = zip(Self.final(rich, "mean_raise_days"), Self.final(poor, "mean_raise_days")).map { $0 - $1 }
        let effectCut = zip(Self.final(richCut, "mean_raise_days"), Self.final(poorCut, "mean_raise_days")).map { $0 - $1 }
        let feedback = pairedDifference(effect, effectCut)
        #expect(feedback.high < 0, "κ's feedback is what speeds raising: \(feedback)")
    }

    static let spiral: [String: Double] = [
        "community.high_income_estate.fund_frozen": 1, "community.high_income_estate.legitimacy0": 0.3,
        "community.high_income_estate.credibility0": 0.4, "community.high_income_estate.conflict_factor": 2.0,
    ]

    /// P4: a compound with a frozen fund and heated disputes is caught in a
    /// spiral (problems linger, legitimacy stays low, the fund stays frozen,
    /// credibility falls behind a healthy twin); the same compound with talent
    /// studios recovers (legitimacy up, the fund thaws, more residents take part).
    @Test func p4ConflictSpiralAndRecoveryWithTalentStudios() {
        let days = 1095
        let n = 20
        let healthy = Self.arm([:], days: days, households: 1048, replicates: n, type: .highIncome)
        let stuck = Self.arm(Self.spiral, days: days, households: 1048, replicates: n, type: .highIncome)
        let studios = Self.arm(Self.spiral.merging(["talent_studios.on": 1]) { $1 }, days: days, households: 1048, replicates: n, type: .highIncome)
        let linger = pairedDifference(Self.final(stuck, "issues_lingering"), Self.final(healthy, "issues_lingering"))
        #expect(linger.low > 0, "the spiral leaves problems lingering: \(linger)")
        let kappa = pairedDifference(Self.final(stuck, "credibility"), Self.final(healthy, "credibility"))
        #expect(kappa.high < 0, "credibility falls behind the healthy twin: \(kappa)")
        // The fund stays frozen in most replicates: 15 of 20 has a 95%
        // Clopper–Pearson lower bound of 0.51, so "most" holds beyond chance.
        let frozen = Self.final(stuck, "fund_frozen").filter { $0 == 1 }.count
        #expect(frozen >= 15, "the fund mostly stays frozen: \(frozen) of \(n)")
        // Legitimacy stays below the thaw threshold (committee.unfreeze_threshold 0.45).
        let stuckLegit = Summary(Self.final(stuck, "legitimacy"))
        #expect(stuckLegit.ciHigh < 0.45, "legitimacy stays low: \(stuckLegit.mean) [\(stuckLegit.ciLow), \(stuckLegit.ciHigh)]")
        // Arms that differ only in the mechanism: lingering problems erode κ
        // (credibility.linger_loss); without that erosion the stuck compound keeps more κ.
        let noErosion = Self.arm(Self.spiral.merging(["credibility.linger_loss": 0]) { $1 }, days: days, households: 1048, replicates: n, type: .highIncome)
        let erosion = pairedDifference(Self.final(stuck, "credibility"), Self.final(noErosion, "credibility"))
        #expect(erosion.high < 0, "lingering problems erode κ: \(erosion)")
        let legit = pairedDifference(Self.final(studios, "legitimacy"), Self.final(stuck, "legitimacy"))
        #expect(legit.low > 0, "studios raise legitimacy: \(legit)")
        let thaw = pairedDifference(Self.final(studios, "fund_frozen"), Self.final(stuck, "fund_frozen"))
        #expect(thaw.high < 0, "the fund thaws with studios: \(thaw)")
        let part = pairedDifference(Self.mean(studios, "participation_rate", 730...1094), Self.mean(stuck, "participation_rate", 730...1094))
        #expect(part.low > 0, "more residents take part: \(part)")
        // Ablation: studios whose squads do not pull legitimacy (committee.squad_pull 0) do not lift it as much.
        let noPull = Self.arm(Self.spiral.merging(["talent_studios.on": 1, "committee.squad_pull": 0]) { $1 }, days: days, households: 1048, replicates: n, type: .highIncome)
        let pull = pairedDifference(Self.final(studios, "legitimacy"), Self.final(noPull, "legitimacy"))
        #expect(pull.low > 0, "the squads' pull is what lifts legitimacy: \(pull)")
    }

    // MARK: P10 matched crowdfunding

    /// P10: matched crowdfunding raises the money projects get and residents'
    /// belonging (ownership), compared with government money alone, in a
    /// compound whose budget does not cover its problems (seeds/003: the case
    /// for crowdfunding).
    @Test func p10MatchedCrowdfundingRaisesMoneyAndBelonging() {
        let p = Self.pair(["crowdfunding.on": 1], base: ["community.old_compound.gov_budget_per_household": 100])
        #expect(Summary(Self.final(p.on, "crowd_funds_total")).ciLow > 0)
        #expect(Self.final(p.off, "crowd_funds_total").allSatisfy { $0 == 0 })
        let money = p.final("project_spend_total")
        #expect(money.low > 0, "money projects get: \(money)")
        let belonging = p.mean("belonging_mean", 365...729)
        #expect(belonging.low > 0, "belonging: \(belonging)")
        // Most of the run-level belonging rise comes from giving as taking part
        // (§7.15): removing the ownership effect (0.05) changes the two-year
        // mean within noise (measured, CI spans 0), because belonging relaxes
        // back within months. The ownership mechanism itself is checked where
        // it acts: one campaign from the same state and stream, with and
        // without the effect, gives the same money and leaves the scope's
        // belonging higher with it (20 replicates).
        var gain: [Double] = []
        for r in 0..<20 {
            func campaign(_ ownership: Double) -> (money: Double, belonging: Double) {
                let sc = testScenario("p10-unit", households: 600, days: 1, replicates: 1,
                                      ["crowdfunding.on": 1, "crowdfunding.ownership": ownership])
                var w = World(scenario: sc, replicate: r)
                let rng = RandomStream(seed: testBaseSeed, replicate: r, stream: 4242)
                let k = w.newIssue(.publicSpace, community: 0, unit: 0, CalendarDay(0), rng, big: true)
                w.crowdfund(k, need: w.issues.cost[k], CalendarDay(0), rng)
                let scope = w.scopeRange(k)
                return (w.issues.crowdFunds[k], scope.map { Double(w.residents.belonging[$0]) }.reduce(0, +) / Double(scope.count))
            }
            let with = campaign(0.05), without = campaign(0)
            #expect(with.money == without.money && with.money > 0)
            gain.append(with.belonging - without.belonging)
        }
        let ownership = Summary(gain)
        #expect(ownership.ciLow > 0, "giving raises givers' belonging (ownership): \(ownership.mean) [\(ownership.ciLow), \(ownership.ciHigh)]")
    }

    // MARK: one test per lever

    /// Ablation: riders who neither notice nor report (hazard and report chance 0).
    @Test func reportersCutTheDelayToRaising() {
        let d = Self.leverAndMechanism(["reporters.on": 1], ablate: ["reporters.notice_hazard": 0, "reporters.report_chance": 0],
                                       column: "mean_raise_days", days: 365)
        #expect(d.lever.high < 0, "\(d.lever)")
        #expect(d.mechanism.high < 0, "riders noticing and reporting is what cuts it: \(d.mechanism)")
    }

    /// Ablation: the issue's own meeting no sooner than the monthly platform (30 days).
    @Test func oneIssueOneMeetingSpeedsResolution() {
        let d = Self.leverAndMechanism(["deliberation_modes.on": 1, "deliberation_modes.three_round": 0],
                                       ablate: ["deliberation_modes.meeting_delay": 30], column: "mean_resolution_days", days: 365)
        #expect(d.lever.high < 0, "\(d.lever)")
        #expect(d.mechanism.high < 0, "meeting within days is what speeds it: \(d.mechanism)")
    }

    @Test func threeRoundDeliberationReachesConsensusMoreOftenWithMoreLegitimacy() {
        // Mostly big issues, where the mode applies.
        let base: [String: Double] = ["issues.public_space.rate": 10, "issues.parking.rate": 10,
                                      "issues.public_space.big_share": 1, "issues.parking.big_share": 1]
        let lever: [String: Double] = ["deliberation_modes.on": 1, "deliberation_modes.one_issue_one_meeting": 0]
        let c = Self.leverAndMechanism(lever, ablate: ["deliberation_modes.three_round_bonus": 0], base: base, column: "consensus_rate")
        #expect(c.lever.low > 0, "consensus: \(c.lever)")
        #expect(c.mechanism.low > 0, "the rounds' consensus bonus is what raises it: \(c.mechanism)")
        // Legitimacy rises mostly through the rounds' decisions themselves (more
        // agreed, better-attended decisions); the added legitimacy per decision
        // alone is too small to separate at 12 replicates, so the ablation
        // switches off both of the mode's bonuses.
        let l = Self.leverAndMechanism(lever, ablate: ["deliberation_modes.three_round_bonus": 0, "deliberation_modes.three_round_legitimacy": 0],
                                       base: base, column: "legitimacy")
        #expect(l.lever.low > 0, "legitimacy: \(l.lever)")
        #expect(l.mechanism.low > 0, "the rounds' bonuses are what raise it: \(l.mechanism)")
    }

    @Test func crossCompoundPlatformHelpsCrossCompoundIssues() {
        let base: [String: Double] = ["issues.cross_compound_share": 1, "issues.parking.big_share": 1, "issues.parking.rate": 30,
                                      "deliberation_modes.on": 1, "deliberation_modes.cross_compound": 0]
        let d = Self.leverEffect(["deliberation_modes.cross_compound": 1], base: base, column: "consensus_rate")
        #expect(d.low > 0, "\(d)")
    }

    /// Ablation: a specialist who removes no conflict.
    @Test func legalSpecialistRaisesConsensusInDisputes() {
        let d = Self.leverAndMechanism(["legal_specialist.on": 1], ablate: ["legal_specialist.conflict_cut": 0], column: "consensus_rate")
        #expect(d.lever.low > 0, "\(d.lever)")
        #expect(d.mechanism.low > 0, "cutting the dispute's conflict is what raises it: \(d.mechanism)")
    }

    /// Ablation: planners and designers who add no quality (their consensus
    /// bonus kept): quality falls back.
    @Test func plannerAndDesignersRaiseQuality() {
        let d = Self.leverAndMechanism(["planner.on": 1], ablate: ["planner.quality_bonus": 0, "planner.designer_quality": 0],
                                       column: "quality_mean", days: 365)
        #expect(d.lever.low > 0.1, "\(d.lever)")
        #expect(d.mechanism.low > 0.1, "the planner's and designers' quality is what raises it: \(d.mechanism)")
    }

    /// Four asks: better work, better liked, but slower. Satisfaction is
    /// checked against an ablation arm (consultation without its satisfaction
    /// boost) as well as against no consultation, over a second year, with 20
    /// replicates: the consultation's staff hours come out of visits, so the
    /// net effect is smaller than the boost alone.
    @Test func fourAsksRaiseQualityAndSatisfactionAndTakeLonger() {
        let n = 20
        let on = Self.arm(["four_asks.on": 1], days: 730, replicates: n)
        let off = Self.arm([:], days: 730, replicates: n)
        let ablated = Self.arm(["four_asks.on": 1, "four_asks.satisfaction_boost": 0], days: 730, replicates: n)
        let q = pairedDifference(Self.final(on, "quality_mean"), Self.final(off, "quality_mean"))
        #expect(q.low > 0, "quality: \(q)")
        let t = pairedDifference(Self.final(on, "mean_resolution_days"), Self.final(off, "mean_resolution_days"))
        #expect(t.low > 0, "days: \(t)")
        let s = pairedDifference(Self.mean(on, "satisfaction_mean", 365...729), Self.mean(off, "satisfaction_mean", 365...729))
        #expect(s.low > 0, "satisfaction: \(s)")
        let boost = pairedDifference(Self.mean(on, "satisfaction_mean", 365...729), Self.mean(ablated, "satisfaction_mean", 365...729))
        #expect(boost.low > 0, "the satisfaction boost is what raises it: \(boost)")
    }

    @Test func microVentureGrantsFundServicesAndThirdPartyJudgesPickBetter() {
        let base: [String: Double] = ["talent_studios.on": 1, "micro_venture.on": 1, "micro_venture.grants": 1,
                                      "micro_venture.min_members": 3, "micro_venture.min_age_days": 60]
        let on = Self.arm(base)
        #expect(Summary(Self.final(on, "grant_funds_total")).ciLow > 0)
        let off = Self.arm(base.merging(["micro_venture.on": 0]) { $1 })
        #expect(Self.final(off, "grant_funds_total").allSatisfy { $0 == 0 })
        // Judging needs contests with several entries: three yearly contests, 20 replicates.
        let third = Self.arm(base.merging(["micro_venture.third_party": 1]) { $1 }, days: 1095, replicates: 20)
        let own = Self.arm(base.merging(["micro_venture.third_party": 0]) { $1 }, days: 1095, replicates: 20)
        let judged = pairedDifference(Self.final(third, "grant_quality"), Self.final(own, "grant_quality"))
        #expect(judged.low > 0, "third-party evaluation picks better proposals: \(judged)")
        // Ablation: a third party that judges no better than the community's own
        // judges (same error) picks no better: the gain is its accuracy's.
        let blunt = Self.arm(base.merging(["micro_venture.third_party": 1, "micro_venture.judge_noise_third_party": 0.3]) { $1 },
                             days: 1095, replicates: 20)
        let accuracy = pairedDifference(Self.final(third, "grant_quality"), Self.final(blunt, "grant_quality"))
        #expect(accuracy.low > 0, "the evaluator's accuracy is what picks better: \(accuracy)")
    }

    /// Units' money and shared parking pay for compound problems the government would otherwise pay for.
    @Test func coBuildingUnitsBringMoneyAndSaveGovernmentMoney() {
        let p = Self.pair(["co_building.on": 1])
        #expect(Summary(Self.final(p.on, "unit_funds_total")).ciLow > 0)
        // Units pay before the government (Funding.swift's order), so the
        // government's share of project money falls.
        func govShare(_ runs: [ReplicateSeries]) -> [Double] {
            runs.map { $0.all("gov_spend_total", day: $0.days - 1) / max(1, $0.all("project_spend_total", day: $0.days - 1)) }
        }
        let d = pairedDifference(govShare(p.on), govShare(p.off))
        #expect(d.high < 0, "government share of project money: \(d)")
        // Ablation: units that give no money and share no parking save the
        // government nothing (their events and volunteers kept).
        let giveNothing = Self.arm(["co_building.on": 1, "co_building.money_per_unit": 0, "co_building.parking_cost_cut": 0])
        let saving = pairedDifference(govShare(p.on), govShare(giveNothing))
        #expect(saving.high < 0, "units' money and parking are what save it: \(saving)")
        // The alliance strengthens every unit's link (ℓ0 + `alliance_link`), so
        // links are stronger and units give more money.
        let withAlliance = Self.arm(["co_building.on": 1, "co_building.alliance": 1])
        let link = pairedDifference(Self.final(withAlliance, "unit_link_mean"), Self.final(p.on, "unit_link_mean"))
        #expect(link.low > 0, "alliance links are stronger: \(link)")
        let money = pairedDifference(Self.final(withAlliance, "unit_funds_total"), Self.final(p.on, "unit_funds_total"))
        #expect(money.low > 0, "and bring more money: \(money)")
    }

    /// Conventions cut arrivals of conduct problems and, with rota duties, the
    /// wear of their fixes (so fewer recur). Ablations: no arrival cut; and no
    /// decay cut and no rota (arrival cut kept).
    @Test func conventionsAndRotaDutiesMeanFewerProblems() {
        let on = Self.arm(["conventions.on": 1]), off = Self.arm([:])
        let noCut = Self.arm(["conventions.on": 1, "conventions.arrival_cut": 0])
        let noUpkeep = Self.arm(["conventions.on": 1, "conventions.decay_cut": 0, "conventions.rota": 0])
        let d = pairedDifference(Self.final(on, "issues_arisen_total"), Self.final(off, "issues_arisen_total"))
        #expect(d.high < 0, "\(d)")
        let cut = pairedDifference(Self.final(on, "issues_arisen_total"), Self.final(noCut, "issues_arisen_total"))
        #expect(cut.high < 0, "the convention's arrival cut is what prevents problems: \(cut)")
        let upkeep = pairedDifference(Self.final(on, "issues_arisen_total"), Self.final(noUpkeep, "issues_arisen_total"))
        #expect(upkeep.high < 0, "slower wear and rota duties mean fewer recurrences: \(upkeep)")
    }

    /// Votes: more legitimate decisions and better-liked results; the
    /// satisfaction part is checked against a vote without its satisfaction
    /// boost too (20 replicates, a second year).
    @Test func residentsVoteRaisesLegitimacyAndSatisfaction() {
        let n = 20
        let on = Self.arm(["residents_vote.on": 1], days: 730, replicates: n)
        let off = Self.arm([:], days: 730, replicates: n)
        let ablated = Self.arm(["residents_vote.on": 1, "residents_vote.satisfaction_boost": 0], days: 730, replicates: n)
        let l = pairedDifference(Self.final(on, "legitimacy"), Self.final(off, "legitimacy"))
        #expect(l.low > 0, "legitimacy: \(l)")
        let s = pairedDifference(Self.mean(on, "satisfaction_mean", 365...729), Self.mean(off, "satisfaction_mean", 365...729))
        #expect(s.low > 0, "satisfaction: \(s)")
        let boost = pairedDifference(Self.mean(on, "satisfaction_mean", 365...729), Self.mean(ablated, "satisfaction_mean", 365...729))
        #expect(boost.low > 0, "the vote's satisfaction boost is what raises it: \(boost)")
    }

    // MARK: the ledger

    /// Money is conserved: every source's receipts equal its spending plus its
    /// balance (plus lapsed budget, plus money held by issues not yet at work),
    /// so spending never exceeds what the ledger received. Every lever is on,
    /// so the new sources and costs (station repairs, associations' spaces,
    /// fees) are in play; lever money is a separate view and only grows.
    @Test func moneyIsConserved() {
        var sets: [String: Double] = [:]
        for lever in LeverID.allCases { sets["\(lever.name).on"] = 1 }
        sets["micro_venture.min_members"] = 3
        sets["micro_venture.min_age_days"] = 60
        sets["community.old_compound.gov_budget_per_household"] = 50   // tight: issues wait, some stall
        let sc = testScenario("ledger", households: 600, days: 800, replicates: 1, sets)
        for rep in 0..<3 {
            var w = World(scenario: sc, replicate: rep)
            var spentSomething = false
            var lastLeverMoney = 0.0
            for day in 0..<sc.days {
                w.step(day: day)
                guard day % 50 == 49 else { continue }
                let l = w.ledger
                var heldCrowd = 0.0, heldMatch = 0.0
                for k in 0..<w.issues.count where w.stage(k).rawValue < IssueStage.work.rawValue || w.stage(k) == .stalled {
                    heldCrowd += w.issues.crowdFunds[k]
                    heldMatch += w.issues.funds[k] - w.issues.crowdFunds[k]
                }
                let tol = 1e-6 * max(1, l.received(0))
                #expect(abs(l.fundReceived[0] - l.fundSpent[0] - l.fundBalance[0]) < tol)
                #expect(abs(l.unitReceived[0] - l.unitSpent[0] - l.unitBalance[0]) < tol)
                #expect(abs(l.grantReceived[0] - l.grantSpent[0] - l.grantBalance[0]) < tol)
                #expect(abs(l.crowdReceived[0] - l.crowdSpent[0] - heldCrowd) < tol)
                #expect(abs(l.govReceived[0] - l.govSpent[0] - l.govBalance[0] - l.govLapsed[0] - heldMatch) < tol)
                for b in [l.fundBalance[0], l.unitBalance[0], l.grantBalance[0], l.govBalance[0]] { #expect(b >= -tol) }
                #expect(l.spent(0) <= l.received(0) + tol)
                if l.spent(0) > 0 { spentSomething = true }
                #expect(w.costs.totalMoney(0) >= lastLeverMoney)
                lastLeverMoney = w.costs.totalMoney(0)
            }
            #expect(spentSomething)
        }
    }

    /// Observation columns agree with each other.
    @Test func resolvedByTypeSumsToTheTotalAndCostPerResolvedIsSpendOverResolved() {
        let runs = Self.arm([:], days: 365, replicates: 3)
        for r in runs {
            let total = r.all("issues_resolved_total", day: 364)
            let byType = IssueType.allCases.map { r.all("resolved_\($0.label)", day: 364) }.reduce(0, +)
            #expect(total > 0 && total == byType)
            let cost = r.all("cost_per_resolved", day: 364)
            #expect(abs(cost - r.all("project_spend_total", day: 364) / total) < 1e-6 * cost)
            #expect(r.all("issues_arisen_total", day: 364) >= total + r.all("issues_open", day: 364) - 1e-9)
        }
    }

    // MARK: edge cases

    @Test func zeroBudgetStillSolvesFreeProblemsAndSpendsNoGovernmentMoney() {
        let runs = Self.arm(["community.old_compound.gov_budget_per_household": 0], days: 365, replicates: 4)
        for r in runs {
            #expect(r.all("gov_spend_total", day: 364) == 0)
            #expect(r.all("resolved_noise", day: 364) > 0, "noise costs nothing and is still resolved")
        }
    }

    @Test func noResidentsInScopeMeansNobodyRaisesIt() {
        let sc = testScenario("empty-scope", households: 300, days: 120, replicates: 1,
                              ["reporters.on": 0, "community.old_compound.issue_rate_factor": 0])
        var w = World(scenario: sc, replicate: 0)
        // Building 0 holds only children: nobody aged 13+ is in the scope.
        let b0 = Int(w.units.buildingResidents[0])..<Int(w.units.buildingResidents[1])
        for i in b0 { w.residents.age[i] = AgeGroup.child.rawValue }
        let k = w.newIssue(.leaksFacades, community: 0, unit: 0, CalendarDay(0), RandomStream(seed: 3, replicate: 0, stream: 5))
        w.issues.stage[k] = IssueStage.noticed.rawValue
        for d in 0..<sc.days { w.step(day: d) }
        #expect(w.stage(k) == .noticed)
        #expect(w.issues.raiser[k] == -1)
        #expect(w.tallies.lingering[0] == 1)
    }

    @Test func communityWithoutStaffRunsAndSolvesLess() {
        let none = Self.arm(["community.old_compound.staff_per_1000": 0], days: 365, replicates: 6)
        let some = Self.arm([:], days: 365, replicates: 6)
        for r in none { #expect(r.allMean("staff_hours", 0...364) == 0) }
        let d = pairedDifference(Self.final(none, "issues_resolved_total"), Self.final(some, "issues_resolved_total"))
        #expect(d.high < 0, "\(d)")
    }

    @Test func horizonShorterThanADeliberation() {
        // Ten days, before the first platform meeting (day 20) and any second round.
        let runs = Self.arm(["deliberation_modes.on": 1, "deliberation_modes.one_issue_one_meeting": 0], days: 10, replicates: 3)
        for r in runs {
            #expect(r.days == 10)
            #expect(r.all("issues_resolved_total", day: 9) == 0)
            #expect(r.all("issues_open", day: 9) == r.all("issues_arisen_total", day: 9))
            #expect(r.all("mean_resolution_days", day: 9).isNaN, "a mean over no resolved issue is NA, not 0")
        }
    }
}
