import Foundation

/// Interest-first mobilisation and self-financing associations (seeds/001,
/// Wuchang). "Interest first, governance later": a community secretary who
/// found that a resident was a seasoned marathon runner asked him to give
/// residents one class on running without injury; after a few classes the
/// runners proposed a club, which "gradually" grew to 300+ members and became
/// a "new force" of community work. And in Tanhualin the residents donated
/// gym equipment, the community got a disused storeroom from the units sent
/// down to it, and a table-tennis association formed to run the gym on a fee
/// of "1 yuan per member per day" covering water, power and basics.
///
/// Mechanisms, each with a parameter that switches it off:
/// - *Interest first* (`classes_per_month`): on the first n Sundays of each
///   month the staff ask a discovered talent to teach a class (staff hours);
///   residents who hear of it and are free come (an event); attendees tie to
///   the teacher; the teacher takes up hosting a group at once with chance
///   `class_engage` (instead of the slow daily rate of §7.8) and attendees
///   join it. Groups then grow by radiation as always (Groups.swift).
/// - *Space* (`spaces`): at each month end a group of `association_size`+
///   members takes over a free space (a one-off fit-out paid by the
///   government) and becomes an association: its capacity grows by
///   `space_capacity`.
/// - *Fee filter* (`fee_filter`): members pay `fee` a day (booked as the
///   residents' money); an invitee refuses, and at each month end a member
///   stops paying and leaves, with a chance that falls with motivation μ and
///   belonging b, so members with little of either are filtered out.
/// - *Amenity upkeep*: the amenity's condition relaxes towards the share of
///   its running cost the fees cover; below a floor the amenity closes for
///   good and the association goes on as an ordinary group (its capacity
///   shrinks back).
/// - *Governance path* (`governance_invite`): the association relays
///   sittings and work days to its members (P3: members of interest groups
///   become participants in deliberation and projects).
public enum AssociationsLever {
    public static let spec = LeverSpec(
        name: "associations", summary: "interest-first classes by talents and self-financing associations with fees", source: "seeds/001",
        fields: [
            ParamSpec("associations.classes_per_month", .integer, 2, unit: "classes/month", range: 0...5, "classes the staff ask a discovered talent to teach each month (first Sundays of the month); 0 switches interest-first off", source: "seeds/001 (the runner asked to teach one class)"),
            ParamSpec("associations.class_staff_hours", .real, 4, unit: "hours/class", range: 0...100, "staff hours to arrange and attend one class", source: "assumption"),
            .share("associations.class_reach", 0.1, "chance a resident not personally informed hears of a class", source: "assumption"),
            .share("associations.class_engage", 0.3, "chance a talent who taught a class takes up hosting a group at once", source: "seeds/001 (after a few classes the runners proposed a club); assumption"),
            .share("associations.class_join", 0.5, "chance an attendee of that class (in no group) joins the new group", source: "seeds/001; assumption"),
            ParamSpec("associations.spaces", .integer, 1, unit: "spaces/community", range: 0...100, "spaces or amenities an association can take over in each community; 0 switches associations off", source: "seeds/001 (a storeroom turned gym)"),
            ParamSpec("associations.association_size", .integer, 20, unit: "members", range: 1...10_000, "members a group needs to take over a space as an association", source: "assumption"),
            ParamSpec("associations.space_cost", .real, 20_000, unit: "yuan/space", range: 0...10_000_000, "one-off fit-out of a space when an association takes it over (government)", source: "assumption (seeds/001: space from units sent down, equipment donated)"),
            ParamSpec("associations.space_capacity", .real, 2, unit: "ratio", range: 1...100, "capacity multiplier of a group while it holds a space", source: "assumption"),
            ParamSpec("associations.fee", .real, 1, unit: "yuan/member/day", range: 0...1000, "members' fee", source: "seeds/001 (1 yuan per member per day)"),
            ParamSpec("associations.running_cost", .real, 20, unit: "yuan/day", range: 0...100_000, "water, power and basics of an association's amenity", source: "seeds/001 (the fee covers them); size assumption"),
            ParamSpec("associations.amenity_rate", .real, 1.0 / 30, unit: "1/day", range: 0...1, "daily rate at which the amenity's condition moves towards the share of its running cost the fees cover", source: "assumption"),
            .share("associations.amenity_floor", 0.5, "condition below which the association loses its space", source: "assumption"),
            .share("associations.fee_filter", 1, "strength of the fee filter: chance the fee check is made on joining and each month; 0 switches the filter off", source: "seeds/001; assumption"),
            ParamSpec("associations.pay_intercept", .real, 1.8, unit: "logit", range: -20...20, "intercept of a resident's willingness to pay, logistic(a + βμ·μ + βb·b − w·fee) with βμ, βb of the decision", source: "assumption"),
            ParamSpec("associations.fee_weight", .real, 1, unit: "logit per yuan/day", range: 0...100, "weight w of the daily fee in the willingness to pay", source: "assumption"),
            .share("associations.governance_invite", 0.6, "chance an association member in scope hears of a sitting or work day (the association relays them); 0 switches the path off", source: "seeds/001 (the running club became a governance force)"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let classesPerMonth: Int
        let classStaffHours, classReach, classEngage, classJoin: Double
        let spaces, associationSize: Int
        let spaceCost, spaceCapacity, fee, runningCost: Double
        let amenityRate, amenityFloor: Float
        let feeFilter, payIntercept, feeWeight: Double
        let governanceInvite: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "associations")
            classesPerMonth = p.int("associations.classes_per_month"); classStaffHours = p["associations.class_staff_hours"]
            classReach = p["associations.class_reach"]; classEngage = p["associations.class_engage"]
            classJoin = p["associations.class_join"]
            spaces = p.int("associations.spaces"); associationSize = p.int("associations.association_size")
            spaceCost = p["associations.space_cost"]; spaceCapacity = p["associations.space_capacity"]
            fee = p["associations.fee"]; runningCost = p["associations.running_cost"]
            amenityRate = p.float("associations.amenity_rate"); amenityFloor = p.float("associations.amenity_floor")
            feeFilter = p["associations.fee_filter"]; payIntercept = p["associations.pay_intercept"]
            feeWeight = p["associations.fee_weight"]
            governanceInvite = p["associations.governance_invite"]
        }
    }
}

