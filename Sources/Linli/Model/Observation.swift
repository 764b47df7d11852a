/// Observation (MODEL.md §3 step 13, §5): the day's statistics per community
/// and for the whole run. Rates are over residents aged 13+ unless the
/// column names an age group; "took part" means on any of the last 30 days.
public enum Observation {
    public static let columns: [String] = [
        "residents", "participants", "participation_rate", "active_share", "backbone_count",
        "talents_latent", "talents_discovered", "talents_engaged", "talents_withdrawn",
        "discovered_visit_total", "discovered_activity_total", "discovered_raiser_total", "discovered_referral_total",
        "groups", "group_members", "trust_mean", "belonging_mean", "motivation_mean", "fatigue_mean",
        "staff_hours", "staff_count", "staff_experience_mean", "staff_trained", "pay_spend_total",
        "issues_arisen_total", "issues_open", "issues_resolved_total", "issues_stalled", "issues_lingering",
        "mean_raise_days", "mean_resolution_days", "consensus_rate", "quality_mean", "satisfaction_mean",
        "credibility", "legitimacy", "service_quality", "fund_frozen", "recalls_total",
        "gov_spend_total", "crowd_funds_total", "unit_funds_total", "grant_funds_total", "fund_spend_total",
        "project_spend_total", "cost_per_resolved", "grant_quality",
        "lever_cost_total", "lever_staff_hours_total",
    ] + Payer.allCases.map { "lever_cost_\($0.label)_total" }
      + ["cost_per_active"]
      + ["ties_per_resident", "chiefs"]
      + LeverID.allCases.map { "cost_\($0.name)" }
      + LeverID.allCases.map { "staff_hours_\($0.name)" }
      + IssueType.allCases.map { "resolved_\($0.label)" }
      + IssueType.allCases.map { "arisen_\($0.label)" }
      + AgeGroup.allCases.map { "participation_rate_\($0.label)" }
      + Tenure.allCases.map { "participation_rate_\($0.label)" }
      + ["participation_rate_party", "participation_rate_nonparty"]
      + ["sublandlord_team", "station_jobs", "mean_fabric_resolution_days"]
      + ["association_members", "governance_rate_member", "governance_rate_nonmember"]
      + ["cross_tied_share", "cross_consensus_rate", "cross_resolved_total"]
      + ["unit_link_mean", "unit_custom_total", "unit_gifts"]
      + ["leader_radiation_mean", "self_help_helper_days_total", "amenity_condition"]
      + ["assessment_score", "work_stalls_total", "social_orgs"]
      + ["renovations_resolved", "mean_work_days", "fee_revenue_total"]
      + ["hazards_dispatched_total", "hazards_resolved_total", "hazards_open", "mean_hazard_fix_days", "issues_escalated_total", "big_resolved_total"]
      + ["largest_group"]

    static func column(_ name: String) -> Int { columns.firstIndex(of: name)! }
}

/// Running sums for one output row.
/// Sums are plain values with fixed-size inline arrays (no heap storage),
/// so observing a community allocates nothing; `sizesMatch` ties the sizes
/// to the enums they count (checked when a world is built, and in a test).
struct ObservationSums {
    static let sizesMatch = DiscoveryTally.paths == 4 && AgeGroup.allCases.count == 5 && Tenure.allCases.count == 3
        && IssueType.allCases.count == 11 && LeverCosts.levers == 32 && LeverCosts.payers == 3

