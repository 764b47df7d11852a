/// Staffing changes from a start day (seeds/001, Wuchang): "28 community
/// workers, mean age 31" for an estate of 25,000 residents (1.12 per 1,000),
/// and, at street level, 419 posts moved from the district to the streets,
/// raising a street office's headcount quota from 40 to 72 on average; "the
/// street changed from the administrative tail end into the hub of grassroots
/// governance and resource allocation".
///
/// Community level: from the start day the community workers wanted in post
/// become `per_1000` per 1,000 residents (0 keeps the type's `staff_per_1000`)
/// plus `added` workers (the quota of posts follows, StaffStock); the stock (StaffStock) fills the new posts with its
/// vacancy delay, and new hires start inexperienced. Street level: the street
/// office's quota rises from `street_base` to `street_quota`; the added street
/// staff serve every community of the street in proportion to its residents
/// (a street office serves at least `street_population` residents, so a
/// scenario that models part of a street gets its part), are hired with the
/// same vacancy delay, and give `street_support_share` of their hours to
/// taking over the communities' administrative load (reports, tasks from
/// above): those hours go to household visits instead, up to the community's
/// admin hours. Wages (`wage_per_month`, government) are booked for the added
/// community posts filled and for the community's share of the added street staff.
public enum StaffingLever {
    public static let spec = LeverSpec(
        name: "staffing", summary: "more community workers and street-office staff from a start day", source: "seeds/001",
        fields: [
            ParamSpec("staffing.per_1000", .real, 0, unit: "workers/1000 residents", range: 0...50, "community-worker target per 1,000 residents from the start day (0 = the type's staff_per_1000; seeds/001: 28 for 25,000 = 1.12)", source: "seeds/001"),
            ParamSpec("staffing.added", .real, 2, unit: "workers/community", range: 0...1000, "community workers added to each community's target", source: "assumption"),
            ParamSpec("staffing.street_base", .real, 40, unit: "staff/street", range: 0...10_000, "street-office headcount quota before", source: "seeds/001"),
            ParamSpec("staffing.street_quota", .real, 72, unit: "staff/street", range: 0...10_000, "street-office headcount quota from the start day", source: "seeds/001"),
            ParamSpec("staffing.street_population", .real, 90_000, unit: "residents", range: 1...10_000_000, "residents a street office serves (at least; the scenario's residents of the street if more)", source: "assumption (a Wuchang street)"),
            .share("staffing.street_support_share", 0.5, "share of an added street worker's hours spent taking over its communities' admin load (0 = none)", source: "seeds/001 (the street as hub); assumption"),
            ParamSpec("staffing.wage_per_month", .real, 4000, unit: "yuan/worker/month", range: 0...100_000, "wage of an added community or street worker, paid by government", source: "seeds/001 (pay above 4,000 yuan a month)"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let per1000, added, streetBase, streetQuota, streetPopulation, supportShare, wagePerDay: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "staffing")
            per1000 = p["staffing.per_1000"]; added = p["staffing.added"]
            streetBase = p["staffing.street_base"]; streetQuota = p["staffing.street_quota"]
            streetPopulation = p["staffing.street_population"]; supportShare = p["staffing.street_support_share"]
            wagePerDay = p["staffing.wage_per_month"] * 12 / 365
        }
    }
}

extension World {
    /// Today's quota of community-worker posts of community c (workers
    /// wanted in post × 1 + h·D, StaffStock).
    func staffingTarget(_ c: Int, _ today: CalendarDay) -> Double {
        let sp = params.staffing
        guard sp.active(today.day) else { return staff.baseTarget[c] }
        let k = params.staff.postsPerWorker
        let base = sp.per1000 > 0 ? sp.per1000 * Double(communities.residentRange(c).count) / 1000 * k : staff.baseTarget[c]
        return base + sp.added * k
    }

    /// The added street staff serving community c move toward their share of
    /// the new quota with the vacancy delay.
    mutating func updateStreetStaff(_ c: Int, _ today: CalendarDay) {
        let sp = params.staffing
        guard sp.active(today.day) || staff.street[c] > 0 else { return }
        let goal = sp.active(today.day) ? max(0, sp.streetQuota - sp.streetBase) * staff.streetShare[c] : 0
        staff.street[c] += (goal - staff.street[c]) / params.staff.vacancyDays
    }

    /// Outreach hours the added street staff free today in community c (the
    /// admin load they take over), at most the community's admin hours.
    @inline(__always) func streetSupportHours(_ c: Int, _ today: CalendarDay, adminHours: Double) -> Double {
        guard params.staffing.active(today.day), !today.isWeekend else { return 0 }
        return min(adminHours, staff.street[c] * params.party.hoursPerDay * params.staffing.supportShare)
    }

    /// Wages of the added posts filled (community share of the headcount and
    /// of the street staff), and the training lever's pay.
    mutating func payStaff(_ c: Int, _ today: CalendarDay) {
        let sp = params.staffing
        if sp.active(today.day) {
            let t = staff.target[c]
            let addedShare = t > 0 ? max(0, t - staff.baseTarget[c]) / t : 0
            bookLeverMoney(c, .staffing, (communities.staff[c] * addedShare + staff.street[c]) * sp.wagePerDay, payer: .government)
        }
        payTraining(c, today)
    }
}
