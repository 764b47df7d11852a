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

    /// With every lever off the stock sits at its steady state: the workers
    /// wanted in post (`staff_per_1000`), a vacancy gap below the quota of
    /// posts, constant experience.
    @Test func staffStockSteadyStateWithoutLevers() {
        let sc = testScenario("stock", households: 1000, days: 60, replicates: 1)
        var w = World(scenario: sc, replicate: 0)
        let target = w.staff.baseTarget[0]
        let s0 = w.communities.staff[0]
        #expect(s0 < target && s0 > 0.9 * target, "vacancies: \(s0) of \(target)")
        for d in 0..<60 { w.step(day: d) }
        #expect(abs(w.communities.staff[0] - s0) < 1e-9)
        #expect(abs(w.staffExperienceFactor(0, 59) - 1) < 1e-9)
        // Higher base turnover: the same workers wanted in post, more posts held for
        // vacancies, less experience.
        let hi = testScenario("stock", households: 1000, days: 60, replicates: 1, ["staff.turnover_per_year": 0.6])
        let w2 = World(scenario: hi, replicate: 0)
        #expect(abs(w2.communities.staff[0] - s0) < 1e-9)
        #expect(w2.staff.target[0] > target)
        #expect(w2.staff.experience[0] < w.staff.experience[0])
    }

    // MARK: discovery

    /// The discovery drive finds more talents by each path and gets more of
    /// them hosting; each path switched off removes its own part.
    @Test func discoveryLeverRaisesDiscoveryByPath() {
        // A compound with many talents (seeds/004 Junyuan), so each path's finds are countable.
        let talents: [String: Double] = ["community.old_compound.talent_share": 0.05]
        let lever = talents.merging(["discovery.on": 1]) { $1 }
        let on = Self.arm(lever), off = Self.arm(talents)
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

    /// P6: leaders withdraw. Half the latent talents host a group from day 0;
    /// on day 365 a wave takes 90% of the engaged talents away
    /// (`talents.wave_share`). Without the discovery drive participation in
    /// the year after the wave falls below the quarter before it; with the
    /// drive (from the day they go) new leaders are found and participation
    /// holds: in the third year it is within a point of (or above) its level
    /// before the wave, and above the arm without the drive.
    @Test func p6WithoutDiscoveryParticipationDecaysAfterLeadersGo() {
        let base: [String: Double] = ["talents.engaged0": 0.5, "talents.wave_share": 0.9, "talents.wave_day": 365]
        let off = Self.arm(base, days: 1095)
        let on = Self.arm(base.merging(["discovery.on": 1, "discovery.start_day": 365]) { $1 }, days: 1095)
        let before = 275...364, yearAfter = 365...729, third = 820...1094
        for r in on {
            #expect(r.all("staff_hours_discovery", day: 364) == 0, "no cost before the start day")
            #expect(r.all("staff_hours_discovery", day: 1094) > 0, "cost while on")
        }
        func change(_ runs: [ReplicateSeries], _ after: ClosedRange<Int>) -> Summary {
            Summary(runs.map { $0.allMean("participation_rate", after) - $0.allMean("participation_rate", before) })
        }
        let decayOff = change(off, yearAfter)
        print("P6 off: year after − before \(decayOff.mean) [\(decayOff.ciLow), \(decayOff.ciHigh)]")
        #expect(decayOff.ciHigh < 0, "off: participation decays after the leaders go: \(decayOff)")
        let holdOn = change(on, third)
        print("P6 on: third year − before \(holdOn.mean) [\(holdOn.ciLow), \(holdOn.ciHigh)]")
        #expect(holdOn.ciLow > -0.01, "on: participation holds: \(holdOn)")
        let late = pairedDifference(Self.mean(on, "participation_rate", third), Self.mean(off, "participation_rate", third))
        print("P6: third-year participation on − off \(late)")
        #expect(late.low > 0, "on vs off: \(late)")
        let engaged = pairedDifference(Self.mean(on, "talents_engaged", third), Self.mean(off, "talents_engaged", third))
        print("P6: third-year engaged talents on − off \(engaged)")
        #expect(engaged.low > 0, "new leaders found: \(engaged)")
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
        // Four workers added (about half again the old compound's ~7.4), so the effect on participation shows.
        let lever: [String: Double] = ["staffing.on": 1, "staffing.added": 4]
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
