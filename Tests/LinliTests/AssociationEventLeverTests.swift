import Foundation
import Testing
@testable import Linli

/// The associations, events and party-coverage levers (ODD §7.39-7.41) and
/// pattern P3. Each lever test runs paired arms (same seeds, so populations
/// start identical) with 20 replicates: lever off, lever on, and one arm per
/// named mechanism with that mechanism switched off; each asserts the 95% CI
/// of the paired difference, and that the lever's cost is booked exactly
/// while it is on.
@Suite struct AssociationEventLeverTests {
    static let replicates = 20
    static let days = 730
    /// Second year: the window the time-averaged measures use.
    static let secondYear = 365...729

    static func arm(_ sets: [String: Double], type: CommunityType = .oldCompound, households: Int = 1000) -> [ReplicateSeries] {
        Runner.run(testScenario("assoc-events", type: type, households: households, days: days, replicates: replicates, sets), jobs: 2)
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }

    static func late(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.allMean(column, Self.secondYear) }
    }

    /// Like `arm` (the same runs, day by day as `Simulation.run`), and also
    /// averages `measure` over every 7th day of the second year, per
    /// replicate: for state the output columns do not show.
    static func worldArm(_ sets: [String: Double], type: CommunityType = .oldCompound, households: Int = 1000,
                         _ measure: @escaping @Sendable (World) -> [Double]) -> (runs: [ReplicateSeries], measures: [[Double]]) {
        let sc = testScenario("assoc-events", type: type, households: households, days: days, replicates: replicates, sets)
        let year = Self.secondYear
        return measuredRuns(sc, sampleDay: { year.contains($0) && $0 % 7 == 0 }, sample: { w, _ in measure(w) })
    }

    /// Costs: the lever's money and staff hours are positive on every replicate while on, exactly 0 off.
    static func expectCostBooked(_ lever: String, on: [ReplicateSeries], off: [ReplicateSeries], staff: Bool = true) {
        let money = final(on, "cost_\(lever)"), hours = final(on, "staff_hours_\(lever)")
        #expect(money.allSatisfy { $0 > 0 }, "cost_\(lever) while on: \(money)")
        if staff { #expect(hours.allSatisfy { $0 > 0 }, "staff_hours_\(lever) while on: \(hours)") }
        #expect(final(off, "cost_\(lever)").allSatisfy { $0 == 0 }, "cost_\(lever) off")
        #expect(final(off, "staff_hours_\(lever)").allSatisfy { $0 == 0 }, "staff_hours_\(lever) off")
    }

    // MARK: associations (§7.39)

    /// Interest-first mobilisation and self-financing associations (seeds/001).
    /// On vs off: more group members and higher participation. Ablations:
    /// without classes (interest first) fewer talents engage and groups are
    /// smaller; without the fee filter associations keep less motivated
    /// members; without the governance path association members
    /// take part in sittings and work days less; without a fee the amenity
    /// closes and the associations lose their spaces. Fees are the residents'
    /// money; classes cost staff hours; the space's fit-out the government's.
    @Test func associationsLever() {
        let on: [String: Double] = ["associations.on": 1]
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        // Motivation μ and belonging b of association members (sums and count).
        let muOf: @Sendable (World) -> [Double] = { w in
            var mu = 0.0, b = 0.0, n = 0.0
            for i in 0..<w.residents.count where w.inAssociation(i) {
                mu += Double(w.residents.motivation[i]); b += Double(w.residents.belonging[i]); n += 1
            }
            return [mu, b, n]
        }
        let off = Self.arm([:])
        let (lever, muOnRaw) = Self.worldArm(on, muOf)
        let noClasses = Self.arm(with("associations.classes_per_month", 0))
        let (noFilter, muNoFilterRaw) = Self.worldArm(with("associations.fee_filter", 0), muOf)
        let noFee = Self.arm(with("associations.fee", 0))

        let members = pairedDifference(Self.late(lever, "group_members"), Self.late(off, "group_members"))
        let part = pairedDifference(Self.late(lever, "participation_rate"), Self.late(off, "participation_rate"))
        print("associations: group members on − off \(describe(members)); participation \(describe(part))")
        #expect(members.low > 0, "group members: \(members)")
        #expect(part.low > 0, "participation: \(part)")

        // Interest first: talents engaged and group members over the whole run.
        let engaged = pairedDifference(lever.map { $0.allMean("talents_engaged", 30...729) },
                                       noClasses.map { $0.allMean("talents_engaged", 30...729) })
        let classMembers = pairedDifference(Self.late(lever, "group_members"), Self.late(noClasses, "group_members"))
        print("associations: interest first (on − no classes) engaged \(describe(engaged)); members \(describe(classMembers))")
        #expect(engaged.low > 0, "classes engage talents sooner: \(engaged)")
        #expect(classMembers.low > 0, "and groups grow larger: \(classMembers)")

        // Fee filter: the members who join and stay are more motivated.
        // (Fewer of them, too, on average, but which group holds the space
        // makes the count too noisy to assert; their belonging is set by
        // taking part more than by the filter, and does not differ.)
        let filtered = pairedDifference(Self.late(noFilter, "association_members"), Self.late(lever, "association_members"))
        let mu = pairedDifference(muOnRaw.map { $0[0] / $0[2] }, muNoFilterRaw.map { $0[0] / $0[2] })
        let b = pairedDifference(muOnRaw.map { $0[1] / $0[2] }, muNoFilterRaw.map { $0[1] / $0[2] })
        print("associations: fee filter (on − no filter) members' motivation \(describe(mu)), belonging \(describe(b)); association members (no filter − on) \(describe(filtered))")
        #expect(mu.low > 0, "members who stay are more motivated: \(mu)")

        // Governance path (P3 through the association): a small difference in a
        // small group, so 40 paired replicates (20 held at 17 of 20 seeds).
        func arm40(_ sets: [String: Double]) -> [ReplicateSeries] {
            Runner.run(testScenario("assoc-events", households: 1000, days: Self.days, replicates: 40, sets), jobs: 2)
        }
        let path = pairedDifference(Self.late(arm40(on), "governance_rate_member"),
                                    Self.late(arm40(with("associations.governance_invite", 0)), "governance_rate_member"))
        print("associations: governance path (on − off) members' governance rate \(describe(path))")
        #expect(path.low > 0, "members reach sittings and work days through the association: \(path)")

        // Amenity upkeep: without fees the amenity closes.
        let upkeep = pairedDifference(Self.late(lever, "association_members"), Self.late(noFee, "association_members"))
        print("associations: amenity upkeep (fee − no fee) association members \(describe(upkeep))")
        #expect(upkeep.low > 0, "fees keep the amenity and its association running: \(upkeep)")
        #expect(Self.final(noFee, "association_members").allSatisfy { $0 == 0 }, "no fee: every amenity closed")

        Self.expectCostBooked("associations", on: lever, off: off)
        let fees = Self.final(lever, "lever_cost_residents_total")
        #expect(fees.allSatisfy { $0 > 0 }, "residents pay the fees: \(fees)")
        #expect(Self.final(noClasses, "staff_hours_associations").allSatisfy { $0 == 0 }, "no classes, no staff hours")
    }

    // MARK: P3

    /// P3 Interest converts to governance: residents 13+ in an interest group
    /// took part in a sitting, consultation or work day in the last 30 days
    /// more often than those in none (with associations on). Ablation: with
    /// the path switched off (groups and associations relay sittings and work
    /// days no better than a notice) the gap is clearly smaller; what is left
    /// is selection (members are the more motivated).
    @Test func p3InterestConvertsToGovernance() {
        let on: [String: Double] = ["associations.on": 1]
        let noPath = on.merging(["deliberation.member_invite": 0.05, "work.member_invite": 0.05,
                                 "associations.governance_invite": 0]) { $1 }
        let lever = Self.arm(on)
        let ablated = Self.arm(noPath)
        let gapOn = zip(Self.late(lever, "governance_rate_member"), Self.late(lever, "governance_rate_nonmember")).map { $0 - $1 }
        let gapOff = zip(Self.late(ablated, "governance_rate_member"), Self.late(ablated, "governance_rate_nonmember")).map { $0 - $1 }
        let s = Summary(gapOn)
        let d = pairedDifference(gapOn, gapOff)
        print("P3: member − non-member governance rate \(s.mean) [\(s.ciLow), \(s.ciHigh)]; path on − off \(describe(d)); ablated gap \(Summary(gapOff).mean)")
        #expect(s.ciLow > 0, "members take part in governance more: \(s.mean) [\(s.ciLow), \(s.ciHigh)]")
        #expect(d.low > 0, "through the path: \(d)")
        #expect(Summary(gapOff).mean < 0.5 * s.mean, "without the path the gap is less than half")
    }

    // MARK: events (§7.40)

    /// Events with variants (seeds/000, 001, 004), in a commercial estate
    /// (children, teens and foreign residents). On vs off: children, teens
    /// and foreign residents take part more. Ablations: without the all-age
    /// reach children take part less; without the international reach
    /// foreign residents do; without cross ties participants form fewer ties
    /// across age groups and origins; without discovery fewer latent talents
    /// are found.
    @Test func eventsLever() {
        let on: [String: Double] = ["events.on": 1]
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        let type = CommunityType.commercialEstate
        // Foreign residents' participation and ties across age groups and origins (world state).
        let measure: @Sendable (World) -> [Double] = { w in
            var foreign = 0.0, foreignTook = 0.0, crossAge = 0.0, crossOrigin = 0.0
            let n = w.residents.count
            for i in 0..<n {
                if w.residents.origin[i] == Origin.foreign.rawValue && w.residents.age[i] != AgeGroup.child.rawValue {
                    foreign += 1
                    if w.residents.tookPartLast30(i) { foreignTook += 1 }
                }
                for s in 0..<Ties.dynamicSlots {
                    let j = Int(w.ties.dynamic[i * Ties.dynamicSlots + s])
                    guard j >= 0 else { continue }
                    if w.residents.age[j] != w.residents.age[i] { crossAge += 1 }
                    if w.residents.origin[j] != w.residents.origin[i] { crossOrigin += 1 }
                }
            }
            return [foreign > 0 ? foreignTook / foreign : 0, crossAge / Double(n), crossOrigin / Double(n)]
        }
        let (off, wOff) = Self.worldArm([:], type: type, measure)
        let (lever, wOn) = Self.worldArm(on, type: type, measure)
        let noAge = Self.arm(with("events.all_age_reach", 0), type: type)
        let noDiscover = Self.arm(with("events.discover", 0), type: type)
        let wNoOrigin = Self.worldArm(with("events.international_reach", 0), type: type, measure).measures
        let wNoCross = Self.worldArm(with("events.cross_tie", 0), type: type, measure).measures

        for col in ["participation_rate_child", "participation_rate_teen", "participation_rate"] {
            let d = pairedDifference(Self.late(lever, col), Self.late(off, col))
            print("events: \(col) on − off \(describe(d))")
            #expect(d.low > 0, "\(col): \(d)")
        }
        let age = pairedDifference(Self.late(lever, "participation_rate_child"), Self.late(noAge, "participation_rate_child"))
        print("events: all-age reach (on − off) children's participation \(describe(age))")
        #expect(age.low > 0, "all-age events reach children: \(age)")
        // Discovery path. In the full model its marginal effect over visits
        // and other activities is small (printed, not asserted); with the
        // other paths quiet in both arms (visits, other activities, issue
        // raisers) and every variant held weekly for a clearer signal, events
        // alone discover talents, and nothing does without them.
        func found(_ runs: [ReplicateSeries]) -> [Double] {
            runs.map { r in (30...729).map { d in
                r.all("talents_discovered", day: d) + r.all("talents_engaged", day: d) + r.all("talents_withdrawn", day: d)
            }.reduce(0, +) / 700 }
        }
        let full = pairedDifference(found(lever), found(noDiscover))
        let quiet: [String: Double] = ["talents.discover_visit": 0, "talents.discover_event": 0, "issues.discover_raiser": 0,
                                       "events.festivals_per_month": 5, "events.all_age_per_month": 5, "events.international_per_month": 5]
        let isolated = Self.arm(on.merging(quiet) { $1 }, type: type)
        let isolatedOff = Self.arm(on.merging(quiet) { $1 }.merging(["events.discover": 0]) { $1 }, type: type)
        let path = pairedDifference(found(isolated), found(isolatedOff))
        print("events: discovery path (on − off) talents found: full model \(describe(full)); other paths quiet \(describe(path))")
        #expect(path.low > 0, "events discover talents: \(path)")
        #expect(found(isolatedOff).allSatisfy { $0 == 0 }, "no path, no discovery")

        let foreign = pairedDifference(column(wOn, 0), column(wOff, 0))
        let origin = pairedDifference(column(wOn, 0), column(wNoOrigin, 0))
        let crossAge = pairedDifference(column(wOn, 1), column(wNoCross, 1))
        let crossOrigin = pairedDifference(column(wOn, 2), column(wNoCross, 2))
        print("events: foreign participation on − off \(describe(foreign)); international reach on − off \(describe(origin))")
        print("events: cross ties on − off: across ages \(describe(crossAge)), across origins \(describe(crossOrigin)) per resident")
        #expect(foreign.low > 0, "foreign residents take part more: \(foreign)")
        #expect(origin.low > 0, "through the international reach: \(origin)")
        #expect(crossAge.low > 0, "ties across age groups: \(crossAge)")
        #expect(crossOrigin.low > 0, "ties across origins: \(crossOrigin)")

        Self.expectCostBooked("events", on: lever, off: off)
    }

    // MARK: party coverage (§7.41)

    /// Party-building coverage and the red grid (seeds/002). On vs off:
    /// problems are raised sooner and more residents take part. Ablations:
    /// without party members' reach participation gains less; without their
    /// detection, or without informants, problems are raised later.
    @Test func partyCoverageLever() {
        let on: [String: Double] = ["party_coverage.on": 1]
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        let off = Self.arm([:])
        let lever = Self.arm(on)
        let noReach = Self.arm(with("party_coverage.member_reach", 0))
        let noDetect = Self.arm(with("party_coverage.member_notice", 0))
        let noInformants = Self.arm(with("party_coverage.informants_per_grid", 0))

        let raise = pairedDifference(Self.final(off, "mean_raise_days"), Self.final(lever, "mean_raise_days"))
        let part = pairedDifference(lever.map { $0.allMean("participation_rate", 30...729) }, off.map { $0.allMean("participation_rate", 30...729) })
        print("party coverage: raise days off − on \(describe(raise)); participation on − off \(describe(part))")
        #expect(raise.low > 0, "problems raised sooner: \(raise)")
        #expect(part.low > 0, "more residents take part: \(part)")

        let reach = pairedDifference(lever.map { $0.allMean("participation_rate", 30...729) }, noReach.map { $0.allMean("participation_rate", 30...729) })
        let detect = pairedDifference(Self.final(noDetect, "mean_raise_days"), Self.final(lever, "mean_raise_days"))
        let informants = pairedDifference(Self.final(noInformants, "mean_raise_days"), Self.final(lever, "mean_raise_days"))
        print("party coverage: reach (on − off) participation \(describe(reach)); detection (off − on) raise days \(describe(detect)); informants (off − on) raise days \(describe(informants))")
        #expect(reach.low > 0, "party members' reach: \(reach)")
        #expect(detect.low > 0, "party members' detection: \(detect)")
        #expect(informants.low > 0, "informants as reporters: \(informants)")

        Self.expectCostBooked("party_coverage", on: lever, off: off)
    }
}
