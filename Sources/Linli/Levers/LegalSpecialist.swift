/// Legal specialist (seeds/003: a lawyer sits in on disputes, explains rights
/// and rules, and turns quarrels into questions of procedure). In a dispute
/// (conflict at or above a threshold) deliberation sees a lower conflict.
public enum LegalSpecialistLever {
    public static let spec = LeverSpec(
        name: "legal_specialist", summary: "a legal specialist in disputes", source: "seeds/003",
        running: RunningCost(yuanPerMonth: 500, what: "the specialist's retainer"),
        fields: [
            .share("legal_specialist.dispute_threshold", 0.5, "conflict level from which an issue counts as a dispute", source: "assumption"),
            .share("legal_specialist.conflict_cut", 0.4, "share of a dispute's conflict the specialist removes in deliberation", source: "seeds/003; assumption"),
            ParamSpec("legal_specialist.fee_per_dispute", .real, 800, unit: "yuan/dispute", range: 0...1_000_000, "fee for sitting in on one dispute's decision", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let disputeThreshold, conflictCut: Float
        let feePerDispute: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "legal_specialist")
            disputeThreshold = p.float("legal_specialist.dispute_threshold"); conflictCut = p.float("legal_specialist.conflict_cut")
            feePerDispute = p["legal_specialist.fee_per_dispute"]
        }
    }
}
