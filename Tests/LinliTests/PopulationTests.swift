import Testing
@testable import Linli

@Suite struct PopulationTests {
    /// A binomial proportion lies within 4 standard errors of its expectation.
    func near(_ observed: Double, _ expected: Double, n: Double) -> Bool {
        abs(observed - expected) <= 4 * (expected * (1 - expected) / n).squareRoot() + 1e-9
    }

    @Test func sizesFollowTheScenario() {
        let sc = Scenario(name: "p", seed: 3, communities: [
            CommunitySpec(name: "a", type: .oldCompound, households: 2000, buildings: 50),
            CommunitySpec(name: "b", type: .village, households: 300),
        ])
        let w = World(scenario: sc, replicate: 0)
        #expect(w.communities.count == 2)
        #expect(w.communities.householdRange(0).count == 2000)
        #expect(w.communities.householdRange(1).count == 300)
        #expect(Set(w.residents.building[w.communities.residentRange(0)]).count == 50)
        // Village: 8 households per building by default.
        #expect(Set(w.residents.building[w.communities.residentRange(1)]).count == Int((300.0 / 8).rounded()))
        // Mean household size 1 + Poisson(size − 1) is the type's household_size (2.5 ± 4 se; Poisson var = 1.5).
        let mean = Double(w.communities.residentRange(0).count) / 2000
        #expect(abs(mean - 2.5) < 4 * (1.5 / 2000).squareRoot())
        for c in 0..<2 {
            for i in w.communities.residentRange(c) { #expect(Int(w.residents.community[i]) == c) }
        }
    }

    @Test func proportionsMatchTheCommunityType() {
        let sc = Scenario(name: "p", seed: 11, communities: [
            CommunitySpec(name: "r", type: .relocation, households: 3000, overrides: ["party_share": 0.2]),
        ])
        let w = World(scenario: sc, replicate: 0)
        let p = sc.parameters
        let hh = w.communities.householdRange(0)
        let tenants = hh.filter { w.households.tenure[$0] == Tenure.tenant.rawValue }.count
        #expect(near(Double(tenants) / Double(hh.count), p["community.relocation_housing.tenant_share"], n: Double(hh.count)))
        // Ages other than the first (adult) member of each household follow the age mix.
        var nonFirst = 0, retirees = 0, adults = 0, party = 0, talents = 0
        for h in hh {
            for i in w.households.members(h) {
                let age = w.residents.age[i]
                if age >= AgeGroup.working.rawValue { adults += 1; if w.residents.party[i] { party += 1 } }
                if w.residents.talent[i] != TalentState.notTalent.rawValue { talents += 1 }
                if i == w.households.members(h).lowerBound { continue }
                nonFirst += 1
                if age == AgeGroup.retiree.rawValue { retirees += 1 }
            }
        }
        #expect(near(Double(retirees) / Double(nonFirst), p["community.relocation_housing.share_retiree"], n: Double(nonFirst)))
        #expect(near(Double(party) / Double(adults), 0.2, n: Double(adults)))
        #expect(near(Double(talents) / Double(adults), p["community.relocation_housing.talent_share"], n: Double(adults)))
    }

    @Test func neighbourhoodSubdivisionMakesUnitsOfTheGivenSize() {
        var p = Parameters()
        p["population.neighbourhood_households"] = 15
        let sc = Scenario(name: "p", seed: 2, communities: [CommunitySpec(name: "a", type: .oldCompound, households: 900, buildings: 10)], parameters: p)
        let w = World(scenario: sc, replicate: 0)
        var householdsPerNbh: [Int32: Set<Int32>] = [:]
        for i in 0..<w.residents.count { householdsPerNbh[w.residents.neighbourhood[i], default: []].insert(w.residents.household[i]) }
        // 90 households a building → 6 neighbourhoods of 15 each.
        #expect(householdsPerNbh.count == 60)
        #expect(householdsPerNbh.values.allSatisfy { $0.count == 15 })
    }

    @Test func tiesHaveTheDocumentedStructure() {
        let sc = Scenario(name: "t", seed: 4, communities: [
            CommunitySpec(name: "a", type: .oldCompound, households: 500),
            CommunitySpec(name: "b", type: .commercialEstate, households: 400),
        ])
        let w = World(scenario: sc, replicate: 0)
        let t = w.ties
        let pp = sc.parameters
        #expect(t.count == w.residents.count)
        for i in 0..<w.residents.count {
            #expect(t.offsets[i] <= t.offsets[i + 1])
            var targets = [Int]()
            for k in Int(t.offsets[i])..<Int(t.offsets[i + 1]) { targets.append(Int(t.targets[k])) }
            #expect(!targets.contains(i))
            #expect(Set(targets).count == targets.count, "no repeated ties")
            // Ties stay inside the community.
            #expect(targets.allSatisfy { w.residents.community[$0] == w.residents.community[i] })
            // Every household member is a tie.
            let hh = w.households.members(Int(w.residents.household[i]))
            for j in hh where j != i { #expect(targets.contains(j)) }
            // Beyond the household: at most neighbourhood + building + community ties.
            let outside = targets.filter { !hh.contains($0) }.count
            #expect(outside <= pp.int("ties.neighbourhood") + pp.int("ties.building") + pp.int("ties.community"))
        }
    }

    @Test func dynamicTiesRecycleTheirSlots() {
        var t = Ties(residents: 3)
        for _ in 0..<3 { t.appendResident([]) }
        t.addDynamic(0, 0)
        var seen = [Int](); t.forEach(0) { seen.append($0) }
        #expect(seen.isEmpty, "no self tie")
        for j in [1, 2, 1] { t.addDynamic(0, j) }
        seen = []; t.forEach(0) { seen.append($0) }
        #expect(seen.sorted() == [1, 2], "repeats ignored")
        t.clearDynamic(0)
        seen = []; t.forEach(0) { seen.append($0) }
        #expect(seen.isEmpty)
    }

    @Test func sameSeedBuildsTheSamePopulation() {
        let sc = testScenario(households: 300)
        let a = World(scenario: sc, replicate: 2), b = World(scenario: sc, replicate: 2), c = World(scenario: sc, replicate: 3)
        #expect(a.residents.age == b.residents.age && a.residents.motivation == b.residents.motivation && a.ties.targets == b.ties.targets)
        #expect(a.residents.motivation != c.residents.motivation)
    }
}
