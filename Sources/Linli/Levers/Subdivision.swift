import Foundation

/// Neighbourhood subdivision and the grid chain (seeds/001, Wuchang: "五家为邻、
/// 五邻为里、四里为格、五格为网" — five households a neighbourhood-group, five of
/// those a li, four li a grid, five grids a net; the district split 568
/// compounds and 1,272 grids into 25,000+ small neighbourhoods of "10 to 20
/// households, upstairs and downstairs, left and right", mobilised party
/// members and backbones as neighbourhood chiefs, and formed the three-level
/// chain grid chief → building chief → neighbourhood chief. Why: "the
/// community's governance radius is too large, services cannot reach evenly;
/// the grid lacks a sense of place and shared feeling" — the smaller unit was
/// to make governance finer, let backbones play their part and make
/// neighbours familiar. seeds/002's grid network is the same level.)
///
/// From its start day the lever runs on the *small neighbourhoods*: each
/// building's households cut into runs of about
/// `subdivision.households_per_neighbourhood` (built at setup when the lever is
/// on; the physical neighbourhoods issues arise in are unchanged, so a problem
/// does not multiply because the governance unit got smaller). Each small
/// neighbourhood, building and grid gets a chief: a resident (party members
/// and backbones first) with a role, commitment C, overload fatigue and a
/// weekly duty. Effects are mechanisms, not constants:
/// - a chief on duty visits households of their unit: the members at home are
///   informed of sittings and events (`informedUntil`), get to know a
///   neighbour (a lasting neighbour tie, both ways) and, if latent talents,
///   may be discovered (chiefs as a discovery path);
/// - chiefs notice problems in their scope with a daily hazard and consider
///   raising them first, with the ordinary raising logit plus commitment;
/// - chiefs always hear of sittings in their scope.
/// More, smaller units mean more chiefs, so more visits per household; the
/// returns diminish as households are already informed and tie slots fill.
/// Costs: staff hours to recruit each chief and to coordinate the chiefs in
/// post, and an optional stipend.
public enum SubdivisionLever {
    public static let spec = LeverSpec(
        name: "subdivision", summary: "small neighbourhoods of 10-20 households under the chain grid chief → building chief → neighbourhood chief", source: "seeds/001, seeds/002",
        fields: [
            ParamSpec("subdivision.households_per_neighbourhood", .integer, 15, unit: "households", range: 5...100, "households per small neighbourhood (each building's households cut into runs of about this many)", source: "seeds/001 (10-20 households)"),
            .days("subdivision.term_days", 365, max: 3650, "term of a chief; vacancies are refilled at month ends", source: "assumption (like posts)"),
            .share("subdivision.commitment", 0.5, "role commitment C of a chief (a post holder has 1)", source: "assumption"),
            ParamSpec("subdivision.duty_days_per_week", .integer, 1, unit: "days/week", range: 0...7, "days a week a chief has duties (Saturday first, then weekday evenings)", source: "assumption"),
            ParamSpec("subdivision.visits_per_duty", .integer, 3, unit: "households", range: 0...100, "households of their unit a chief visits on a duty day they take part", source: "assumption"),
            .share("subdivision.overload_fatigue", 0.03, "extra fatigue φ of a chief on each day they take part (overload)", source: "assumption"),
            .share("subdivision.appointment_trust", 0.1, "share of the gap to 1 closed in trust τ and belonging b of an appointed chief", source: "assumption"),
            .share("subdivision.notice_chance", 0.3, "daily chance that a chief living in the scope notices an issue there (a grid chief's is shared over the grid's buildings)", source: "seeds/001; as issues.chief_notice"),
            .flag("subdivision.chiefs_raise", true, "a chief covering a noticed issue considers raising it first, with the raising logit plus commitment", source: "seeds/001 (problems found and solved in the small neighbourhood)"),
            ParamSpec("subdivision.raise_commitment", .real, 2, unit: "logit", range: 0...20, "weight of commitment C in a chief's raising logit", source: "assumption"),
            .days("subdivision.informed_days", 21, max: 365, "days a resident visited by a chief stays informed of sittings and events (0 = chiefs do not inform)", source: "assumption (as party.informed_days)"),
            .share("subdivision.tie_chance", 0.5, "chance that a member met on a chief's visit gets to know one resident of the unit (a lasting tie, both ways)", source: "seeds/001 (neighbours 'not familiar' before); assumption"),
            ParamSpec("subdivision.tie_slots", .integer, 4, unit: "ties/resident", range: 0...16, "neighbour ties a resident keeps (the oldest is replaced)", source: "assumption"),
            .share("subdivision.discover_visit", 0.1, "chance that a latent talent met on a chief's visit is discovered", source: "seeds/004 (every path finds forces); assumption"),
            ParamSpec("subdivision.recruit_hours", .real, 2, unit: "staff hours/chief", range: 0...100, "staff hours to recruit (or reappoint) one chief", source: "assumption"),
            ParamSpec("subdivision.coordination_hours", .real, 1, unit: "staff hours/chief/month", range: 0...100, "staff hours a month to coordinate one chief in post (meetings, chat groups, follow-up)", source: "assumption"),
            ParamSpec("subdivision.stipend", .real, 0, unit: "yuan/chief/month", range: 0...10_000, "stipend paid by the government to each chief in post (the seed names none)", source: "seeds/001 (none named)"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let householdsPerNeighbourhood, termDays, dutyDaysPerWeek, visitsPerDuty, informedDays, tieSlots: Int
        let commitment, overloadFatigue, appointmentTrust, raiseCommitment: Float
        let noticeChance, tieChance, discoverVisit, recruitHours, coordinationHours, stipend: Double
        let chiefsRaise: Bool
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "subdivision")
            householdsPerNeighbourhood = max(1, p.int("subdivision.households_per_neighbourhood"))
            termDays = max(1, p.int("subdivision.term_days"))
            dutyDaysPerWeek = p.int("subdivision.duty_days_per_week"); visitsPerDuty = p.int("subdivision.visits_per_duty")
            informedDays = p.int("subdivision.informed_days"); tieSlots = p.int("subdivision.tie_slots")
            commitment = p.float("subdivision.commitment"); overloadFatigue = p.float("subdivision.overload_fatigue")
            appointmentTrust = p.float("subdivision.appointment_trust"); raiseCommitment = p.float("subdivision.raise_commitment")
            noticeChance = p["subdivision.notice_chance"]; tieChance = p["subdivision.tie_chance"]
            discoverVisit = p["subdivision.discover_visit"]; recruitHours = p["subdivision.recruit_hours"]
            coordinationHours = p["subdivision.coordination_hours"]; stipend = p["subdivision.stipend"]
            chiefsRaise = p.bool("subdivision.chiefs_raise")
        }
        /// Duty days: Saturday, then weekday evenings from Tuesday on (as posts).
        func isDutyDay(_ weekday: Int) -> Bool {
            let order = [5, 1, 3, 0, 2, 4, 6]
            return order.prefix(dutyDaysPerWeek).contains(weekday)
        }
    }
}

