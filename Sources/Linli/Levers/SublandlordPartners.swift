import Foundation

/// Sub-landlord partners (seeds/004, Rongting relocation housing: 2,152
/// households, 1,387 rented out, nearly 80 sub-landlords, 2,838 tenants = 80%+
/// of residents; partitioned flats, illegal building and noise). The party
/// branch made the sub-landlords (二房东) its lever: it invited them to
/// festivals and activities, visited them jointly with the police and urban
/// management to recruit them ("win-win"), and they formed a self-governance
/// team with elected leaders and a charter, a mediation room for tenant
/// disputes, chat groups for the team and each building, a duty rota, fixed
/// meetings and the channel "resident complains → sub-landlord responds →
/// committee inspects"; they share tenant registration at once and revised
/// the tenants' convention. "Illegal building fell, noise eased, and
/// sub-landlords' willingness to take part clearly rose" (蓉庭居民区).
///
/// Mechanisms (each with a parameter that can switch it off):
/// - Recruitment: weekly joint visits to sub-landlords not yet in the team
///   raise their belonging and trust and invite them to activities; a visited
///   sub-landlord joins with a chance rising in trust and in the share already
///   in the team, and higher when police and urban management come along
///   (enforcement backing, `enforcement_join`; their time is booked per visit). Joining raises μ (and its resting level), b and τ (identity
///   as a partner). The team is founded once it has enough members; leaders
///   are elected (recognition) every term.
/// - Duty rota and mediation room: on duty days members take turns; one who
///   comes mediates the most heated open tenant-driven disputes (noise,
///   illegal building, clutter), lowering their conflict, so deliberation
///   reaches consensus more often.
/// - Chat groups and meetings: members stay informed of activities and meet
///   monthly; tenants of members hear of events and sittings through their
///   landlord's building group (P7: tenant reach through intermediaries).
/// - The channel: members watch the buildings they live or let flats in; they
///   notice problems there sooner and raise what nobody else raised; the
///   committee inspects (staff time).
/// - Tenants' convention: in a building whose tenant households rent from
///   members, tenant-driven problems arise less in proportion to that share.
/// - Registration: tenants moving into a member's flat are registered at once
///   and welcomed (informed of activities).
/// Each tenant household rents from one sub-landlord: the nearest sub-landlord
/// household (by dwelling order) in its building, else in its community
/// (assigned at setup, deterministic).
public enum SublandlordPartnersLever {
    public static let spec = LeverSpec(
        name: "sublandlord_partners", summary: "sub-landlords enlisted as a self-governance team (tenant reach, mediation, tenants' convention)",
        source: "seeds/004 (Rongting)",
        fields: [
            ParamSpec("sublandlord_partners.visits_per_week", .integer, 4, unit: "visits/week", range: 0...1000, "joint visits (with police and urban management) to sub-landlords not yet in the team, each Wednesday", source: "seeds/004 (组团联系走访); number assumption"),
            ParamSpec("sublandlord_partners.visit_hours", .real, 1.5, unit: "hours/visit", range: 0...24, "community staff hours per joint visit (police and urban-management time not counted)", source: "assumption"),
            .share("sublandlord_partners.visit_gain", 0.1, "share of the gap to 1 closed in a visited sub-landlord's belonging b and trust τ (invitations to festivals and activities, 鱼水情)", source: "seeds/004; assumption"),
            ParamSpec("sublandlord_partners.join0", .real, -4, unit: "logit", range: -20...20, "intercept of the chance a visited sub-landlord joins the team, before enforcement backing", source: "assumption"),
            ParamSpec("sublandlord_partners.enforcement_join", .real, 1, unit: "logit", range: 0...20, "added to the join logit when police and urban management join the visit (enforcement backing; 0 = visits without them)", source: "seeds/004 (链接公安、城管等资源,组团联系走访); size assumption"),
            ParamSpec("sublandlord_partners.enforcement_cost_per_visit", .real, 150, unit: "yuan/visit", range: 0...100_000, "police and urban-management officers' time on one joint visit (government)", source: "assumption"),
            ParamSpec("sublandlord_partners.join_trust", .real, 3, unit: "logit", range: 0...20, "weight of the sub-landlord's trust τ in joining", source: "seeds/004; assumption"),
            ParamSpec("sublandlord_partners.join_peer", .real, 2, unit: "logit", range: 0...20, "weight of the share of the community's sub-landlords already in the team (a win-win others have taken up)", source: "seeds/004 (讲明共赢管理模式); assumption"),
            .share("sublandlord_partners.join_gain", 0.2, "share of the gap to 1 closed in μ (and its resting level), b and τ of a sub-landlord who joins (identity as a partner; willingness to take part rose)", source: "seeds/004 (参与意愿明显提升); assumption"),
            ParamSpec("sublandlord_partners.min_team", .integer, 5, unit: "members", range: 1...1000, "members for the founding assembly (charter, room, rota, convention from then on)", source: "seeds/004 (团队成立大会); assumption"),
            ParamSpec("sublandlord_partners.leaders", .integer, 2, unit: "members", range: 0...100, "leaders elected (president, vice-president) and recognised for a term", source: "seeds/004 (选举产生会长、副会长)"),
            .days("sublandlord_partners.term_days", 365, max: 3650, "leaders' term; elections on the founding day and every term after", source: "assumption"),
            ParamSpec("sublandlord_partners.duty_days_per_week", .integer, 2, unit: "days/week", range: 0...7, "days a week the reception (mediation) room is staffed by the rota (Sat, Tue, Thu, Mon, Wed, Fri, Sun), evenings", source: "seeds/004 (定期轮流值班); number assumption"),
            ParamSpec("sublandlord_partners.duty_per_day", .integer, 2, unit: "members/day", range: 0...100, "members on the rota each duty day", source: "assumption"),
            ParamSpec("sublandlord_partners.mediations_per_duty", .integer, 2, unit: "issues/turn", range: 0...100, "open tenant-driven disputes one member on duty mediates (most heated first)", source: "seeds/004 (租客矛盾调解室); assumption"),
            .share("sublandlord_partners.mediation_cut", 0.3, "share of an issue's conflict removed by one mediation", source: "seeds/004; assumption"),
            ParamSpec("sublandlord_partners.meeting_day", .integer, 15, unit: "day of month", range: 0...29, "day of each 30-day month of the team's meeting (fixed time, place and topic), evening", source: "seeds/004 (定时定点定题议事, 碰头会)"),
            ParamSpec("sublandlord_partners.meeting_staff_hours", .real, 2, unit: "hours/meeting", range: 0...100, "staff hours per team meeting", source: "assumption"),
            .share("sublandlord_partners.relay_reach", 0.3, "chance a tenant of a member hears of an event or sitting through the landlord's building chat group", source: "seeds/004 (楼组群); MODEL.md P7; assumption"),
            ParamSpec("sublandlord_partners.notice_hazard", .real, 0.1, unit: "1/day", range: 0...100, "extra daily hazard of noticing a building or neighbourhood issue in a building a member watches", source: "seeds/004 (社区监督员); assumption"),
            .share("sublandlord_partners.raise_chance", 0.3, "daily chance the watching member raises a noticed issue of the building nobody else raised (complaint → sub-landlord responds)", source: "seeds/004 (居民反映投诉—二房东回应落实—居委上门验收); assumption"),
            ParamSpec("sublandlord_partners.inspect_hours", .real, 0.5, unit: "hours/issue", range: 0...24, "staff hours for the committee to inspect an issue raised through the channel", source: "seeds/004 (居委上门验收); assumption"),
            .share("sublandlord_partners.convention_cut", 0.5, "share of tenant-driven issues (noise, illegal building, clutter) that no longer arise in a building whose tenant households all rent from members (revised tenants' convention)", source: "seeds/004 (修订租户公约; 违法搭建减少, 噪音扰民得到缓解); assumption"),
            .flag("sublandlord_partners.registration", true, "tenant registration shared: newcomers in a member's flat are registered and welcomed (informed of activities)", source: "seeds/004 (第一时间共享租户进出登记信息)"),
            ParamSpec("sublandlord_partners.registration_hours", .real, 0.25, unit: "hours/household", range: 0...24, "staff hours to register and welcome one newcomer tenant household", source: "assumption"),
            ParamSpec("sublandlord_partners.room_cost_per_month", .real, 1000, unit: "yuan/month", range: 0...1_000_000, "running cost of the reception (mediation) room and chat groups once the team is founded (government)", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let visitsPerWeek: Int
        let visitHours: Double
        let visitGain: Float
        let join0, joinTrust, joinPeer, joinGain, enforcementJoin: Float
        let enforcementCost: Double
        let minTeam, leaders, termDays: Int
        let dutyDaysPerWeek, dutyPerDay, mediationsPerDuty: Int
        let mediationCut: Float
        let meetingDay: Int
        let meetingHours, relayReach, noticeHazard, raiseChance, inspectHours, conventionCut: Double
        let registration: Bool
        let registrationHours, roomCost: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "sublandlord_partners")
            let k = "sublandlord_partners."
            visitsPerWeek = p.int(k + "visits_per_week"); visitHours = p[k + "visit_hours"]; visitGain = p.float(k + "visit_gain")
            join0 = p.float(k + "join0"); joinTrust = p.float(k + "join_trust"); joinPeer = p.float(k + "join_peer")
            joinGain = p.float(k + "join_gain")
            enforcementJoin = p.float(k + "enforcement_join"); enforcementCost = p[k + "enforcement_cost_per_visit"]
            minTeam = max(1, p.int(k + "min_team")); leaders = p.int(k + "leaders"); termDays = max(1, p.int(k + "term_days"))
            dutyDaysPerWeek = p.int(k + "duty_days_per_week"); dutyPerDay = p.int(k + "duty_per_day")
            mediationsPerDuty = p.int(k + "mediations_per_duty"); mediationCut = p.float(k + "mediation_cut")
            meetingDay = p.int(k + "meeting_day"); meetingHours = p[k + "meeting_staff_hours"]
            relayReach = p[k + "relay_reach"]; noticeHazard = p[k + "notice_hazard"]; raiseChance = p[k + "raise_chance"]
            inspectHours = p[k + "inspect_hours"]; conventionCut = p[k + "convention_cut"]
            registration = p.bool(k + "registration"); registrationHours = p[k + "registration_hours"]
            roomCost = p[k + "room_cost_per_month"]
        }
        /// Duty days: Saturday, then weekday evenings from Tuesday on (as posts).
        func isDutyDay(_ weekday: Int) -> Bool {
            [5, 1, 3, 0, 2, 4, 6].prefix(dutyDaysPerWeek).contains(weekday)
        }
    }
}

