/// Four asks (seeds/000: ask residents' needs, plans, effects and
/// satisfaction). A decided issue is put to the residents in scope before
/// work starts: it takes longer, and the work is better and better liked.
public enum FourAsksLever {
    public static let spec = LeverSpec(
        name: "four_asks", summary: "four-asks consultation before and after work", source: "seeds/000",
        running: RunningCost.none,
        fields: [
            .days("four_asks.days", 14, max: 365, "days of consultation between decision and funding", source: "seeds/000; assumption"),
            .share("four_asks.reach", 0.2, "chance a resident in scope is asked", source: "assumption"),
            .share("four_asks.quality_bonus", 0.1, "quality added to the project", source: "seeds/000; assumption"),
            ParamSpec("four_asks.satisfaction_boost", .real, 0.3, unit: "ratio", range: 0...10, "relative increase of the satisfaction gain on completion", source: "seeds/000; assumption"),
            ParamSpec("four_asks.staff_hours_per_consultation", .real, 4, unit: "hours/project", range: 0...1000, "staff hours to ask the residents in scope about one project", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let days: Int
        let reach, staffHours: Double
        let qualityBonus, satisfactionBoost: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "four_asks")
            days = p.int("four_asks.days"); reach = p["four_asks.reach"]
            staffHours = p["four_asks.staff_hours_per_consultation"]
            qualityBonus = p.float("four_asks.quality_bonus"); satisfactionBoost = p.float("four_asks.satisfaction_boost")
        }
    }
}
