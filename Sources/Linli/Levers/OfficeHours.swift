/// Office hours in evenings and weekends (seeds/000: "Jiayuan night talks",
/// immersive office work; staff shift hours because residents work the same
/// hours as staff). A share of staff hours, events and the party day moves
/// out of weekday office hours into weekday evenings and the weekend, so
/// visits and events reach working adults (P8). Weekly staff hours are kept;
/// unsocial hours are paid as overtime.
public enum OfficeHoursLever {
    public static let spec = LeverSpec(
        name: "office_hours", summary: "staff presence in evenings and at weekends", source: "seeds/000",
        running: RunningCost.none,
        fields: [
            .share("office_hours.evening_share", 0.4, "share of staff hours, events and party days moved to evenings and weekends", source: "seeds/000; assumption"),
            .share("office_hours.overtime_share", 0.1, "extra staff hours paid as overtime, as a share of hours worked", source: "assumption"),
            ParamSpec("office_hours.overtime_pay", .real, 40, unit: "yuan/hour", range: 0...10_000, "pay per overtime hour", source: "assumption"),
        ])

    /// Of the moved hours: per weekday evening and per weekend day (5·0.6 + 2·1 = 5 weekday-equivalents).
    static let weekdayEveningWeight = 0.6
    static let weekendWeight = 1.0
    /// Of the moved events, the share held on Saturday rather than that weekday evening.
    static let weekendEventShare = 0.5

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let eveningShare, overtimeShare, overtimePay: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "office_hours")
            eveningShare = p["office_hours.evening_share"]; overtimeShare = p["office_hours.overtime_share"]
            overtimePay = p["office_hours.overtime_pay"]
        }
    }
}
