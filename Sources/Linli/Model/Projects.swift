import Foundation

/// Work (MODEL.md §3 step 10). A funded issue becomes a project needing
/// volunteer labour. On its weekly work day (Saturday) residents in scope and
/// group members who hear of it, and residents with the skill it needs, are
/// offered a work opportunity; each who comes gives a person-day, and a
/// matching skill raises quality. Paid work (cost > 0) also advances by a
/// contractor's daily progress. Quality starts from a base and rises with
/// skilled volunteers, resident designers, the community planner, four-asks
/// consultation and a grant-holder's quality. On completion satisfaction and
/// trust rise in scope (more with quality and the decision's legitimacy),
/// crowd funders' belonging rises (ownership, P10), credibility κ rises with
/// difficulty (hard problems count most, P4), and contributors become
/// recognition candidates.
public enum Projects {
    public static let parameters: [ParamSpec] = [
        ParamSpec("work.weekday", .integer, 5, unit: "weekday (0 = Monday)", range: 0...6, "weekday of volunteer work days", source: "seeds/000 (court renewal at weekends); assumption"),
        .share("work.invite_share", 0.05, "chance a resident in scope hears of a work day", source: "assumption"),
        .share("work.member_invite", 0.4, "chance an interest-group member in scope hears of a work day (P3)", source: "seeds/001"),
        ParamSpec("work.contractor_rate", .real, 0.15, unit: "person-days/day", range: 0...100, "daily progress of paid work on a project with a cost", source: "assumption"),
        .share("work.quality_base", 0.5, "quality of a project done without skilled help", source: "assumption"),
        .share("work.skill_quality", 0.03, "quality added per volunteer day with the needed skill (at skill level 1)", source: "seeds/000 (resident designers); assumption"),
        .share("work.satisfaction_gain", 0.1, "share of the gap to 1 closed in satisfaction in scope by a project of quality 1", source: "assumption"),
        .share("work.trust_gain", 0.03, "share of the gap to 1 closed in trust τ in scope by a project of quality 1", source: "seeds/004 (credibility through solved problems)"),
        .share("work.ownership_gain", 0.1, "share of the gap to 1 closed in belonging b in scope, times the crowd-funded share of the cost", source: "seeds/003 (P10)"),
        .share("work.credibility_gain", 0.01, "share of the gap to 1 closed in κ by a finished project of difficulty 1", source: "seeds/004; MODEL.md P4"),
        ParamSpec("work.stall_rate", .real, 0, unit: "1/day", range: 0...1, "daily hazard that work stalls (a dispute over the work, the contractor stops), times 0.5 + conflict; cut by supervision (0 = work never stalls, as before)", source: "assumption (no figure in the seeds)"),
    ]

    struct Params: Sendable {
        let weekday: Int
        let inviteShare, memberInvite, contractorRate: Double
        let qualityBase, skillQuality, satisfactionGain, trustGain, ownershipGain, credibilityGain: Float
        let stallRate: Double
        init(_ p: Parameters) {
            stallRate = p["work.stall_rate"]
            weekday = p.int("work.weekday"); inviteShare = p["work.invite_share"]; memberInvite = p["work.member_invite"]
            contractorRate = p["work.contractor_rate"]
            qualityBase = p.float("work.quality_base"); skillQuality = p.float("work.skill_quality")
            satisfactionGain = p.float("work.satisfaction_gain"); trustGain = p.float("work.trust_gain")
            ownershipGain = p.float("work.ownership_gain"); credibilityGain = p.float("work.credibility_gain")
        }
    }
}

extension World {
    mutating func startWork(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let c = Int(issues.community[k])
        var q = params.work.qualityBase
        let t = IssueType(rawValue: issues.type[k])!
        if params.planner.active(today.day) {
            q += params.planner.qualityBonus
            bookLeverMoney(c, .planner, params.planner.feePerProject, payer: .government)
        }
        if issues.consulted[k] { q += params.fourAsks.qualityBonus }
        if t.isService && ledger.grantReceived[c] > 0 { q += params.microVenture.qualityWeight * (communities.grantQuality(c) - 0.5) }
        if params.planner.active(today.day) && params.planner.designers && t.skill == .design {
            // Resident designers (seeds/000: seven in one court renewal): design-skilled residents in the community.
            q += params.planner.designerQuality * Float(min(params.planner.maxDesigners, Int(communities.designers[c])))
        }
        issues.quality[k] = min(1, max(0, q))
        setStage(k, .work, today.day)
        superviseAtStart(k, today, rng)                 // organisations and resident supervisors (levers)
    }

