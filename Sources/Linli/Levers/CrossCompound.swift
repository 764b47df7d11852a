/// Cross-compound work (seeds/003, Yangpu "three micro" governance):
/// "针对跨小区公共议题,坚持先'融和'再'交心',由居民区党组织发起'老少皆宜'的各类活动,
/// 再主导建立跨小区议事平台,让居民们在慢慢熟络的基础上,再坐下来,'吵'化坚冰" — for public
/// issues spanning compounds, first blend, then open hearts: the residential
/// party organisations hold activities for all ages, then set up a
/// cross-compound platform, so that residents who have slowly got to know each
/// other sit down and "argue the ice away". Wuhuan merged small compounds
/// ("小小区合并") through its platform; branch heads swap posts on
/// cross-compound matters so the leader has empathy and acts as "glue"
/// ("黏合剂"), turning a "wall between strangers" into a "door between neighbours".
///
/// Communities are paired within a street in scenario order (1st with 2nd,
/// 3rd with 4th, …). While the lever is active:
/// - joint events: the pair holds `joint_events_per_month` events on Sundays
///   open to residents of both compounds; a participant gets to know one from
///   the other compound (a lasting cross tie, `Residents.crossTie`);
/// - a cross-compound issue's sittings are open to residents of both
///   compounds, and its consensus rises with the share of the last sitting's
///   attendees who have a tie across the pair (the ice melted at the events);
/// - merging (`merge`): the pair shares its compound-wide sittings (any
///   compound-scope issue of either), and a cross-compound issue is one
///   compound's issue, without the cross-compound penalty;
/// - swapped branch heads (`post_swap`): at joint events and cross-compound
///   sittings the heads, who serve both compounds, introduce attendees across.
/// A community without a partner is untouched.
public enum CrossCompoundLever {
    public static let spec = LeverSpec(
        name: "cross_compound", summary: "joint events of paired compounds, cross-compound sittings, merging and swapped branch heads", source: "seeds/003",
        running: RunningCost(staffHoursPerMonth: 2, what: "liaison between the paired compounds' party organisations"),
        fields: [
            ParamSpec("cross_compound.joint_events_per_month", .integer, 1, unit: "events/month", range: 0...4, "joint events of each pair of compounds a month (Sunday evenings from the 4th week of the 30-day month backwards); 0 switches joint events off", source: "seeds/003 (先融和再交心: activities for all ages first)"),
            .share("cross_compound.joint_reach", 0.15, "chance a resident of either compound not personally informed hears of a joint event (notices of both party organisations)", source: "assumption"),
            .share("cross_compound.cross_tie", 0.5, "chance a joint-event participant gets to know a participant from the other compound (a lasting tie across the pair); 0 switches it off", source: "seeds/003 (慢慢熟络); assumption"),
            ParamSpec("cross_compound.joint_event_cost", .real, 2_000, unit: "yuan/event", range: 0...1_000_000, "money a joint event costs (government), split between the two communities", source: "assumption"),
            ParamSpec("cross_compound.joint_event_staff_hours", .real, 8, unit: "hours/event/community", range: 0...1000, "staff hours each community of the pair spends on a joint event", source: "assumption"),
            ParamSpec("cross_compound.consensus_ties", .real, 2.0, unit: "logit", range: 0...20, "consensus bonus of a cross-compound issue per unit share of its last sitting's attendees with a tie across the pair; 0 switches it off", source: "seeds/003 ('吵'出共识 once residents know each other); assumption"),
            .flag("cross_compound.merge", false, "small compounds merged (小小区合并): the pair shares its compound-wide sittings and a cross-compound issue carries no cross-compound penalty", source: "seeds/003 (Wuhuan's 缘圆议事会)"),
            .flag("cross_compound.post_swap", false, "branch heads swap posts (互换岗位): at joint events and cross-compound sittings they introduce attendees across the pair", source: "seeds/003 (带头人 as 黏合剂)"),
            .share("cross_compound.swap_introduce", 0.3, "chance a swapped head introduces an attendee to one from the other compound (a lasting tie across); 0 switches the introductions off", source: "seeds/003; assumption"),
            ParamSpec("cross_compound.swap_staff_hours", .real, 8, unit: "hours/community/month", range: 0...1000, "staff hours the swapped heads spend a month serving the other compound", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let jointEvents: Int
        let jointReach, crossTie, jointCost, jointHours: Double
        let consensusTies: Float
        let merge, postSwap: Bool
        let swapIntroduce, swapHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "cross_compound")
            jointEvents = p.int("cross_compound.joint_events_per_month")
            jointReach = p["cross_compound.joint_reach"]; crossTie = p["cross_compound.cross_tie"]
            jointCost = p["cross_compound.joint_event_cost"]; jointHours = p["cross_compound.joint_event_staff_hours"]
            consensusTies = p.float("cross_compound.consensus_ties")
            merge = p.bool("cross_compound.merge"); postSwap = p.bool("cross_compound.post_swap")
            swapIntroduce = p["cross_compound.swap_introduce"]; swapHours = p["cross_compound.swap_staff_hours"]
        }
    }
}

