/// Discovery paths: a deliberate talent-scouting drive (seeds/004, Luodian,
/// "how the party organisation finds forces"): "search by the compound's
/// problems ... backbone first ... explore every path: besides learning of
/// potential forces on daily visits, surveys and activities, cherish everyone
/// who raises a problem or a need — raising a question rests on trust and
/// care for the people and things around one; handling it properly firms up
/// that trust and helps lead the questioner to become a governance force.
/// Forces found indirectly (by recommendation, by hearsay) need the party
/// organisation to hold out an olive branch, to know them deeply through
/// activities and home visits." And: "forces turn over, so new ones must
/// keep being found" (P6).
///
/// Without the lever the three paths exist at their base rates
/// (`talents.discover_visit`, `talents.discover_event`,
/// `issues.discover_raiser`). The drive raises each (every path a field; 0
/// switches it off): a chance p becomes p + (1 − p)·gain.
/// - visits with a talent register: at each household visit staff ask about
///   skills (`visit_gain`, `register_hours_per_visit` of staff time per
///   visit); and the register is followed up: `followups_per_week` visits a
///   community to discovered talents not yet engaged (the olive branch), each
///   reaching the talent if free in the evening (by appointment) and asking
///   them to take up a group (`ask_chance`; one visit's staff hours);
/// - scouts at activities: at community events and party days staff watch for
///   talents (`event_gain`, `scout_hours_per_event` per activity);
/// - follow-up of every issue raiser: staff call on each resident who raises
///   a problem (`followup_hours` each), which raises the raiser's trust
///   (`followup_trust`, "handling it properly firms up that trust") and
///   discovers a latent talent among them more often (`raiser_gain`);
/// - referral by residents (间接推荐, "found indirectly, by recommendation"):
///   each Monday every resident who took part in the last 30 days, with
///   chance `referral_rate`, names
///   the first latent talent among their contacts; staff then hold out the
///   olive branch with a home visit (`referral_hours`), and a talent free in
///   the evening is met, informed of activities and discovered (path
///   `referral`).
public enum DiscoveryLever {
    public static let spec = LeverSpec(
        name: "discovery", summary: "talent scouting by visits with a register, scouts at activities and follow-up of issue raisers", source: "seeds/004",
        fields: [
            .share("discovery.visit_gain", 0.5, "share of the gap to 1 closed in a visit's chance to discover a latent talent it reaches (0 = no register)", source: "seeds/004 (daily visits and surveys); assumption"),
            ParamSpec("discovery.register_hours_per_visit", .real, 0.1, unit: "staff hours/visit", range: 0...8, "extra staff time per household visit to keep the talent register", source: "assumption"),
            ParamSpec("discovery.followups_per_week", .real, 2, unit: "visits/week/community", range: 0...100, "register follow-up visits to discovered talents not yet engaged (0 = none)", source: "seeds/004 (olive branch, home visits); assumption"),
            .share("discovery.ask_chance", 0.3, "chance a discovered talent reached by a follow-up agrees to host a group", source: "seeds/001 (the runner asked to teach one class); assumption"),
            .share("discovery.event_gain", 0.5, "share of the gap to 1 closed in the chance to discover a latent talent taking part in an event or party day (0 = no scouts)", source: "seeds/004 (activities); assumption"),
            ParamSpec("discovery.scout_hours_per_event", .real, 2, unit: "staff hours/activity", range: 0...100, "staff time to scout one event or party day", source: "assumption"),
            .share("discovery.raiser_gain", 0.5, "share of the gap to 1 closed in the chance to discover a latent talent who raises an issue (0 = no follow-up)", source: "seeds/004 (every raiser is a candidate)"),
            ParamSpec("discovery.followup_hours", .real, 0.5, unit: "staff hours/raiser", range: 0...8, "staff time to follow up one issue raiser", source: "assumption"),
            .share("discovery.referral_rate", 0.02, "weekly chance a resident who took part in the last 30 days refers a latent talent among their contacts to staff (0 = no referral path)", source: "seeds/004 (间接推荐: forces found by recommendation); rate assumption"),
            ParamSpec("discovery.referral_hours", .real, 1, unit: "staff hours/referral", range: 0...24, "staff time for the home visit that follows a referral (the olive branch)", source: "seeds/004 (上门走访); hours assumption"),
            .share("discovery.followup_trust", 0.05, "share of the gap to 1 a raiser's follow-up closes in trust τ", source: "seeds/004 ('handling it properly firms up that trust'); assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let visitGain, registerHours, followupsPerWeekday, askChance, eventGain, scoutHours, raiserGain, followupHours: Double
        let followupTrust: Float
        let referralRate, referralHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "discovery")
            referralRate = p["discovery.referral_rate"]; referralHours = p["discovery.referral_hours"]
            visitGain = p["discovery.visit_gain"]; registerHours = p["discovery.register_hours_per_visit"]
            followupsPerWeekday = p["discovery.followups_per_week"] / 5; askChance = p["discovery.ask_chance"]
            eventGain = p["discovery.event_gain"]; scoutHours = p["discovery.scout_hours_per_event"]
            raiserGain = p["discovery.raiser_gain"]; followupHours = p["discovery.followup_hours"]
            followupTrust = p.float("discovery.followup_trust")
        }
        /// p + (1 − p)·gain.
        @inline(__always) func raise(_ p: Double, _ gain: Double) -> Double { p + (1 - p) * gain }
    }
}

extension World {
    /// Extra staff hours per household visit to keep the talent register (0 without it).
    @inline(__always) func registerHoursPerVisit(_ today: CalendarDay) -> Double {
        let dp = params.discovery
        return dp.active(today.day) && dp.visitGain > 0 ? dp.registerHours : 0
    }

