/// Leader support (seeds/004, Luodian, the lessons on "stickiness" and
/// "radiation"). "The radiation capacity of different backbones is uneven
/// and needs to be raised through later training, exchange, working through
/// governance together and accumulated experience" (辐射能力是参差不齐的，
/// 需要通过后期的培训、交流、治理磨合、经验累积来提升), with links to a
/// governance academy and professional resources; "when they show
/// professional ability, propose a feasible plan, when the project they took
/// part in is praised, when their personal influence grows, the secretary
/// must give them immediate affirmation" (即时肯定); and "when the governance
/// forces meet difficulties, the party organisation must be their most
/// important support" (care in hardship).
///
/// Leaders here are the engaged talents who host a group (§7.8, §7.9); post
/// holders count too for affirmation on completed projects. Mechanisms, each
/// with a parameter that switches it off:
/// - *Radiation growth* (`sessions_per_year`, `experience_gain`): leaders
///   asked to a training and exchange session who come grow their radiation
///   ρ by `session_gain`·ρ·(1 − ρ/ρ_max), and every day active as a host by
///   `experience_gain`/365·ρ·(1 − ρ/ρ_max); their group's capacity follows ρ
///   (Groups.swift), so the group can draw more members ("fans").
/// - *Achievement affirmation* (`affirm_days`): not a monthly blanket (the
///   red list's affirmation, RedList.swift) but triggered by an achievement:
///   the host of a group that passes a multiple of `milestone_size` members,
///   and the leaders of a project's scope who took part in its deliberation
///   or work once the project is completed, are recognised at once
///   (recognition R for `affirm_days`, a small rise in motivation μ).
/// - *Care in hardship* (`care_share`): hardship episodes (illness, job loss,
///   family trouble) strike a leader at `hardship_rate` and end in withdrawal
///   with `hardship_withdraw`; that part of leaders' turnover is taken out of
///   the base withdrawal rate while the lever is on, so without care leaders
///   withdraw as before. The party organisation learns of an episode with
///   `care_share`, visits (staff hours) and the withdrawal chance falls by
///   `care_relief`.
public enum LeaderSupportLever {
    public static let spec = LeverSpec(
        name: "leader_support", summary: "leaders' reach grown by training and experience, affirmation of achievements, care in hardship",
        source: "seeds/004",
        running: RunningCost(staffHoursPerMonth: 2, what: "keeping in touch with the community's leaders"),
        fields: [
            ParamSpec("leader_support.sessions_per_year", .integer, 4, unit: "sessions/year", range: 0...52, "training and exchange sessions per year to which every leader (host) is asked; 0 switches training off", source: "seeds/004 (training, exchange, links to a governance academy and professional resources); frequency assumption"),
            .share("leader_support.session_gain", 0.15, "growth of a leader's radiation ρ per session attended, times 1 − ρ/ρ_max; 0 switches the sessions' effect off", source: "seeds/004 (radiation grows with training and exchange); size assumption"),
            ParamSpec("leader_support.experience_gain", .real, 0.2, unit: "1/year", range: 0...10, "growth rate of a leader's radiation per year active as a host, times 1 − ρ/ρ_max; 0 switches it off", source: "seeds/004 (working through governance together, accumulated experience); size assumption"),
            ParamSpec("leader_support.radiation_max", .real, 300, unit: "followers", range: 1...100_000, "ceiling ρ_max towards which radiation grows", source: "seeds/001 gives one leader's club of 300+ members (the runner), taken as the ceiling; that it bounds every leader's reach is an assumption"),
            ParamSpec("leader_support.session_cost", .real, 300, unit: "yuan/attendee", range: 0...100_000, "course and trainer fees per leader attending a session (government)", source: "assumption"),
            ParamSpec("leader_support.session_staff_hours", .real, 8, unit: "hours/session", range: 0...1000, "staff hours to organise a session", source: "assumption"),
            ParamSpec("leader_support.milestone_size", .integer, 10, unit: "members", range: 0...10_000, "a host is affirmed each time the group passes a multiple of this size; 0 = no size milestones", source: "seeds/004 (affirmation when a leader's influence grows); size assumption"),
            .days("leader_support.affirm_days", 60, max: 3650, "days an affirmation counts as recognition R; 0 switches affirmation off", source: "seeds/004 (即时肯定); duration assumption"),
            .share("leader_support.affirm_motivation", 0.05, "share of the gap to 1 an affirmation closes in motivation μ", source: "Frey & Jegen 2001 (symbolic recognition crowds in); size assumption"),
            ParamSpec("leader_support.affirm_staff_hours", .real, 0.5, unit: "hours/affirmation", range: 0...100, "the secretary's time for one affirmation (a call, a visit, a word at a meeting)", source: "assumption"),
            ParamSpec("leader_support.hardship_rate", .real, 0.3, unit: "1/year", range: 0...100, "hardship episodes (illness, job loss, family trouble) per leader per year", source: "seeds/004 (leaders meet difficulties); rate assumption"),
            .share("leader_support.hardship_withdraw", 0.5, "chance an episode without support ends in the leader withdrawing (this part of turnover is taken out of talents.withdraw_rate while the lever is on)", source: "assumption"),
            .share("leader_support.care_share", 0.8, "chance the party organisation learns of an episode and makes a support visit; 0 switches care off", source: "seeds/004 (the party organisation as their support in hardship); share assumption"),
            .share("leader_support.care_relief", 0.7, "reduction of the withdrawal chance by support", source: "assumption"),
            ParamSpec("leader_support.care_staff_hours", .real, 4, unit: "hours/episode", range: 0...1000, "staff hours of support for one episode (visits, linking help)", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let sessionsPerYear: Int
        let sessionGain, experienceGain, radiationMax, sessionCost, sessionStaffHours: Double
        let milestoneSize, affirmDays: Int
        let affirmMotivation: Float
        let affirmStaffHours: Double
        let hardshipRate, hardshipWithdraw, careShare, careRelief, careStaffHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "leader_support")
            sessionsPerYear = p.int("leader_support.sessions_per_year"); sessionGain = p["leader_support.session_gain"]
            experienceGain = p["leader_support.experience_gain"]; radiationMax = p["leader_support.radiation_max"]
            sessionCost = p["leader_support.session_cost"]; sessionStaffHours = p["leader_support.session_staff_hours"]
            milestoneSize = p.int("leader_support.milestone_size"); affirmDays = p.int("leader_support.affirm_days")
            affirmMotivation = p.float("leader_support.affirm_motivation"); affirmStaffHours = p["leader_support.affirm_staff_hours"]
            hardshipRate = p["leader_support.hardship_rate"]; hardshipWithdraw = p["leader_support.hardship_withdraw"]
            careShare = p["leader_support.care_share"]; careRelief = p["leader_support.care_relief"]
            careStaffHours = p["leader_support.care_staff_hours"]
        }
        /// A session day: every ⌊365/n⌋ days from the start day.
        func isSessionDay(_ day: Int) -> Bool {
            guard sessionsPerYear > 0, active(day) else { return false }
            return (day - lever.startDay) % max(1, 365 / sessionsPerYear) == 0
        }
        /// Daily hardship withdrawal hazard that the lever makes explicit, taken out of the base rate.
        func hardshipHazard(_ day: Int) -> Double {
            active(day) ? hardshipRate / 365 * hardshipWithdraw : 0
        }
    }
}

