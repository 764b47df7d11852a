import Foundation

/// Deliberation (MODEL.md §3 step 8; seeds/002 one-issue-one-meeting and
/// the platform, seeds/003 three-round deliberation). A raised issue waits for
/// a sitting: by default every issue goes to the monthly residents' platform
/// (two sittings for a big one); the deliberation-modes lever gives small
/// issues their own meeting within days and big ones three rounds (building,
/// compound, the three committees). A sitting is an opportunity: residents in
/// scope who hear of it and are free decide through the decision function;
/// members of interest groups hear of it more often (P3). If a sitting falls
/// below quorum the staff decide alone: lower odds, half the legitimacy. After the last sitting consensus is reached with
/// p = logistic(c0 − cκ·conflict + attendance + mode and vote bonuses
/// + committee legitimacy − cross-compound penalty); failure stalls the issue
/// after a few attempts. The party organisation convenes sittings out of its
/// staff hours; without staff a post holder or engaged talent may convene.
public enum Deliberation {
    public static let parameters: [ParamSpec] = [
        ParamSpec("deliberation.platform_day", .integer, 20, unit: "day of month", range: 0...29, "day of each 30-day month of the residents' platform meeting", source: "seeds/002 (platform); assumption"),
        ParamSpec("deliberation.staff_hours", .real, 3, unit: "hours", range: 0...100, "staff hours to convene one sitting", source: "assumption"),
        .share("deliberation.invite_share", 0.05, "chance a resident in scope hears of a sitting by notice", source: "assumption"),
        .share("deliberation.informed_invite", 0.3, "chance a resident visited recently (informed) hears of a sitting", source: "assumption"),
        .share("deliberation.member_invite", 0.3, "chance an interest-group member in scope hears of a sitting (group chats: P3)", source: "seeds/001 (interest first, governance later)"),
        ParamSpec("deliberation.no_quorum_penalty", .real, 0.5, unit: "logit", range: 0...20, "consensus penalty when a sitting fell below quorum and staff decided alone", source: "assumption"),
        ParamSpec("deliberation.quorum", .integer, 3, unit: "residents", range: 1...1000, "fewest residents for a sitting to count", source: "assumption"),
        .share("deliberation.quorum_share", 0.02, "quorum as a share of the residents aged 13+ a sitting is for (the larger of the two, capped at 30)", source: "assumption"),
        ParamSpec("deliberation.consensus0", .real, 2.5, unit: "logit", range: -20...20, "intercept of the consensus logit", source: "assumption"),
        ParamSpec("deliberation.consensus_conflict", .real, 3.0, unit: "logit", range: 0...20, "weight of conflict in the consensus logit (subtracted)", source: "seeds/003, seeds/004; assumption"),
        ParamSpec("deliberation.consensus_attendance", .real, 1.0, unit: "logit", range: 0...20, "weight of attendance (relative to twice the quorum, capped at 1)", source: "assumption"),
        ParamSpec("deliberation.consensus_legitimacy", .real, 2.0, unit: "logit", range: 0...20, "weight of the owners' committee legitimacy minus 0.5", source: "seeds/004 Junyuan; assumption"),
        ParamSpec("deliberation.cross_compound_penalty", .real, 1.5, unit: "logit", range: 0...20, "consensus penalty of a cross-compound issue without a cross-compound platform", source: "seeds/002"),
        ParamSpec("deliberation.max_attempts", .integer, 3, unit: "attempts", range: 1...100, "failed consensus votes before an issue stalls", source: "assumption"),
        .share("deliberation.legitimacy_base", 0.5, "legitimacy of a decision reached on the platform", source: "assumption"),
        .share("deliberation.conflict_rise", 0.1, "conflict added by a failed deliberation", source: "assumption"),
    ]

    struct Params: Sendable {
        let platformDay: Int
        let staffHours, inviteShare, memberInvite, informedInvite: Double
        let quorum: Int
        let quorumShare: Double
        let c0, cConflict, cAttendance, cLegitimacy, crossPenalty, noQuorumPenalty: Float
        let maxAttempts: Int
        let legitimacyBase, conflictRise: Float
        init(_ p: Parameters) {
            platformDay = p.int("deliberation.platform_day"); staffHours = p["deliberation.staff_hours"]
            inviteShare = p["deliberation.invite_share"]; memberInvite = p["deliberation.member_invite"]
            informedInvite = p["deliberation.informed_invite"]
            quorum = p.int("deliberation.quorum"); quorumShare = p["deliberation.quorum_share"]
            c0 = p.float("deliberation.consensus0"); cConflict = p.float("deliberation.consensus_conflict")
            cAttendance = p.float("deliberation.consensus_attendance")
            cLegitimacy = p.float("deliberation.consensus_legitimacy")
            crossPenalty = p.float("deliberation.cross_compound_penalty")
            noQuorumPenalty = p.float("deliberation.no_quorum_penalty")
            maxAttempts = p.int("deliberation.max_attempts")
            legitimacyBase = p.float("deliberation.legitimacy_base"); conflictRise = p.float("deliberation.conflict_rise")
        }
    }

