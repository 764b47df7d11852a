/// What the report knows about observation columns: which to chart first,
/// the by-age and by-tenure families, and a readable label and unit for any
/// column. Column sets are always read from the CSV headers; this only ranks
/// and labels them, so new columns appear with a generic label rather than
/// being dropped.
public enum ObservationCatalog {
    /// Charted on every page, in this order, when the run has them.
    public static let mainObservations = [
        "participation_rate", "active_share", "backbone_count", "talents_engaged", "group_members",
        "trust_mean", "belonging_mean", "issues_open", "issues_resolved_total", "credibility", "satisfaction_mean",
    ]

    public static let participationPrefix = "participation_rate_"

    /// `participation_rate_<age>` columns present, in age order.
    public static func ageFamily(_ columns: [String]) -> [String] {
        AgeGroup.allCases.map { participationPrefix + $0.label }.filter(columns.contains)
    }

    /// `participation_rate_<tenure>` columns present, in tenure order.
    public static func tenureFamily(_ columns: [String]) -> [String] {
        Tenure.allCases.map { participationPrefix + $0.label }.filter(columns.contains)
    }

    /// The main observations present in `columns`.
    public static func main(_ columns: [String]) -> [String] { mainObservations.filter(columns.contains) }

    /// Columns summed into the public cost of a scenario (yuan, cumulative), when present.
    public static let costColumns = ["pay_spend_total", "gov_spend_total", "grant_funds_total"]

    /// The observation column behind a summary metric: `x_final` → `x`, `x_mean` → `x`.
    public static func column(ofMetric metric: String) -> String {
        if metric.hasSuffix("_final") { return String(metric.dropLast(6)) }
        if metric.hasSuffix("_mean") { return String(metric.dropLast(5)) }
        return metric
    }

    /// "participation rate", "issues resolved (total)" …
    public static func label(_ column: String) -> String {
        if let fixed = labels[column] { return fixed }
        if column.hasPrefix(participationPrefix) {
            let group = String(column.dropFirst(participationPrefix.count))
            return "participation rate, \(group.replacingOccurrences(of: "_", with: " "))"
        }
        if column.hasPrefix("resolved_") { return "issues resolved: \(column.dropFirst(9).replacingOccurrences(of: "_", with: " "))" }
        return column.replacingOccurrences(of: "_", with: " ")
    }

    /// The unit of a column's values, e.g. "share of residents 13+", "yuan".
    public static func unit(_ column: String) -> String {
        if let u = units[column] { return u }
        if column.hasPrefix(participationPrefix) { return "share of group, 13+" }
        if column.hasPrefix("resolved_") || column.hasPrefix("issues_") { return "issues" }
        if column.hasPrefix("talents_") { return "talents" }
        if column.hasSuffix("_spend_total") || column.hasSuffix("_funds_total") { return "yuan, cumulative" }
        if column.hasSuffix("_days") { return "days" }
        if column.hasSuffix("_rate") || column.hasSuffix("_share") { return "share" }
        if column.hasSuffix("_count") { return "residents" }
        if column.hasSuffix("_mean") { return "index 0–1" }
        return "value"
    }

    /// "participation rate (share of residents 13+)".
    public static func axisLabel(_ column: String) -> String { "\(label(column)) (\(unit(column)))" }

    /// Label of a summary metric: "participation rate, last day (share …)".
    public static func metricLabel(_ metric: String) -> String {
        let col = column(ofMetric: metric)
        let when = metric.hasSuffix("_final") ? ", last day" : metric.hasSuffix("_mean") ? ", mean over days" : ""
        return "\(label(col))\(when) (\(unit(col)))"
    }

    static let labels: [String: String] = [
        "participation_rate": "participation rate",
        "active_share": "active residents",
        "backbone_count": "backbone residents",
        "talents_engaged": "talents engaged",
        "group_members": "interest-group members",
        "trust_mean": "trust τ, mean",
        "belonging_mean": "belonging b, mean",
        "motivation_mean": "motivation μ, mean",
        "fatigue_mean": "fatigue φ, mean",
        "satisfaction_mean": "satisfaction, mean",
        "issues_open": "open issues",
        "issues_resolved_total": "issues resolved (total)",
        "issues_arisen_total": "issues arisen (total)",
        "staff_hours": "staff hours",
        "staff_count": "community workers in post",
        "staff_experience_mean": "community workers' experience, mean",
        "pay_spend_total": "participation pay (total)",
        "gov_spend_total": "government spending (total)",
        "crowd_funds_total": "crowdfunded money (total)",
        "project_spend_total": "project spending (total)",
        "cost_per_resolved": "cost per resolved issue",
        "participation_rate_party": "participation rate, party members",
        "participation_rate_nonparty": "participation rate, non-members",
    ]

    static let units: [String: String] = [
        "residents": "residents", "participants": "residents per day",
        "participation_rate": "share of residents 13+", "active_share": "share of residents 13+",
        "backbone_count": "residents", "group_members": "residents", "groups": "groups",
        "staff_hours": "hours per day", "cost_per_resolved": "yuan per issue",
        "staff_count": "workers", "staff_experience_mean": "years", "staff_trained": "training level 0–1",
        "trust_mean": "index 0–1", "belonging_mean": "index 0–1", "motivation_mean": "index 0–1",
        "fatigue_mean": "index 0–1", "satisfaction_mean": "index 0–1", "credibility": "index 0–1",
        "legitimacy": "index 0–1", "quality_mean": "index 0–1", "grant_quality": "index 0–1",
        "consensus_rate": "share of concluded deliberations", "fund_frozen": "share of residents",
        "recalls_total": "recalls", "mean_raise_days": "days", "mean_resolution_days": "days",
        "ties_per_resident": "ties per resident", "chiefs": "residents",
    ]
}
