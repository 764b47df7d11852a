import Foundation

/// The eleven kinds of problem the seeds name (clutter and garbage in old
/// compounds, noise and illegal building in tenant-heavy Rongting, parking and
/// e-bike charging, leaking facades and elevators, renewal of public space,
/// elderly meals and child care).
public enum IssueType: UInt8, CaseIterable, Sendable {
    case clutter = 0, garbageSorting, noise, illegalBuilding, parking, eBikeCharging
    case leaksFacades, elevator, publicSpace, elderlyMeals, childCare

    public var label: String {
        switch self {
        case .clutter: "clutter"
        case .garbageSorting: "garbage_sorting"
        case .noise: "noise"
        case .illegalBuilding: "illegal_building"
        case .parking: "parking"
        case .eBikeCharging: "e_bike_charging"
        case .leaksFacades: "leaks_facades"
        case .elevator: "elevator"
        case .publicSpace: "public_space"
        case .elderlyMeals: "elderly_meals"
        case .childCare: "child_care"
        }
    }

    /// Who is affected: one building, one neighbourhood or the whole compound.
    var scope: IssueScope {
        switch self {
        case .clutter, .noise, .illegalBuilding, .leaksFacades, .elevator: .building
        case .garbageSorting: .neighbourhood
        case .parking, .eBikeCharging, .publicSpace, .elderlyMeals, .childCare: .compound
        }
    }

    /// The skill that improves the work (seeds/000 resident designers, seeds/003 legal specialist).
    var skill: SkillDomain {
        switch self {
        case .publicSpace: .design
        case .illegalBuilding: .legal
        case .leaksFacades, .elevator, .eBikeCharging: .trades
        case .elderlyMeals: .health
        case .childCare: .education
        case .clutter, .garbageSorting, .noise, .parking: .none
        }
    }

    /// Building fabric: the maintenance fund pays (seeds/004 Junyuan's frozen fund blocks these).
    var isFabric: Bool { self == .leaksFacades || self == .elevator || self == .eBikeCharging }
    /// Services a grown interest group or social organisation can run with a micro-venture grant (seeds/002).
    var isService: Bool { self == .elderlyMeals || self == .childCare || self == .publicSpace }
    /// Conduct in shared space: conventions and rota duties keep these from arising (seeds/001, seeds/003).
    /// E-bike charging counts as fabric (charging points), not conduct.
    var isConduct: Bool { self == .clutter || self == .garbageSorting || self == .noise || self == .parking }
    /// Made worse by a high tenant share (seeds/004 Rongting: frequent illegal building and noise).
    var isTenantDriven: Bool { self == .noise || self == .illegalBuilding || self == .clutter }

    /// Defaults: rate per scope unit per year, share big, cost (yuan) and
    /// volunteer labour (person-days) of a small issue, mean conflict level.
    var defaults: (rate: Double, big: Double, cost: Double, labour: Double, conflict: Double) {
        switch self {
        case .clutter:         (1.0, 0.05, 500, 4, 0.2)
        case .garbageSorting:  (0.5, 0.10, 2_000, 6, 0.3)
        case .noise:           (0.6, 0.00, 0, 1, 0.6)
        case .illegalBuilding: (0.2, 0.30, 1_000, 3, 0.8)
        case .parking:         (2.0, 0.30, 10_000, 10, 0.6)
        case .eBikeCharging:   (1.5, 0.30, 8_000, 5, 0.4)
        case .leaksFacades:    (0.4, 0.20, 3_000, 2, 0.3)
        case .elevator:        (0.01, 1.00, 40_000, 5, 0.7)
        case .publicSpace:     (1.0, 0.40, 15_000, 20, 0.3)
        case .elderlyMeals:    (0.5, 0.30, 10_000, 15, 0.1)
        case .childCare:       (0.5, 0.30, 8_000, 15, 0.1)
        }
    }
}

public enum IssueScope: UInt8, Sendable { case building = 0, neighbourhood, compound }