    /// Four asks (seeds/000: ask needs, plans, effects, satisfaction): one
    /// consultation of the residents in scope before work starts.
    mutating func consult(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        issues.consulted[k] = true
        useLeverStaffHours(Int(issues.community[k]), .fourAsks, params.fourAsks.staffHours)
        let scope = scopeRange(k)
        let share = params.fourAsks.reach
        activityBuffer.removeAll(keepingCapacity: true)
        let band = sittingBand(Int(issues.community[k]), today)
        for i in scope where residents.age[i] != AgeGroup.child.rawValue {
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band))
            guard rng.uniform() < share * a else { continue }
            if offer(i, .sitting, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
        }
        mingle(today, rng, discovery: params.talents.discoverEvent)
    }

    /// Step 10: project work in community c.
    mutating func doWork(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let wp = params.work
        let workDay = today.weekday == wp.weekday
        for idx in issues.live[c].indices {
            let k = Int(issues.live[c][idx])
            guard stage(k) == .work else { continue }
            if issues.route[k] == DispatchLever.dispatched {           // a department's crew (dispatch lever)
                if today.day >= Int(issues.nextDay[k]) { complete(k, today, rng) }
                continue
            }
            if workStalls(k, today, rng) { continue }    // disputes stall work (work.stall_rate; supervision cuts it)
            if issues.cost[k] > 0 { issues.labourDone[k] += Float(wp.contractorRate) + escalatedWork(k) }
            if workDay { workDayFor(k, today, rng); inspect(k, today, rng) }
            askDuringWork(k, today, rng)                 // four asks during work (lever)
            if issues.labourDone[k] >= issues.labourNeeded[k] { complete(k, today, rng) }
        }
    }

    mutating func workDayFor(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let wp = params.work
        let c = Int(issues.community[k])
        let t = IssueType(rawValue: issues.type[k])!
        let scope = scopeRange(k)
        activityBuffer.removeAll(keepingCapacity: true)
        var skillDays: Float = 0
        for i in scope where residents.age[i] != AgeGroup.child.rawValue {
            var hear = residents.group[i] >= 0 ? memberHearing(i, base: wp.memberInvite, day: today.day) : wp.inviteShare
            let skilled = t.skill != .none && residents.skill[i] == t.skill.rawValue
            if Int(residents.informedUntil[i]) >= today.day { hear = max(hear, params.deliberation.informedInvite) }
            hear = max(hear, channelHearing(i, day: today.day))   // channels lever
            if skilled || Int32(i) == issues.raiser[k] { hear = 1 }
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            guard rng.uniform() < hear * a else { continue }
            if offer(i, .work, day: today.day, rng: rng) {
                activityBuffer.append(Int32(i))
                residents.contributions[i] &+= 1
                if skilled { skillDays += residents.skillLevel[i] }
            }
        }
        // Work teams under a convention: every household sends a person (seeds/003).
        if params.conventions.active(today.day) { _ = workTeamDay(k, today, rng) }
        var labour = Float(activityBuffer.count)
        if params.coBuilding.active(today.day) && issues.scope[k] == IssueScope.compound.rawValue {
            labour += Float(unitVolunteers(c))            // Σ_u volunteers × link ℓ_u
        }
        issues.labourDone[k] += labour
        issues.quality[k] = min(1, issues.quality[k] + wp.skillQuality * skillDays)
        mingle(today, rng, discovery: params.talents.discoverEvent)
    }

    /// A finished project: effects in scope, credibility, maintenance begins.
    mutating func complete(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let wp = params.work
        let c = Int(issues.community[k])
        let q = issues.quality[k]
        var satGain = wp.satisfactionGain * q * (0.5 + issues.legitimacy[k])
        if issues.consulted[k] { satGain *= 1 + params.fourAsks.satisfactionBoost }
        if params.residentsVote.active(today.day) { satGain *= 1 + params.residentsVote.satisfactionBoost }
        satGain = min(1, satGain)
        let trustGain = wp.trustGain * q
        let crowdShare = issues.cost[k] > 0 ? Float(issues.crowdFunds[k] / issues.cost[k]) : 0
        let own = wp.ownershipGain * min(1, crowdShare)
        for i in scopeRange(k) {
            residents.satisfaction[i] += satGain * (1 - residents.satisfaction[i])
            residents.trust[i] += trustGain * (1 - residents.trust[i])
            if own > 0 { residents.belonging[i] += own * (1 - residents.belonging[i]) }
        }
        let difficulty = (issues.big[k] ? 1 : 0.3) * (0.5 + issues.conflict[k])
        communities.credibility[c] += wp.credibilityGain * min(1.5, difficulty) * (1 - communities.credibility[c])
        communities.credibility[c] = min(1, communities.credibility[c])
        tallies.resolved[c] += 1
        tallies.resolutionDays[c] += Double(today.day - Int(issues.arisen[k]))
        tallies.qualitySum[c] += Double(q)
        tallies.resolvedByType[c * IssueType.allCases.count + Int(issues.type[k])] += 1
        if issues.crossCompound[k] { tallies.crossResolved[c] += 1 }
        tallies.workDays[c] += Double(today.day - Int(issues.stageSince[k]))
        if issues.renovation[k] { tallies.renovationsResolved[c] += 1 }
        if IssueType(rawValue: issues.type[k])!.isFabric {
            tallies.fabricResolved[c] += 1
            tallies.fabricResolutionDays[c] += Double(today.day - Int(issues.arisen[k]))
        }
        tallyResolvedHazard(k, today)                      // hazards and big issues (dispatch lever outputs)
        issues.condition[k] = 1
        setStage(k, .done, today.day)
        releaseSupervision(k)
        askAfterWork(k, today, rng)                      // four asks after work (lever)
        rateProject(k, today, rng)                       // residents rate the project (assessment lever)
    }
}
