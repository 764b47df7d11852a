/// Crowdfunding with government match (seeds/003: residents pre-collect money
/// for a project, e.g. 320,000 yuan for parking renovation under a
/// convention, and the government matches). Affected households give with a
/// chance and amount rising in belonging and trust; giving raises their
/// belonging (ownership); the match is capped per project and per year (P10).
/// The campaign itself is in Funding.swift.
public enum CrowdfundingLever {
    public static let spec = LeverSpec(
        name: "crowdfunding", summary: "crowdfunding from affected households, matched by government", source: "seeds/003",
        running: RunningCost(staffHoursPerMonth: 2, what: "keeping the campaign accounts public"),
        fields: [
            ParamSpec("crowdfunding.beta0", .real, -2.5, unit: "logit", range: -20...20, "intercept of a household's chance to give", source: "assumption"),
            ParamSpec("crowdfunding.beta_belonging", .real, 2.0, unit: "logit", range: 0...20, "weight of the household's mean belonging", source: "seeds/003; assumption"),
            ParamSpec("crowdfunding.beta_trust", .real, 2.0, unit: "logit", range: 0...20, "weight of the household's mean trust", source: "seeds/003; assumption"),
            ParamSpec("crowdfunding.amount", .real, 200, unit: "yuan/household", range: 0...1_000_000, "gift of a household at belonging 0.5", source: "assumption (seeds/003 gives no per-household gift; its 320,000 yuan was a convention levy, conventions.levy_per_household)"),
            .share("crowdfunding.ownership", 0.05, "share of the gap to 1 closed in belonging of a giving household's members", source: "seeds/003 (P10)"),
            ParamSpec("crowdfunding.match_ratio", .real, 1.0, unit: "yuan/yuan", range: 0...100, "government yuan per crowd yuan", source: "seeds/003; assumption"),
            ParamSpec("crowdfunding.match_cap_project", .real, 50_000, unit: "yuan", range: 0...100_000_000, "largest match for one project", source: "assumption"),
            ParamSpec("crowdfunding.match_cap_year", .real, 200_000, unit: "yuan/year", range: 0...1_000_000_000, "match budget of a community per year", source: "assumption"),
            ParamSpec("crowdfunding.staff_hours_per_campaign", .real, 3, unit: "hours/campaign", range: 0...1000, "staff hours to run one project's campaign", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let beta0, betaBelonging, betaTrust: Float
        let amount: Double
        let ownership: Float
        let matchRatio, matchCapPerProject, matchCapPerYear, staffHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "crowdfunding")
            beta0 = p.float("crowdfunding.beta0"); betaBelonging = p.float("crowdfunding.beta_belonging")
            betaTrust = p.float("crowdfunding.beta_trust"); amount = p["crowdfunding.amount"]
            ownership = p.float("crowdfunding.ownership"); matchRatio = p["crowdfunding.match_ratio"]
            matchCapPerProject = p["crowdfunding.match_cap_project"]; matchCapPerYear = p["crowdfunding.match_cap_year"]
            staffHours = p["crowdfunding.staff_hours_per_campaign"]
        }
    }
}