/// Life cycle of an issue (MODEL.md §2). `closed` is a maintained issue whose
/// work has worn out and been replaced by a recurring issue.
public enum IssueStage: UInt8, Sendable {
    case arisen = 0, noticed, raised, deliberation, funding, work, done, stalled, closed
    /// Open: a problem residents still live with.
    var isOpen: Bool { rawValue <= IssueStage.work.rawValue || self == .stalled }
}

/// Issues (problems) arise, are noticed and raised (MODEL.md §3 steps 2-3).
/// Arrival is Poisson per building / neighbourhood / compound; residents aged
/// 13+ in scope notice (post holders acting as chiefs, the subdivision lever's
/// chiefs in their scope, and reporters, notice faster); a resident who noticed raises it with a chance rising in trust τ
/// and credibility κ, and becomes a talent-discovery candidate (seeds/004:
/// issue raisers are a discovery path). Issues left to linger lower κ.
public enum Issues {
    public static let parameters: [ParamSpec] = IssueType.allCases.flatMap { t -> [ParamSpec] in
        let d = t.defaults
        let scope = ["building", "neighbourhood", "compound"][Int(t.scope.rawValue)]
        return [
            ParamSpec("issues.\(t.label).rate", .real, d.rate, unit: "issues/\(scope)/year", range: 0...1000, "arrival rate of \(t.label) issues per \(scope)", source: "seeds/001-004 (problem lists); assumption"),
            .share("issues.\(t.label).big_share", d.big, "share of \(t.label) issues that are big (platform deliberation, higher cost)", source: "assumption"),
            ParamSpec("issues.\(t.label).cost", .real, d.cost, unit: "yuan", range: 0...10_000_000, "cost of a small \(t.label) issue", source: t == .elevator ? "seeds/003 (elevator retrofits); assumption" : "assumption"),
            ParamSpec("issues.\(t.label).labour", .real, d.labour, unit: "person-days", range: 0...10_000, "volunteer labour of a small \(t.label) issue", source: "assumption"),
            .share("issues.\(t.label).conflict", d.conflict, "mean conflict level of \(t.label) issues", source: t == .illegalBuilding || t == .noise ? "seeds/004 Rongting" : "assumption"),
        ]
    } + [
        ParamSpec("issues.big_cost_factor", .real, 5, unit: "ratio", range: 1...1000, "cost of a big issue relative to a small one", source: "assumption"),
ParamSpec("issues.renovation_share", .real, 0, unit: "share", range: 0...1, "share of big parking and public-space issues a compound takes on as a full renovation (0 = none)", source: "seeds/003 (a compound chose a parking renovation); assumption"),
        ParamSpec("issues.renovation_cost", .real, 320_000, unit: "yuan", range: 0...100_000_000, "cost of a full renovation (replaces the big-issue cost)", source: "seeds/003 (320,000 yuan pre-collected for parking renovation)"),
                ParamSpec("issues.big_labour_factor", .real, 3, unit: "ratio", range: 1...1000, "volunteer labour of a big issue relative to a small one", source: "assumption"),
        ParamSpec("issues.tenant_factor", .real, 2, unit: "ratio", range: 0...20, "extra arrival of noise, clutter and illegal building per unit of tenant share", source: "seeds/004 Rongting"),
        ParamSpec("issues.notice_rate", .real, 0.002, unit: "1/resident/day", range: 0...1, "daily chance that one resident in scope notices an issue (children notice too; only those aged 13+ raise)", source: "assumption"),
        ParamSpec("issues.chief_notice", .real, 0.3, unit: "1/day", range: 0...1, "daily chance that a chief (post holder) covering the scope notices an issue", source: "seeds/001 (building and neighbourhood chiefs)"),
        ParamSpec("issues.chief_buildings", .real, 5, unit: "buildings/post", range: 0...1000, "buildings one post holder covers as a chief", source: "seeds/001; assumption"),
        ParamSpec("issues.raise_beta0", .real, -4.0, unit: "logit", range: -20...20, "intercept of the daily chance a resident who noticed raises the issue", source: "assumption"),
        ParamSpec("issues.raise_beta_trust", .real, 3.0, unit: "logit", range: 0...20, "weight of trust τ in raising", source: "MODEL.md §3 step 3"),
        ParamSpec("issues.raise_beta_credibility", .real, 3.0, unit: "logit", range: 0...20, "weight of credibility κ in raising", source: "MODEL.md §3 step 3 (P4)"),
        .share("issues.discover_raiser", 0.2, "chance that raising an issue reveals a latent talent", source: "seeds/004 (issue raisers as a discovery path)"),
        .days("issues.linger_days", 90, max: 3650, "days after which an open issue lingers and erodes κ and τ", source: "assumption"),
        .days("issues.reraise_days", 120, max: 3650, "days before a stalled issue can be raised again", source: "assumption"),
        .share("issues.cross_compound_share", 0.3, "share of big parking and public-space issues that span several compounds", source: "seeds/002 (cross-compound platforms)"),
    ]

