import Testing
@testable import Linli

/// The staff levers (issue 14 items 6 and 7): discovery paths, training with
/// the career ladder and cadre incentives, and staffing, each on vs off on
/// the same seeds with an ablation arm per mechanism; staff as a stock; and
/// P6 (leaders withdraw; without the discovery drive participation decays
/// after they go, with it participation holds up).
@Suite struct StaffLeverTests {
    static let replicates = 20
    static let days = 730
    /// The second year, when levers started on day 0 have had time to act.
    static let late = 365...729

    static func arm(_ sets: [String: Double], days: Int = days) -> [ReplicateSeries] {
        Runner.run(testScenario("staff", households: 1000, days: days, replicates: replicates, sets), jobs: 2)
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }

    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int> = late) -> [Double] {
        runs.map { $0.allMean(column, days) }
    }

    static func diff(_ a: [ReplicateSeries], _ b: [ReplicateSeries], _ column: String, final: Bool = false) -> (mean: Double, low: Double, high: Double) {
        final ? pairedDifference(Self.final(a, column), Self.final(b, column))
              : pairedDifference(mean(a, column), mean(b, column))
    }

    /// Cost booked on every replicate while on, exactly 0 when off.
    static func expectCost(_ on: [ReplicateSeries], _ off: [ReplicateSeries], _ column: String) {
        for r in on { #expect(r.all(column, day: r.days - 1) > 0, "\(column) while on") }
        for r in off { #expect(r.all(column, day: r.days - 1) == 0, "\(column) while off") }
    }

    // MARK: staff as a stock

    /// With every lever off the stock sits at its steady state: a vacancy
    /// gap below the target, constant experience; staff hours follow it.
    @Test func staffStockSteadyStateWithoutLevers() {
        let sc = testScenario("stock", households: 1000, days: 60, replicates: 1)
        var w = World(scenario: sc, replicate: 0)
        let target = w.staff.baseTarget[0]
        let s0 = w.communities.staff[0]
        #expect(s0 < target && s0 > 0.9 * target, "vacancies: \(s0) of \(target)")
        for d in 0..<60 { w.step(day: d) }
        #expect(abs(w.communities.staff[0] - s0) < 1e-9)
        #expect(abs(w.staffExperienceFactor(0, 59) - 1) < 1e-9)
        // Turnover higher than the base: fewer in post (the stock leaves its steady state).
        let hi = testScenario("stock", households: 1000, days: 60, replicates: 1, ["staff.turnover_per_year": 0.6])
        let w2 = World(scenario: hi, replicate: 0)
        #expect(w2.communities.staff[0] < s0)
    }

    // MARK: discovery

    /// The discovery drive finds more talents by each path and gets more of
    /// them hosting; each path switched off removes its own part.
    @Test func discoveryLeverRaisesDiscoveryByPath() {
        let lever: [String: Double] = ["discovery.on": 1]
        let on = Self.arm(lever), off = Self.arm([:])
        let noVisit = Self.arm(lever.merging(["discovery.visit_gain": 0]) { $1 })
        let noEvent = Self.arm(lever.merging(["discovery.event_gain": 0]) { $1 })
        let noRaiser = Self.arm(lever.merging(["discovery.raiser_gain": 0]) { $1 })
        let noAsk = Self.arm(lever.merging(["discovery.followups_per_week": 0]) { $1 })
        Self.expectCost(on, off, "staff_hours_discovery")
        let latent = Self.diff(on, off, "talents_latent", final: true)
        print("discovery: latent on−off \(latent)")
        #expect(latent.high < 0, "fewer talents stay latent: \(latent)")
        let engaged = Self.diff(on, off, "talents_engaged")
        print("discovery: engaged on−off \(engaged)")
        #expect(engaged.low > 0, "more talents host groups: \(engaged)")
        let part = Self.diff(on, off, "participation_rate")
        print("discovery: participation on−off \(part)")
        #expect(part.low > 0, "participation: \(part)")
        for (name, ablated, column) in [("visit register", noVisit, "discovered_visit_total"),
                                         ("activity scouts", noEvent, "discovered_activity_total"),
                                         ("raiser follow-up", noRaiser, "discovered_raiser_total")] {
            let d = Self.diff(on, ablated, column, final: true)
            print("discovery: \(column) on−(no \(name)) \(d)")
            #expect(d.low > 0, "\(name): \(d)")
        }
        let ask = Self.diff(on, noAsk, "talents_engaged")
        print("discovery: engaged on−(no follow-ups) \(ask)")
        #expect(ask.low > 0, "register follow-ups: \(ask)")
    }

    /// P6: leaders withdraw. Start with many engaged talents (half the latent
    /// ones host a group on day 0) who withdraw at a year's mean: without the
    /// discovery drive participation decays after they go; with it,
    /// participation in the second year stays higher and decays clearly less.
    @Test func p6WithoutDiscoveryParticipationDecaysAfterLeadersGo() {
        let base: [String: Double] = ["talents.withdraw_rate": 1.0 / 365]
        let off = Self.p6Runs(base), on = Self.p6Runs(base.merging(["discovery.on": 1]) { $1 })
        let early = 60...240, lateDays = 550...729
        func change(_ runs: [ReplicateSeries]) -> [Double] {
            runs.map { $0.allMean("participation_rate", lateDays) - $0.allMean("participation_rate", early) }
        }
        let decayOff = Summary(change(off)), decayOn = Summary(change(on))
        let engagedOff = Summary(Self.mean(off, "talents_engaged", lateDays)), engagedOn = Summary(Self.mean(on, "talents_engaged", lateDays))
        print("P6: late − early participation off \(decayOff.mean) [\(decayOff.ciLow), \(decayOff.ciHigh)], on \(decayOn.mean) [\(decayOn.ciLow), \(decayOn.ciHigh)]; engaged late off \(engagedOff.mean) on \(engagedOn.mean)")
        #expect(decayOff.ciHigh < 0, "off: participation decays: \(decayOff)")
        let held = pairedDifference(change(on), change(off))
        print("P6: decay on − off \(held)")
        #expect(held.low > 0, "on: decays less: \(held)")
        let late = pairedDifference(Self.mean(on, "participation_rate", lateDays), Self.mean(off, "participation_rate", lateDays))
        print("P6: late participation on − off \(late)")
        #expect(late.low > 0, "late participation: \(late)")
    }

    /// Replicates of the P6 scenario: on day 0 every latent talent hosts a
    /// group with probability 1/2 (the same talents in both arms).
    static func p6Runs(_ sets: [String: Double]) -> [ReplicateSeries] {
        let sc = testScenario("p6", households: 1000, days: days, replicates: replicates, sets)
        return (0..<replicates).map { r in
            var w = World(scenario: sc, replicate: r)
            let rng = RandomStream(seed: sc.seed, replicate: r, stream: 9_001)
            for i in 0..<w.residents.count where w.residents.talent[i] == TalentState.latent.rawValue {
                if rng.uniform() < 0.5 { w.engage(i, CalendarDay(0), rng) }
            }
            var series = ReplicateSeries(replicate: r, days: sc.days, rowNames: sc.communities.map(\.name) + ["all"],
                                         columns: Observation.columns)
            for d in 0..<sc.days {
                w.step(day: d)
                w.observe(day: d, into: &series)
            }
            return series
        }
    }

    // MARK: training

    /// Training, the career ladder and cadre incentives: more visits reach
    /// residents (belonging, participation), workers stay longer (headcount,
    /// experience); each mechanism switched off removes its part.
    @Test func trainingLeverRaisesEffectivenessAndRetention() {
        let lever: [String: Double] = ["training.on": 1]
        let on = Self.arm(lever), off = Self.arm([:])
        let noCourses = Self.arm(lever.merging(["training.courses_per_year": 0]) { $1 })
        let noRetention = Self.arm(lever.merging(["training.ladder_turnover_factor": 1, "training.incentive_turnover_factor": 1,
                                                  "training.trained_turnover_factor": 1]) { $1 })
        let noEffort = Self.arm(lever.merging(["training.effort_gain": 0, "training.sent_down": 0]) { $1 })
        Self.expectCost(on, off, "cost_training")
        Self.expectCost(on, off, "staff_hours_training")
        for (column, name) in [("belonging_mean", "belonging"), ("participation_rate", "participation")] {
            let d = Self.diff(on, off, column)
            print("training: \(name) on−off \(d)")
            #expect(d.low > 0, "\(name): \(d)")
        }
        let courses = Self.diff(on, noCourses, "belonging_mean")
        print("training: belonging on−(no courses) \(courses)")
        #expect(courses.low > 0, "courses: \(courses)")
        #expect(Self.final(noCourses, "staff_trained").allSatisfy { $0 == 0 })
        for column in ["staff_count", "staff_experience_mean"] {
            let d = Self.diff(on, noRetention, column, final: true)
            print("training: \(column) on−(no retention) \(d)")
            #expect(d.low > 0, "retention, \(column): \(d)")
        }
        let effort = Self.diff(on, noEffort, "belonging_mean")
        print("training: belonging on−(no incentives' effort, no cadres) \(effort)")
        #expect(effort.low > 0, "incentives: \(effort)")
    }

    // MARK: staffing

    /// More community workers and street staff: more in post (new hires less
    /// experienced), more visits (belonging, participation); community and
    /// street parts each switched off remove their part.
    @Test func staffingLeverRaisesHeadcountAndOutreach() {
        let lever: [String: Double] = ["staffing.on": 1]
        let on = Self.arm(lever), off = Self.arm([:])
        let noCommunity = Self.arm(lever.merging(["staffing.added": 0]) { $1 })
        let noStreet = Self.arm(lever.merging(["staffing.street_support_share": 0]) { $1 })
        Self.expectCost(on, off, "cost_staffing")
        let count = Self.diff(on, off, "staff_count", final: true)
        print("staffing: staff_count on−off \(count)")
        #expect(count.low > 1, "headcount: \(count)")
        let experience = Self.diff(on, off, "staff_experience_mean", final: true)
        print("staffing: experience on−off \(experience)")
        #expect(experience.high < 0, "new hires start inexperienced: \(experience)")
        for (column, name) in [("belonging_mean", "belonging"), ("participation_rate", "participation")] {
            let d = Self.diff(on, off, column)
            print("staffing: \(name) on−off \(d)")
            #expect(d.low > 0, "\(name): \(d)")
        }
        let community = Self.diff(on, noCommunity, "belonging_mean")
        print("staffing: belonging on−(no community posts) \(community)")
        #expect(community.low > 0, "community workers: \(community)")
        let street = Self.diff(on, noStreet, "belonging_mean")
        print("staffing: belonging on−(no street support) \(street)")
        #expect(street.low > 0, "street staff: \(street)")
    }
}
