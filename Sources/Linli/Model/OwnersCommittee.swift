import Foundation

/// Owners' committee, property service and credibility (MODEL.md §3 step 12;
/// seeds/004 Junyuan: two committees recalled in five years, the maintenance
/// fund frozen, recovery after talent studios and volunteer squads).
///
/// The committee's legitimacy L rises with each consensus (more for a
/// legitimate decision) and with engaged talents and post holders working
/// in the compound (squads); it falls with failed deliberations in
/// proportion to conflict and with lingering disputes. Members of
/// talent-hosted groups and post holders act as volunteer squads whose
/// visible work pulls legitimacy up. Below a threshold the
/// committee is recalled: the maintenance fund freezes and a new committee
/// starts with low legitimacy; the fund thaws once legitimacy recovers. A
/// frozen fund leaves fabric problems unfunded, they linger, credibility κ
/// and trust fall, fewer residents raise and take part, fewer decisions reach
/// consensus: the conflict spiral of P4.
///
/// The property service's quality follows the committee's legitimacy and
/// falls while the fund is frozen; poor service makes building fabric fail
/// sooner (more leaks, faster wear), which feeds the spiral.
///
/// Credibility κ of the community's party organisation and committee rises
/// with finished projects (Projects.swift) and falls while issues linger;
/// residents' trust relaxes towards a level that moves with κ.
public enum OwnersCommittee {
    public static let parameters: [ParamSpec] = [
        .share("committee.consensus_gain", 0.05, "share of the gap to 1 closed in legitimacy by a consensus of legitimacy 1", source: "seeds/003 (three-round deliberation builds legitimacy); assumption"),
        .share("committee.failure_loss", 0.02, "share of legitimacy lost by a failed deliberation at conflict 1", source: "seeds/004 Junyuan; assumption"),
        ParamSpec("committee.squad_pull", .real, 0.00005, unit: "1/day per (member per 1000 residents)", range: 0...1, "daily legitimacy gain per member of a talent-hosted group or post holder per 1,000 residents (volunteer squads)", source: "seeds/004 Junyuan recovery"),
        ParamSpec("committee.dispute_drag", .real, 0.0001, unit: "1/day per (issue per 1000 residents)", range: 0...1, "daily legitimacy loss per lingering dispute (conflict ≥ 0.5) per 1,000 residents", source: "seeds/004; assumption"),
        .share("committee.recall_threshold", 0.2, "legitimacy below which the owners' committee is recalled and the fund frozen", source: "seeds/004 Junyuan"),
        .share("committee.new_legitimacy", 0.3, "legitimacy of the committee elected after a recall", source: "assumption"),
        .share("committee.unfreeze_threshold", 0.45, "legitimacy at which a frozen maintenance fund thaws", source: "assumption"),
        .days("committee.min_term_days", 365, max: 36500, "days after an election before another recall is possible", source: "assumption"),
        ParamSpec("credibility.linger_loss", .real, 0.0001, unit: "1/day per (issue per 1000 residents)", range: 0...1, "daily share of κ lost per lingering issue per 1,000 residents", source: "MODEL.md P4; assumption"),
        ParamSpec("property.service_relax", .real, 1.0 / 90, unit: "1/day", range: 0...1, "daily rate at which property-service quality moves to its target (the committee's legitimacy, less the freeze penalty)", source: "seeds/004 Junyuan; assumption"),
        .share("property.freeze_penalty", 0.3, "fall of the property service's target quality while the maintenance fund is frozen", source: "seeds/004 Junyuan"),
        .share("credibility.trust_weight", 0.3, "shift of the level residents' trust relaxes towards, per unit of κ above its initial value", source: "seeds/004 (credibility and trust); assumption"),
    ]

    struct Params: Sendable {
        let consensusGain, failureLoss, squadPull, disputeDrag: Float
        let recallThreshold, newLegitimacy, unfreezeThreshold: Float
        let minTerm: Int
        let lingerLoss, trustWeight: Float
        let serviceRelax, freezePenalty: Float
        init(_ p: Parameters) {
            consensusGain = p.float("committee.consensus_gain"); failureLoss = p.float("committee.failure_loss")
            squadPull = p.float("committee.squad_pull"); disputeDrag = p.float("committee.dispute_drag")
            recallThreshold = p.float("committee.recall_threshold"); newLegitimacy = p.float("committee.new_legitimacy")
            unfreezeThreshold = p.float("committee.unfreeze_threshold"); minTerm = p.int("committee.min_term_days")
            lingerLoss = p.float("credibility.linger_loss"); trustWeight = p.float("credibility.trust_weight")
            serviceRelax = p.float("property.service_relax"); freezePenalty = p.float("property.freeze_penalty")
        }
    }
}

extension World {
    mutating func committeeConsensus(_ c: Int, legitimacy: Float) {
        communities.legitimacy[c] += params.committee.consensusGain * legitimacy * (1 - communities.legitimacy[c])
    }

    mutating func committeeFailure(_ c: Int, conflict: Float) {
        communities.legitimacy[c] -= params.committee.failureLoss * conflict * communities.legitimacy[c]
    }

    /// Daily: squads pull legitimacy up, lingering disputes drag it down;
    /// recall and freeze, or thaw; lingering issues erode credibility.
    mutating func updateCommittee(_ c: Int, _ today: CalendarDay) {
        let cp = params.committee
        let perK = 1000 / Float(max(1, communities.residentRange(c).count))
        var disputes: Float = 0
        for k32 in issues.live[c] {
            let k = Int(k32)
            if stage(k).isOpen && issues.conflict[k] >= 0.5 && today.day - Int(issues.arisen[k]) > params.issues.lingerDays { disputes += 1 }
        }
        var L = communities.legitimacy[c]
        let squads = Float(communities.groupMembers[c] + communities.postHolders[c]) * perK
        L += cp.squadPull * squads * (1 - L)
        L -= cp.disputeDrag * disputes * perK * L
        L = min(1, max(0, L))
        if L < cp.recallThreshold && today.day - Int(communities.electedDay[c]) >= cp.minTerm {
            communities.recalls[c] += 1
            communities.fundFrozen[c] = true
            communities.electedDay[c] = Int32(today.day)
            L = cp.newLegitimacy
        }
        if communities.fundFrozen[c] && L >= cp.unfreezeThreshold { communities.fundFrozen[c] = false }
        communities.legitimacy[c] = L
        // The property service answers to the committee and lives on the fund.
        // A self-run property station sets its own standard, whatever the committee (PropertyStation.swift).
        let target = max(0, L - (communities.fundFrozen[c] ? cp.freezePenalty : 0), stationQuality(c, today))
        communities.serviceQuality[c] += cp.serviceRelax * (target - communities.serviceQuality[c])
        let lingering = Float(tallies.lingering[c]) * perK
        communities.credibility[c] -= cp.lingerLoss * lingering * communities.credibility[c]
    }

    /// Multiplier of fabric problems' arrival and wear: 1.5 − service quality.
    func fabricStress(_ c: Int) -> Double { 1.5 - Double(communities.serviceQuality[c]) }

    /// The level residents' trust relaxes towards moves with credibility.
    func trustShift(_ c: Int) -> Float {
        params.committee.trustWeight * (communities.credibility[c] - communities.credibility0[c])
    }
}
