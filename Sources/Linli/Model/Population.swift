import Foundation

/// Population builder (MODEL.md §2): street → community → grid → building →
/// neighbourhood → household → resident, sized from the scenario (grids of
/// `buildings_per_grid` buildings; the subdivision lever's small
/// neighbourhoods, Levers/Subdivision.swift), with each
/// community type's defaults for household size, age, tenure, origin, party
/// membership and talent; then ties in CSR form.
public enum Population {
    public static let parameters: [ParamSpec] = [
        ParamSpec("population.neighbourhood_households", .integer, 0, unit: "households", range: 0...500,
                  "households per neighbourhood; 0 = one neighbourhood per building (the subdivision lever sets 10-20)", source: "MODEL.md §2; seeds/001"),
        ParamSpec("population.theta_a", .real, 2, unit: "", range: 0.1...50, "threshold θ ~ Beta(a, b): a", source: "Granovetter 1978; MODEL.md §2"),
        ParamSpec("population.theta_b", .real, 5, unit: "", range: 0.1...50, "threshold θ ~ Beta(a, b): b", source: "Granovetter 1978; MODEL.md §2"),
        .share("population.motivation_mean", 0.25, "mean intrinsic motivation μ of a non-party working-age resident", source: "assumption, calibrated to P1"),
        .share("population.motivation_party_bonus", 0.15, "extra mean μ of party members", source: "seeds/002 (party-building coverage); assumption"),
        .share("population.motivation_retiree_bonus", 0.10, "extra mean μ of retirees", source: "assumption (P1: retirees over-represented)"),
        ParamSpec("population.state_concentration", .real, 6, unit: "", range: 1...100, "Beta concentration (a+b) of μ, b and τ around their means", source: "assumption"),
        ParamSpec("population.party_retiree_factor", .real, 1.8, unit: "ratio", range: 0...10, "party membership of retirees relative to other adults (overall share kept)", source: "assumption (older cohorts)"),
        .share("population.tenant_belonging_factor", 0.7, "tenants' initial belonging as a share of owners'", source: "seeds/004 Rongting"),
        ParamSpec("population.radiation_median_talent", .real, 40, unit: "followers", range: 1...10_000, "median radiation ρ of talents (lognormal)", source: "seeds/001 (one runner → 300+ members); assumption"),
        ParamSpec("population.radiation_median_other", .real, 3, unit: "followers", range: 0.1...1000, "median radiation ρ of other residents (lognormal)", source: "assumption"),
        ParamSpec("population.radiation_sigma", .real, 1.0, unit: "log", range: 0.01...5, "log-sd of radiation ρ: uneven (seeds/004 'radiation capacity is uneven')", source: "seeds/004"),
        ParamSpec("ties.neighbourhood", .integer, 3, unit: "ties", range: 0...50, "ties to residents of the same neighbourhood (outside the household)", source: "MODEL.md §2; assumption"),
        ParamSpec("ties.building", .integer, 1, unit: "ties", range: 0...50, "ties to residents of the same building", source: "MODEL.md §2; assumption"),
        ParamSpec("ties.community", .integer, 1, unit: "ties", range: 0...50, "ties across the community", source: "MODEL.md §2; assumption"),
        .flag("ties.well_mixed", false, "social pull reads the whole community (a complete graph: yesterday's share of other residents who were active) instead of the resident's ties; for the mean-field check (`linli meanfield`), not a model of any case", source: "mean-field check (issue 17); not an assumption about residents"),
    ]

    struct Params: Sendable {
        let neighbourhoodHouseholds: Int
        let thetaA, thetaB, muMean, muParty, muRetiree, conc, partyRetiree, tenantBelonging: Double
        let radTalent, radOther, radSigma: Double
        let tiesNeighbourhood, tiesBuilding, tiesCommunity: Int
        let wellMixed: Bool
        init(_ p: Parameters) {
            neighbourhoodHouseholds = p.int("population.neighbourhood_households")
            thetaA = p["population.theta_a"]; thetaB = p["population.theta_b"]
            muMean = p["population.motivation_mean"]; muParty = p["population.motivation_party_bonus"]
            muRetiree = p["population.motivation_retiree_bonus"]; conc = p["population.state_concentration"]
            partyRetiree = p["population.party_retiree_factor"]; tenantBelonging = p["population.tenant_belonging_factor"]
            radTalent = p["population.radiation_median_talent"]; radOther = p["population.radiation_median_other"]
            radSigma = p["population.radiation_sigma"]
            tiesNeighbourhood = p.int("ties.neighbourhood"); tiesBuilding = p.int("ties.building")
            tiesCommunity = p.int("ties.community")
            wellMixed = p.bool("ties.well_mixed")
        }
    }
}

