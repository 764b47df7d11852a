import Foundation

/// Micro-venture contest with third-party evaluation (seeds/002: a yearly
/// contest funds projects proposed by groups and social organisations,
/// judged by an outside evaluator). Groups that have grown and lasted count
/// as social organisations and apply; a proposal's true quality comes from
/// its host's skill and the group's fullness; judges see it with noise,
/// which third-party evaluation reduces. Winners' grants go to the
/// community's grant pool, which pays for services (meals, child care,
/// public space) whose quality follows the winners' true quality; winning
/// hosts are recognised.
public enum MicroVentureLever {
    public static let spec = LeverSpec(
        name: "micro_venture", summary: "yearly micro-venture contest for grown groups, with third-party evaluation", source: "seeds/002",
        running: RunningCost(staffHoursPerMonth: 4, what: "supporting applicants and grantees"),
        fields: [
            ParamSpec("micro_venture.contest_day", .integer, 90, unit: "day of year", range: 0...364, "day of the year the contest is judged", source: "assumption"),
            ParamSpec("micro_venture.min_members", .integer, 10, unit: "members", range: 1...10_000, "members a group needs to apply", source: "seeds/002; assumption"),
            .days("micro_venture.min_age_days", 180, max: 3650, "age a group needs to apply (matured into a social organisation)", source: "seeds/002; assumption"),
            ParamSpec("micro_venture.grants", .integer, 2, unit: "grants/community/year", range: 0...1000, "grants awarded per community per year", source: "assumption"),
            ParamSpec("micro_venture.grant", .real, 20_000, unit: "yuan", range: 0...10_000_000, "size of one grant", source: "seeds/002; assumption"),
            .flag("micro_venture.third_party", true, "proposals judged by a third-party evaluator", source: "seeds/002"),
            ParamSpec("micro_venture.evaluation_fee", .real, 5_000, unit: "yuan/contest", range: 0...10_000_000, "third-party evaluator's fee per contest", source: "seeds/002 (third-party evaluation); assumption"),
            .share("micro_venture.judge_noise", 0.3, "sd of the judges' error without a third party", source: "assumption"),
            .share("micro_venture.judge_noise_third_party", 0.05, "sd of the judges' error with a third party", source: "assumption"),
            .share("micro_venture.quality_weight", 0.4, "quality added to a grant-funded project per unit of winners' true quality above 0.5", source: "assumption"),
            .days("micro_venture.recognition_days", 365, max: 3650, "days a winning host is recognised", source: "seeds/002"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let contestDay, minMembers, minAgeDays, grants: Int
        let grant, judgeNoise, evaluationFee: Double
        let qualityWeight: Float
        let recognitionDays: Int
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "micro_venture")
            contestDay = p.int("micro_venture.contest_day"); minMembers = p.int("micro_venture.min_members")
            minAgeDays = p.int("micro_venture.min_age_days"); grants = p.int("micro_venture.grants")
            grant = p["micro_venture.grant"]
            judgeNoise = p.bool("micro_venture.third_party") ? p["micro_venture.judge_noise_third_party"] : p["micro_venture.judge_noise"]
            evaluationFee = p.bool("micro_venture.third_party") ? p["micro_venture.evaluation_fee"] : 0
            qualityWeight = p.float("micro_venture.quality_weight"); recognitionDays = p.int("micro_venture.recognition_days")
        }
    }
}

extension World {
    /// True quality of group g's proposal: half its host's skill, half how full the group is.
    func proposalQuality(_ g: Int) -> Double {
        let host = Int(groups.host[g])
        return 0.5 * Double(residents.skillLevel[host]) + 0.5 * min(1, Double(groups.size[g]) / Double(max(1, groups.capacity[g])))
    }

    /// The yearly contest in community c.
    mutating func runContest(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let mv = params.microVenture
        guard mv.active(today.day), today.dayOfYear == mv.contestDay, c < groups.byCommunity.count else { return }
        bestDouble.start(k: mv.grants)
        for g32 in groups.byCommunity[c] {
            let g = Int(g32)
            guard groups.alive[g], Int(groups.size[g]) >= mv.minMembers, today.day - Int(groups.founded[g]) >= mv.minAgeDays else { continue }
            bestDouble.offer(proposalQuality(g) + rng.gaussian(sd: mv.judgeNoise), g)
        }
        bestDouble.finish()
        if bestDouble.offered > 0 { bookLeverMoney(c, .microVenture, mv.evaluationFee, payer: .government) }
        for r in bestDouble.items.indices {
            let g = Int(bestDouble.items[r].id)
            ledger.grantBalance[c] += mv.grant
            ledger.grantReceived[c] += mv.grant
            bookLeverMoney(c, .microVenture, mv.grant, payer: .government)
            // The quality as judged: grants touch funds and recognition, not the group or its host's skill.
            communities.grantQualitySum[c] += proposalQuality(g)
            communities.grantsAwarded[c] += 1
            residents.recognisedUntil[Int(groups.host[g])] = Int32(today.day + mv.recognitionDays)
        }
    }
}
