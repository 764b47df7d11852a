import CGSL
import Foundation

/// Kinds of opportunity a resident can be offered on a day (MODEL.md §3 step 5).
public enum Opportunity: Int, CaseIterable, Sendable {
    case event = 0, partyDay, meeting, invitation, duty, sitting, work
    var label: String {
        switch self {
        case .event: "event"
        case .partyDay: "party_day"
        case .meeting: "meeting"
        case .invitation: "invitation"
        case .duty: "duty"
        case .sitting: "sitting"
        case .work: "work"
        }
    }
}

/// The participation decision (MODEL.md §3 step 6) and the immediate effects
/// of taking part (step 7):
/// p = logistic(β0 + βμ·μ + βb·b + βτ·τ + βs·S + βr·R + βc·C − βφ·φ − cost + pay)
/// where S is complex-contagion social pull (Centola & Macy 2007): active
/// contacts as a share of K·θ, capped at 1 (Granovetter 1978).
public enum Decision {
    static let costDefaults: [Opportunity: (Double, String)] = [
        .event: (0.8, "time cost of a community event or activity"),
        .partyDay: (-0.5, "party members' monthly activity day: an obligation, so a negative cost"),
        .meeting: (-1.5, "weekly meeting of one's own interest group: enjoyed, so a negative cost"),
        .invitation: (-0.5, "first visit to a group one is invited to by a contact (interest first: enjoyable)"),
        .duty: (0.3, "post or rota duty"),
        .sitting: (0.8, "a deliberation sitting or consultation on a problem in one's scope"),
        .work: (1.0, "a volunteer work day on a project"),
    ]

    public static let parameters: [ParamSpec] = [
        ParamSpec("decision.beta0", .real, -3.4, unit: "logit", range: -10...10, "intercept of the participation logit", source: "calibrated to P1 (fewer than 10% take part in a month at baseline)"),
        ParamSpec("decision.beta_motivation", .real, 2.5, unit: "logit", range: 0...10, "weight of intrinsic motivation μ", source: "Verba, Schlozman & Brady 1995 (engagement); assumption"),
        ParamSpec("decision.beta_belonging", .real, 1.0, unit: "logit", range: 0...10, "weight of belonging b", source: "Putnam 2000; assumption"),
        ParamSpec("decision.beta_trust", .real, 1.0, unit: "logit", range: 0...10, "weight of trust τ in the party organisation and committee", source: "seeds/004 (credibility, stickiness); assumption"),
        ParamSpec("decision.beta_social", .real, 1.5, unit: "logit", range: 0...10, "weight of social pull S", source: "Centola & Macy 2007; Granovetter 1978"),
        ParamSpec("decision.beta_recognition", .real, 0.6, unit: "logit", range: 0...10, "weight of recognition R still in force", source: "seeds/001 red list; seeds/004 timely affirmation"),
        ParamSpec("decision.beta_commitment", .real, 1.5, unit: "logit", range: 0...10, "weight of role commitment C", source: "seeds/000 part-time posts; assumption"),
        ParamSpec("decision.beta_fatigue", .real, 2.0, unit: "logit", range: 0...10, "weight of fatigue φ (subtracted)", source: "assumption"),
    ] + Opportunity.allCases.map { kind in
        let (v, meaning) = costDefaults[kind]!
        return ParamSpec("decision.cost_\(kind.label)", .real, v, unit: "logit", range: -10...10, meaning, source: "assumption")
    } + [
        .share("decision.belonging_gain", 0.02, "share of the gap to 1 that belonging b closes each time a resident takes part", source: "assumption"),
        .share("decision.fatigue_gain", 0.15, "fatigue φ added by a day of taking part", source: "assumption"),
        .share("decision.tie_chance", 0.3, "chance a participant forms a tie with a co-participant at the same activity", source: "Putnam 2000; assumption"),
        ParamSpec("decision.engagement_half_life", .real, 30, unit: "days", range: 1...365, "half-life of engagement E", source: "MODEL.md §2"),
    ]

    public struct Params: Sendable {
        let beta0, bMu, bB, bTau, bS, bR, bC, bPhi: Float
        let cost: ContiguousArray<Float>
        let belongingGain, fatigueGain, tieChance: Float
        /// Daily decay of E: 2^(−1/half-life).
        let engagementDecay: Float