    struct TypeParams: Sendable {
        let rate, bigShare, cost, labour: Double
        let conflict: Float
    }

    struct Params: Sendable {
        let types: [TypeParams]
        let bigCost, bigLabour, tenantFactor: Double
        let renovationShare, renovationCost: Double
        let noticeRate, chiefNotice, chiefBuildings: Double
        let raise0, raiseTrust, raiseCred: Float
        let discoverRaiser: Double
        let lingerDays, reraiseDays: Int
        let crossShare: Double
        init(_ p: Parameters) {
            types = IssueType.allCases.map { t in
                let k = "issues.\(t.label)."
                return TypeParams(rate: p[k + "rate"], bigShare: p[k + "big_share"], cost: p[k + "cost"],
                                  labour: p[k + "labour"], conflict: p.float(k + "conflict"))
            }
            bigCost = p["issues.big_cost_factor"]; bigLabour = p["issues.big_labour_factor"]
            tenantFactor = p["issues.tenant_factor"]
            renovationShare = p["issues.renovation_share"]; renovationCost = p["issues.renovation_cost"]
            noticeRate = p["issues.notice_rate"]; chiefNotice = p["issues.chief_notice"]
            chiefBuildings = p["issues.chief_buildings"]
            raise0 = p.float("issues.raise_beta0"); raiseTrust = p.float("issues.raise_beta_trust")
            raiseCred = p.float("issues.raise_beta_credibility")
            discoverRaiser = p["issues.discover_raiser"]
            lingerDays = p.int("issues.linger_days"); reraiseDays = p.int("issues.reraise_days")
            crossShare = p["issues.cross_compound_share"]
        }
    }
}

/// Issues as struct-of-arrays; an issue keeps its index for life.
public struct IssueTable: Sendable {
    public var type = ContiguousArray<UInt8>()
    public var community = ContiguousArray<Int32>()
    public var scope = ContiguousArray<UInt8>()
    /// Building or neighbourhood index (global), or the community for compound scope.
    public var unit = ContiguousArray<Int32>()
    public var big = ContiguousArray<Bool>()
    public var crossCompound = ContiguousArray<Bool>()
    public var stage = ContiguousArray<UInt8>()
    public var arisen = ContiguousArray<Int32>()
    public var stageSince = ContiguousArray<Int32>()
    public var raisedDay = ContiguousArray<Int32>()
    public var cost = ContiguousArray<Double>()
    public var funds = ContiguousArray<Double>()
    public var crowdFunds = ContiguousArray<Double>()
    public var labourNeeded = ContiguousArray<Float>()
    public var labourDone = ContiguousArray<Float>()
    public var conflict = ContiguousArray<Float>()
    public var quality = ContiguousArray<Float>()
    /// Legitimacy of the decision taken (mode, vote).
    public var legitimacy = ContiguousArray<Float>()
    public var raiser = ContiguousArray<Int32>()
    public var mode = ContiguousArray<UInt8>()
    public var sittingsDone = ContiguousArray<UInt8>()
    public var attempts = ContiguousArray<UInt8>()
    public var nextDay = ContiguousArray<Int32>()
    public var consulted = ContiguousArray<Bool>()
    /// A sitting of the current attempt fell below quorum.
    public var belowQuorum = ContiguousArray<Bool>()
    public var crowdDone = ContiguousArray<Bool>()
    /// The convention's levy has been raised (Levers/Conventions.swift).
    public var levied = ContiguousArray<Bool>()
    /// A full renovation (cost `issues.renovation_cost`).
    public var renovation = ContiguousArray<Bool>()
    /// Condition of finished work, 1 new; below the recurrence threshold it recurs.
    public var condition = ContiguousArray<Float>()
    /// A hazard (dispatch lever's class, recorded with the lever on or off) and its route (Levers/Dispatch.swift).
    public var hazard = ContiguousArray<Bool>()
    public var route = ContiguousArray<UInt8>()
    /// Issues of community c not yet closed (open, done or maintained), in creation order.
    public var live: [ContiguousArray<Int32>] = []
    public var count: Int { type.count }

