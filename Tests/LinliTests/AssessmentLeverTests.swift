import Foundation
import Testing
@testable import Linli

/// The assessment and social-organisation levers and four asks during and
/// after work (ODD §7.45, §7.46, §7.29). Each test runs paired arms (same
/// seeds, so populations start identical) with 20 replicates of one old
/// compound of 1,000 households for 730 days: the lever off, on, and the
/// named mechanism switched off by its field; each asserts the 95% CI of the
/// paired difference, and that the lever's cost is booked exactly while on.
@Suite struct AssessmentLeverTests {
    static let replicates = 20
    static let days = 730
    static let secondYear = 365...729

    static func arm(_ sets: [String: Double]) -> [ReplicateSeries] {
        Runner.run(testScenario("assessment", households: 1000, days: days, replicates: replicates, sets), jobs: 2)
    }
    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }
    static func late(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.allMean(column, Self.secondYear) }
    }

    static func expectCostBooked(_ lever: String, on: [ReplicateSeries], off: [ReplicateSeries]) {
        let money = final(on, "cost_\(lever)"), hours = final(on, "staff_hours_\(lever)")
        #expect(money.allSatisfy { $0 > 0 }, "cost_\(lever) while on: \(money)")
        #expect(hours.allSatisfy { $0 > 0 }, "staff_hours_\(lever) while on: \(hours)")
        #expect(final(off, "cost_\(lever)").allSatisfy { $0 == 0 }, "cost_\(lever) off")
        #expect(final(off, "staff_hours_\(lever)").allSatisfy { $0 == 0 }, "staff_hours_\(lever) off")
    }

    // MARK: assessment (§7.45)

    /// Survey → staff time (seeds/000 问效于民; the deputies' weight in the
    /// annual assessment): after the first year-end survey a low score moves
    /// admin hours to household visits, which raise belonging and trust. On
    /// vs the incentive switched off (`outreach_shift` 0): higher belonging
    /// in the second year (trust is printed: it moves too, but κ's feedback
    /// makes it too noisy to assert at every seed). The score is published
    /// from day 364.
    @Test func surveyMovesStaffTimeToOutreach() {
        let on: [String: Double] = ["assessment.on": 1]
        let off = Self.arm([:])
        let lever = Self.arm(on)
        let noShift = Self.arm(on.merging(["assessment.outreach_shift": 0]) { $1 })
        let b = pairedDifference(Self.late(lever, "belonging_mean"), Self.late(noShift, "belonging_mean"))
        let t = pairedDifference(Self.late(lever, "trust_mean"), Self.late(noShift, "trust_mean"))
        let bOff = pairedDifference(Self.late(lever, "belonging_mean"), Self.late(off, "belonging_mean"))
        let score = Self.final(lever, "assessment_score")
        print("assessment survey: belonging on − no shift \(describe(b)); trust \(describe(t)); belonging on − off \(describe(bOff)); score mean \(Summary(score).mean)")
        #expect(b.low > 0, "the shifted hours are visits that raise belonging: \(b)")
        // The lever's net effect on belonging against no lever (the survey's own
        // staff hours offset part of the shifted visits) held at only 8 of 10
        // base seeds (docs/seed-robustness.md): printed above, not asserted.
        #expect(score.allSatisfy { $0 > 0 && $0 < 1 }, "a score in (0,1) is published: \(score)")
        #expect(lever.allSatisfy { $0.all("assessment_score", day: 363).isNaN }, "no score before the first survey")
        Self.expectCostBooked("assessment", on: lever, off: off)
    }

    /// Project rating → κ (seeds/003 更新效果居民评): residents rate each
    /// finished project; ratings above neutral raise credibility κ. On vs
    /// the rating's effect switched off (`rating_weight` 0): mean κ higher in the second year.
    @Test func projectRatingFeedsCredibility() {
        let on: [String: Double] = ["assessment.on": 1]
        let lever = Self.arm(on)
        let noRating = Self.arm(on.merging(["assessment.rating_weight": 0]) { $1 })
        let k = pairedDifference(Self.late(lever, "credibility"), Self.late(noRating, "credibility"))
        print("assessment rating: credibility on − no rating weight \(describe(k))")
        #expect(k.low > 0, "published ratings raise κ: \(k)")
    }

    /// Resident supervision (seeds/003 更新过程居民督): with disputes that can
    /// stall work (`work.stall_rate` 0.01/day), a resident supervisor on each
    /// project means fewer stalled works and higher quality. On vs
    /// supervision switched off (`supervision` 0).
    @Test func supervisionCutsStallsAndRaisesQuality() {
        let on: [String: Double] = ["work.stall_rate": 0.01, "assessment.on": 1]
        let lever = Self.arm(on)
        let noSup = Self.arm(on.merging(["assessment.supervision": 0]) { $1 })
        let stalls = pairedDifference(Self.final(lever, "work_stalls_total"), Self.final(noSup, "work_stalls_total"))
        let q = pairedDifference(Self.final(lever, "quality_mean"), Self.final(noSup, "quality_mean"))
        print("assessment supervision: work stalls on − none \(describe(stalls)); quality \(describe(q))")
        #expect(stalls.high < 0, "supervised work stalls less: \(stalls)")
        #expect(q.low > 0, "and is better: \(q)")
        #expect(Self.final(noSup, "work_stalls_total").allSatisfy { $0 > 0 }, "work stalls without supervision")
    }

    /// Four asks during and after work (seeds/000 四问于民): asked during work,
    /// residents correct it (quality); asked after, they are heard
    /// (satisfaction). Full four asks vs each ask's effect switched off
    /// (`during_quality` 0, `after_satisfaction` 0: the same draws); each ask costs staff hours (vs both asks off, reach 0).
    @Test func fourAsksDuringAndAfterWork() {
        let on: [String: Double] = ["four_asks.on": 1]
        func with(_ x: [String: Double]) -> [String: Double] { on.merging(x) { $1 } }
        let full = Self.arm(on)
        let noDuring = Self.arm(with(["four_asks.during_quality": 0]))
        let noAfter = Self.arm(with(["four_asks.after_satisfaction": 0]))
        let before = Self.arm(with(["four_asks.during_reach": 0, "four_asks.after_reach": 0]))
        let q = pairedDifference(Self.final(full, "quality_mean"), Self.final(noDuring, "quality_mean"))
        let sat = pairedDifference(Self.late(full, "satisfaction_mean"), Self.late(noAfter, "satisfaction_mean"))
        let hours = pairedDifference(Self.final(full, "staff_hours_four_asks"), Self.final(before, "staff_hours_four_asks"))
        print("four asks: quality full − no during \(describe(q)); satisfaction full − no after \(describe(sat)); staff hours full − before only \(describe(hours))")
        #expect(q.low > 0, "asking during work raises quality: \(q)")
        #expect(sat.low > 0, "asking after work raises satisfaction: \(sat)")
        #expect(hours.low > 0, "the asks during and after cost staff hours: \(hours)")
    }

    // MARK: social organisations (§7.46)

    /// Outside organisations bought and assigned to projects (seeds/002 third
    /// party reviews and supervises; seeds/003 the street assigns them): with
    /// disputes that can stall work (`work.stall_rate` 0.02/day) and 3
    /// organisations bought, fewer stalled works, higher quality. On vs supervision switched off
    /// (`projects_per_org` 0, organisations still bought); costs booked.
    @Test func organisationsSuperviseProjects() {
        let base: [String: Double] = ["work.stall_rate": 0.02]
        let on = base.merging(["social_organisations.on": 1, "social_organisations.outside": 3, "social_organisations.incubate_rate": 0]) { $1 }
        let off = Self.arm(base)
        let lever = Self.arm(on)
        let noSup = Self.arm(on.merging(["social_organisations.projects_per_org": 0]) { $1 })
        let stalls = pairedDifference(Self.final(lever, "work_stalls_total"), Self.final(noSup, "work_stalls_total"))
        let q = pairedDifference(Self.final(lever, "quality_mean"), Self.final(noSup, "quality_mean"))
        let stallsOff = pairedDifference(Self.final(lever, "work_stalls_total"), Self.final(off, "work_stalls_total"))
        print("social organisations: work stalls on − no supervision \(describe(stalls)); quality \(describe(q)); stalls on − off \(describe(stallsOff))")
        #expect(stalls.high < 0, "organisations' supervision: fewer stalls: \(stalls)")
        #expect(q.low > 0, "and higher quality: \(q)")
        #expect(stallsOff.high < 0, "the lever lowers stalls: \(stallsOff)")
        Self.expectCostBooked("social_organisations", on: lever, off: off)
    }

    /// Incubation (seeds/002 孵化内生性社会组织 from culture and sports teams):
    /// with no outside organisation, mature groups become home-grown
    /// organisations that supervise projects: quality up (stalls, printed,
    /// fall too, but with a few organisations for part of the run the count
    /// is too noisy to assert at every seed; the stall cut itself is
    /// asserted with outside organisations above). Groups in place from day 0
    /// (`talents.engaged0` 0.5). On vs incubation switched off.
    @Test func incubationGrowsHomeOrganisations() {
        let base: [String: Double] = ["work.stall_rate": 0.01, "talents.engaged0": 0.5]
        let on = base.merging(["social_organisations.on": 1, "social_organisations.outside": 0]) { $1 }
        let lever = Self.arm(on)
        let noInc = Self.arm(on.merging(["social_organisations.incubate_rate": 0]) { $1 })
        let orgs = Self.late(lever, "social_orgs")
        let q = pairedDifference(Self.final(lever, "quality_mean"), Self.final(noInc, "quality_mean"))
        let stalls = pairedDifference(Self.final(lever, "work_stalls_total"), Self.final(noInc, "work_stalls_total"))
        print("incubation: home-grown organisations (second-year mean) \(Summary(orgs).mean); quality on − none \(describe(q)); stalls \(describe(stalls))")
        #expect(Summary(orgs).ciLow > 0, "mature groups become organisations: \(orgs)")
        #expect(Self.final(noInc, "social_orgs").allSatisfy { $0 == 0 }, "none without incubation")
        #expect(q.low > 0, "home-grown organisations raise quality: \(q)")
    }
}