extension World {
    /// Setup: pairs the communities of each street in scenario order (1st with
    /// 2nd, 3rd with 4th, …); an odd one out has no partner (-1).
    mutating func pairCompounds() {
        let n = communities.count
        communities.crossPartner = ContiguousArray(repeating: -1, count: n)
        var waiting: [String: Int] = [:]
        for c in 0..<n {
            let s = communities.streets[c]
            if let a = waiting.removeValue(forKey: s) {
                communities.crossPartner[a] = Int32(c)
                communities.crossPartner[c] = Int32(a)
            } else {
                waiting[s] = c
            }
        }
    }

    /// The community paired with c while the lever is active (-1: none).
    @inline(__always) func crossPartner(_ c: Int, _ day: Int) -> Int {
        params.crossCompound.active(day) ? Int(communities.crossPartner[c]) : -1
    }

    /// The partner community whose residents also sit on issue k (-1: none):
    /// a cross-compound issue, or any compound-scope issue of a merged pair.
    func crossSittingPartner(_ k: Int, _ day: Int) -> Int {
        let p = crossPartner(Int(issues.community[k]), day)
        guard p >= 0, issues.scope[k] == IssueScope.compound.rawValue else { return -1 }
        return issues.crossCompound[k] || params.crossCompound.merge ? p : -1
    }

    /// A merged pair: its cross-compound issues are one compound's issues.
    func crossMerged(_ c: Int, _ day: Int) -> Bool { params.crossCompound.merge && crossPartner(c, day) >= 0 }

    /// Consensus bonus of cross-compound issue k: `consensus_ties` × the share
    /// of the last sitting's attendees (still in `activityBuffer`: `decide`
    /// runs right after the last `sitting`) with a tie across the pair.
    func crossTieBonus(_ k: Int, _ day: Int) -> Float {
        let cp = params.crossCompound
        guard cp.consensusTies > 0, crossPartner(Int(issues.community[k]), day) >= 0, !activityBuffer.isEmpty else { return 0 }
        var tied = 0
        for i in activityBuffer where residents.crossTie[Int(i)] >= 0 { tied += 1 }
        return cp.consensusTies * Float(tied) / Float(activityBuffer.count)
    }

    /// Joint events of the pair, held by its lower-numbered community on
    /// Sundays with w = ⌊(day mod 30)/7⌋ ≤ 3 and 3 − w < `joint_events_per_month`. Both
    /// compounds' residents are asked (heard = 1 if informed, else
    /// `joint_reach`); participants get to know one from the other compound;
    /// swapped heads introduce more; then they mingle.
    mutating func holdJointEvents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let cp = params.crossCompound
        guard cp.active(today.day) else { return }
        let p = Int(communities.crossPartner[c])
        guard p >= 0 else { return }
        if cp.postSwap && today.isMonthEnd {
            useLeverStaffHours(c, .crossCompound, cp.swapHours)
        }
        let week = (today.day % 30) / 7
        guard p > c, today.weekday == 6, week <= 3, 3 - week < cp.jointEvents else { return }
        activityBuffer.removeAll(keepingCapacity: true)
        for community in [c, p] {
            for i in communities.residentRange(community) {
                let heard = Int(residents.informedUntil[i]) >= today.day ? 1.0 : cp.jointReach
                attend(i, heard: heard, today, .evening, rng)
            }
        }
        tieAcross(chance: cp.crossTie, rng)
        if cp.postSwap { tieAcross(chance: cp.swapIntroduce, rng) }
        mingle(today, rng, discovery: params.talents.discoverEvent)
        for community in [c, p] {
            bookLeverMoney(community, .crossCompound, cp.jointCost / 2, payer: .government)
            useLeverStaffHours(community, .crossCompound, cp.jointHours)
        }
    }

    /// Swapped heads at a cross-compound sitting introduce attendees across.
    mutating func crossSittingIntroductions(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard params.crossCompound.postSwap, issues.crossCompound[k], crossPartner(Int(issues.community[k]), today.day) >= 0 else { return }
        tieAcross(chance: params.crossCompound.swapIntroduce, rng)
    }

    /// Participants (in `activityBuffer`) get to know one from the other compound (Events.swift).
    mutating func tieAcross(chance: Double, _ rng: RandomStream) {
        pairAcross(by: residents.community, chance: chance, lasting: true, rng)
    }

    /// A resident moving out: their tie across ends on both sides.
    mutating func forgetCrossTie(_ i: Int) {
        let j = Int(residents.crossTie[i])
        guard j >= 0 else { return }
        if residents.crossTie[j] == Int32(i) { residents.crossTie[j] = -1 }
        residents.crossTie[i] = -1
    }
}