    /// Room for `n` issues in every column, so that issues arising during a
    /// run append without reallocating (World.reserveForRun).
    mutating func reserve(_ n: Int) {
        type.reserveCapacity(n)
        community.reserveCapacity(n)
        scope.reserveCapacity(n)
        unit.reserveCapacity(n)
        big.reserveCapacity(n)
        crossCompound.reserveCapacity(n)
        stage.reserveCapacity(n)
        arisen.reserveCapacity(n)
        stageSince.reserveCapacity(n)
        raisedDay.reserveCapacity(n)
        cost.reserveCapacity(n)
        funds.reserveCapacity(n)
        crowdFunds.reserveCapacity(n)
        labourNeeded.reserveCapacity(n)
        labourDone.reserveCapacity(n)
        conflict.reserveCapacity(n)
        quality.reserveCapacity(n)
        legitimacy.reserveCapacity(n)
        raiser.reserveCapacity(n)
        mode.reserveCapacity(n)
        sittingsDone.reserveCapacity(n)
        attempts.reserveCapacity(n)
        nextDay.reserveCapacity(n)
        consulted.reserveCapacity(n)
        belowQuorum.reserveCapacity(n)
        crowdDone.reserveCapacity(n)
        levied.reserveCapacity(n)
        renovation.reserveCapacity(n)
        condition.reserveCapacity(n)
        hazard.reserveCapacity(n)
        route.reserveCapacity(n)
    }
}

/// Per-community issue tallies for observations, updated on transitions.
public struct IssueTallies: Sendable {
    public var arisen = ContiguousArray<Double>()
    public var open = ContiguousArray<Double>()
    public var stalled = ContiguousArray<Double>()
    public var resolved = ContiguousArray<Double>()
    public var resolutionDays = ContiguousArray<Double>()
    public var raised = ContiguousArray<Double>()
    public var raiseDays = ContiguousArray<Double>()
    public var concluded = ContiguousArray<Double>()
    public var consensus = ContiguousArray<Double>()
    public var qualitySum = ContiguousArray<Double>()
    public var lingering = ContiguousArray<Double>()
    /// resolved by type: [c * IssueType.allCases.count + t]
    public var resolvedByType = ContiguousArray<Double>()
    /// arisen by type: [c * IssueType.allCases.count + t]
    public var arisenByType = ContiguousArray<Double>()
    /// Fabric issues resolved, and their summed days from arising to done (property station).
    public var fabricResolved = ContiguousArray<Double>()
    public var fabricResolutionDays = ContiguousArray<Double>()
    /// Cross-compound issues: consensus draws, consensus reached, resolved (CrossCompound.swift).
    public var crossConcluded = ContiguousArray<Double>()
    public var crossConsensus = ContiguousArray<Double>()
    public var crossResolved = ContiguousArray<Double>()
    /// Renovations resolved; summed days issues spent in work (arriving at done).
    public var renovationsResolved = ContiguousArray<Double>()
    public var workDays = ContiguousArray<Double>()
    /// Dispatch lever: hazards dispatched, hazards resolved and their summed days
    /// from report to fix, issues escalated, big issues resolved.
    public var hazardsDispatched = ContiguousArray<Double>()
    public var hazardsResolved = ContiguousArray<Double>()
    public var hazardFixDays = ContiguousArray<Double>()
    public var escalated = ContiguousArray<Double>()
    public var bigResolved = ContiguousArray<Double>()
    /// Hazards not yet fixed (open or stalled).
    public var hazardsOpen = ContiguousArray<Double>()