    var residents = 0.0, over13 = 0.0, took13 = 0.0, active13 = 0.0, backbone = 0.0
    var latent = 0.0, discovered = 0.0, engaged = 0.0, withdrawn = 0.0, members = 0.0
    /// Talents discovered so far by path: visit, activity, raiser, referral.
    var byPath = InlineArray<4, Double>(repeating: 0)
    var trust = 0.0, belonging = 0.0, motivation = 0.0, fatigue = 0.0
    var ageN = InlineArray<5, Double>(repeating: 0), ageTook = InlineArray<5, Double>(repeating: 0)
    var tenureN = InlineArray<3, Double>(repeating: 0), tenureTook = InlineArray<3, Double>(repeating: 0)
    var partyN = 0.0, partyTook = 0.0, otherN = 0.0, otherTook = 0.0
    /// Association members; residents 13+ in / not in a group, and those of them in a sitting or work day in the last 30 days (P3).
    var associationMembers = 0.0, memberN = 0.0, memberGov = 0.0, nonmemberN = 0.0, nonmemberGov = 0.0
    var participants = 0.0, groups = 0.0, staffHours = 0.0, paySpend = 0.0
    /// Members of the largest group (seeds/001: a running club grown to 300+); the `all` row takes the maximum.
    var largestGroup = 0.0
    /// Community workers in post, and their experience (years) and training level summed over them.
    var staffCount = 0.0, staffExperience = 0.0, staffTrained = 0.0
    var satisfaction = 0.0, arisen = 0.0, open = 0.0, resolved = 0.0, stalled = 0.0, lingering = 0.0
    var raised = 0.0, raiseDays = 0.0, resolutionDays = 0.0, concluded = 0.0, consensus = 0.0, quality = 0.0
    /// Resident-weighted sums of community-level states.
    var credibility = 0.0, legitimacy = 0.0, service = 0.0, frozen = 0.0, grantQuality = 0.0
    var recalls = 0.0, gov = 0.0, crowd = 0.0, unitFunds = 0.0, grants = 0.0, fundSpend = 0.0, projectSpend = 0.0
    var byType = InlineArray<11, Double>(repeating: 0)
    var arisenByType = InlineArray<11, Double>(repeating: 0)
    /// Sub-landlord team members, station jobs, fabric issues resolved and their days.
    var team = 0.0, stationJobs = 0.0, fabricResolved = 0.0, fabricDays = 0.0
    /// Renovations resolved, days spent in work by resolved issues, parking-fee revenue.
    var renovations = 0.0, workDays = 0.0, feeRevenue = 0.0
    /// Dispatch lever: hazards dispatched, resolved and their days from report to fix; escalations; big issues resolved.
    var hazardsDispatched = 0.0, hazardsResolved = 0.0, hazardsOpen = 0.0, hazardDays = 0.0, escalated = 0.0, bigResolved = 0.0
    /// Lever costs (cumulative): money by lever, by payer, staff hours by lever.
    var leverMoney = InlineArray<32, Double>(repeating: 0)
    var payerMoney = InlineArray<3, Double>(repeating: 0)
    var leverHours = InlineArray<32, Double>(repeating: 0)
    /// Ties (static, dynamic, neighbour) and the subdivision lever's chiefs in post.
    var ties = 0.0, chiefs = 0.0
    /// Cross-compound work: residents with a tie across the pair; cross-compound consensus draws, consensus, resolved.
    var crossTied = 0.0, crossConcluded = 0.0, crossConsensus = 0.0, crossResolved = 0.0
    /// Co-building units: summed link strength, units, customer visits, gifts given.
    var unitLink = 0.0, unitCount = 0.0, unitCustom = 0.0, unitGifts = 0.0
    /// Engaged talents' radiation summed; self-help helper-days; amenities' condition summed and their number.
    var leaderRadiation = 0.0, helperDays = 0.0, amenityCondition = 0.0, amenities = 0.0
    /// Assessment score × residents of communities surveyed, those residents; work stalls; social organisations.
    var scoreSum = 0.0, scoredN = 0.0, workStalls = 0.0, socialOrgs = 0.0