extension World {
    /// Setup: every tenant household rents from the nearest sub-landlord
    /// household (by dwelling order) in its building, else in its community;
    /// -1 where the community has none. Deterministic, no draws.
    mutating func assignLandlords() {
        let n = households.count
        households.landlord = ContiguousArray(repeating: -1, count: n)
        households.teamSince = ContiguousArray(repeating: -1, count: n)
        let nc = communities.count
        communities.teamFounded = ContiguousArray(repeating: -1, count: nc)
        communities.teamMembers = ContiguousArray(repeating: 0, count: nc)
        communities.teamRota = ContiguousArray(repeating: 0, count: nc)
        communities.stationWorkers = ContiguousArray(repeating: 0, count: nc)
        communities.sublandlords = []
        let nb = units.buildingResidents.count - 1
        units.buildingWatcher = ContiguousArray(repeating: -1, count: max(0, nb))
        units.buildingTeamCover = ContiguousArray(repeating: 0, count: max(0, nb))
        for c in 0..<nc {
            var subs = ContiguousArray<Int32>()
            for h in communities.householdRange(c) where households.tenure[h] == Tenure.sublandlord.rawValue { subs.append(Int32(h)) }
            communities.sublandlords.append(subs)
            guard !subs.isEmpty else { continue }
            var next = 0   // first sub-landlord household at or after h
            for h in communities.householdRange(c) {
                while next < subs.count && Int(subs[next]) < h { next += 1 }
                guard households.tenure[h] == Tenure.tenant.rawValue else { continue }
                let b = householdBuilding(h)
                let before = next > 0 ? Int(subs[next - 1]) : -1
                let after = next < subs.count ? Int(subs[next]) : -1
                let sameBefore = before >= 0 && householdBuilding(before) == b
                let sameAfter = after >= 0 && householdBuilding(after) == b
                let pick: Int
                if sameBefore != sameAfter { pick = sameBefore ? before : after }
                else if before < 0 { pick = after }
                else if after < 0 { pick = before }
                else { pick = h - before <= after - h ? before : after }
                households.landlord[h] = Int32(pick)
            }
        }
    }

