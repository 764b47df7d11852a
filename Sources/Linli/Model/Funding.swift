import Foundation

/// Funding (MODEL.md §3 step 9). Every community keeps a ledger of what each
/// source received and spent. Each day, issues waiting for money are served
/// in creation order, each drawing from the sources in a fixed order:
///  1. the maintenance fund, for building fabric, unless frozen (seeds/004 Junyuan);
///  2. micro-venture grants, for services a grown group runs (seeds/002);
///  3. co-building units' pooled money, for compound-wide issues (seeds/000-002);
///  3b. the community fund of parking fees, for any issue (parking_fees lever);
///  4. the convention's levy (conventions lever, issues of at least its
///     minimum cost), then crowdfunding from affected households, once per issue, matched by the
///     government at a ratio up to a cap (seeds/003);
///  5. the yearly government budget, for what is left (not for fabric while
///     the fund is frozen: the government co-pays only alongside the owners).
/// An issue is funded when its money covers its cost; the money is then
/// spent. Unspent government budget lapses at the year's end (recorded as
/// lapsed, not spent), so spending never exceeds what the ledger received.
public enum Funding {
    public static let parameters: [ParamSpec] = [
        .days("funding.max_wait_days", 180, max: 3650, "days a decided issue waits for money before it stalls", source: "assumption"),
        ParamSpec("funding.maintenance_fund0", .real, 200, unit: "yuan/household", range: 0...100_000, "initial maintenance-fund balance", source: "assumption"),
    ]

    struct Params: Sendable {
        let maxWait: Int
        let fund0: Double
        init(_ p: Parameters) { maxWait = p.int("funding.max_wait_days"); fund0 = p["funding.maintenance_fund0"] }
    }
}

/// Money per community (yuan): balances and running totals by source.
public struct Ledger: Sendable {
    public var govBalance = ContiguousArray<Double>()
    public var govReceived = ContiguousArray<Double>()
    public var govSpent = ContiguousArray<Double>()
    public var govLapsed = ContiguousArray<Double>()
    public var matchedThisYear = ContiguousArray<Double>()
    public var fundBalance = ContiguousArray<Double>()
    public var fundReceived = ContiguousArray<Double>()
    public var fundSpent = ContiguousArray<Double>()
    public var unitBalance = ContiguousArray<Double>()
    public var unitReceived = ContiguousArray<Double>()
    public var unitSpent = ContiguousArray<Double>()
    public var grantBalance = ContiguousArray<Double>()
    public var grantReceived = ContiguousArray<Double>()
    public var grantSpent = ContiguousArray<Double>()
    public var crowdReceived = ContiguousArray<Double>()
    public var crowdSpent = ContiguousArray<Double>()
    /// The community fund fed by parking fees from outside vehicles (Levers/ParkingFees.swift).
    public var feeBalance = ContiguousArray<Double>()
    public var feeReceived = ContiguousArray<Double>()
    public var feeSpent = ContiguousArray<Double>()

    init(communities n: Int) {
        let z = ContiguousArray<Double>(repeating: 0, count: n)
        govBalance = z; govReceived = z; govSpent = z; govLapsed = z; matchedThisYear = z
        fundBalance = z; fundReceived = z; fundSpent = z
        unitBalance = z; unitReceived = z; unitSpent = z
        grantBalance = z; grantReceived = z; grantSpent = z
        crowdReceived = z; crowdSpent = z
        feeBalance = z; feeReceived = z; feeSpent = z
    }

    /// All money spent on projects in community c.
    public func spent(_ c: Int) -> Double { govSpent[c] + fundSpent[c] + unitSpent[c] + grantSpent[c] + crowdSpent[c] + feeSpent[c] }
    /// All money that came in for community c.
    public func received(_ c: Int) -> Double { govReceived[c] + fundReceived[c] + unitReceived[c] + grantReceived[c] + crowdReceived[c] + feeReceived[c] }
}

extension World {
    /// Yearly inflows on each year's first day: the government budget (the
    /// last year's remainder lapses), the maintenance fund, co-building money.
    mutating func openBudgetYear(_ c: Int, _ today: CalendarDay) {
        guard today.dayOfYear == 0 else { return }
        let hh = Double(communities.householdRange(c).count)
        ledger.govLapsed[c] += ledger.govBalance[c]
        let budget = communities.govBudgetPerHousehold[c] * hh
        ledger.govBalance[c] = budget
        ledger.govReceived[c] += budget
        ledger.matchedThisYear[c] = 0
        let fund = communities.maintenancePerHousehold[c] * hh
        ledger.fundBalance[c] += fund
        ledger.fundReceived[c] += fund
        if params.coBuilding.active(today.day) {
            let money = unitMoney(c)                       // Σ_u money_per_unit × link ℓ_u
            ledger.unitBalance[c] += money
            ledger.unitReceived[c] += money
            bookLeverMoney(c, .coBuilding, money, payer: .units)
        }
    }