    init(communities n: Int) {
        func z(_ k: Int = 1) -> ContiguousArray<Double> { ContiguousArray(repeating: 0, count: n * k) }
        arisen = z(); open = z(); stalled = z(); resolved = z(); resolutionDays = z(); raised = z()
        raiseDays = z(); concluded = z(); consensus = z(); qualitySum = z(); lingering = z()
        resolvedByType = z(IssueType.allCases.count)
        arisenByType = z(IssueType.allCases.count)
        fabricResolved = z(); fabricResolutionDays = z()
        crossConcluded = z(); crossConsensus = z(); crossResolved = z()
        renovationsResolved = z(); workDays = z()
        hazardsDispatched = z(); hazardsResolved = z(); hazardFixDays = z(); escalated = z(); bigResolved = z(); hazardsOpen = z()
    }
}

extension World {
    /// Residents affected by issue k.
    /// Inlined: as a call, a non-mutating method of `World` gets a copy of the
    /// world's inline storage (2 KB) at each call, here once per arisen issue a day.
    @inline(__always) func scopeRange(_ k: Int) -> Range<Int> {
        let u = Int(issues.unit[k])
        switch IssueScope(rawValue: issues.scope[k])! {
        case .building: return Int(units.buildingResidents[u])..<Int(units.buildingResidents[u + 1])
        case .neighbourhood: return Int(units.neighbourhoodResidents[u])..<Int(units.neighbourhoodResidents[u + 1])
        case .compound: return communities.residentRange(u)
        }
    }

    @inline(__always) func stage(_ k: Int) -> IssueStage { IssueStage(rawValue: issues.stage[k])! }

    /// The building an issue is in: nil for compound scope (or an empty neighbourhood).
    func issueBuilding(_ k: Int) -> Int? {
        let u = Int(issues.unit[k])
        switch IssueScope(rawValue: issues.scope[k])! {
        case .building: return u
        case .neighbourhood:
            let first = Int(units.neighbourhoodResidents[u])
            return first < Int(units.neighbourhoodResidents[u + 1]) ? Int(residents.building[first]) : nil
        case .compound: return nil
        }
    }

    mutating func setStage(_ k: Int, _ s: IssueStage, _ day: Int) {
        let c = Int(issues.community[k])
        let old = stage(k)
        if old == .stalled { tallies.stalled[c] -= 1 }
        if s == .stalled { tallies.stalled[c] += 1 }
        if old.isOpen && !s.isOpen { tallies.open[c] -= 1; if issues.hazard[k] { tallies.hazardsOpen[c] -= 1 } }
        issues.stage[k] = s.rawValue
        issues.stageSince[k] = Int32(day)
    }

    /// Expected arrivals of type t in community c today (Poisson rate).
    /// Inlined, as `scopeRange` is: called for every type, community and day.
    @inline(__always) func arrivalRate(_ t: IssueType, _ c: Int, _ today: CalendarDay) -> Double {
        let ip = params.issues, tp = ip.types[Int(t.rawValue)]
        let unitsN: Int
        switch t.scope {
        case .building: unitsN = units.communityBuildings(c).count
        case .neighbourhood: unitsN = units.communityNeighbourhoods(c).count
        case .compound: unitsN = 1
        }
        var rate = tp.rate * Double(unitsN) / 365 * communities.issueRateFactor[c]
        if t.isTenantDriven { rate *= 1 + ip.tenantFactor * communities.tenantShare[c] }
        if t.isConduct { rate *= params.conventions.active(today.day) ? 1 - params.conventions.arrivalCut : 1 }
        if t.isFabric { rate *= fabricStress(c) }
        if t == .parking { rate *= communities.parkingGiftFactor[c] }   // units' gifts of parking spaces (co-building)
        if t == .publicSpace { rate = max(0, rate - amenityArrivalOffset(today.day)) }   // self-help lever's amenities
        return rate
    }