    mutating func add(_ o: ObservationSums) {
        residents += o.residents; over13 += o.over13; took13 += o.took13; active13 += o.active13
        backbone += o.backbone; latent += o.latent; discovered += o.discovered; engaged += o.engaged
        withdrawn += o.withdrawn; members += o.members; trust += o.trust; belonging += o.belonging
        for k in byPath.indices { byPath[k] += o.byPath[k] }
        motivation += o.motivation; fatigue += o.fatigue
        for k in 0..<5 { ageN[k] += o.ageN[k]; ageTook[k] += o.ageTook[k] }
        for k in 0..<3 { tenureN[k] += o.tenureN[k]; tenureTook[k] += o.tenureTook[k] }
        partyN += o.partyN; partyTook += o.partyTook; otherN += o.otherN; otherTook += o.otherTook
        associationMembers += o.associationMembers; memberN += o.memberN; memberGov += o.memberGov
        nonmemberN += o.nonmemberN; nonmemberGov += o.nonmemberGov
        participants += o.participants; groups += o.groups; staffHours += o.staffHours; paySpend += o.paySpend
        staffCount += o.staffCount; staffExperience += o.staffExperience; staffTrained += o.staffTrained
        satisfaction += o.satisfaction; arisen += o.arisen; open += o.open; resolved += o.resolved
        stalled += o.stalled; lingering += o.lingering; raised += o.raised; raiseDays += o.raiseDays
        resolutionDays += o.resolutionDays; concluded += o.concluded; consensus += o.consensus; quality += o.quality
        credibility += o.credibility; legitimacy += o.legitimacy; service += o.service; frozen += o.frozen; grantQuality += o.grantQuality
        recalls += o.recalls; gov += o.gov; crowd += o.crowd; unitFunds += o.unitFunds; grants += o.grants
        fundSpend += o.fundSpend; projectSpend += o.projectSpend
        for t in byType.indices { byType[t] += o.byType[t]; arisenByType[t] += o.arisenByType[t] }
        team += o.team; stationJobs += o.stationJobs; fabricResolved += o.fabricResolved; fabricDays += o.fabricDays
        renovations += o.renovations; workDays += o.workDays; feeRevenue += o.feeRevenue
        hazardsDispatched += o.hazardsDispatched; hazardsResolved += o.hazardsResolved; hazardsOpen += o.hazardsOpen; hazardDays += o.hazardDays
        escalated += o.escalated; bigResolved += o.bigResolved
        largestGroup = max(largestGroup, o.largestGroup)
        for l in leverMoney.indices { leverMoney[l] += o.leverMoney[l]; leverHours[l] += o.leverHours[l] }
        for p in payerMoney.indices { payerMoney[p] += o.payerMoney[p] }
        ties += o.ties; chiefs += o.chiefs
        crossTied += o.crossTied; crossConcluded += o.crossConcluded; crossConsensus += o.crossConsensus
        crossResolved += o.crossResolved
        unitLink += o.unitLink; unitCount += o.unitCount; unitCustom += o.unitCustom; unitGifts += o.unitGifts
        leaderRadiation += o.leaderRadiation; helperDays += o.helperDays
        amenityCondition += o.amenityCondition; amenities += o.amenities
        scoreSum += o.scoreSum; scoredN += o.scoredN; workStalls += o.workStalls; socialOrgs += o.socialOrgs
    }

    /// Values in `Observation.columns` order.
    func write(into out: inout ContiguousArray<Double>, at base: Int) {
        // A mean over nobody is undefined: NA in the CSV, not 0, so a lever that
        // stopped all raising or resolving cannot look faster.
        func rate(_ a: Double, _ n: Double) -> Double { n > 0 ? a / n : .nan }
        let n = residents
        var k = base
        func put(_ v: Double) { out[k] = v; k += 1 }
        put(residents); put(participants); put(rate(took13, over13)); put(rate(active13, over13)); put(backbone)
        put(latent); put(discovered); put(engaged); put(withdrawn)
        for i in byPath.indices { put(byPath[i]) }
        put(groups); put(members); put(rate(trust, n)); put(rate(belonging, n)); put(rate(motivation, n)); put(rate(fatigue, n))
        put(staffHours); put(staffCount); put(rate(staffExperience, staffCount)); put(rate(staffTrained, staffCount)); put(paySpend)
        put(arisen); put(open); put(resolved); put(stalled); put(lingering)
        put(rate(raiseDays, raised)); put(rate(resolutionDays, resolved)); put(rate(consensus, concluded))
        put(rate(quality, resolved)); put(rate(satisfaction, n))
        put(rate(credibility, n)); put(rate(legitimacy, n)); put(rate(service, n)); put(rate(frozen, n)); put(recalls)
        put(gov); put(crowd); put(unitFunds); put(grants); put(fundSpend); put(projectSpend)
        put(rate(projectSpend, resolved)); put(rate(grantQuality, n))
        var leverTotal = 0.0, hoursTotal = 0.0
        for l in leverMoney.indices { leverTotal += leverMoney[l]; hoursTotal += leverHours[l] }
        put(leverTotal); put(hoursTotal)
        for p in payerMoney.indices { put(payerMoney[p]) }
        // Per active resident; undefined (NA) when nobody is active.
        put(active13 > 0 ? leverTotal / active13 : .nan)
        put(rate(ties, residents)); put(chiefs)
        for l in leverMoney.indices { put(leverMoney[l]) }
        for l in leverHours.indices { put(leverHours[l]) }
        for t in byType.indices { put(byType[t]) }
        for t in arisenByType.indices { put(arisenByType[t]) }
        for a in 0..<5 { put(rate(ageTook[a], ageN[a])) }
        for t in 0..<3 { put(rate(tenureTook[t], tenureN[t])) }
        put(rate(partyTook, partyN)); put(rate(otherTook, otherN))
        put(team); put(stationJobs); put(rate(fabricDays, fabricResolved))
        put(associationMembers); put(rate(memberGov, memberN)); put(rate(nonmemberGov, nonmemberN))
        put(rate(crossTied, residents)); put(rate(crossConsensus, crossConcluded)); put(crossResolved)
        put(rate(unitLink, unitCount)); put(unitCustom); put(unitGifts)
        put(rate(leaderRadiation, engaged)); put(helperDays); put(rate(amenityCondition, amenities))
        put(scoredN > 0 ? scoreSum / scoredN : .nan); put(workStalls); put(socialOrgs)
        put(renovations); put(rate(workDays, resolved)); put(feeRevenue)
        put(hazardsDispatched); put(hazardsResolved); put(hazardsOpen); put(rate(hazardDays, hazardsResolved)); put(escalated); put(bigResolved)
        put(largestGroup)
    }
}

