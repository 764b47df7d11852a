/// Social organisations as actors (seeds/002, 003).
///
/// seeds/002 (Wangzhuang): "委托第三方社会组织……由社协组织进行项目评审、项目优化、
/// 督导、管理、评估等一系列工作" (a third-party social organisation, bought as a
/// service, reviews, refines, supervises, manages and evaluates the projects);
/// "外引专业社会组织" (outside professional organisations brought in);
/// "将社区文体团队中的骨干能人作为重点培育对象……孵化并培育出内生性社会组织，积极为其
/// 链接微项目" (backbones of culture and sports teams incubated into home-grown
/// organisations, then linked to small projects). seeds/003 (Yangpu):
/// "街道根据居民区需要，针对性安排社区社会组织参与治理项目，落实好专业支撑" (the street
/// assigns community social organisations to governance projects), and they
/// "积极投身楼道美化、小区微景观改造等治理项目".
///
/// Mechanisms, each switchable off by a field:
/// 1. *Outside organisations* (`outside`, 0 = none) are bought at
///    `fee_per_org` a year each (government).
/// 2. *Supervision* (`projects_per_org`, 0 = off): when a project starts work
///    the street assigns an organisation with room (home-grown first, each
///    taking up to `projects_per_org` projects at a time); it reviews and
///    refines the plan (quality + `review_quality`) and supervises the work
///    (the hazard that work stalls × (1 − `stall_cut`)).
/// 3. *Incubation* (`incubate_rate`, 0 = off): at each month end a group of
///    at least `incubate_min_size` members founded at least
///    `incubate_min_days` ago is incubated with chance `incubate_rate`
///    (staff hours and a one-off cost); it then supervises projects like an
///    outside one, for a lower yearly cost (`home_fee_per_org`), and runs a
///    public activity each month (`activity_reach`, 0 = none). It lasts as
///    long as its group.
public enum SocialOrganisationsLever {
    public static let spec = LeverSpec(
        name: "social_organisations", summary: "social organisations bought and incubated to review and supervise projects", source: "seeds/002, seeds/003",
        running: RunningCost(staffHoursPerMonth: 4, what: "liaison with the organisations (assignments, reports)"),
        fields: [
            ParamSpec("social_organisations.outside", .real, 1, unit: "organisations/community", range: 0...100, "outside professional organisations bought for each community", source: "seeds/002 (third party, outside organisations); assumption"),
            ParamSpec("social_organisations.fee_per_org", .real, 30_000, unit: "yuan/organisation/year", range: 0...10_000_000, "yearly price of an outside organisation's services (government)", source: "assumption (seeds/002: bought as a service, no figure)"),
            ParamSpec("social_organisations.projects_per_org", .integer, 3, unit: "projects/organisation", range: 0...1000, "projects an organisation supervises at a time; 0 switches supervision off", source: "assumption"),
            .share("social_organisations.review_quality", 0.05, "quality added by the organisation's review and refinement of a project's plan", source: "seeds/002 (项目评审、项目优化); assumption"),
            .share("social_organisations.stall_cut", 0.5, "share by which an organisation's supervision cuts the hazard that work stalls", source: "seeds/002 (督导、管理); assumption"),
            .share("social_organisations.incubate_rate", 0.2, "chance a month that a mature group is incubated into a home-grown organisation; 0 switches incubation off", source: "seeds/002 (孵化内生性社会组织); assumption"),
            ParamSpec("social_organisations.incubate_min_size", .integer, 10, unit: "members", range: 1...10_000, "members a group needs to be incubated", source: "assumption"),
            .days("social_organisations.incubate_min_days", 180, max: 3650, "age a group needs to be incubated", source: "assumption"),
            ParamSpec("social_organisations.incubation_cost", .real, 3_000, unit: "yuan/organisation", range: 0...1_000_000, "one-off support of an incubation (registration, training), government", source: "assumption"),
            ParamSpec("social_organisations.incubation_hours", .real, 20, unit: "hours/organisation", range: 0...1000, "staff hours to incubate one organisation", source: "assumption"),
            ParamSpec("social_organisations.home_fee_per_org", .real, 5_000, unit: "yuan/organisation/year", range: 0...10_000_000, "yearly support of a home-grown organisation (small projects linked to it), government", source: "seeds/002 (积极为其链接微项目); assumption"),
            .share("social_organisations.activity_reach", 0.03, "chance a resident hears of a home-grown organisation's monthly public activity; 0 = no activities", source: "seeds/002 (居民喜闻乐见的专业服务); assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let outside, feePerDay, homeFeePerDay, incubationCost, incubationHours, activityReach: Double
        let projectsPerOrg, minSize, minDays: Int
        let reviewQuality: Float
        let stallCut, incubateRate: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "social_organisations")
            outside = p["social_organisations.outside"]
            feePerDay = p["social_organisations.fee_per_org"] / 365
            homeFeePerDay = p["social_organisations.home_fee_per_org"] / 365
            projectsPerOrg = p.int("social_organisations.projects_per_org")
            reviewQuality = p.float("social_organisations.review_quality"); stallCut = p["social_organisations.stall_cut"]
            incubateRate = p["social_organisations.incubate_rate"]
            minSize = p.int("social_organisations.incubate_min_size"); minDays = p.int("social_organisations.incubate_min_days")
            incubationCost = p["social_organisations.incubation_cost"]; incubationHours = p["social_organisations.incubation_hours"]
            activityReach = p["social_organisations.activity_reach"]
        }
    }
}