/// The chief (resident index, −1 for none) of each small neighbourhood,
/// building and grid. A chief is in post while their role matches: moving
/// out, withdrawing (talents) or the end of a term clears the role, so a stale
/// index is a vacancy.
public struct Chiefs: Sendable {
    public var small = ContiguousArray<Int32>()
    public var building = ContiguousArray<Int32>()
    public var grid = ContiguousArray<Int32>()
}

extension World {
    /// Setup (lever on): small neighbourhoods — building b's n households cut
    /// into k = max(1, round(n / size)) near-equal runs (household m in run
    /// ⌊m·k/n⌋) — no chiefs yet, and the neighbour-tie slots.
    mutating func buildSubdivision() {
        let size = params.subdivision.householdsPerNeighbourhood
        let nB = units.buildingResidents.count - 1
        var small = ContiguousArray<Int32>(), byBuilding = ContiguousArray<Int32>()
        for b in 0..<nB {
            byBuilding.append(Int32(small.count))
            let r = units.buildingResidentRange(b)
            guard !r.isEmpty else { continue }
            let h0 = Int(residents.household[r.lowerBound]), n = Int(residents.household[r.upperBound - 1]) + 1 - h0
            let k = max(1, min(n, Int((Double(n) / Double(size)).rounded())))
            var last = -1
            for m in 0..<n where m * k / n != last {
                last = m * k / n
                small.append(households.start[h0 + m])
            }
        }
        byBuilding.append(Int32(small.count))
        small.append(Int32(residents.count))
        units.smallResidents = small
        units.buildingSmallStart = byBuilding
        chiefs.small = ContiguousArray(repeating: -1, count: small.count - 1)
        chiefs.building = ContiguousArray(repeating: -1, count: nB)
        chiefs.grid = ContiguousArray(repeating: -1, count: units.gridBuildingStart.count - 1)
        ties.enableNeighbourTies(slots: params.subdivision.tieSlots)
    }

    @inline(__always) func chiefInPost(_ i: Int32, _ role: Role) -> Bool { i >= 0 && residents.role[Int(i)] == role.rawValue }

    /// Small neighbourhoods of community c.
    func communitySmall(_ c: Int) -> Range<Int> {
        let b = units.communityBuildings(c)
        return Int(units.buildingSmallStart[b.lowerBound])..<Int(units.buildingSmallStart[b.upperBound])
    }

