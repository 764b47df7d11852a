/// Reporters (seeds/001: 600+ delivery riders and 15 service stations enlisted
/// as reporters in one street, and a reporting app; "a reported hazard fixed
/// the next day"). Riders pass every building daily, so issues are noticed
/// sooner, and a noticed issue nobody raises may be reported directly.
public enum ReportersLever {
    public static let spec = LeverSpec(
        name: "reporters", summary: "delivery riders and a reporting app as the community's eyes", source: "seeds/001",
        running: RunningCost(yuanPerMonth: 1_000, staffHoursPerMonth: 8, what: "the reporting app and liaison with riders and service stations"),
        fields: [
            ParamSpec("reporters.notice_hazard", .real, 0.5, unit: "1/day", range: 0...20, "extra daily hazard that an issue is noticed (riders pass daily)", source: "seeds/001"),
            .share("reporters.report_chance", 0.3, "daily chance that a noticed issue no resident raised is reported by a rider or the app", source: "seeds/001 (fixed the next day)"),
            ParamSpec("reporters.reward_per_report", .real, 10, unit: "yuan/report", range: 0...10_000, "reward (points, cash) per issue a rider or the app reports", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let noticeHazard, reportChance, rewardPerReport: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "reporters")
            noticeHazard = p["reporters.notice_hazard"]; reportChance = p["reporters.report_chance"]
            rewardPerReport = p["reporters.reward_per_report"]
        }
    }
}
