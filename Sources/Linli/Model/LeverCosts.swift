/// What every lever costs (a policy question is always "what does it buy, at
/// what cost"). Each lever books, per community, the money it brings about
/// (yuan, by payer) and the staff hours it uses. Money here is a second view
/// of spending, by lever: it counts stipends, fees and pay that never pass
/// through the project ledger, and also the lever-driven money that does
/// (the government's crowdfunding match, residents' gifts, units' money,
/// micro-venture grants), so `lever_cost_total` is what the levers cost the
/// payers, not what projects received.
///
/// Staff hours come out of the same daily budget as outreach: hours a lever
/// books before the party organisation's day (step 4) are taken from that
/// day's visits, hours booked later from the next working day's. What the
/// day's outreach hours cannot cover is overtime: it is added to
/// `staff_hours` and dropped (seeds/000: cadres are overloaded; the trade-off
/// between a lever's staff time and household visits is real).
public enum Payer: Int, CaseIterable, Sendable {
    case government = 0, residents, units
    public var label: String {
        switch self {
        case .government: "government"
        case .residents: "residents"
        case .units: "units"
        }
    }
}

/// Running totals per community and lever (struct-of-arrays, flat).
public struct LeverCosts: Sendable {
    static let levers = LeverID.allCases.count
    static let payers = Payer.allCases.count
    /// Yuan, cumulative: [(c * levers + lever) * payers + payer].
    public var money = ContiguousArray<Double>()
    /// Staff hours, cumulative: [c * levers + lever].
    public var staffHours = ContiguousArray<Double>()
    /// Lever staff hours not yet taken from outreach, per community.
    public var staffDebt = ContiguousArray<Double>()

    init(communities n: Int) {
        money = ContiguousArray(repeating: 0, count: n * Self.levers * Self.payers)
        staffHours = ContiguousArray(repeating: 0, count: n * Self.levers)
        staffDebt = ContiguousArray(repeating: 0, count: n)
    }

    /// Money lever `l` has cost in community c so far, all payers.
    public func money(_ c: Int, _ l: LeverID) -> Double {
        let base = (c * Self.levers + l.rawValue) * Self.payers
        var s = 0.0
        for p in 0..<Self.payers { s += money[base + p] }
        return s
    }
    /// Money of every lever in community c so far.
    public func totalMoney(_ c: Int) -> Double {
        var s = 0.0
        for l in LeverID.allCases { s += money(c, l) }
        return s
    }
    /// Money of every lever paid by `payer` in community c.
    public func money(_ c: Int, payer: Payer) -> Double {
        var s = 0.0
        for l in 0..<Self.levers { s += money[(c * Self.levers + l) * Self.payers + payer.rawValue] }
        return s
    }
    public func staffHours(_ c: Int, _ l: LeverID) -> Double { staffHours[c * Self.levers + l.rawValue] }
}

/// Every lever's running cost per day (a month is 30 days), read once.
struct RunningCosts: Sendable {
    struct Entry: Sendable {
        let lever: LeverSwitch
        let yuanPerDay, hoursPerDay: Double
        let payer: Payer
    }
    let entries: [Entry]
    init(_ p: Parameters) {
        entries = LeverID.allCases.map { l in
            let n = l.name
            return Entry(lever: LeverSwitch(p, n), yuanPerDay: p["\(n).cost_per_month"] / 30,
                         hoursPerDay: p["\(n).staff_hours_per_month"] / 30, payer: l.spec.running.payer)
        }
    }
}

extension World {
    /// Step 1: each active lever's running cost for today.
    mutating func bookRunningCosts(_ c: Int, _ today: CalendarDay) {
        for (l, e) in params.running.entries.enumerated() where e.lever.active(today.day) {
            let id = LeverID(rawValue: l)!
            bookLeverMoney(c, id, e.yuanPerDay, payer: e.payer)
            useLeverStaffHours(c, id, e.hoursPerDay)
        }
    }

    /// Overtime a lever causes (extra hours worked, not taken from outreach).
    @inline(__always) mutating func bookLeverOvertime(_ c: Int, _ l: LeverID, _ hours: Double) {
        guard hours > 0 else { return }
        costs.staffHours[c * LeverCosts.levers + l.rawValue] += hours
    }

    /// Books `yuan` spent by `payer` because of lever `l` in community c.
    @inline(__always) mutating func bookLeverMoney(_ c: Int, _ l: LeverID, _ yuan: Double, payer: Payer) {
        guard yuan > 0 else { return }
        costs.money[(c * LeverCosts.levers + l.rawValue) * LeverCosts.payers + payer.rawValue] += yuan
    }

    /// Books `hours` of staff time used by lever `l` in community c; they are
    /// taken from outreach (see the type's comment).
    @inline(__always) mutating func useLeverStaffHours(_ c: Int, _ l: LeverID, _ hours: Double) {
        guard hours > 0 else { return }
        costs.staffHours[c * LeverCosts.levers + l.rawValue] += hours
        costs.staffDebt[c] += hours
    }

    /// Takes lever staff hours owed from `free` outreach hours; returns what is left for visits.
    mutating func settleLeverStaffHours(_ c: Int, free: Double) -> Double {
        let take = min(costs.staffDebt[c], max(0, free))
        costs.staffDebt[c] -= take
        return free - take
    }

    /// At the end of a working day's outreach: lever hours the day could not
    /// cover are overtime (counted in staff_hours) and dropped.
    mutating func closeLeverStaffHours(_ c: Int) {
        communities.staffHoursToday[c] += costs.staffDebt[c]
        costs.staffDebt[c] = 0
    }
}