/// One day's output rows, fed community by community in scenario order: a
/// community's own row, the street and district rows it belongs to, and
/// `all`. Every path (one world, or streets split over threads) adds the
/// same sums in the same order, so the rows are bit-identical.
struct ObservationRows {
    private let plan: ObservationPlan?
    /// Index of the day among the written days (−1: not written).
    private let at: Int
    private let allRow: Int
    private var all = ObservationSums()
    private var groups: [ObservationSums] = []

    init(plan: ObservationPlan?, day: Int, communities: Int) {
        self.plan = plan
        at = plan.map { $0.dayIndex[day] } ?? day
        allRow = plan?.allRow ?? communities
        if let plan, at >= 0 { groups = Array(repeating: ObservationSums(), count: plan.groupRowCount) }
    }

    /// Community c (its index in the scenario), in scenario order.
    mutating func add(_ c: Int, _ s: ObservationSums, into series: inout ReplicateSeries) {
        if at >= 0 {
            if plan?.communityRows ?? true { s.write(into: &series.values, at: series.index(day: at, row: c, column: 0)) }
            if let plan {
                for k in plan.groupStart[c]..<plan.groupStart[c + 1] { groups[plan.groupRows[k] - plan.firstGroupRow].add(s) }
            }
        }
        all.add(s)
    }

    func finish(into series: inout ReplicateSeries) {
        guard at >= 0 else { return }
        if let plan {
            for (k, g) in groups.enumerated() { g.write(into: &series.values, at: series.index(day: at, row: plan.firstGroupRow + k, column: 0)) }
        }
        all.write(into: &series.values, at: series.index(day: at, row: allRow, column: 0))
    }
}

extension World {
    /// Records day `day` into `series` (rows: communities, then all; or the
    /// rows of `plan`, on the days it writes) and refreshes the community
    /// means that slow variables relax towards — every day, written or not.
    mutating func observe(day: Int, into series: inout ReplicateSeries, plan: ObservationPlan? = nil) {
        var rows = ObservationRows(plan: plan, day: day, communities: communities.count)
        for c in 0..<communities.count { rows.add(c, observeCommunity(c, day: day), into: &series) }
        rows.finish(into: &series)
    }

