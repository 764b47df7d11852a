/// Fast dispatch of hazards and escalation of big issues to government
/// departments (seeds/001: a delivery rider found a drain cover missing at a
/// compound gate, reported it through the "Wuhan micro-neighbourhood" app,
/// "第二天问题就得到解决" — it was fixed the next day; seeds/002: problems that
/// "need stakeholders and government departments to work together" are big
/// problems and go to the "let's talk it over" platform, small ones to
/// one-issue-one-meeting groups).
///
/// *Dispatch*: a share of small building-fabric issues (leaks and facades,
/// e-bike charging: the safety and facility class of a missing drain cover)
/// are hazards. Under the lever a reported hazard is sent straight to the
/// department in charge instead of waiting for the monthly platform: the
/// department's crew fixes it within `fix_days`, at the department's cost
/// (the repair's own cost and a call-out fee, government payer), with no
/// volunteer labour and no draw on the community's budget.
///
/// *Escalation*: a big issue that costs at least `escalation_threshold` or
/// spans several compounds, once agreed, is escalated to the departments:
/// they pay a share of what it still needs and coordinate the work (extra
/// person-days a day), at a staff-hours cost for preparing the case.
///
/// Whether an issue is a hazard is a fixed trait (a hash of the issue, no
/// random draw), recorded whether or not the lever is on, so the outputs
/// `hazards_resolved_total` and `mean_hazard_fix_days` compare like with like.
public enum DispatchLever {
    public static let spec = LeverSpec(
        name: "dispatch", summary: "hazards dispatched straight to a department; big issues escalated to departments",
        source: "seeds/001, seeds/002",
        running: RunningCost.none,
        fields: [
            .share("dispatch.hazard_share", 0.3, "share of small building-fabric issues (leaks and facades, e-bike charging) that are hazards (a trait recorded with the lever on or off)", source: "assumption (seeds/001 names one hazard, a missing drain cover)"),
            .share("dispatch.dispatch_share", 1.0, "share of reported hazards sent straight to the department in charge (0: none, the ordinary route)", source: "seeds/001 (reported through the app, fixed the next day)"),
            .days("dispatch.fix_days", 1, max: 365, "days from dispatch to the department's fix", source: "seeds/001 (fixed the next day)"),
            ParamSpec("dispatch.callout_cost", .real, 200, unit: "yuan/fix", range: 0...1_000_000, "department's call-out cost per dispatched fix, on top of the repair's own cost (both government)", source: "assumption"),
            ParamSpec("dispatch.staff_hours_per_dispatch", .real, 0.5, unit: "hours/dispatch", range: 0...100, "staff hours to log, forward and follow up one dispatched hazard", source: "assumption"),
            ParamSpec("dispatch.escalation_threshold", .real, 0, unit: "yuan", range: 0...100_000_000, "cost from which an agreed big issue is escalated to the departments (0: every big issue; cross-compound big issues always are)", source: "seeds/002 (a big problem is one that needs government departments)"),
            .share("dispatch.department_share", 0.5, "share of an escalated issue's unmet cost the departments pay (0: no department money)", source: "seeds/002; assumption"),
            ParamSpec("dispatch.department_rate", .real, 0.5, unit: "person-days/day", range: 0...100, "daily work the departments' coordination adds to an escalated project (0: none)", source: "seeds/002; assumption"),
            ParamSpec("dispatch.escalation_hours", .real, 8, unit: "hours/escalation", range: 0...1000, "staff hours to prepare and coordinate one escalation", source: "assumption"),
        ])

    /// Route of an issue (`IssueTable.route`).
    static let ordinary: UInt8 = 0, dispatched: UInt8 = 1, escalated: UInt8 = 2

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let hazardShare, dispatchShare: Double
        let fixDays: Int
        let calloutCost, hoursPerDispatch: Double
        let threshold, departmentShare: Double
        let departmentRate: Float
        let escalationHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "dispatch")
            hazardShare = p["dispatch.hazard_share"]; dispatchShare = p["dispatch.dispatch_share"]
            fixDays = p.int("dispatch.fix_days"); calloutCost = p["dispatch.callout_cost"]
            hoursPerDispatch = p["dispatch.staff_hours_per_dispatch"]
            threshold = p["dispatch.escalation_threshold"]; departmentShare = p["dispatch.department_share"]
            departmentRate = p.float("dispatch.department_rate"); escalationHours = p["dispatch.escalation_hours"]
        }
    }
}