    /// Step 4 (lever): on the start day and every term all chiefs are
    /// (re)appointed, at month ends vacancies are filled; then the day's
    /// coordination hours and, at month ends, the stipend are booked.
    mutating func appointChiefs(_ c: Int, _ today: CalendarDay) {
        let sp = params.subdivision
        guard sp.active(today.day) else { return }
        let sinceStart = today.day - sp.lever.startDay
        let termDay = sinceStart % sp.termDays == 0
        var appointed = 0
        if termDay || today.isMonthEnd {
            let until = today.day + sp.termDays - sinceStart % sp.termDays
            // Top of the chain first: each level takes the best resident not yet holding a role.
            for g in units.communityGrids(c) {
                let (i, new) = fillChief(chiefs.grid[g], .gridChief, units.gridResidents(g), renew: termDay, until: until)
                chiefs.grid[g] = i; if new { appointed += 1 }
            }
            for b in units.communityBuildings(c) {
                let (i, new) = fillChief(chiefs.building[b], .buildingChief, units.buildingResidentRange(b), renew: termDay, until: until)
                chiefs.building[b] = i; if new { appointed += 1 }
            }
            // A building of one small neighbourhood has no separate neighbourhood chief:
            // its building chief is the neighbourhood's chief.
            for b in units.communityBuildings(c) where units.buildingSmallStart[b + 1] - units.buildingSmallStart[b] > 1 {
                for s in Int(units.buildingSmallStart[b])..<Int(units.buildingSmallStart[b + 1]) {
                    let r = Int(units.smallResidents[s])..<Int(units.smallResidents[s + 1])
                    let (i, new) = fillChief(chiefs.small[s], .neighbourhoodChief, r, renew: termDay, until: until)
                    chiefs.small[s] = i; if new { appointed += 1 }
                }
            }
        }
        var inPost = 0
        for g in units.communityGrids(c) where chiefInPost(chiefs.grid[g], .gridChief) { inPost += 1 }
        for b in units.communityBuildings(c) where chiefInPost(chiefs.building[b], .buildingChief) { inPost += 1 }
        for s in communitySmall(c) where chiefInPost(chiefs.small[s], .neighbourhoodChief) { inPost += 1 }
        useLeverStaffHours(c, .subdivision, Double(appointed) * sp.recruitHours + Double(inPost) * sp.coordinationHours / 30)
        if today.isMonthEnd { bookLeverMoney(c, .subdivision, Double(inPost) * sp.stipend, payer: .government) }
    }

    /// Keeps a chief in post, or appoints the best candidate of `range`:
    /// adults without a role, ranked by party membership + discovered or
    /// engaged talent + engagement E (seeds/001: party members and backbones;
    /// ties by index). On a term day the incumbent stands again. Returns the
    /// chief (−1 if nobody is free) and whether one was appointed.
    mutating func fillChief(_ current: Int32, _ role: Role, _ range: Range<Int>, renew: Bool, until: Int) -> (Int32, Bool) {
        if chiefInPost(current, role) {
            if !renew { return (current, false) }
            residents.role[Int(current)] = Role.none.rawValue
        }
        var best = -1
        var bestScore: Float = -1
        for i in range where residents.age[i] > AgeGroup.teen.rawValue && residents.role[i] == Role.none.rawValue {
            let t = residents.talent[i]
            let talent: Float = t == TalentState.discovered.rawValue || t == TalentState.engaged.rawValue ? 1 : 0
            let score = (residents.party[i] ? 1 : 0) + talent + residents.engagement[i]
            if score > bestScore { bestScore = score; best = i }
        }
        guard best >= 0 else { return (-1, false) }
        let a = params.subdivision.appointmentTrust
        residents.role[best] = role.rawValue
        residents.roleUntil[best] = Int32(until)
        if current != Int32(best) || !renew {
            residents.trust[best] += a * (1 - residents.trust[best])
            residents.belonging[best] += a * (1 - residents.belonging[best])
        }
        return (Int32(best), true)
    }

    /// Step 5 (lever): on duty days each chief in post who is free in the
    /// evening decides with `offer(duty)`; one who takes part visits
    /// `visits_per_duty` households of their unit.
    mutating func performChiefDuties(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.subdivision
        guard sp.active(today.day), sp.isDutyDay(today.weekday) else { return }
        for s in communitySmall(c) {
            chiefDuty(chiefs.small[s], .neighbourhoodChief, Int(units.smallResidents[s])..<Int(units.smallResidents[s + 1]), today, rng)
        }
        for b in units.communityBuildings(c) { chiefDuty(chiefs.building[b], .buildingChief, units.buildingResidentRange(b), today, rng) }
        for g in units.communityGrids(c) { chiefDuty(chiefs.grid[g], .gridChief, units.gridResidents(g), today, rng) }
    }

