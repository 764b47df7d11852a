import CGSL
import Foundation

/// Slow variables (MODEL.md §3 step 12), once a day for every resident:
/// the day's participation closes into engagement E, fatigue φ and the
/// 32-day history; fatigue recovers; μ drifts back to its resting level and
/// is crowded out by paid participation (P9); a day of taking part raises τ
/// (seeds/001: those who never took part misjudge community work); b and τ relax towards the
/// community mean and decay slowly to the community's baseline; talents may
/// withdraw; posts end with their term. Tenants move out and newcomers
/// arrive (`turnover`).
public enum SlowVariables {
    public static let parameters: [ParamSpec] = [
        .share("slow.fatigue_recovery", 0.1, "share of fatigue φ lost on a day without taking part", source: "assumption"),
        ParamSpec("slow.motivation_drift", .real, 1.0 / 365, unit: "1/day", range: 0...1, "daily rate at which μ returns to its resting level", source: "Frey & Jegen 2001 (crowding out persists); assumption"),
        ParamSpec("slow.relax_rate", .real, 0.01, unit: "1/day", range: 0...1, "daily rate at which b and τ relax towards the community mean", source: "assumption (neighbourhood effects)"),
        ParamSpec("slow.decay_rate", .real, 1.0 / 365, unit: "1/day", range: 0...1, "daily rate at which the community mean of b and τ decays to its baseline without upkeep", source: "assumption"),
        ParamSpec("slow.satisfaction_relax", .real, 1.0 / 180, unit: "1/day", range: 0...1, "daily rate at which satisfaction returns to 0.5 (memories of a fix fade)", source: "assumption"),
        .share("slow.participation_trust", 0.01, "share of the gap to 1 closed in trust τ on each day a resident takes part (taking part shows how community work is done; 0 = off)", source: "seeds/001 ('many do not understand community work because they never took part in it'); size assumption"),
        ParamSpec("slow.tenant_stay_days", .real, 730, unit: "days", range: 1...36500, "mean stay of a renting household before it moves out", source: "seeds/004 Rongting (high tenant turnover); assumption"),
        ParamSpec("slow.owner_stay_days", .real, 7300, unit: "days", range: 1...365000, "mean stay of an owning household", source: "assumption"),
    ]

    struct Params: Sendable {
        let fatigueKeep: Float
        let motivationDrift, relax, decay, satisfactionRelax: Float
        let participationTrust: Float
        let tenantMoveHazard, ownerMoveHazard: Double
        init(_ p: Parameters) {
            fatigueKeep = 1 - p.float("slow.fatigue_recovery")
            motivationDrift = p.float("slow.motivation_drift")
            relax = p.float("slow.relax_rate"); decay = p.float("slow.decay_rate")
            satisfactionRelax = p.float("slow.satisfaction_relax")
            participationTrust = p.float("slow.participation_trust")
            tenantMoveHazard = 1 / p["slow.tenant_stay_days"]; ownerMoveHazard = 1 / p["slow.owner_stay_days"]
        }
    }
}

extension World {
    /// Community c's slow variables for the day.
    mutating func updateSlowVariables(_ c: Int, _ today: CalendarDay) {
        let d = params.decision, s = params.slow
        let bMean = communities.belongingMean[c], tMean = communities.trustMean[c]
        let bBase = communities.belongingBase[c], tBase = communities.trustBase[c]
        // The community's mean itself drifts to its baseline; residents relax towards the drifting mean.
        let bTarget = bMean + s.decay * (bBase - bMean) / max(s.relax, 1e-6)
        let tTarget = tMean + s.decay * (tBase + trustShift(c) - tMean) / max(s.relax, 1e-6)
        let rng = streams[c]
        let k = Residents.DayClose(engagementDecay: d.engagementDecay, fatigueGain: d.fatigueGain, overloadFatigue: params.posts.overloadFatigue,
                                   chiefOverload: params.subdivision.overloadFatigue,
                                   fatigueKeep: s.fatigueKeep, motivationDrift: s.motivationDrift, crowding: params.paid.crowding,
                                   relax: s.relax, belongingTarget: bTarget, trustTarget: tTarget,
                                   satisfactionRelax: s.satisfactionRelax, participationTrust: s.participationTrust,
                                   monthEnd: today.isMonthEnd)
        rareToday.removeAll(keepingCapacity: true)
        communities.activeCount[c] = Int32(residents.closeDay(communities.residentRange(c), k, rare: &rareToday))
        // Rare events after the arithmetic, in resident order (same draws as one fused loop).
        for r in rareToday.indices {
            let i = Int(rareToday[r])
            if residents.talent[i] == TalentState.engaged.rawValue { withdrawTalents(i, today, rng) }
            if residents.role[i] == Role.post.rawValue && Int(residents.roleUntil[i]) <= today.day {
                residents.role[i] = Role.none.rawValue
            }
        }
    }

