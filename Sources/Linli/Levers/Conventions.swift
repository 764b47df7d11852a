/// Conventions and rota duties (seeds/001 residents' conventions, seeds/003
/// compound conventions and residents' rota). Agreed rules make conduct
/// problems (clutter, garbage, noise, parking, charging) arise less and fixes
/// wear more slowly; rota duties ask a few residents each Sunday to keep each
/// fixed conduct problem in order, restoring its condition.
public enum ConventionsLever {
    public static let spec = LeverSpec(
        name: "conventions", summary: "residents' conventions and rota duties", source: "seeds/001, seeds/003",
        running: RunningCost(staffHoursPerMonth: 4, what: "keeping the convention and the rota"),
        fields: [
            .share("conventions.arrival_cut", 0.3, "share of conduct problems that no longer arise", source: "seeds/001, seeds/003; assumption"),
            .share("conventions.decay_cut", 0.5, "share of the wear of fixed conduct problems avoided", source: "seeds/003; assumption"),
            .flag("conventions.rota", true, "rota duties each Sunday", source: "seeds/003"),
            ParamSpec("conventions.rota_asked", .integer, 2, unit: "residents/issue/week", range: 0...100, "residents asked to take a turn per fixed conduct problem per week", source: "assumption"),
            .share("conventions.rota_restore", 0.02, "condition restored by one turn", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let arrivalCut: Double
        let decayCut: Float
        let rota: Bool
        let rotaAsked: Int
        let rotaRestore: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "conventions")
            arrivalCut = p["conventions.arrival_cut"]; decayCut = p.float("conventions.decay_cut")
            rota = p.bool("conventions.rota"); rotaAsked = p.int("conventions.rota_asked")
            rotaRestore = p.float("conventions.rota_restore")
        }
    }
}