    /// Community c's residents' part of the day's sums, taken in the day's
    /// close right after the community's turnover (World.step), while its
    /// residents are still in cache; also refreshes the community means that
    /// slow variables relax towards, so it runs every day, written or not.
    /// Nothing after it in the day changes these residents' state, except a
    /// cross-compound tie that another community's move ends: those are
    /// counted in `observeCommunity`.
    mutating func tallyResidents(_ c: Int, day: Int) {
        var s = ObservationSums()
        // Passes over the community's residents, each reading a few columns
        // through base pointers into integer counters held in registers (no
        // bounds, overflow or uniqueness checks; the community's columns stay
        // in cache between passes). Counts convert exactly and each Double sum
        // keeps its resident order, so results are bit-identical to one loop.
        let range = communities.residentRange(c)
        let n = range.count
        var posts: Int32 = 0, designers: Int32 = 0, chiefs = 0
        var active13 = 0, backbone = 0, latent = 0, discovered = 0, engaged = 0, withdrawn = 0, members = 0
        var associationMembers = 0, member13 = 0, memberGov = 0, nonmember13 = 0, nonmemberGov = 0
        let govSince = Int32(day - 29)
        // Local copies (shared storage, nothing copied) that the closures read.
        let r = residents, association = groups.association
        // The five means' sums, one resident at a time in resident order (bit-identical to one fused loop).
        var trust = 0.0, belonging = 0.0, motivation = 0.0, fatigue = 0.0, satisfaction = 0.0
        r.trust.withUnsafeBufferPointer { tr in
        r.belonging.withUnsafeBufferPointer { be in
        r.motivation.withUnsafeBufferPointer { mo in
        r.fatigue.withUnsafeBufferPointer { fa in
        r.satisfaction.withUnsafeBufferPointer { sa in
            for i in range {
                trust += Double(tr[i]); belonging += Double(be[i])
                motivation += Double(mo[i]); fatigue += Double(fa[i]); satisfaction += Double(sa[i])
            }
        }}}}}
        s.trust = trust; s.belonging = belonging; s.motivation = motivation; s.fatigue = fatigue; s.satisfaction = satisfaction
        var leaderRadiation = 0.0
        // Age × tenure × party × took part, and the active: a histogram kept
        // in four interleaved copies, so neighbours (often of one household,
        // one bin) do not wait on each other's increment. 32-bit counts keep
        // it at 960 bytes, within what the runtime places on the stack (1 KiB;
        // larger, it came from the heap: a malloc per community and day).
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * 60) { h in
        r.history.withUnsafeBufferPointer { history in
        r.age.withUnsafeBufferPointer { age in
        r.tenure.withUnsafeBufferPointer { tenure in
        r.party.withUnsafeBufferPointer { party in
            h.initialize(repeating: 0)
            for i in range {
                let hist = history[i] & Residents.window30
                let a = Int(age[i])
                let bin = ((a &* 3 &+ Int(tenure[i])) &* 2 &+ (party[i] ? 1 : 0)) &* 2 &+ (hist != 0 ? 1 : 0)
                h[bin &* 4 &+ (i & 3)] &+= 1
                active13 &+= a != Int(AgeGroup.child.rawValue) && Residents.atLeastFour(hist) ? 1 : 0
            }
            for a in 0..<5 { for t in 0..<3 { for p in 0..<2 { for k in 0..<2 {
                let b = (((a * 3 + t) * 2 + p) * 2 + k) * 4
                let x = Double(Int(h[b]) + Int(h[b + 1]) + Int(h[b + 2]) + Int(h[b + 3]))
                s.ageN[a] += x
                if k == 1 { s.ageTook[a] += x }
                guard a != Int(AgeGroup.child.rawValue) else { continue }
                s.over13 += x
                s.tenureN[t] += x
                if p == 1 { s.partyN += x } else { s.otherN += x }
                if k == 1 {
                    s.took13 += x
                    s.tenureTook[t] += x
                    if p == 1 { s.partyTook += x } else { s.otherTook += x }
                }
            }}}}
        }}}}}
        // Roles × talent states as a histogram (four interleaved copies, as
        // above: no branch per resident), backbone and designers beside it;
        // then the engaged talents' radiation in resident order (the same
        // Double sum as one fused loop).
        var backboneByStreak: Int32 = 0
        let nr = Role.rawCount, bins = TalentState.rawCount * Role.rawCount
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 4 * bins) { h in
        r.age.withUnsafeBufferPointer { age in
        r.activeStreak.withUnsafeBufferPointer { streak in
        r.role.withUnsafeBufferPointer { roles in
        r.talent.withUnsafeBufferPointer { talent in
        r.skill.withUnsafeBufferPointer { skill in
            h.initialize(repeating: 0)
            for i in range {
                let role = roles[i]
                h[(Int(talent[i]) &* nr &+ Int(role)) &* 4 &+ (i & 3)] &+= 1
                backboneByStreak &+= (role == Role.none.rawValue ? 1 : 0) & (streak[i] >= 90 ? 1 : 0)
                designers &+= (skill[i] == SkillDomain.design.rawValue ? 1 : 0) & (age[i] > AgeGroup.teen.rawValue ? 1 : 0)
            }
            for t in 0..<TalentState.rawCount { for role in 0..<nr {
                let b = (t * nr + role) * 4
                let x = Int(h[b]) + Int(h[b + 1]) + Int(h[b + 2]) + Int(h[b + 3])
                switch UInt8(t) {
                case TalentState.latent.rawValue: latent += x
                case TalentState.discovered.rawValue: discovered += x
                case TalentState.engaged.rawValue: engaged += x
                case TalentState.withdrawn.rawValue: withdrawn += x
                default: break
                }
                if role != Int(Role.none.rawValue) { backbone += x }
                if role == Int(Role.post.rawValue) { posts += Int32(x) }
                if Role.isChief(UInt8(role)) { chiefs += x }
            }}
        }}}}}}
        backbone += Int(backboneByStreak)
        if engaged > 0 {
            r.talent.withUnsafeBufferPointer { talent in
            r.radiation.withUnsafeBufferPointer { radiation in
                for i in range where talent[i] == TalentState.engaged.rawValue { leaderRadiation += Double(radiation[i]) }
            }}
        }
        // Groups and associations, governance (P3): members and the over-13s
        // who governed, counted branch-free; non-members by difference.
        var members32: Int32 = 0, over13: Int32 = 0, gov13: Int32 = 0, member13x: Int32 = 0, memberGov32: Int32 = 0
        r.age.withUnsafeBufferPointer { age in
        r.group.withUnsafeBufferPointer { group in
        r.lastGovernance.withUnsafeBufferPointer { lastGov in
            for i in range {
                let member: Int32 = group[i] >= 0 ? 1 : 0
                let adult: Int32 = age[i] != AgeGroup.child.rawValue ? 1 : 0
                let gov: Int32 = lastGov[i] >= govSince ? adult : 0
                members32 &+= member
                over13 &+= adult
                gov13 &+= gov
                member13x &+= member & adult
                memberGov32 &+= member & gov
            }
        }}}
        members = Int(members32); member13 = Int(member13x); memberGov = Int(memberGov32)
        nonmember13 = Int(over13 - member13x); nonmemberGov = Int(gov13 - memberGov32)
        if members > 0 && !association.isEmpty {
            r.group.withUnsafeBufferPointer { group in
            association.withUnsafeBufferPointer { association in
                var n: Int32 = 0
                for i in range {
                    let g = group[i]       // group 0 stands in for none, then masked out: no branch
                    n &+= (g >= 0 ? 1 : 0) & (association[Int(max(g, 0))] ? 1 : 0)
                }
                associationMembers = Int(n)
            }}
        }
        s.leaderRadiation = leaderRadiation
        s.residents = Double(n); s.active13 = Double(active13); s.backbone = Double(backbone)
        s.latent = Double(latent); s.discovered = Double(discovered); s.engaged = Double(engaged)
        s.withdrawn = Double(withdrawn); s.members = Double(members)
        s.chiefs = Double(chiefs)
        s.associationMembers = Double(associationMembers); s.memberN = Double(member13); s.memberGov = Double(memberGov)
        s.nonmemberN = Double(nonmember13); s.nonmemberGov = Double(nonmemberGov)
        // The means slow variables relax towards (what refreshMeans computes, already summed here).
        communities.belongingMean[c] = Float(s.belonging / Double(max(n, 1)))
        communities.trustMean[c] = Float(s.trust / Double(max(n, 1)))
        communities.postHolders[c] = posts
        communities.engagedTalents[c] = Int32(s.engaged)
        communities.groupMembers[c] = Int32(s.members)
        communities.designers[c] = designers
        residentSums[c] = s
    }

    /// Community c's sums for day `day`: the residents' part taken in the
    /// day's close, the cross-compound ties, and everything kept per community.
    mutating func observeCommunity(_ c: Int, day: Int) -> ObservationSums {
        var s = residentSums[c]
        if params.crossCompound.lever.on {
            var crossTied = 0
            residents.crossTie.withUnsafeBufferPointer { crossTie in
                for i in communities.residentRange(c) { crossTied &+= crossTie[i] >= 0 ? 1 : 0 }
            }
            s.crossTied = Double(crossTied)
        }
        s.ties = Double(ties.count(block: c))
        observeProblems(c, into: &s)
        s.socialOrgs = params.socialOrgs.active(day) ? Double(organisations(c)) : 0
        if c < groups.byCommunity.count {
            for g in groups.byCommunity[c] where groups.alive[Int(g)] {
                s.groups += 1
                s.largestGroup = max(s.largestGroup, Double(groups.size[Int(g)]))
            }
        }
        s.participants = Double(participantsToday[c])
        s.staffHours = communities.staffHoursToday[c]
        s.staffCount = communities.staff[c]
        for p in DiscoveryPath.allCases { s.byPath[p.rawValue] = discoveries.total(c, p) }
        s.staffExperience = staff.experience[c] * communities.staff[c]
        s.staffTrained = staff.trained[c] * communities.staff[c]
        s.paySpend = communities.paySpend[c]
        s.helperDays = Double(selfHelp.helperDays[c])
        let kept = selfHelp.amenityCondition(c)
        s.amenityCondition = kept.sum; s.amenities = Double(kept.count)
        return s
    }

    /// Issue tallies, the committee and the ledger of community c.
    func observeProblems(_ c: Int, into s: inout ObservationSums) {
        let t = tallies, l = ledger
        s.arisen = t.arisen[c]; s.open = t.open[c]; s.resolved = t.resolved[c]; s.stalled = t.stalled[c]
        s.lingering = t.lingering[c]; s.raised = t.raised[c]; s.raiseDays = t.raiseDays[c]
        s.resolutionDays = t.resolutionDays[c]; s.concluded = t.concluded[c]; s.consensus = t.consensus[c]
        s.quality = t.qualitySum[c]
        let n = s.residents
        s.credibility = Double(communities.credibility[c]) * n
        s.legitimacy = Double(communities.legitimacy[c]) * n
        s.service = Double(communities.serviceQuality[c]) * n
        s.frozen = communities.fundFrozen[c] ? n : 0
        s.grantQuality = Double(communities.grantQuality(c)) * n
        s.recalls = Double(communities.recalls[c])
        s.gov = l.govSpent[c]; s.crowd = l.crowdReceived[c]; s.unitFunds = l.unitReceived[c]
        s.grants = l.grantReceived[c]; s.fundSpend = l.fundSpent[c]; s.projectSpend = l.spent(c)
        let nt = IssueType.allCases.count
        for k in 0..<nt { s.byType[k] = t.resolvedByType[c * nt + k]; s.arisenByType[k] = t.arisenByType[c * nt + k] }
        s.team = Double(communities.teamMembers[c]); s.stationJobs = Double(communities.stationWorkers[c])
        s.fabricResolved = t.fabricResolved[c]; s.fabricDays = t.fabricResolutionDays[c]
        s.crossConcluded = t.crossConcluded[c]; s.crossConsensus = t.crossConsensus[c]; s.crossResolved = t.crossResolved[c]
        let nu = params.coBuilding.units
        for x in c * nu..<(c + 1) * nu {
            s.unitLink += communities.unitLink[x]; s.unitCustom += communities.unitCustom[x]
            if communities.unitGift[x] != UnitGift.none.rawValue { s.unitGifts += 1 }
        }
        s.unitCount = Double(nu)
        s.renovations = t.renovationsResolved[c]; s.workDays = t.workDays[c]; s.feeRevenue = l.feeReceived[c]
        s.hazardsDispatched = t.hazardsDispatched[c]; s.hazardsResolved = t.hazardsResolved[c]; s.hazardsOpen = t.hazardsOpen[c]
        s.hazardDays = t.hazardFixDays[c]; s.escalated = t.escalated[c]; s.bigResolved = t.bigResolved[c]
        for l in LeverID.allCases {
            s.leverMoney[l.rawValue] = costs.money(c, l)
            s.leverHours[l.rawValue] = costs.staffHours(c, l)
        }
        for p in Payer.allCases { s.payerMoney[p.rawValue] = costs.money(c, payer: p) }
        if oversight.score[c] >= 0 { s.scoreSum = oversight.score[c] * n; s.scoredN = n }
        s.workStalls = oversight.workStalls[c]
    }

    /// Community means of belonging and trust.
    mutating func refreshMeans(_ c: Int) {
        var b = 0.0, t = 0.0
        let r = communities.residentRange(c)
        for i in r { b += Double(residents.belonging[i]); t += Double(residents.trust[i]) }
        let n = Double(max(r.count, 1))
        communities.belongingMean[c] = Float(b / n)
        communities.trustMean[c] = Float(t / n)
    }
}