    /// Households move out at a daily hazard (tenants far more often than
    /// owners); the same dwelling is taken by newcomers with fresh state and
    /// no history, no group and no role.
    mutating func turnover(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let s = params.slow
        let range = communities.householdRange(c)
        var h = range.lowerBound
        while h < range.upperBound {
            // One uniform per household in order (the same draws as testing each in a loop).
            h = households.tenure.withUnsafeBufferPointer { tenure in
                linli_first_move(rng.rng, tenure.baseAddress!, h, range.upperBound,
                                 Tenure.owner.rawValue, s.ownerMoveHazard, s.tenantMoveHazard)
            }
            guard h < range.upperBound else { break }
            for i in households.members(h) { moveIn(i, today, rng) }
            householdMovedIn(h, today)
            h += 1
        }
    }

    mutating func moveIn(_ i: Int, _ today: CalendarDay, _ rng: RandomStream) {
        if residents.talent[i] == TalentState.engaged.rawValue { dissolveGroup(hostedBy: i) }
        leaveGroup(i)
        let isTalent = residents.age[i] > AgeGroup.teen.rawValue && rng.uniform() < communities.talentShare[Int(residents.community[i])]
        residents.talent[i] = isTalent ? TalentState.latent.rawValue : TalentState.notTalent.rawValue
        let pp = params.population
        residents.radiation[i] = Float(rng.lognormal(zeta: log(isTalent ? pp.radTalent : pp.radOther), sigma: pp.radSigma))
        residents.role[i] = Role.none.rawValue
        residents.engagement[i] = 0
        residents.fatigue[i] = 0
        residents.history[i] = 0
        residents.activeStreak[i] = 0
        if residents.activePrev[i] { communities.activeCount[Int(residents.community[i])] -= 1 }
        residents.activePrev[i] = false
        residents.recognisedUntil[i] = -1
        residents.informedUntil[i] = -1
        residents.satisfaction[i] = 0.5
        residents.contributions[i] = 0
        if residents.stationJob[i] { leaveStation(i) }
        residents.lastGovernance[i] = -1
        forgetCrossTie(i)                              // cross-compound lever
        leaveUnitCustom(i)                             // co-building custom
        ties.clearDynamic(i)
        drawState(i, rng: rng, newcomer: true)
    }
}

extension Residents {
    /// Constants of one community's day close.
    struct DayClose {
        let engagementDecay, fatigueGain, overloadFatigue, chiefOverload, fatigueKeep, motivationDrift, crowding: Float
        let relax, belongingTarget, trustTarget, satisfactionRelax: Float
        /// Trust gained on a day of taking part (seeds/001).
        let participationTrust: Float
        let monthEnd: Bool
    }