    /// Step 2: new issues, Poisson per scope unit and type.
    mutating func arriveIssues(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let buildings = units.communityBuildings(c), nbhs = units.communityNeighbourhoods(c)
        for t in IssueType.allCases {
            let rate = arrivalRate(t, c, today)
            guard rate > 0 else { continue }
            let n = rng.poisson(rate)
            for _ in 0..<n {
                let unit: Int
                switch t.scope {
                case .building: unit = buildings.lowerBound + rng.below(buildings.count)
                case .neighbourhood: unit = nbhs.lowerBound + rng.below(nbhs.count)
                case .compound: unit = c
                }
                if t.isTenantDriven && tenantConventionPrevents(c, unit, today, rng) { continue }
                newIssue(t, community: c, unit: unit, today, rng)
            }
        }
    }

    /// Adds an issue at stage `arisen`; returns its index.
    @discardableResult
    mutating func newIssue(_ t: IssueType, community c: Int, unit: Int, _ today: CalendarDay, _ rng: RandomStream,
                           big forcedBig: Bool? = nil) -> Int {
        let ip = params.issues, tp = ip.types[Int(t.rawValue)]
        let big = forcedBig ?? (rng.uniform() < tp.bigShare)
        let k = issues.count
        issues.type.append(t.rawValue)
        issues.community.append(Int32(c))
        issues.scope.append(t.scope.rawValue)
        issues.unit.append(Int32(unit))
        issues.big.append(big)
        issues.crossCompound.append(big && (t == .parking || t == .publicSpace) && rng.uniform() < ip.crossShare)
        issues.stage.append(IssueStage.arisen.rawValue)
        issues.arisen.append(Int32(today.day))
        issues.stageSince.append(Int32(today.day))
        issues.raisedDay.append(-1)
        var cost = tp.cost * (big ? ip.bigCost : 1)
        // A compound may take a big parking or public-space job on as a full renovation (seeds/003).
        let renovation = big && (t == .parking || t == .publicSpace) && ip.renovationShare > 0 && rng.uniform() < ip.renovationShare
        if renovation { cost = ip.renovationCost }
        if t == .parking && params.coBuilding.active(today.day) { cost *= 1 - params.coBuilding.parkingCostCut }
        if t.isFabric { cost *= stationCostFactor(c, today) }
        issues.cost.append(cost)
        issues.funds.append(0)
        issues.crowdFunds.append(0)
        issues.labourNeeded.append(Float(tp.labour * (big ? ip.bigLabour : 1)))
        issues.labourDone.append(0)
        let conflict = tp.conflict * Float(communities.conflictFactor[c]) * Float(0.5 + rng.uniform()) + (big ? 0.1 : 0)
        issues.conflict.append(min(1, conflict))
        issues.quality.append(0)
        issues.legitimacy.append(0)
        issues.raiser.append(-1)
        issues.mode.append(0)
        issues.sittingsDone.append(0)
        issues.attempts.append(0)
        issues.nextDay.append(Int32.max)
        issues.consulted.append(false)
        issues.belowQuorum.append(false)
        issues.crowdDone.append(false)
        issues.levied.append(false)
        issues.renovation.append(renovation)
        issues.condition.append(0)
        issues.hazard.append(params.dispatch.isHazard(t, big: big, community: origin.global(c), serial: Int(tallies.arisen[c]),
                                                      day: today.day, replicate: replicate))
        issues.route.append(DispatchLever.ordinary)
        if issues.hazard[k] { tallies.hazardsOpen[c] += 1 }
        issues.live[c].append(Int32(k))
        tallies.arisen[c] += 1
        tallies.arisenByType[c * IssueType.allCases.count + Int(t.rawValue)] += 1
        tallies.open[c] += 1
        return k
    }