        init(_ p: Parameters) {
            beta0 = p.float("decision.beta0"); bMu = p.float("decision.beta_motivation")
            bB = p.float("decision.beta_belonging"); bTau = p.float("decision.beta_trust")
            bS = p.float("decision.beta_social"); bR = p.float("decision.beta_recognition")
            bC = p.float("decision.beta_commitment"); bPhi = p.float("decision.beta_fatigue")
            cost = ContiguousArray(Opportunity.allCases.map { p.float("decision.cost_\($0.label)") })
            belongingGain = p.float("decision.belonging_gain"); fatigueGain = p.float("decision.fatigue_gain")
            tieChance = p.float("decision.tie_chance")
            engagementDecay = Float(pow(2.0, -1.0 / p["decision.engagement_half_life"]))
        }
    }

    @inline(__always) static func logistic(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
}

extension World {
    /// Social pull S of resident i: yesterday's active contacts over K·θ, capped at 1.
    /// Well mixed (`ties.well_mixed`), every other resident of the community is a
    /// contact, so A/K is the community's active share without i: the social
    /// term of the mean-field ODE (Analysis/MeanField.swift) with nothing
    /// approximated but the finite population.
    @inline(__always) func socialPull(_ i: Int) -> Float {
        if params.population.wellMixed {
            let c = Int(residents.community[i])
            let n = communities.residentRange(c).count - 1
            if n <= 0 { return 0 }
            let k = Int(communities.activeCount[c]) - (residents.activePrev[i] ? 1 : 0)
            return min(1, Float(k) / (Float(n) * residents.theta[i]))
        }
        var k = 0, n = 0
        ties.forEach(i) { j in
            n &+= 1
            // Added as its byte, not tested: contacts' activity is not predictable (a branch here mispredicted often).
            k &+= Int(unsafeBitCast(residents.activePrev[j], to: UInt8.self))
        }
        if n == 0 { return 0 }
        return min(1, Float(k) / (Float(n) * residents.theta[i]))
    }

    /// Role commitment C: 1 in a post, `subdivision.commitment` for a chief,
    /// `groups.host_commitment` for a group host, else 0.
    @inline(__always) func commitment(_ i: Int) -> Float {
        let role = residents.role[i]
        if role == Role.post.rawValue { return 1 }
        if Role.isChief(role) { return params.subdivision.commitment }
        if residents.talent[i] == TalentState.engaged.rawValue { return params.groups.hostCommitment }
        return 0
    }

    /// The participation logit of resident i for an opportunity of this kind today.
    @inline(__always) func participationLogit(_ i: Int, _ kind: Opportunity, day: Int, paid: Bool) -> Float {
        let d = params.decision
        let r = residents
        var x = d.beta0 + d.bMu * r.motivation[i] + d.bB * r.belonging[i] + d.bTau * r.trust[i]
        x += d.bS * socialPull(i)
        if Int(r.recognisedUntil[i]) >= day { x += d.bR }
        x += d.bC * commitment(i)
        x -= d.bPhi * r.fatigue[i]
        x -= d.cost[kind.rawValue]
        if paid { x += params.paid.logitBoost }
        return x
    }

    /// Offers resident i an opportunity; returns true when they take part, after
    /// applying the immediate effects (belonging; E, φ and history close the day).
    /// Someone who already took part today is not asked again.
    @discardableResult
    mutating func offer(_ i: Int, _ kind: Opportunity, day: Int, rng: RandomStream) -> Bool {
        if residents.tookPart[i] { return false }
        let paid = params.paid.pays(kind) && params.paid.active(day)
        let p = Decision.logistic(participationLogit(i, kind, day: day, paid: paid))
        guard rng.uniform() < Double(p) else { return false }
        let c = Int(residents.community[i])
        recordParticipation(i)
        if kind == .sitting || kind == .work { residents.lastGovernance[i] = Int32(day) }
        if paid {
            residents.paidToday[i] = true
            communities.paySpend[c] += params.paid.pay
            bookLeverMoney(c, .paidParticipation, params.paid.pay, payer: .government)
        }
        return true
    }
}

extension World {
    /// Marks i as having taken part today (once a day): belonging rises, the
    /// day's participant count grows; E, φ and history close the day.
    @inline(__always) mutating func recordParticipation(_ i: Int, adultsOnly: Bool = false) {
        if residents.tookPart[i] || (adultsOnly && residents.age[i] == AgeGroup.child.rawValue) { return }
        residents.tookPart[i] = true
        residents.belonging[i] += params.decision.belongingGain * (1 - residents.belonging[i])
        participantsToday[Int(residents.community[i])] += 1
    }
}
