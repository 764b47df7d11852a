/// Paid participation (points or cash per event and duty; literature: Frey &
/// Jegen 2001). Pay adds to the participation logit at once, and every paid
/// participation erodes intrinsic motivation μ, which only slowly drifts
/// back: crowding out (P9).
public enum PaidParticipationLever {
    public static let spec = LeverSpec(
        name: "paid_participation", summary: "pay (points, cash) per participation in events and duties", source: "Frey & Jegen 2001",
        running: RunningCost(staffHoursPerMonth: 4, what: "keeping the points or pay accounts"),
        fields: [
            ParamSpec("paid_participation.pay", .real, 20, unit: "yuan", range: 0...10_000, "pay per participation", source: "assumption"),
            ParamSpec("paid_participation.logit_boost", .real, 1.0, unit: "logit", range: 0...10, "effect of the pay on the participation logit", source: "assumption"),
            .share("paid_participation.crowding", 0.03, "share of μ lost with each paid participation", source: "Frey & Jegen 2001; assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let pay: Double
        let logitBoost, crowding: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "paid_participation")
            pay = p["paid_participation.pay"]; logitBoost = p.float("paid_participation.logit_boost")
            crowding = p.float("paid_participation.crowding")
        }
        /// Paid kinds: events and duties (not one's own group or party obligations).
        @inline(__always) func pays(_ kind: Opportunity) -> Bool { kind == .event || kind == .duty }
    }
}