    @inline(__always) func householdBuilding(_ h: Int) -> Int { Int(residents.building[Int(households.start[h])]) }

    /// The resident who speaks for household h (its first member, an adult).
    @inline(__always) func householdHead(_ h: Int) -> Int { Int(households.start[h]) }

    /// Step 4: weekly joint visits (Wednesday) to sub-landlords not yet in the team.
    mutating func recruitSublandlords(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.sublandlord
        guard sp.active(today.day), today.weekday == 2, sp.visitsPerWeek > 0 else { return }
        let subs = communities.sublandlords[c]
        let free = subs.count - Int(communities.teamMembers[c])
        guard free > 0 else { return }
        let pd = params.party
        var pos = rng.below(subs.count)
        var visits = 0
        var joined = false
        for _ in 0..<subs.count where visits < sp.visitsPerWeek {
            let h = Int(subs[pos])
            pos = (pos + 1) % subs.count
            guard households.teamSince[h] < 0 else { continue }
            visits += 1
            useLeverStaffHours(c, .sublandlordPartners, sp.visitHours)
            if sp.enforcementJoin > 0 { bookLeverMoney(c, .sublandlordPartners, sp.enforcementCost, payer: .government) }
            let i = householdHead(h)
            // By appointment in the evening: reached if free then.
            let a = params.availability.chance(age: residents.age[i], weekend: false, band: .evening)
            guard rng.uniform() < Double(a) else { continue }
            residents.belonging[i] += sp.visitGain * (1 - residents.belonging[i])
            residents.trust[i] += sp.visitGain * (1 - residents.trust[i])
            residents.informedUntil[i] = max(residents.informedUntil[i], Int32(today.day + pd.informedDays))
            maybeDiscover(i, chance: params.talents.discoverVisit, today, rng)
            let share = Float(communities.teamMembers[c]) / Float(subs.count)
            // Enforcement backing: police and urban management at the visit (join0 + enforcement = −3 by default).
            let p = Decision.logistic(sp.join0 + sp.enforcementJoin + sp.joinTrust * residents.trust[i] + sp.joinPeer * share)
            guard rng.uniform() < Double(p) else { continue }
            households.teamSince[h] = Int32(today.day)
            communities.teamMembers[c] += 1
            let g = sp.joinGain
            residents.motivationBase[i] += g * (1 - residents.motivationBase[i])
            residents.motivation[i] += g * (1 - residents.motivation[i])
            residents.belonging[i] += g * (1 - residents.belonging[i])
            residents.trust[i] += g * (1 - residents.trust[i])
            residents.informedUntil[i] = max(residents.informedUntil[i], Int32(today.day + 30))
            recordParticipation(i)
            joined = true
        }
        if joined {
            if communities.teamFounded[c] < 0 && Int(communities.teamMembers[c]) >= sp.minTeam {
                communities.teamFounded[c] = Int32(today.day)   // founding assembly: charter, room, rota, convention
            }
            refreshTeamCover(c)
        }
    }