/// The lever's state: each group's next size milestone, and per-community tallies.
public struct LeaderSupportState: Sendable {
    /// Next size milestone of group g (0: not yet set), grown as groups are founded.
    var nextMilestone = ContiguousArray<Int32>()
    /// Per community: sessions held, leaders attending, affirmations, hardship
    /// episodes, episodes with a support visit, withdrawals after an episode.
    public var sessions, attendances, affirmations, episodes, cared, hardshipWithdrawals: ContiguousArray<Int32>
    init(communities n: Int) {
        let z = ContiguousArray<Int32>(repeating: 0, count: n)
        sessions = z; attendances = z; affirmations = z; episodes = z; cared = z; hardshipWithdrawals = z
    }
}

extension World {
    /// Step 4, after the party organisation's day: training and exchange
    /// sessions, radiation growing with experience, hardship and care.
    mutating func supportLeaders(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let lp = params.leaderSupport
        guard lp.active(today.day), c < groups.byCommunity.count else { return }
        let session = lp.isSessionDay(today.day)
        if session {
            useLeverStaffHours(c, .leaderSupport, lp.sessionStaffHours)
            leaderSupport.sessions[c] += 1
        }
        let daily = lp.experienceGain / 365
        let hardship = lp.hardshipRate / 365
        for g32 in groups.byCommunity[c] {
            let g = Int(g32)
            guard groups.alive[g] else { continue }
            let i = Int(groups.host[g])
            var growth = daily
            if session {
                // Asked personally; comes when free that evening and willing (a leaders' meeting).
                let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
                if rng.uniform() < Double(a) && offer(i, .meeting, day: today.day, rng: rng) {
                    growth += lp.sessionGain
                    leaderSupport.attendances[c] += 1
                    bookLeverMoney(c, .leaderSupport, lp.sessionCost, payer: .government)
                }
            }
            if growth > 0 { growLeaderRadiation(i, g, by: growth, today) }
            if hardship > 0 && rng.uniform() < hardship { leaderHardship(i, c, today, rng) }
        }
    }