extension World {
    mutating func buildPopulation(_ scenario: Scenario) {
        let p = scenario.parameters
        let pp = params.population
        var totalHouseholds = 0
        for spec in scenario.communities { totalHouseholds += spec.households }
        residents.reserve(Int(Double(totalHouseholds) * 3))
        var buildingCount: Int32 = 0
        var neighbourhoodCount: Int32 = 0
        // Neighbourhood resident ranges, to draw neighbourhood and building ties.
        var nbhStart = ContiguousArray<Int32>()
        var bldStart = ContiguousArray<Int32>()

        for (c, spec) in scenario.communities.enumerated() {
            let rng = RandomStream(seed: scenario.seed, replicate: replicate, stream: StreamID.population(community: origin.global(c)))
            func f(_ name: String) -> Double { spec.field(name, p) }
            communities.names.append(spec.name)
            communities.types.append(spec.type)
            communities.streets.append(spec.street)
            communities.districts.append(spec.district)
            let ageMix = ["share_child", "share_teen", "share_working", "share_flexible", "share_retiree"].map(f)
            let adultMix = [0, 0, ageMix[2], ageMix[3], ageMix[4]]
            let tenantShare = f("tenant_share"), subShare = f("sublandlord_share")
            let migrantShare = f("migrant_share"), foreignShare = f("foreign_share")
            let partyShare = f("party_share"), talentShare = f("talent_share")
            let b0 = f("belonging0"), t0 = f("trust0")
            let hhSize = f("household_size")
            // Party membership by age: retirees × factor, overall adult share kept.
            let adultTotal = ageMix[2] + ageMix[3] + ageMix[4]
            let meanFactor = adultTotal > 0 ? (ageMix[2] + ageMix[3] + ageMix[4] * pp.partyRetiree) / adultTotal : 1
            let partyOther = min(1, partyShare / max(meanFactor, 1e-9))
            let partyRetiree = min(1, partyOther * pp.partyRetiree)

            let nHouseholds = spec.households
            let nBuildings = max(1, min(nHouseholds, spec.buildings ?? Int((Double(nHouseholds) / f("households_per_building")).rounded())))
            let firstBuilding = buildingCount
            var currentBuilding: Int32 = -1
            var householdsInNeighbourhood = 0
            for h in 0..<nHouseholds {
                let b = firstBuilding + Int32(h * nBuildings / nHouseholds)
                if b != currentBuilding {
                    currentBuilding = b
                    bldStart.append(Int32(residents.count))
                    householdsInNeighbourhood = 0
                }
                if householdsInNeighbourhood == 0 || (pp.neighbourhoodHouseholds > 0 && householdsInNeighbourhood >= pp.neighbourhoodHouseholds) {
                    nbhStart.append(Int32(residents.count))
                    neighbourhoodCount += 1
                    householdsInNeighbourhood = 0
                }
                householdsInNeighbourhood += 1
                let u = rng.uniform()
                let tenure: Tenure = u < subShare ? .sublandlord : (u < subShare + tenantShare ? .tenant : .owner)
                let v = rng.uniform()
                let origin: Origin = v < foreignShare ? .foreign : (v < foreignShare + migrantShare ? .migrant : .local)
                let size = 1 + rng.poisson(max(0, hhSize - 1))
                let hIndex = Int32(households.count)
                for m in 0..<size {
                    let age = AgeGroup(rawValue: UInt8(rng.categorical(m == 0 ? adultMix : ageMix)))!
                    appendResident(rng: rng, household: hIndex, neighbourhood: neighbourhoodCount - 1, building: b,
                                   community: Int32(c), age: age, tenure: tenure, origin: origin,
                                   partyChance: age == .retiree ? partyRetiree : (age == .child || age == .teen ? 0 : partyOther),
                                   talentChance: age == .child || age == .teen ? 0 : talentShare,
                                   belonging0: b0, trust0: t0)
                }
                households.start.append(Int32(residents.count))
                households.tenure.append(tenure.rawValue)
                households.community.append(Int32(c))
            }
            // Grids: `buildings_per_grid` consecutive buildings (balanced, at least one grid).
            let nGrids = max(1, min(nBuildings, Int((Double(nBuildings) / max(1, f("buildings_per_grid"))).rounded())))
            let firstGrid = units.gridBuildingStart.count
            for j in 0..<nBuildings {
                let g = firstGrid + j * nGrids / nBuildings
                if g == units.gridBuildingStart.count { units.gridBuildingStart.append(firstBuilding + Int32(j)) }
                units.buildingGrid.append(Int32(g))
            }
            units.communityGridStart.append(Int32(firstGrid + nGrids))
            buildingCount += Int32(nBuildings)
            units.communityBuildingStart.append(buildingCount)
            units.communityNeighbourhoodStart.append(neighbourhoodCount)
            communities.tenantShare.append(tenantShare + subShare)
            communities.issueRateFactor.append(f("issue_rate_factor"))
            communities.conflictFactor.append(f("conflict_factor"))
            communities.govBudgetPerHousehold.append(f("gov_budget_per_household"))
            communities.maintenancePerHousehold.append(f("maintenance_per_household"))
            communities.credibility.append(Float(f("credibility0")))
            communities.credibility0.append(Float(f("credibility0")))
            communities.legitimacy.append(Float(f("legitimacy0")))
            communities.fundFrozen.append(f("fund_frozen") >= 0.5)
            communities.serviceQuality.append(Float(f("legitimacy0")))
            communities.residentStart.append(Int32(residents.count))
            communities.householdStart.append(Int32(households.count))
            let n = communities.residentRange(c).count
            staff.baseTarget.append(f("staff_per_1000") * Double(n) / 1000)
            communities.talentShare.append(talentShare)
            communities.belongingBase.append(Float(b0))
            communities.trustBase.append(Float(t0))
        }
        nbhStart.append(Int32(residents.count))
        bldStart.append(Int32(residents.count))
        units.buildingResidents = bldStart
        units.neighbourhoodResidents = nbhStart
        units.gridBuildingStart.append(buildingCount)
        let nc = communities.count
        func zeros<T: Numeric>(_: T.Type) -> ContiguousArray<T> { ContiguousArray(repeating: 0, count: nc) }
        communities.recalls = zeros(Int32.self); communities.electedDay = zeros(Int32.self)
        communities.postHolders = zeros(Int32.self); communities.engagedTalents = zeros(Int32.self)
        communities.groupMembers = zeros(Int32.self)
        communities.designers = zeros(Int32.self); communities.grantsAwarded = zeros(Int32.self)
        communities.grantQualitySum = zeros(Double.self)
        issues.live = Array(repeating: [], count: nc)
        tallies = IssueTallies(communities: nc)
        ledger = Ledger(communities: nc)
        costs = LeverCosts(communities: nc)
        for c in 0..<nc {
            let fund0 = params.funding.fund0 * Double(communities.householdRange(c).count)
            ledger.fundBalance[c] = fund0
            ledger.fundReceived[c] = fund0
        }
        communities.belongingMean = ContiguousArray(repeating: 0, count: nc)
        communities.trustMean = ContiguousArray(repeating: 0, count: nc)
        communities.staffHoursToday = ContiguousArray(repeating: 0, count: nc)
        communities.paySpend = ContiguousArray(repeating: 0, count: nc)
        communities.pendingWeekendEvents = ContiguousArray(repeating: 0, count: nc)
        communities.visitCarry = ContiguousArray(repeating: 0, count: nc)
        communities.activeCount = ContiguousArray(repeating: 0, count: nc)
        initialiseStaff()
        pairCompounds()                                    // cross-compound lever's pairs
        initialiseCoBuildingUnits()                        // co-building units' links and custom
        discoveries = DiscoveryTally(communities: nc)
        leaderSupport = LeaderSupportState(communities: nc)
        selfHelp = SelfHelpState(communities: nc, plots: params.selfHelp.plots)
        residents.allocateState()
        for c in 0..<nc {
            let rng = RandomStream(seed: scenario.seed, replicate: replicate, stream: StreamID.population(community: origin.global(c)) &+ 8)
            for i in communities.residentRange(c) { drawState(i, rng: rng) }
        }
        buildTies(scenario: scenario, nbhStart: nbhStart, bldStart: bldStart)
        assignLandlords()
        if params.subdivision.lever.on { buildSubdivision() }
        ties.setBlocks(communities.residentStart)
        for c in 0..<nc { refreshMeans(c) }
        seedLeaders(seed: scenario.seed)
    }