extension World {
    /// Organisations of community c today: outside ones (whole) plus home-grown.
    func organisations(_ c: Int) -> Int {
        Int(params.socialOrgs.outside.rounded(.down)) + Int(oversight.homeGrown[c])
    }

    /// The street assigns an organisation with room to issue k (home-grown first).
    mutating func assignOrganisation(_ k: Int, _ c: Int, _ today: CalendarDay) {
        let so = params.socialOrgs
        guard so.projectsPerOrg > 0 else { return }
        let load = Int(oversight.orgLoad[c])
        guard load < organisations(c) * so.projectsPerOrg else { return }
        oversight.org[k] = load < Int(oversight.homeGrown[c]) * so.projectsPerOrg ? 2 : 1
        oversight.orgLoad[c] += 1
        issues.quality[k] = min(1, issues.quality[k] + so.reviewQuality)
    }

    /// Daily fees; at month ends, incubation of mature groups; mid-month,
    /// the home-grown organisations' public activities.
    mutating func runSocialOrganisations(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let so = params.socialOrgs
        guard so.active(today.day) else { return }
        oversight.track(groups: groups.count)
        if today.isMonthEnd { incubate(c, today, rng) }
        bookLeverMoney(c, .socialOrganisations, so.outside * so.feePerDay + Double(oversight.homeGrown[c]) * so.homeFeePerDay,
                       payer: .government)
        guard so.activityReach > 0, oversight.homeGrown[c] > 0, today.day % 30 == 14 else { return }
        // Each home-grown organisation's monthly public activity (weekend slot or evening).
        let band: HourBand = .evening
        for g in groups.byCommunity[c] where groups.alive[Int(g)] && oversight.isOrg[Int(g)] {
            activityBuffer.removeAll(keepingCapacity: true)
            for i in communities.residentRange(c) { attend(i, heard: so.activityReach, today, band, rng) }
            mingle(today, rng, discovery: params.talents.discoverEvent)
        }
    }

    /// Month end: mature groups of community c may be incubated; dissolved
    /// groups' organisations are gone.
    mutating func incubate(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let so = params.socialOrgs
        guard c < groups.byCommunity.count else { return }
        var alive: Int32 = 0
        for g32 in groups.byCommunity[c] {
            let g = Int(g32)
            guard groups.alive[g] else { oversight.isOrg[g] = false; continue }
            if oversight.isOrg[g] { alive += 1; continue }
            guard so.incubateRate > 0, Int(groups.size[g]) >= so.minSize,
                  today.day - Int(groups.founded[g]) >= so.minDays else { continue }
            guard rng.uniform() < so.incubateRate else { continue }
            oversight.isOrg[g] = true
            alive += 1
            bookLeverMoney(c, .socialOrganisations, so.incubationCost, payer: .government)
            useLeverStaffHours(c, .socialOrganisations, so.incubationHours)
        }
        oversight.homeGrown[c] = alive
    }
}