    /// The per-resident arithmetic of step 12, the model's hottest loop. It
    /// works on buffer pointers so that no array write pays a uniqueness check
    /// (measured: a third of the day's time went to those checks), and as one
    /// short branch-free loop per state variable: each touches two or three
    /// columns, so the compiler vectorises it (one fused loop over fourteen
    /// columns could not be: too many pairs of pointers to prove apart), and
    /// the columns read again (took part, role) are in cache by then. Every
    /// resident's arithmetic is the same, operation for operation, as in one
    /// fused loop, so results are bit-identical.
    /// Returns the number of residents active after the day (the well-mixed
    /// social pull's numerator); appends to `rare` the residents whose day may
    /// end in a rare event (an engaged talent, a post holder), so that the
    /// events need no second pass over everyone.
    @discardableResult
    mutating func closeDay(_ range: Range<Int>, _ k: DayClose, rare: inout ContiguousArray<Int32>) -> Int {
        var activeTotal = 0
        let lo = range.lowerBound, hi = range.upperBound
        guard lo < hi else { return 0 }          // (and no base address to take in a world without residents)
        tookPart.withUnsafeMutableBufferPointer { tookBuffer in
        paidToday.withUnsafeMutableBufferPointer { paidBuffer in
        role.withUnsafeBufferPointer { roles in
            let took = UnsafeBufferPointer(tookBuffer)
            // Engagement E: an exponential average of days taken part.
            let decay = k.engagementDecay, gain = 1 - k.engagementDecay
            engagement.withUnsafeMutableBufferPointer { e in
                for i in lo..<hi { e[i] = decay * e[i] + (took[i] ? gain : 0) }
            }
            // Fatigue φ: grows on a day of taking part (more for post holders and chiefs), recovers otherwise.
            let fatigueGain = k.fatigueGain, overload = k.overloadFatigue, chiefOverload = k.chiefOverload, keep = k.fatigueKeep
            fatigue.withUnsafeMutableBufferPointer { phi in
                for i in lo..<hi {
                    let r = roles[i]
                    let extra = r == Role.post.rawValue ? overload : (Role.isChief(r) ? chiefOverload : 0)
                    let f = phi[i]
                    phi[i] = took[i] ? min(1, f + fatigueGain + extra) : f * keep
                }
            }
            // Motivation μ drifts to its resting level; paid participation crowds it out (P9).
            motivation.withUnsafeMutableBufferPointer { mu in
            motivationBase.withUnsafeBufferPointer { base in
                let drift = k.motivationDrift, crowding = k.crowding
                for i in lo..<hi {
                    var m = mu[i]
                    m += drift * (base[i] - m)
                    mu[i] = paidBuffer[i] ? m - crowding * m : m
                }
            }}
            // Trust τ: a day of taking part shows how community work is done (seeds/001); then it relaxes.
            trust.withUnsafeMutableBufferPointer { tau in
                let gain = k.participationTrust, relax = k.relax, target = k.trustTarget
                for i in lo..<hi {
                    let t0 = tau[i]
                    let t1 = took[i] ? t0 + gain * (1 - t0) : t0
                    tau[i] = t1 + relax * (target - t1)
                }
            }
            belonging.withUnsafeMutableBufferPointer { b in
                let relax = k.relax, target = k.belongingTarget
                for i in lo..<hi { b[i] += relax * (target - b[i]) }
            }
            satisfaction.withUnsafeMutableBufferPointer { sat in
                let relax = k.satisfactionRelax
                for i in lo..<hi { sat[i] += relax * (0.5 - sat[i]) }
            }
            // The 32-day history, the active (four or more days of the last 30)
            // and their streaks, in integer arithmetic with no branch (the
            // active flag is written as its byte) so that the loop vectorises.
            var active32: UInt32 = 0
            history.withUnsafeMutableBufferPointer { h in
            activePrev.withUnsafeMutableBufferPointer { prevBuffer in
            activeStreak.withUnsafeMutableBufferPointer { streak in
                let prev = UnsafeMutableRawPointer(prevBuffer.baseAddress!), tookBytes = UnsafeRawPointer(took.baseAddress!)
                for i in lo..<hi {
                    let hist = (h[i] << 1) | UInt32(tookBytes.load(fromByteOffset: i, as: UInt8.self))
                    h[i] = hist
                    let a: UInt32 = Residents.atLeastFour(hist & Residents.window30) ? 1 : 0
                    prev.storeBytes(of: UInt8(truncatingIfNeeded: a), toByteOffset: i, as: UInt8.self)
                    active32 &+= a
                    let s = streak[i]
                    streak[i] = (s &+ (s != UInt16.max ? 1 : 0)) &* UInt16(truncatingIfNeeded: a)
                }
            }}}
            activeTotal = Int(active32)
            tookBuffer[lo..<hi].update(repeating: false)
            paidBuffer[lo..<hi].update(repeating: false)
            // Engaged talents and post holders, eight residents at a time: a
            // word of each byte column is tested for the one value that matters.
            talent.withUnsafeBufferPointer { talents in
                let engaged = TalentState.engaged.rawValue, post = Role.post.rawValue
                let t8 = UnsafeRawPointer(talents.baseAddress!), r8 = UnsafeRawPointer(roles.baseAddress!)
                var i = lo
                while i < hi {
                    let end = min(i + 8, hi)
                    // A whole word is skipped when neither column holds the value; a short tail is checked one by one.
                    if end - i < 8 || Residents.hasByte(t8.loadUnaligned(fromByteOffset: i, as: UInt64.self), engaged)
                        || Residents.hasByte(r8.loadUnaligned(fromByteOffset: i, as: UInt64.self), post) {
                        for j in i..<end where talents[j] == engaged || roles[j] == post { rare.append(Int32(j)) }
                    }
                    i = end
                }
            }
        }}}
        if k.monthEnd { for i in range { contributions[i] = 0 } }
        return activeTotal
    }

    /// Whether some byte of `word` equals `value` (no false negatives; a true
    /// zero byte can only make a byte above it look zero, so the test is exact
    /// as a whole).
    @inline(__always) static func hasByte(_ word: UInt64, _ value: UInt8) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(value))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
