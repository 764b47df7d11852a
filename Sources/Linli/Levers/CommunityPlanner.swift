/// Community planner and resident designers (seeds/003: ~1,000 community
/// planners trained a year in the district; seeds/000: seven resident
/// designers in one court renewal). A planner raises every project's quality
/// and helps design issues reach consensus; resident designers (design-skilled
/// residents of the community) add quality to design work.
public enum CommunityPlannerLever {
    public static let spec = LeverSpec(
        name: "planner", summary: "a community planner and resident designers", source: "seeds/003, seeds/000",
        running: RunningCost(staffHoursPerMonth: 4, what: "liaison with the planner and resident designers"),
        fields: [
            .share("planner.quality_bonus", 0.15, "quality added to every project", source: "seeds/003; assumption"),
            ParamSpec("planner.consensus_bonus", .real, 0.5, unit: "logit", range: 0...20, "consensus bonus for design issues (public space)", source: "seeds/003; assumption"),
            .flag("planner.designers", true, "resident designers join design work", source: "seeds/000"),
            .share("planner.designer_quality", 0.04, "quality added per resident designer", source: "seeds/000; assumption"),
            ParamSpec("planner.max_designers", .integer, 7, unit: "residents", range: 0...1000, "resident designers who can work on one project", source: "seeds/000 (seven in one court renewal)"),
            ParamSpec("planner.fee_per_project", .real, 2_000, unit: "yuan/project", range: 0...10_000_000, "planner's fee per project that starts work", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let qualityBonus, consensusBonus: Float
        let designers: Bool
        let designerQuality: Float
        let maxDesigners: Int
        let feePerProject: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "planner")
            qualityBonus = p.float("planner.quality_bonus"); consensusBonus = p.float("planner.consensus_bonus")
            designers = p.bool("planner.designers"); designerQuality = p.float("planner.designer_quality")
            maxDesigners = p.int("planner.max_designers"); feePerProject = p["planner.fee_per_project"]
        }
    }
}
