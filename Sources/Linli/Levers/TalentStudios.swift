/// Talent studios (seeds/004 Junyuan: incense, calligraphy, reading,
/// acupuncture, karate, live-streaming, photography studios hosted by
/// talents). Space and support make a discovered talent more likely to take
/// up hosting, and let groups grow larger.
public enum TalentStudiosLever {
    public static let spec = LeverSpec(
        name: "talent_studios", summary: "studio space for talent-hosted groups", source: "seeds/004",
        running: RunningCost(yuanPerMonth: 2_000, staffHoursPerMonth: 8, what: "studio space (rent, utilities) and support for hosts"),
        fields: [
            ParamSpec("talent_studios.engage_multiplier", .real, 4, unit: "ratio", range: 1...100, "multiplier of the daily rate at which discovered talents take up hosting", source: "seeds/004; assumption"),
            ParamSpec("talent_studios.capacity_multiplier", .real, 1.5, unit: "ratio", range: 1...100, "multiplier of the capacity of groups founded while studios exist", source: "seeds/004; assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let engageMultiplier, capacityMultiplier: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "talent_studios")
            engageMultiplier = p["talent_studios.engage_multiplier"]; capacityMultiplier = p["talent_studios.capacity_multiplier"]
        }
    }
}