    /// How an issue is deliberated.
    enum Mode: UInt8 { case platform = 0, meeting, threeRound }
}

extension World {
    /// Chooses the mode of a raised issue and the day of its next sitting.
    mutating func scheduleDeliberation(_ k: Int, _ today: CalendarDay) {
        let dm = params.deliberationModes
        let mode: Deliberation.Mode
        if dm.active(today.day) && !issues.big[k] && dm.oneIssueOneMeeting { mode = .meeting }
        else if dm.active(today.day) && issues.big[k] && dm.threeRound { mode = .threeRound }
        else { mode = .platform }
        issues.mode[k] = mode.rawValue
        issues.nextDay[k] = Int32(nextSittingDay(mode, after: today.day))
        setStage(k, .deliberation, today.day)
    }

    func nextSittingDay(_ mode: Deliberation.Mode, after day: Int) -> Int {
        switch mode {
        case .meeting: return day + params.deliberationModes.meetingDelay
        case .threeRound: return day + params.deliberationModes.roundInterval
        case .platform:
            let pd = params.deliberation.platformDay
            var d = day + 1
            while d % 30 != pd { d += 1 }
            return d
        }
    }

    func sittingsNeeded(_ k: Int) -> Int {
        switch Deliberation.Mode(rawValue: issues.mode[k])! {
        case .meeting: 1
        case .threeRound: 3
        case .platform: issues.big[k] ? 2 : 1
        }
    }

    /// Someone to convene today: staff hours, else a post holder or an engaged talent (self-governance).
    mutating func convene(_ c: Int) -> Bool {
        if communities.staff[c] > 0 {
            communities.staffHoursToday[c] += params.deliberation.staffHours
            return true
        }
        return communities.postHolders[c] > 0 || communities.engagedTalents[c] > 0
    }

    /// Steps 5-8 for deliberation: today's sittings in community c.
    mutating func holdSittings(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        for idx in issues.live[c].indices {
            let k = Int(issues.live[c][idx])
            guard stage(k) == .deliberation, Int(issues.nextDay[k]) == today.day else { continue }
            let mode = Deliberation.Mode(rawValue: issues.mode[k])!
            guard convene(c) else {
                issues.nextDay[k] = Int32(nextSittingDay(mode, after: today.day))
                continue
            }
            let (attendance, scopeN) = sitting(k, round: Int(issues.sittingsDone[k]), today, rng)
            if mode != .platform { useLeverStaffHours(c, .deliberationModes, params.deliberationModes.staffHoursPerSitting) }
            let quorum = max(Double(params.deliberation.quorum), min(30, params.deliberation.quorumShare * scopeN))
            if Double(attendance) < quorum { issues.belowQuorum[k] = true }
            issues.sittingsDone[k] += 1
            if Int(issues.sittingsDone[k]) < sittingsNeeded(k) {
                issues.nextDay[k] = Int32(nextSittingDay(mode, after: today.day))
                continue
            }
            decide(k, attendance: Double(attendance), quorum: quorum, today, rng)
        }
    }