extension World {
    /// Interest first: on the first `classes_per_month` Sundays of each
    /// 30-day month the staff ask one discovered talent (uniformly at random)
    /// to teach a class.
    mutating func holdClasses(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ap = params.associations
        guard ap.active(today.day), today.weekday == 6, (today.day % 30) / 7 < ap.classesPerMonth else { return }
        let cr = communities.residentRange(c)
        let discovered = TalentState.discovered.rawValue
        var n = 0
        for i in cr where residents.talent[i] == discovered { n += 1 }
        guard n > 0 else { return }
        var pick = rng.below(n), host = -1
        for i in cr where residents.talent[i] == discovered {
            if pick == 0 { host = i; break }
            pick -= 1
        }
        useLeverStaffHours(c, .associations, ap.classStaffHours)
        recordParticipation(host)
        activityBuffer.removeAll(keepingCapacity: true)
        for i in cr where i != host {
            // Classes are on Sundays (today.isWeekend), in the evening band.
            attend(i, heard: Int(residents.informedUntil[i]) >= today.day ? 1.0 : ap.classReach, today, .evening, rng)
        }
        for k in activityBuffer.indices {
            let j = Int(activityBuffer[k])
            ties.addDynamic(j, host)
            ties.addDynamic(host, j)
        }
        mingle(today, rng, discovery: params.talents.discoverEvent)
        guard rng.uniform() < ap.classEngage else { return }
        engage(host, today, rng)
        let g = Int(residents.group[host])
        for k in activityBuffer.indices {
            let j = Int(activityBuffer[k])
            guard residents.group[j] < 0, groups.size[g] < groups.capacity[g],
                  residents.talent[j] != TalentState.engaged.rawValue, rng.uniform() < ap.classJoin else { continue }
            residents.group[j] = Int32(g)
            groups.size[g] += 1
        }
    }