    /// ρ ← ρ + r·ρ·(1 − ρ/ρ_max); the host's group capacity follows (never shrinks).
    mutating func growLeaderRadiation(_ i: Int, _ g: Int, by r: Double, _ today: CalendarDay) {
        let rho = Double(residents.radiation[i])
        let ceiling = params.leaderSupport.radiationMax
        guard rho < ceiling else { return }
        residents.radiation[i] = Float(rho + r * rho * (1 - rho / ceiling))
        var cap = Double(residents.radiation[i]) * params.groups.capacityPerRadiation
        if params.studios.active(today.day) { cap *= params.studios.capacityMultiplier }
        if residents.role[i] == Role.post.rawValue { cap *= params.posts.radiationBoost }
        if groups.association[g] { cap *= params.associations.spaceCapacity }
        let k = Int32(max(Double(params.groups.minCapacity), cap.rounded()))
        if k > groups.capacity[g] { groups.capacity[g] = k }
    }

    /// A hardship episode of leader i: a support visit with `care_share`; the
    /// leader withdraws with `hardship_withdraw`, cut by `care_relief` if supported.
    mutating func leaderHardship(_ i: Int, _ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let lp = params.leaderSupport
        leaderSupport.episodes[c] += 1
        var withdraw = lp.hardshipWithdraw
        if lp.careShare > 0 && rng.uniform() < lp.careShare {
            leaderSupport.cared[c] += 1
            useLeverStaffHours(c, .leaderSupport, lp.careStaffHours)
            let pp = params.party
            residents.belonging[i] += pp.visitBelonging * (1 - residents.belonging[i])
            residents.trust[i] += pp.visitTrust * (1 - residents.trust[i])
            withdraw *= 1 - lp.careRelief
        }
        if rng.uniform() < withdraw {
            leaderSupport.hardshipWithdrawals[c] += 1
            withdrawTalent(i, today)
        }
    }

    /// End of the community's day: affirmation of today's achievements — a
    /// group passing a size milestone (its host), a project completed today
    /// (the leaders of its scope who took part in its deliberation or work).
    mutating func affirmAchievements(_ c: Int, _ today: CalendarDay) {
        let lp = params.leaderSupport
        guard lp.active(today.day), lp.affirmDays > 0 else { return }
        if lp.milestoneSize > 0 && c < groups.byCommunity.count {
            let m = Int32(lp.milestoneSize)
            while leaderSupport.nextMilestone.count < groups.count { leaderSupport.nextMilestone.append(0) }
            for g32 in groups.byCommunity[c] {
                let g = Int(g32)
                guard groups.alive[g] else { continue }
                if leaderSupport.nextMilestone[g] == 0 { leaderSupport.nextMilestone[g] = m }
                guard groups.size[g] >= leaderSupport.nextMilestone[g] else { continue }
                while groups.size[g] >= leaderSupport.nextMilestone[g] { leaderSupport.nextMilestone[g] += m }
                affirm(Int(groups.host[g]), c, today)
            }
        }
        for idx in issues.live[c].indices {
            let k = Int(issues.live[c][idx])
            guard issues.stage[k] == IssueStage.done.rawValue, Int(issues.stageSince[k]) == today.day else { continue }
            let raised = issues.raisedDay[k] >= 0 ? issues.raisedDay[k] : issues.arisen[k]
            for i in scopeRange(k) {
                let leader = residents.talent[i] == TalentState.engaged.rawValue || residents.role[i] == Role.post.rawValue
                guard leader, residents.lastGovernance[i] >= raised || issues.raiser[k] == Int32(i) else { continue }
                affirm(i, c, today)
            }
        }
    }

    /// Immediate affirmation of leader i: recognition R and a little motivation.
    private mutating func affirm(_ i: Int, _ c: Int, _ today: CalendarDay) {
        let lp = params.leaderSupport
        residents.recognisedUntil[i] = max(residents.recognisedUntil[i], Int32(today.day + lp.affirmDays))
        residents.motivation[i] += lp.affirmMotivation * (1 - residents.motivation[i])
        useLeverStaffHours(c, .leaderSupport, lp.affirmStaffHours)
        leaderSupport.affirmations[c] += 1
    }
}