    /// Step 9: issues waiting for money draw from the sources in order. An
    /// issue draws nothing until the sources together cover it, so money is
    /// never stranded in an issue that then stalls (crowd and matched money,
    /// raised once, stays with the issue until it is spent).
    mutating func fundIssues(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        for idx in issues.live[c].indices {
            let k = Int(issues.live[c][idx])
            guard stage(k) == .funding, Int(issues.nextDay[k]) <= today.day else { continue }
            escalate(k, today)                                 // dispatch lever: department money for big issues
            if params.fourAsks.active(today.day) && !issues.consulted[k] { consult(k, today, rng) }
            let t = IssueType(rawValue: issues.type[k])!
            let fundOK = t.isFabric && !communities.fundFrozen[c]
            let unitsOK = issues.scope[k] == IssueScope.compound.rawValue
            // The government co-pays fabric repairs only alongside the owners' fund: a frozen fund blocks both.
            let govOK = !(t.isFabric && communities.fundFrozen[c])
            let early = (fundOK ? ledger.fundBalance[c] : 0) + (t.isService ? ledger.grantBalance[c] : 0)
                + (unitsOK ? ledger.unitBalance[c] : 0) + ledger.feeBalance[c]
            var gap = issues.cost[k] - issues.funds[k] - early
            if gap > 0 && params.conventions.active(today.day) && params.conventions.levy > 0 && !issues.levied[k]
                && issues.cost[k] >= params.conventions.levyMinCost {
                levy(k, need: gap, today, rng)   // the convention's levy (residents' money, no match)
                gap = issues.cost[k] - issues.funds[k] - early
            }
            if gap > 0 && params.crowdfunding.active(today.day) && !issues.crowdDone[k] {
                crowdfund(k, need: gap, today, rng)
            }
            var need = max(0, issues.cost[k] - issues.funds[k])
            if need <= early + (govOK ? ledger.govBalance[c] : 0) {
                let matched = issues.funds[k] - issues.crowdFunds[k]
                ledger.crowdSpent[c] += issues.crowdFunds[k]
                ledger.govSpent[c] += matched
                if fundOK { let x = take(&ledger.fundBalance[c], need); ledger.fundSpent[c] += x; need -= x }
                if t.isService { let x = take(&ledger.grantBalance[c], need); ledger.grantSpent[c] += x; need -= x }
                if unitsOK { let x = take(&ledger.unitBalance[c], need); ledger.unitSpent[c] += x; need -= x }
                if need > 0 { let x = take(&ledger.feeBalance[c], need); ledger.feeSpent[c] += x; need -= x }
                let x = take(&ledger.govBalance[c], need); ledger.govSpent[c] += x
                issues.funds[k] = issues.cost[k]
                startWork(k, today, rng)
            } else if today.day - Int(issues.stageSince[k]) > params.funding.maxWait {
                setStage(k, .stalled, today.day)
            }
        }
    }

    /// Moves up to `amount` out of a balance.
    @inline(__always) func take(_ balance: inout Double, _ amount: Double) -> Double {
        let x = min(balance, amount)
        balance -= x
        return x
    }

    /// Crowdfunding with government match (seeds/003): affected households
    /// give with a chance and amount rising in belonging and trust, until the
    /// need is met; givers gain belonging (ownership, P10). The government
    /// matches at a ratio, capped per project and per year.
    mutating func crowdfund(_ k: Int, need: Double, _ today: CalendarDay, _ rng: RandomStream) {
        let cf = params.crowdfunding
        let c = Int(issues.community[k])
        issues.crowdDone[k] = true
        useLeverStaffHours(c, .crowdfunding, cf.staffHours)
        let scope = scopeRange(k)
        guard !scope.isEmpty else { return }
        // Residents of a household are contiguous: walk the households in scope
        // once, from a random one (wrapping), so no dwelling is always asked first.
        let target = need / (1 + cf.matchRatio)
        let before = issues.funds[k]
        var raised = 0.0
        let first = households.members(Int(residents.household[scope.lowerBound + rng.below(scope.count)])).lowerBound
        var i = first, wrapped = false
        while raised < target {
            if i >= scope.upperBound { i = scope.lowerBound; wrapped = true }
            if wrapped && i >= first { break }
            let h = Int(residents.household[i])
            let members = households.members(h).clamped(to: scope)
            var b: Float = 0, tau: Float = 0
            for j in members { b += residents.belonging[j]; tau += residents.trust[j] }
            let n = Float(members.count)
            let p = Decision.logistic(cf.beta0 + cf.betaBelonging * b / n + cf.betaTrust * tau / n)
            if rng.uniform() < Double(p) {
                let amount = min(target - raised, cf.amount * Double(0.5 + b / n))
                raised += amount
                for j in members {
                    residents.belonging[j] += cf.ownership * (1 - residents.belonging[j])
                    recordParticipation(j, adultsOnly: true)
                }
            }
            i = members.upperBound
        }
        raised += onlineGifts(k, need: target - raised, today, rng)   // micro-philanthropy (channels lever)
        // No government co-pay for fabric while the owners' fund is frozen.
        let blocked = IssueType(rawValue: issues.type[k])!.isFabric && communities.fundFrozen[c]
        let match = blocked ? 0 : min(raised * cf.matchRatio, cf.matchCapPerProject, max(0, cf.matchCapPerYear - ledger.matchedThisYear[c]))
        ledger.matchedThisYear[c] += match
        ledger.govReceived[c] += match
        ledger.crowdReceived[c] += raised
        bookLeverMoney(c, .crowdfunding, match, payer: .government)
        bookLeverMoney(c, .crowdfunding, raised, payer: .residents)
        issues.crowdFunds[k] += raised
        issues.funds[k] = before + raised + match
    }
}