    /// Willingness to pay the association fee fails: the fee filter (a draw only when the check applies).
    mutating func refusesFee(_ i: Int, _ rng: RandomStream) -> Bool {
        let ap = params.associations
        guard ap.fee > 0, ap.feeFilter > 0 else { return false }
        let d = params.decision
        let x = Float(ap.payIntercept) + d.bMu * residents.motivation[i] + d.bB * residents.belonging[i] - Float(ap.feeWeight * ap.fee)
        return rng.uniform() < ap.feeFilter * Double(1 - Decision.logistic(x))
    }

    /// Whether resident i belongs to an association (a group holding a space).
    @inline(__always) func inAssociation(_ i: Int) -> Bool {
        let g = Int(residents.group[i])
        return g >= 0 && groups.association[g]
    }

    /// Chance a group member hears of a sitting or work day: `base` (the
    /// group path, §7.14, §7.16), or the association's relay if larger.
    @inline(__always) func memberHearing(_ i: Int, base: Double, day: Int) -> Double {
        guard inAssociation(i), params.associations.active(day) else { return base }
        return max(base, params.associations.governanceInvite)
    }

    /// Associations of community c: fees and the amenity each day; at month
    /// end members renew (fee filter) and free spaces are taken over.
    mutating func runAssociations(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ap = params.associations
        guard ap.active(today.day), c < groups.byCommunity.count else { return }
        var members = 0
        var held = 0, closed = 0
        for g32 in groups.byCommunity[c] {
            let g = Int(g32)
            if groups.amenity[g] < 0 { closed += 1 }
            guard groups.alive[g], groups.association[g] else { continue }
            let size = Int(groups.size[g])
            members += size
            let covered = ap.runningCost > 0 ? Float(min(1, Double(size) * ap.fee / ap.runningCost)) : 1
            groups.amenity[g] += ap.amenityRate * (covered - groups.amenity[g])
            if groups.amenity[g] < ap.amenityFloor {
                loseSpace(g)
                closed += 1
            } else {
                held += 1
            }
        }
        bookLeverMoney(c, .associations, Double(members) * ap.fee, payer: .residents)
        guard today.isMonthEnd else { return }
        // Renewal: each member (not the host) pays on or leaves.
        if members > 0 {
            for i in communities.residentRange(c) where inAssociation(i) && groups.host[Int(residents.group[i])] != Int32(i) {
                if refusesFee(i, rng) { leaveGroup(i) }
            }
        }
        // Free spaces go to the largest groups that have grown big enough.
        while held + closed < ap.spaces {
            var best = -1
            for g32 in groups.byCommunity[c] {
                let g = Int(g32)
                guard groups.alive[g], !groups.association[g], Int(groups.size[g]) >= ap.associationSize else { continue }
                if best < 0 || groups.size[g] > groups.size[best] { best = g }
            }
            guard best >= 0 else { break }
            groups.association[best] = true
            groups.amenity[best] = 1
            groups.capacity[best] = Int32((Double(groups.capacity[best]) * ap.spaceCapacity).rounded())
            bookLeverMoney(c, .associations, ap.spaceCost, payer: .government)
            held += 1
        }
    }

    /// The association can no longer keep its amenity running: the amenity
    /// closes for good (marked by condition −1) and the group goes on without it.
    mutating func loseSpace(_ g: Int) {
        groups.association[g] = false
        groups.amenity[g] = -1
        let cap = (Double(groups.capacity[g]) / params.associations.spaceCapacity).rounded()
        groups.capacity[g] = Int32(max(Double(params.groups.minCapacity), cap))
    }
}
