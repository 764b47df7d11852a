/// Talents (达人能人, seeds/004 "finding forces, stickiness, radiation"):
/// latent until the party organisation discovers them on a visit or at an
/// activity; a discovered talent takes up hosting an interest group at a
/// daily rate (faster with talent studios or a post); an engaged talent whose
/// engagement E stays below a floor, or who burns out, withdraws (P6).
public enum Talents {
    public static let parameters: [ParamSpec] = [
        .share("talents.discover_visit", 0.3, "chance a visit that reaches a latent talent discovers them", source: "seeds/004 (visits as a discovery path)"),
        .share("talents.discover_event", 0.05, "chance a latent talent taking part in an activity is discovered", source: "seeds/004 (activities as a discovery path)"),
        ParamSpec("talents.engage_rate", .real, 0.001, unit: "1/day", range: 0...1, "daily chance a discovered talent agrees to host a group (scaled by 0.5 + τ)", source: "seeds/001 (the runner asked to teach one class); assumption"),
        ParamSpec("talents.withdraw_rate", .real, 1.0 / 1095, unit: "1/day", range: 0...1, "base daily hazard that an engaged talent withdraws (moves, job, family)", source: "seeds/004 ('forces turn over'); assumption"),
        ParamSpec("talents.burnout_rate", .real, 0.01, unit: "1/day", range: 0...1, "extra daily withdrawal hazard at full fatigue φ = 1 (scaled by φ above 0.5)", source: "assumption (overload risk)"),
        .share("talents.engagement_floor", 0.05, "engagement E below which an engaged talent withdraws after the grace period", source: "MODEL.md §3 step 12"),
        .days("talents.grace_days", 60, max: 3650, "days after engaging before the engagement floor applies", source: "assumption"),
        .share("talents.wave_share", 0, "share of engaged talents who withdraw at once on `talents.wave_day` (a wave of leaders leaving; 0 = none)", source: "MODEL.md P6 ('leaders withdraw'); scenario choice"),
        .days("talents.wave_day", 365, "day of the withdrawal wave", source: "scenario choice"),
        .share("talents.engaged0", 0, "share of latent talents already engaged (hosting a group) on day 0: leaders in place at the start", source: "assumption (P6 scenarios)"),
    ]

    struct Params: Sendable {
        let discoverVisit, discoverEvent, engageRate, withdrawRate, burnoutRate: Double
        let engagementFloor: Float
        let graceDays: Int
        let engaged0, waveShare: Double
        let waveDay: Int
        init(_ p: Parameters) {
            engaged0 = p["talents.engaged0"]; waveShare = p["talents.wave_share"]; waveDay = p.int("talents.wave_day")
            discoverVisit = p["talents.discover_visit"]; discoverEvent = p["talents.discover_event"]
            engageRate = p["talents.engage_rate"]; withdrawRate = p["talents.withdraw_rate"]
            burnoutRate = p["talents.burnout_rate"]; engagementFloor = p.float("talents.engagement_floor")
            graceDays = p.int("talents.grace_days")
        }
    }
}

extension World {
    /// Discovers latent talent i with probability `chance`; counted by path (Discovery.swift).
    @inline(__always) mutating func maybeDiscover(_ i: Int, chance: Double, _ today: CalendarDay, _ rng: RandomStream,
                                                  path: DiscoveryPath = .activity) {
        guard residents.talent[i] == TalentState.latent.rawValue else { return }
        if rng.uniform() < chance {
            residents.talent[i] = TalentState.discovered.rawValue
            residents.talentSince[i] = Int32(today.day)
            discoveries.count(Int(residents.community[i]), path)
        }
    }

    /// Setup: each latent talent already hosts a group with probability
    /// `talents.engaged0` (its own setup stream, so nothing else changes).
    mutating func seedLeaders(seed: UInt64) {
        let share = params.talents.engaged0
        guard share > 0 else { return }
        for c in 0..<communities.count {
            let rng = RandomStream(seed: seed, replicate: replicate, stream: StreamID.leaders(community: origin.global(c)))
            for i in communities.residentRange(c) where residents.talent[i] == TalentState.latent.rawValue {
                if rng.uniform() < share { engage(i, CalendarDay(0), rng) }
            }
        }
    }

    /// Discovered talents take up hosting a group.
    mutating func engageTalents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let base = params.talents.engageRate * (params.studios.active(today.day) ? params.studios.engageMultiplier : 1)
        for i in communities.residentRange(c) where residents.talent[i] == TalentState.discovered.rawValue {
            if rng.uniform() < base * (0.5 + Double(residents.trust[i])) { engage(i, today, rng) }
        }
    }

    /// Makes i an engaged talent hosting a new group (leaving any group they were in).
    mutating func engage(_ i: Int, _ today: CalendarDay, _ rng: RandomStream) {
        residents.talent[i] = TalentState.engaged.rawValue
        residents.talentSince[i] = Int32(today.day)
        foundGroup(host: i, today, rng)
    }

    /// Step 12: engaged talents withdraw when engagement lapses or they burn out.
    mutating func withdrawTalents(_ i: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let tp = params.talents
        let phi = Double(residents.fatigue[i])
        // Under leader support the hardship part of turnover is drawn there (Levers/LeaderSupport.swift).
        var hazard = max(0, tp.withdrawRate - params.leaderSupport.hardshipHazard(today.day)) + tp.burnoutRate * max(0, phi - 0.5) * 2
        if Int(residents.recognisedUntil[i]) >= today.day { hazard *= 1 - params.redList.retention }
        let lapsed = today.day - Int(residents.talentSince[i]) > tp.graceDays && residents.engagement[i] < tp.engagementFloor
        let wave = tp.waveShare > 0 && today.day == tp.waveDay && rng.uniform() < tp.waveShare
        if lapsed || wave || rng.uniform() < hazard { withdrawTalent(i, today) }
    }

    /// Talent i withdraws: any post or chief's role ends and the hosted group dissolves.
    mutating func withdrawTalent(_ i: Int, _ today: CalendarDay) {
        residents.talent[i] = TalentState.withdrawn.rawValue
        residents.talentSince[i] = Int32(today.day)
        if residents.role[i] == Role.post.rawValue || Role.isChief(residents.role[i]) { residents.role[i] = Role.none.rawValue }
        dissolveGroup(hostedBy: i)
    }
}