    /// Discovery chance of a visit reaching a latent talent (staff
    /// effectiveness, then the register). The register's time is already
    /// part of the visits' time (it made them fewer), so it is recorded as
    /// the lever's staff hours without being taken from outreach again.
    mutating func visitDiscoveryChance(_ c: Int, _ today: CalendarDay, visits: Int, register: Double) -> Double {
        let p = staffDiscoveryChance(params.talents.discoverVisit, c, today.day)
        let dp = params.discovery
        guard dp.active(today.day) else { return p }
        costs.staffHours[c * LeverCosts.levers + LeverID.discovery.rawValue] += Double(visits) * register
        return dp.raise(p, dp.visitGain)
    }

    /// Discovery chance at a staff-run activity (event, party day); books the scouts' time.
    mutating func activityDiscoveryChance(_ c: Int, _ today: CalendarDay) -> Double {
        let p = staffDiscoveryChance(params.talents.discoverEvent, c, today.day)
        let dp = params.discovery
        guard dp.active(today.day) else { return p }
        if dp.eventGain > 0 { useLeverStaffHours(c, .discovery, dp.scoutHours) }
        return dp.raise(p, dp.eventGain)
    }

    /// Discovery chance for a resident who raises an issue; under the lever
    /// staff follow the raiser up (staff time, trust).
    mutating func raiserDiscoveryChance(_ raiser: Int, _ today: CalendarDay) -> Double {
        let p = params.issues.discoverRaiser
        let dp = params.discovery
        guard dp.active(today.day), dp.raiserGain > 0 else { return p }
        let c = Int(residents.community[raiser])
        useLeverStaffHours(c, .discovery, dp.followupHours)
        residents.trust[raiser] += dp.followupTrust * (1 - residents.trust[raiser])
        return dp.raise(p, dp.raiserGain)
    }

    /// Register follow-ups on a weekday: visits to discovered talents not yet
    /// engaged, asking them to host a group.
    mutating func followUpRegister(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let dp = params.discovery
        guard dp.active(today.day), dp.followupsPerWeekday > 0, !today.isWeekend else { return }
        // Whole visits today from the weekly rate, without stored state.
        let k = Double(today.day / 7 * 5 + today.weekday)
        let visits = Int((k + 1) * dp.followupsPerWeekday) - Int(k * dp.followupsPerWeekday)
        guard visits > 0 else { return }
        activityBuffer.removeAll(keepingCapacity: true)
        for i in communities.residentRange(c) where residents.talent[i] == TalentState.discovered.rawValue {
            activityBuffer.append(Int32(i))
        }
        guard !activityBuffer.isEmpty else { return }
        let pp = params.party
        for _ in 0..<visits {
            guard !activityBuffer.isEmpty else { break }
            let slot = rng.below(activityBuffer.count)
            let i = Int(activityBuffer[slot])
            useLeverStaffHours(c, .discovery, pp.hoursPerVisit)
            let a = params.availability.chance(age: residents.age[i], weekend: false, band: .evening)
            guard rng.uniform() < Double(a) else { continue }
            residents.trust[i] += pp.visitTrust * (1 - residents.trust[i])
            residents.informedUntil[i] = max(residents.informedUntil[i], Int32(today.day + pp.informedDays))
            if rng.uniform() < dp.askChance {
                engage(i, today, rng)
                activityBuffer[slot] = activityBuffer[activityBuffer.count - 1]
                activityBuffer.removeLast()
            }
        }
        activityBuffer.removeAll(keepingCapacity: true)
    }
}

extension World {
    /// Referral by residents (Mondays): each resident who took part in the
    /// last 30 days, with chance
    /// `discovery.referral_rate`, refers the first latent talent among their
    /// contacts; a staff home visit (`referral_hours`) meets the talent if
    /// free in the evening, informs them and discovers them (path referral).
    mutating func referTalents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let dp = params.discovery
        guard dp.active(today.day), dp.referralRate > 0, today.weekday == 0 else { return }
        let latent = TalentState.latent.rawValue
        let informed = Int32(today.day + params.party.informedDays)
        for i in communities.residentRange(c) where residents.tookPartLast30(i) {
            guard rng.uniform() < dp.referralRate else { continue }
            var referred = -1
            ties.forEach(i) { j in
                if referred < 0 && residents.talent[j] == latent { referred = j }
            }
            guard referred >= 0 else { continue }
            useLeverStaffHours(c, .discovery, dp.referralHours)
            let a = params.availability.chance(age: residents.age[referred], weekend: false, band: .evening)
            guard rng.uniform() < Double(a) else { continue }
            residents.informedUntil[referred] = max(residents.informedUntil[referred], informed)
            maybeDiscover(referred, chance: 1, today, rng, path: .referral)
        }
    }
}

/// The discovery paths of seeds/004 (visits, activities, issue raisers, referrals).
public enum DiscoveryPath: Int, CaseIterable, Sendable {
    case visit = 0, activity, raiser, referral
}

/// Talents discovered so far per community and path (`discovered_<path>_total`).
public struct DiscoveryTally: Sendable {
    var counts = ContiguousArray<Int32>()
    static let paths = DiscoveryPath.allCases.count
    init(communities n: Int) { counts = ContiguousArray(repeating: 0, count: n * Self.paths) }
    @inline(__always) mutating func count(_ c: Int, _ path: DiscoveryPath) { counts[c * Self.paths + path.rawValue] += 1 }
    public func total(_ c: Int, _ path: DiscoveryPath) -> Double { Double(counts[c * Self.paths + path.rawValue]) }
}