extension DispatchLever.Params {
    /// Whether a new issue is a hazard: a small building-fabric issue, with
    /// chance `hazard_share` from a hash of the issue (no draw from the stream).
    /// The issue is named by its community (its index in the whole scenario)
    /// and its number there (`serial`), not by its index in the table, which
    /// depends on how many issues other communities raised first (and so on
    /// how the day was split over threads). A function of plain values: as a
    /// method of `World` called from `newIssue`, the compiler copied the world.
    func isHazard(_ t: IssueType, big: Bool, community global: Int, serial: Int, day: Int, replicate: Int) -> Bool {
        guard t.isFabric, !big else { return false }
        let key = UInt64(global) << 32 | UInt64(serial)
        return hashUniform(key, UInt64(day), 0xD15A7C4, UInt64(replicate)) < hazardShare
    }
}

extension World {
    /// A hazard just raised or reported: sent straight to the department
    /// (returns true) instead of deliberation. The department pays the repair
    /// and a call-out fee and fixes it within `fix_days` (`doWork`).
    mutating func dispatchHazard(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) -> Bool {
        let dp = params.dispatch
        guard dp.active(today.day), issues.hazard[k], dp.dispatchShare > 0 else { return false }
        if dp.dispatchShare < 1 && rng.uniform() >= dp.dispatchShare { return false }
        let c = Int(issues.community[k])
        issues.route[k] = DispatchLever.dispatched
        bookLeverMoney(c, .dispatch, issues.cost[k] + dp.calloutCost, payer: .government)
        useLeverStaffHours(c, .dispatch, dp.hoursPerDispatch)
        issues.funds[k] = issues.cost[k]
        issues.quality[k] = params.work.qualityBase
        issues.nextDay[k] = Int32(today.day + dp.fixDays)
        tallies.hazardsDispatched[c] += 1
        setStage(k, .work, today.day)
        return true
    }

    /// An agreed big issue waiting for money: escalated to the departments if
    /// it costs at least the threshold or spans compounds. They pay a share of
    /// what it still needs (received into the ledger, like the match) and
    /// coordinate the work (`escalatedWork`).
    mutating func escalate(_ k: Int, _ today: CalendarDay) {
        let dp = params.dispatch
        guard dp.active(today.day), issues.big[k], issues.route[k] == DispatchLever.ordinary,
              issues.cost[k] >= dp.threshold || issues.crossCompound[k] else { return }
        let c = Int(issues.community[k])
        issues.route[k] = DispatchLever.escalated
        useLeverStaffHours(c, .dispatch, dp.escalationHours)
        tallies.escalated[c] += 1
        let money = dp.departmentShare * max(0, issues.cost[k] - issues.funds[k])
        guard money > 0 else { return }
        issues.funds[k] += money
        ledger.govReceived[c] += money
        bookLeverMoney(c, .dispatch, money, payer: .government)
    }

    /// Work the departments add today to an escalated project.
    @inline(__always) func escalatedWork(_ k: Int) -> Float {
        issues.route[k] == DispatchLever.escalated ? params.dispatch.departmentRate : 0
    }

    /// On completion: hazards fixed (days from report to fix) and big issues resolved.
    mutating func tallyResolvedHazard(_ k: Int, _ today: CalendarDay) {
        let c = Int(issues.community[k])
        if issues.big[k] { tallies.bigResolved[c] += 1 }
        guard issues.hazard[k] else { return }
        tallies.hazardsResolved[c] += 1
        let reported = issues.raisedDay[k] >= 0 ? Int(issues.raisedDay[k]) : Int(issues.arisen[k])
        tallies.hazardFixDays[c] += Double(today.day - reported)
    }
}