    /// A chief's duty day: visits to households drawn uniformly from the unit;
    /// each member at home (evening availability) is informed, gets to know
    /// one resident of the unit outside the household with `tie_chance`, and
    /// may be discovered as a talent.
    mutating func chiefDuty(_ chief: Int32, _ role: Role, _ unit: Range<Int>, _ today: CalendarDay, _ rng: RandomStream) {
        guard chiefInPost(chief, role), !unit.isEmpty else { return }
        let sp = params.subdivision
        let i = Int(chief)
        let weekend = today.isWeekend
        let a = params.availability.chance(age: residents.age[i], weekend: weekend, band: .evening)
        guard rng.uniform() < Double(a), offer(i, .duty, day: today.day, rng: rng) else { return }
        let h0 = Int(residents.household[unit.lowerBound])
        let hn = Int(residents.household[unit.upperBound - 1]) + 1 - h0
        let informed = Int32(today.day + sp.informedDays)
        for _ in 0..<sp.visitsPerDuty {
            let members = households.members(h0 + rng.below(hn))
            for m in members where m != i {
                let am = params.availability.chance(age: residents.age[m], weekend: weekend, band: .evening)
                guard rng.uniform() < Double(am) else { continue }
                if sp.informedDays > 0 { residents.informedUntil[m] = max(residents.informedUntil[m], informed) }
                if sp.tieChance > 0 && rng.uniform() < sp.tieChance {
                    for _ in 0..<4 {
                        let j = unit.lowerBound + rng.below(unit.count)
                        if members.contains(j) { continue }
                        ties.addNeighbour(m, j)
                        ties.addNeighbour(j, m)
                        break
                    }
                }
                maybeDiscover(m, chance: sp.discoverVisit, today, rng)
            }
        }
    }

    /// The chiefs in post covering a building or neighbourhood scope, with
    /// their weight in noticing: the neighbourhood chiefs whose small
    /// neighbourhood overlaps it and the building's chief (1 each), the grid's
    /// chief (1 / the grid's buildings).
    @inline(__always) func forEachCoveringChief(_ scope: Range<Int>, _ body: (Int, Double) -> Void) {
        let b = Int(residents.building[scope.lowerBound])
        for s in Int(units.buildingSmallStart[b])..<Int(units.buildingSmallStart[b + 1]) {
            guard Int(units.smallResidents[s]) < scope.upperBound, Int(units.smallResidents[s + 1]) > scope.lowerBound else { continue }
            let i = chiefs.small[s]
            if chiefInPost(i, .neighbourhoodChief) { body(Int(i), 1) }
        }
        let bc = chiefs.building[b]
        if chiefInPost(bc, .buildingChief) { body(Int(bc), 1) }
        let g = Int(units.buildingGrid[b])
        let gc = chiefs.grid[g]
        if chiefInPost(gc, .gridChief) { body(Int(gc), 1 / Double(units.gridBuildings(g).count)) }
    }

    /// Step 3 (lever): extra noticing hazard of an arisen issue from its chiefs,
    /// −ln(1 − q) per covering chief (weighted); none for compound issues.
    func chiefNoticeHazard(_ k: Int, _ scope: Range<Int>) -> Double {
        let q = params.subdivision.noticeChance
        guard q > 0, issues.scope[k] != IssueScope.compound.rawValue, !scope.isEmpty else { return 0 }
        var w = 0.0
        forEachCoveringChief(scope) { _, weight in w += weight }
        return -log1p(-min(q, 0.999999)) * w
    }

    /// Step 3 (lever): one covering chief, drawn uniformly, considers raising a
    /// noticed issue: p = σ(β0 + βτ·τ + βκ·κ + `raise_commitment`·C).
    /// Returns the chief if they raise it, else −1.
    func chiefRaiser(_ k: Int, _ scope: Range<Int>, kappa: Float, _ rng: RandomStream) -> Int {
        let sp = params.subdivision
        guard sp.chiefsRaise, issues.scope[k] != IssueScope.compound.rawValue, !scope.isEmpty else { return -1 }
        var n = 0
        forEachCoveringChief(scope) { _, _ in n += 1 }
        guard n > 0 else { return -1 }
        var pick = rng.below(n), chosen = -1
        forEachCoveringChief(scope) { i, _ in
            if pick == 0 { chosen = i }
            pick -= 1
        }
        let ip = params.issues
        let p = Decision.logistic(ip.raise0 + ip.raiseTrust * residents.trust[chosen] + ip.raiseCred * kappa + sp.raiseCommitment * sp.commitment)
        return rng.uniform() < Double(p) ? chosen : -1
    }
}