    /// One sitting: who hears of it and comes. Returns attendance. Round 2 of
    /// the three-round mode is compound-wide, round 3 the committees (party
    /// members and post holders); otherwise the issue's scope.
    /// Returns attendance and the number of residents the sitting was for (its quorum base).
    mutating func sitting(_ k: Int, round: Int, _ today: CalendarDay, _ rng: RandomStream) -> (Int, Double) {
        let c = Int(issues.community[k])
        let dp = params.deliberation
        let threeRound = issues.mode[k] == Deliberation.Mode.threeRound.rawValue
        let range = threeRound && round >= 1 ? communities.residentRange(c) : scopeRange(k)
        let committees = threeRound && round == 2
        let band = sittingBand(c, today)
        activityBuffer.removeAll(keepingCapacity: true)
        let raiser = Int(issues.raiser[k])
        let streamed = params.channels.streams(today.day)
        if streamed { bookStream(c) }
        var remote = 0
        var base = 0.0
        func ask(_ range: Range<Int>, relay: Double) {
            for i in range where residents.age[i] != AgeGroup.child.rawValue {
                if committees && !(residents.party[i] || residents.role[i] == Role.post.rawValue) { continue }
                base += 1
                var hear = dp.inviteShare
                if residents.group[i] >= 0 { hear = max(hear, memberHearing(i, base: dp.memberInvite, day: today.day)) }
                if Int(residents.informedUntil[i]) >= today.day { hear = max(hear, dp.informedInvite) }
                if relay > hear && hearsFromLandlord(i) { hear = relay }
                hear = max(hear, channelHearing(i, day: today.day))   // channels lever
                if residents.role[i] == Role.post.rawValue || Role.isChief(residents.role[i]) || i == raiser || committees { hear = 1 }
                let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: band))
                let u = rng.uniform()
                guard u < hear * a else {
                    // Heard but not free at its hour: the live stream (channels lever).
                    if streamed && u < hear && followStream(i, today, rng) { remote += 1 }
                    continue
                }
                if offer(i, .sitting, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
            }
        }
        ask(range, relay: landlordRelay(c, today))
        // Cross-compound lever: the paired compound's residents sit too (its whole compound).
        let partner = crossSittingPartner(k, today.day)
        if partner >= 0 {
            ask(communities.residentRange(partner), relay: landlordRelay(partner, today))
            crossSittingIntroductions(k, today, rng)       // swapped branch heads introduce attendees across
        }
        let n = activityBuffer.count + Int(params.channels.streamWeight * Double(remote))
        mingle(today, rng, discovery: params.talents.discoverEvent)
        return (n, base)
    }

    /// Sittings are held in office hours, or in the evening under the office-hours lever's share.
    func sittingBand(_ c: Int, _ today: CalendarDay) -> HourBand {
        if today.isWeekend { return .evening }
        return eventBand(c, today, 11) ?? .evening
    }

    /// The consensus draw after the last sitting.
    mutating func decide(_ k: Int, attendance: Double, quorum: Double, _ today: CalendarDay, _ rng: RandomStream) {
        let c = Int(issues.community[k])
        let dp = params.deliberation, dm = params.deliberationModes
        let conflict = effectiveConflict(k, today)
        if conflict < issues.conflict[k] { bookLeverMoney(c, .legalSpecialist, params.legal.feePerDispute, payer: .government) }
        var x = dp.c0 - dp.cConflict * conflict
        // Below quorum the staff decide alone: no attendance bonus, a penalty, half the legitimacy.
        let administrative = issues.belowQuorum[k]
        x += administrative ? -dp.noQuorumPenalty : dp.cAttendance * Float(min(1, attendance / (2 * quorum)))
        x += dp.cLegitimacy * (communities.legitimacy[c] - 0.5)
        let threeRound = issues.mode[k] == Deliberation.Mode.threeRound.rawValue
        if threeRound { x += dm.threeRoundBonus }
        let cross = issues.crossCompound[k]
        if cross && !(dm.active(today.day) && dm.crossCompound) && !crossMerged(c, today.day) { x -= dp.crossPenalty }
        if cross { x += crossTieBonus(k, today.day) }      // attendees tied across the pair (cross-compound lever)
        let vote = params.residentsVote.active(today.day)
        if vote {
            x += params.residentsVote.consensusBonus
            bookLeverMoney(c, .residentsVote, params.residentsVote.costPerVote, payer: .government)
            useLeverStaffHours(c, .residentsVote, params.residentsVote.staffHoursPerVote)
        }
        if IssueType(rawValue: issues.type[k])!.skill == .design && params.planner.active(today.day) { x += params.planner.consensusBonus }
        x += trainingDeliberationBonus(c)                  // trained staff (training lever)
        tallies.concluded[c] += 1
        if cross { tallies.crossConcluded[c] += 1 }
        if rng.uniform() < Double(Decision.logistic(x)) {
            tallies.consensus[c] += 1
            if cross { tallies.crossConsensus[c] += 1 }
            var legit = dp.legitimacyBase + (threeRound ? dm.threeRoundLegitimacy : 0) + (vote ? params.residentsVote.legitimacy : 0)
            legit = min(1, administrative ? legit / 2 : legit)
            issues.legitimacy[k] = legit
            committeeConsensus(c, legitimacy: legit)
            if params.fourAsks.active(today.day) && !issues.consulted[k] {
                issues.nextDay[k] = Int32(today.day + params.fourAsks.days)
            } else {
                issues.nextDay[k] = Int32(today.day)
            }
            setStage(k, .funding, today.day)
        } else {
            committeeFailure(c, conflict: conflict)
            issues.conflict[k] = min(1, issues.conflict[k] + dp.conflictRise)
            failDeliberation(k, today)
        }
    }

    /// Conflict as deliberation sees it: the legal specialist lowers it in disputes.
    func effectiveConflict(_ k: Int, _ today: CalendarDay) -> Float {
        let conflict = issues.conflict[k]
        let lp = params.legal
        if lp.active(today.day) && conflict >= lp.disputeThreshold { return conflict * (1 - lp.conflictCut) }
        return conflict
    }

    /// A sitting below quorum or a failed vote: try again, or stall.
    mutating func failDeliberation(_ k: Int, _ today: CalendarDay) {
        issues.attempts[k] += 1
        if Int(issues.attempts[k]) >= params.deliberation.maxAttempts {
            setStage(k, .stalled, today.day)
            return
        }
        issues.sittingsDone[k] = 0
        issues.belowQuorum[k] = false
        let mode = Deliberation.Mode(rawValue: issues.mode[k])!
        issues.nextDay[k] = Int32(nextSittingDay(mode, after: today.day))
    }
}