    private mutating func appendResident(rng: RandomStream, household: Int32, neighbourhood: Int32, building: Int32,
                                         community: Int32, age: AgeGroup, tenure: Tenure, origin: Origin,
                                         partyChance: Double, talentChance: Double, belonging0: Double, trust0: Double) {
        let pp = params.population
        residents.household.append(household)
        residents.neighbourhood.append(neighbourhood)
        residents.building.append(building)
        residents.community.append(community)
        residents.age.append(age.rawValue)
        residents.tenure.append(tenure.rawValue)
        residents.origin.append(origin.rawValue)
        residents.party.append(rng.bernoulli(partyChance))
        let isTalent = rng.bernoulli(talentChance)
        if isTalent {
            residents.skill.append(UInt8(1 + rng.below(SkillDomain.allCases.count - 1)))
            residents.skillLevel.append(Float(rng.beta(5, 2)))
            residents.radiation.append(Float(rng.lognormal(zeta: log(pp.radTalent), sigma: pp.radSigma)))
        } else {
            let hasSkill = rng.bernoulli(0.3)
            residents.skill.append(hasSkill ? UInt8(1 + rng.below(SkillDomain.allCases.count - 1)) : 0)
            residents.skillLevel.append(hasSkill ? Float(rng.beta(2, 5)) : 0)
            residents.radiation.append(Float(rng.lognormal(zeta: log(pp.radOther), sigma: pp.radSigma)))
        }
        residents.theta.append(Float(max(0.01, rng.beta(pp.thetaA, pp.thetaB))))
        // Talent flag rides in the high bit of skill until state arrays exist.
        if isTalent { residents.skill[residents.skill.count - 1] |= 0x80 }
    }