    /// Steps 5-7 for the team: leaders' elections, the room's running cost,
    /// the duty rota with mediation, the monthly meeting.
    mutating func holdSublandlordTeam(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.sublandlord
        guard sp.active(today.day), communities.teamFounded[c] >= 0 else { return }
        let since = today.day - Int(communities.teamFounded[c])
        if since % sp.termDays == 0 { electTeamLeaders(c, today) }
        if since % 30 == 0 { bookLeverMoney(c, .sublandlordPartners, sp.roomCost, payer: .government) }
        let subs = communities.sublandlords[c]
        let members = Int(communities.teamMembers[c])
        guard members > 0 else { return }
        if sp.isDutyDay(today.weekday) && sp.dutyPerDay > 0 {
            var pos = Int(communities.teamRota[c]) % subs.count
            var scheduled = 0
            for _ in 0..<subs.count where scheduled < min(sp.dutyPerDay, members) {
                let h = Int(subs[pos])
                pos = (pos + 1) % subs.count
                guard households.teamSince[h] >= 0 else { continue }
                scheduled += 1
                let i = householdHead(h)
                let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
                guard rng.uniform() < Double(a), offer(i, .duty, day: today.day, rng: rng) else { continue }
                residents.contributions[i] &+= 1
                for _ in 0..<sp.mediationsPerDuty { mediateTenantDispute(c) }
            }
            communities.teamRota[c] = Int32(pos)
        }
        if today.day % 30 == sp.meetingDay {
            useLeverStaffHours(c, .sublandlordPartners, sp.meetingHours)
            activityBuffer.removeAll(keepingCapacity: true)
            for h32 in subs where households.teamSince[Int(h32)] >= 0 {
                let i = householdHead(Int(h32))
                residents.informedUntil[i] = max(residents.informedUntil[i], Int32(today.day + 30))   // chat group
                let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
                guard rng.uniform() < Double(a) else { continue }
                if offer(i, .sitting, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
            }
            mingle(today, rng, discovery: params.talents.discoverEvent)
        }
    }

    /// Leaders (president, vice-president): the most engaged members, recognised for a term.
    mutating func electTeamLeaders(_ c: Int, _ today: CalendarDay) {
        let sp = params.sublandlord
        guard sp.leaders > 0 else { return }
        bestFloat.start(k: sp.leaders)
        for h32 in communities.sublandlords[c] where households.teamSince[Int(h32)] >= 0 {
            let i = householdHead(Int(h32))
            bestFloat.offer(residents.engagement[i] + residents.trust[i] / 100, i)
        }
        bestFloat.finish()
        for r in bestFloat.items.indices {
            let i = Int(bestFloat.items[r].id)
            residents.recognisedUntil[i] = max(residents.recognisedUntil[i], Int32(today.day + sp.termDays))
        }
    }

    /// The mediation room: the most heated open tenant-driven dispute loses a share of its conflict.
    mutating func mediateTenantDispute(_ c: Int) {
        var best = -1
        var top: Float = 0.05
        for k32 in issues.live[c] {
            let k = Int(k32)
            guard IssueType(rawValue: issues.type[k])!.isTenantDriven, issues.conflict[k] > top else { continue }
            switch stage(k) {
            case .noticed, .raised, .deliberation, .stalled: best = k; top = issues.conflict[k]
            default: break
            }
        }
        if best >= 0 { issues.conflict[best] *= 1 - params.sublandlord.mediationCut }
    }

    /// Which buildings members watch (they live there or let flats there) and
    /// what share of each building's tenant households rent from members.
    mutating func refreshTeamCover(_ c: Int) {
        let br = units.communityBuildings(c)
        guard !br.isEmpty else { return }
        var tenants = [Int32](repeating: 0, count: br.count), covered = [Int32](repeating: 0, count: br.count)
        for b in br { units.buildingWatcher[b] = -1 }
        for h32 in communities.sublandlords[c] where households.teamSince[Int(h32)] >= 0 {
            let b = householdBuilding(Int(h32))
            if units.buildingWatcher[b] < 0 { units.buildingWatcher[b] = Int32(householdHead(Int(h32))) }
        }
        for h in communities.householdRange(c) where households.tenure[h] == Tenure.tenant.rawValue {
            let b = householdBuilding(h)
            tenants[b - br.lowerBound] += 1
            let l = Int(households.landlord[h])
            guard l >= 0, households.teamSince[l] >= 0 else { continue }
            covered[b - br.lowerBound] += 1
            if units.buildingWatcher[b] < 0 { units.buildingWatcher[b] = Int32(householdHead(l)) }
        }
        for b in br {
            let n = tenants[b - br.lowerBound]
            units.buildingTeamCover[b] = n > 0 ? Float(covered[b - br.lowerBound]) / Float(n) : 0
        }
    }

    /// Step 12, after a household moved out and newcomers moved in: a
    /// sub-landlord's membership ends with it; newcomer tenants in a member's
    /// flat are registered and welcomed. No draws.
    mutating func householdMovedIn(_ h: Int, _ today: CalendarDay) {
        let sp = params.sublandlord
        guard sp.active(today.day) else { return }
        let c = Int(households.community[h])
        if households.teamSince[h] >= 0 {
            households.teamSince[h] = -1
            communities.teamMembers[c] -= 1
            refreshTeamCover(c)
            return
        }
        let l = Int(households.landlord[h])
        guard sp.registration, l >= 0, households.teamSince[l] >= 0, communities.teamFounded[c] >= 0 else { return }
        useLeverStaffHours(c, .sublandlordPartners, sp.registrationHours)
        for i in households.members(h) where residents.age[i] != AgeGroup.child.rawValue {
            residents.informedUntil[i] = Int32(today.day + params.party.informedDays)
        }
    }

    /// Chance a tenant of a member hears of an activity today through the
    /// landlord (0 when the lever is off or the team not yet founded).
    @inline(__always) func landlordRelay(_ c: Int, _ today: CalendarDay) -> Double {
        params.sublandlord.active(today.day) && communities.teamFounded[c] >= 0 ? params.sublandlord.relayReach : 0
    }

    /// Resident i is a tenant whose landlord is in the team.
    @inline(__always) func hearsFromLandlord(_ i: Int) -> Bool {
        guard residents.tenure[i] == Tenure.tenant.rawValue else { return false }
        let l = Int(households.landlord[Int(residents.household[i])])
        return l >= 0 && households.teamSince[l] >= 0
    }

    /// Step 2: a tenant-driven issue about to arise in building b does not,
    /// with chance convention_cut × the share of b's tenant households renting from members.
    mutating func tenantConventionPrevents(_ c: Int, _ b: Int, _ today: CalendarDay, _ rng: RandomStream) -> Bool {
        let sp = params.sublandlord
        guard sp.active(today.day), sp.conventionCut > 0, communities.teamFounded[c] >= 0 else { return false }
        let cover = Double(units.buildingTeamCover[b])
        guard cover > 0 else { return false }
        return rng.uniform() < sp.conventionCut * cover
    }

    /// Step 3, the channel: the member watching the issue's building raises a
    /// noticed issue nobody else raised today; the committee inspects. Returns
    /// the raiser, or -1.
    mutating func sublandlordRaiser(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) -> Int {
        let sp = params.sublandlord
        let c = Int(issues.community[k])
        guard sp.active(today.day), sp.raiseChance > 0, communities.teamFounded[c] >= 0 else { return -1 }
        guard let b = issueBuilding(k) else { return -1 }
        let w = Int(units.buildingWatcher[b])
        guard w >= 0, rng.uniform() < sp.raiseChance else { return -1 }
        useLeverStaffHours(c, .sublandlordPartners, sp.inspectHours)
        return w
    }
}