    /// Step 3: residents in scope notice issues; a resident who noticed raises
    /// one with a chance rising in τ and κ; reporters report directly.
    mutating func detectAndRaise(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ip = params.issues
        let kappa = communities.credibility[c]
        let buildings = Double(max(1, units.communityBuildings(c).count))
        let chiefCover = min(1, Double(communities.postHolders[c]) * ip.chiefBuildings / buildings)
        let reporters = params.reporters.active(today.day)
        let watchers = params.sublandlord.active(today.day) && communities.teamFounded[c] >= 0
        let patrol = stationPatrolHazard(c, today)
        let chiefs = params.subdivision.active(today.day)
        var lingering = 0.0
        for k32 in issues.live[c] {
            let k = Int(k32)
            let s = stage(k)
            if s.isOpen && today.day - Int(issues.arisen[k]) > ip.lingerDays { lingering += 1 }
            switch s {
            case .arisen:
                let scope = scopeRange(k)
                let n = Double(scope.count)
                var hazard = -log1p(-min(ip.noticeRate, 0.999999)) * n
                if issues.scope[k] != IssueScope.compound.rawValue { hazard += -log1p(-min(ip.chiefNotice * chiefCover, 0.999999)) }
                if reporters { hazard += params.reporters.noticeHazard }
                if watchers, let b = issueBuilding(k), units.buildingWatcher[b] >= 0 {
                    hazard += params.sublandlord.noticeHazard
                }
                hazard += patrol
                if chiefs { hazard += chiefNoticeHazard(k, scope) }
                if params.partyCoverage.active(today.day) { hazard += partyNoticeHazard(k) }
                if rng.uniform() < 1 - exp(-hazard) { setStage(k, .noticed, today.day) }
            case .noticed:
                tryRaise(k, kappa: kappa, today, rng)
            case .stalled where today.day - Int(issues.stageSince[k]) >= ip.reraiseDays:
                tryRaise(k, kappa: kappa, today, rng)
            default: break
            }
        }
        tallies.lingering[c] = lingering
    }

    /// One resident of the scope (aged 13+, at random) considers raising issue k;
    /// under the reporters lever the app or a rider may report it instead.
    mutating func tryRaise(_ k: Int, kappa: Float, _ today: CalendarDay, _ rng: RandomStream) {
        let ip = params.issues
        let scope = scopeRange(k)
        // Under the subdivision lever a chief covering the scope considers it first.
        var raiser = params.subdivision.active(today.day) ? chiefRaiser(k, scope, kappa: kappa, rng) : -1
        if raiser < 0 && !scope.isEmpty {
            let i = scope.lowerBound + rng.below(scope.count)
            if residents.age[i] != AgeGroup.child.rawValue {
                let p = Decision.logistic(ip.raise0 + ip.raiseTrust * residents.trust[i] + ip.raiseCred * kappa)
                if rng.uniform() < Double(p) { raiser = i }
            }
        }
        if raiser < 0 { raiser = sublandlordRaiser(k, today, rng) }
        let reported = raiser < 0 && ((params.reporters.active(today.day) && rng.uniform() < params.reporters.reportChance)
                                      || stationReports(k, today, rng))
        if raiser < 0 && !reported && params.partyCoverage.active(today.day) { raiser = informantRaiser(k, rng) }
        guard raiser >= 0 || reported else { return }
        let c = Int(issues.community[k])
        if reported { bookLeverMoney(c, .reporters, params.reporters.rewardPerReport, payer: .government) }
        if raiser >= 0 {
            issues.raiser[k] = Int32(raiser)
            recordParticipation(raiser)
            residents.contributions[raiser] &+= 1
            maybeDiscover(raiser, chance: raiserDiscoveryChance(raiser, today), today, rng, path: .raiser)
        }
        if issues.raisedDay[k] < 0 {
            issues.raisedDay[k] = Int32(today.day)
            tallies.raised[c] += 1
            tallies.raiseDays[c] += Double(today.day - Int(issues.arisen[k]))
        }
        issues.attempts[k] = 0
        issues.sittingsDone[k] = 0
        issues.belowQuorum[k] = false
        setStage(k, .raised, today.day)
        if dispatchHazard(k, today, rng) { return }         // dispatch lever: straight to a department
        scheduleDeliberation(k, today)
    }

    /// Drops closed issues from the live lists (once a month keeps lists short without per-day churn).
    mutating func compactIssues(_ c: Int) {
        issues.live[c].removeAll { issues.stage[Int($0)] == IssueStage.closed.rawValue }
    }
}