    /// Draws the changing state of resident i (at setup, or as a newcomer after a move).
    mutating func drawState(_ i: Int, rng: RandomStream, newcomer: Bool = false) {
        let pp = params.population
        let c = Int(residents.community[i])
        if residents.skill[i] & 0x80 != 0 {
            residents.skill[i] &= 0x7F
            residents.talent[i] = TalentState.latent.rawValue
        }
        let party = residents.party[i]
        let age = AgeGroup(rawValue: residents.age[i])!
        var m = pp.muMean + (party ? pp.muParty : 0) + (age == .retiree ? pp.muRetiree : 0)
        m = min(0.95, max(0.05, m))
        let mu = Float(betaAround(m, rng))
        residents.motivation[i] = mu
        residents.motivationBase[i] = mu
        var b = Double(communities.belongingBase[c])
        if residents.tenure[i] != Tenure.owner.rawValue { b *= pp.tenantBelonging }
        if newcomer { b *= 0.6 }
        residents.belonging[i] = Float(betaAround(min(0.95, max(0.05, b)), rng))
        let t = Double(communities.trustBase[c]) + (party ? 0.1 : 0)
        residents.trust[i] = Float(betaAround(min(0.95, max(0.05, t)), rng))
    }

    private func betaAround(_ mean: Double, _ rng: RandomStream) -> Double {
        let k = params.population.conc
        return rng.beta(mean * k, (1 - mean) * k)
    }

    /// Ties: every household member; a few in the neighbourhood; fewer in the
    /// building; one or two across the community (directed, CSR).
    private mutating func buildTies(scenario: Scenario, nbhStart: ContiguousArray<Int32>, bldStart: ContiguousArray<Int32>) {
        let pp = params.population
        let n = residents.count
        ties = Ties(residents: n)
        ties.targets.reserveCapacity(n * (3 + pp.tiesNeighbourhood + pp.tiesBuilding + pp.tiesCommunity))
        var picked: [Int32] = []
        for c in 0..<communities.count {
            let rng = RandomStream(seed: scenario.seed, replicate: replicate, stream: StreamID.population(community: origin.global(c)) &+ 4)
            let cr = communities.residentRange(c)
            for i in cr {
                picked.removeAll(keepingCapacity: true)
                let hh = households.members(Int(residents.household[i]))
                for j in hh where j != i { picked.append(Int32(j)) }
                let nb = Int(residents.neighbourhood[i])
                let nr = Int(nbhStart[nb])..<Int(nbhStart[nb + 1])
                drawDistinct(into: &picked, from: nr, excluding: hh, count: pp.tiesNeighbourhood, self: i, rng: rng)
                let bl = bldIndex(i, bldStart)
                drawDistinct(into: &picked, from: bl, excluding: hh, count: pp.tiesBuilding, self: i, rng: rng)
                drawDistinct(into: &picked, from: cr, excluding: hh, count: pp.tiesCommunity, self: i, rng: rng)
                ties.appendResident(picked)
            }
        }
    }

    private func bldIndex(_ i: Int, _ bldStart: ContiguousArray<Int32>) -> Range<Int> {
        let b = Int(residents.building[i])
        return Int(bldStart[b])..<Int(bldStart[b + 1])
    }

    /// Up to `count` distinct residents from `range`, not i, not in `excluding`, not already picked.
    private func drawDistinct(into picked: inout [Int32], from range: Range<Int>, excluding: Range<Int>,
                              count: Int, self i: Int, rng: RandomStream) {
        let available = range.count - excluding.clamped(to: range).count
        let want = min(count, max(0, available))
        var got = 0, attempts = 0
        while got < want && attempts < want * 20 {
            attempts += 1
            let j = range.lowerBound + rng.below(range.count)
            if j == i || excluding.contains(j) || picked.contains(Int32(j)) { continue }
            picked.append(Int32(j))
            got += 1
        }
    }
}
