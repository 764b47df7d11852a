/// Residents vote on choices (seeds/001: residents vote among design options
/// and on priorities). A vote at the last sitting helps consensus a little,
/// makes the decision more legitimate and its result better liked.
public enum ResidentsVoteLever {
    public static let spec = LeverSpec(
        name: "residents_vote", summary: "residents vote on choices", source: "seeds/001",
        running: RunningCost.none,
        fields: [
            ParamSpec("residents_vote.consensus_bonus", .real, 0.3, unit: "logit", range: 0...20, "consensus bonus of a vote", source: "assumption"),
            .share("residents_vote.legitimacy", 0.2, "legitimacy added to a voted decision", source: "seeds/001; assumption"),
            ParamSpec("residents_vote.satisfaction_boost", .real, 0.3, unit: "ratio", range: 0...10, "relative increase of the satisfaction gain on completion", source: "seeds/001; assumption"),
            ParamSpec("residents_vote.cost_per_vote", .real, 200, unit: "yuan/vote", range: 0...1_000_000, "ballots, notices and counting per vote", source: "assumption"),
            ParamSpec("residents_vote.staff_hours_per_vote", .real, 2, unit: "hours/vote", range: 0...1000, "staff hours to run one vote", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let consensusBonus, legitimacy, satisfactionBoost: Float
        let costPerVote, staffHoursPerVote: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "residents_vote")
            consensusBonus = p.float("residents_vote.consensus_bonus"); legitimacy = p.float("residents_vote.legitimacy")
            satisfactionBoost = p.float("residents_vote.satisfaction_boost")
            costPerVote = p["residents_vote.cost_per_vote"]; staffHoursPerVote = p["residents_vote.staff_hours_per_vote"]
        }
    }
}
