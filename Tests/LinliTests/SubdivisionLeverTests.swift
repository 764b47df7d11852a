import Testing
@testable import Linli

/// The subdivision lever (seeds/001: neighbourhoods of 10-20 households under
/// the chain grid chief → building chief → neighbourhood chief) and P5
/// (MODEL.md §1: subdividing raises tie density, problem detection and
/// participation, with diminishing returns and a staffing cost). One old
/// compound of 1,000 households in buildings of 40 households (so 40, 20 and
/// 10 households per neighbourhood are one, two and four neighbourhoods a
/// building), 40 paired replicates (20 held at 18 of 20 seeds for informing), the lever from day 30.
@Suite struct SubdivisionLeverTests {
    static let replicates = 40
    static let days = 540
    /// The second half of the run, when the lever's effects have settled.
    static let window = 270...539
    static let base: [String: Double] = ["community.old_compound.households_per_building": 40]
    static let on: [String: Double] = ["subdivision.on": 1, "subdivision.start_day": 30]

    static func arm(_ sets: [String: Double]) -> [ReplicateSeries] {
        Runner.run(testScenario("subdivision", households: 1000, days: days, replicates: replicates,
                                base.merging(sets) { $1 }), jobs: 2)
    }
    static func lever(_ extra: [String: Double]) -> [ReplicateSeries] { arm(on.merging(extra) { $1 }) }

    static let off = arm([:])
    static let full = lever([:])

    static func mean(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.allMean(column, window) } }
    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.all(column, day: days - 1) } }

    // MARK: the lever

    /// On vs off: more ties per resident, problems raised sooner, more
    /// residents taking part; staff hours booked from the start day only, no
    /// money at the default stipend of 0.
    @Test func subdivisionRaisesTiesDetectionAndParticipationAtAStaffCost() {
        let ties = pairedDifference(Self.mean(Self.full, "ties_per_resident"), Self.mean(Self.off, "ties_per_resident"))
        let raise = pairedDifference(Self.final(Self.full, "mean_raise_days"), Self.final(Self.off, "mean_raise_days"))
        let part = pairedDifference(Self.mean(Self.full, "participation_rate"), Self.mean(Self.off, "participation_rate"))
        print("subdivision on-off: ties/resident \(ties), mean_raise_days \(raise), participation \(part)")
        #expect(ties.low > 0)
        #expect(raise.high < 0)
        #expect(part.low > 0)
        for r in Self.full {
            #expect(r.all("staff_hours_subdivision", day: 29) == 0)
            #expect(r.all("staff_hours_subdivision", day: 30) > 0)
            #expect(r.all("staff_hours_subdivision", day: Self.days - 1) > r.all("staff_hours_subdivision", day: 30))
            #expect(r.all("chiefs", day: Self.days - 1) > 0)
            #expect(r.all("cost_subdivision", day: Self.days - 1) == 0)
        }
        for r in Self.off {
            #expect(r.all("staff_hours_subdivision", day: Self.days - 1) == 0)
            #expect(r.all("chiefs", day: Self.days - 1) == 0)
        }
    }

    /// A stipend is booked as government money, only from the start day.
    @Test func stipendIsBookedWhileOn() {
        let sc = testScenario("subdivision-stipend", households: 300, days: 120, replicates: 2,
                              Self.base.merging(Self.on) { $1 }.merging(["subdivision.stipend": 50]) { $1 })
        for r in Runner.run(sc, jobs: 2) {
            #expect(r.all("cost_subdivision", day: 28) == 0)
            #expect(r.all("cost_subdivision", day: 119) > 0)
            #expect(r.all("cost_subdivision", day: 119) == r.all("lever_cost_government_total", day: 119))
        }
    }

    /// Each mechanism switched off alone loses its own effect: ties
    /// (`tie_chance` 0), detection (chiefs neither notice nor raise),
    /// informing (`informed_days` 0) for participation, and the discovery
    /// path (`discover_visit` 0) for latent talents found.
    @Test func eachMechanismCarriesItsEffect() {
        let noTies = Self.lever(["subdivision.tie_chance": 0])
        let ties = pairedDifference(Self.mean(Self.full, "ties_per_resident"), Self.mean(noTies, "ties_per_resident"))
        let tiesLeft = pairedDifference(Self.mean(noTies, "ties_per_resident"), Self.mean(Self.off, "ties_per_resident"))

        let noDetection = Self.lever(["subdivision.notice_chance": 0, "subdivision.chiefs_raise": 0])
        let detection = pairedDifference(Self.final(noDetection, "mean_raise_days"), Self.final(Self.full, "mean_raise_days"))

        let noInforming = Self.lever(["subdivision.informed_days": 0])
        let informing = pairedDifference(Self.mean(Self.full, "participation_rate"), Self.mean(noInforming, "participation_rate"))

        let noDiscovery = Self.lever(["subdivision.discover_visit": 0])
        let discovery = pairedDifference(Self.mean(noDiscovery, "talents_latent"), Self.mean(Self.full, "talents_latent"))
        print("subdivision ablations: ties full-ablated \(ties) (ablated-off \(tiesLeft)); raise days ablated-full \(detection); participation full-ablated \(informing); latent talents ablated-full \(discovery)")
        #expect(ties.low > 0)
        #expect(tiesLeft.mean < 0.2 * ties.mean)
        #expect(detection.low > 0)
        #expect(informing.low > 0)
        #expect(discovery.low > 0)
    }

    // MARK: P5 smaller units

    /// P5: 40, 20 and 10 households per neighbourhood (one, two, four a
    /// building). Smaller units raise tie density, detection and
    /// participation; the gains per chief added shrink from 40→20 to 20→10
    /// (diminishing returns); staff hours grow as units shrink.
    @Test func p5SmallerUnitsRaiseTiesDetectionAndParticipationWithDiminishingReturnsAndAStaffingCost() {
        let n40 = Self.lever(["subdivision.households_per_neighbourhood": 40])
        let n20 = Self.lever(["subdivision.households_per_neighbourhood": 20])
        let n10 = Self.lever(["subdivision.households_per_neighbourhood": 10])
        // Direction: the smallest units against none.
        let ties = pairedDifference(Self.mean(n10, "ties_per_resident"), Self.mean(Self.off, "ties_per_resident"))
        let raise = pairedDifference(Self.final(n10, "mean_raise_days"), Self.final(Self.off, "mean_raise_days"))
        let part = pairedDifference(Self.mean(n10, "participation_rate"), Self.mean(Self.off, "participation_rate"))
        let partSize = pairedDifference(Self.mean(n10, "participation_rate"), Self.mean(n40, "participation_rate"))
        #expect(ties.low > 0)
        #expect(raise.high < 0)
        #expect(part.low > 0)
        #expect(partSize.low > 0)

        // Diminishing returns: gain per chief added, 40→20 minus 20→10, per replicate.
        func perChief(_ column: String, sign: Double, final useFinal: Bool) -> (mean: Double, low: Double, high: Double) {
            func v(_ r: [ReplicateSeries]) -> [Double] { useFinal ? Self.final(r, column) : Self.mean(r, column) }
            let c40 = Self.mean(n40, "chiefs"), c20 = Self.mean(n20, "chiefs"), c10 = Self.mean(n10, "chiefs")
            let x40 = v(n40), x20 = v(n20), x10 = v(n10)
            let first = (0..<x40.count).map { sign * (x20[$0] - x40[$0]) / (c20[$0] - c40[$0]) }
            let second = (0..<x40.count).map { sign * (x10[$0] - x20[$0]) / (c10[$0] - c20[$0]) }
            return pairedDifference(first, second)
        }
        let dimTies = perChief("ties_per_resident", sign: 1, final: false)
        let dimRaise = perChief("mean_raise_days", sign: -1, final: true)
        let dimPart = perChief("participation_rate", sign: 1, final: false)
        print("P5 n10-off: ties \(ties), raise days \(raise), participation \(part); n10-n40 participation \(partSize)")
        print("P5 per-chief gain 40→20 minus 20→10: ties \(dimTies), raise days \(dimRaise), participation \(dimPart)")
        #expect(dimTies.low > 0)
        #expect(dimRaise.low > 0)

        // Staffing cost grows as neighbourhoods get smaller, on every replicate.
        let h40 = Self.final(n40, "staff_hours_subdivision"), h20 = Self.final(n20, "staff_hours_subdivision")
        let h10 = Self.final(n10, "staff_hours_subdivision")
        print("P5 staff hours: 40 \(Summary(h40).mean), 20 \(Summary(h20).mean), 10 \(Summary(h10).mean)")
        for k in 0..<h40.count {
            #expect(h40[k] > 0)
            #expect(h20[k] > h40[k])
            #expect(h10[k] > h20[k])
        }
    }

    // MARK: structure

    /// Grids group `buildings_per_grid` buildings; small neighbourhoods cut
    /// each building into runs of about the lever's size, contiguous and
    /// never across buildings; the base neighbourhoods are unchanged.
    @Test func gridsAndSmallNeighbourhoodsPartitionTheBuildings() {
        let sc = testScenario("subdivision-units", households: 1000, days: 1, replicates: 1,
                              Self.base.merging(Self.on) { $1 }.merging(["population.neighbourhood_households": 0]) { $1 })
        let w = World(scenario: sc, replicate: 0)
        let offWorld = World(scenario: testScenario("subdivision-units", households: 1000, days: 1, replicates: 1, Self.base), replicate: 0)
        #expect(w.units.neighbourhoodResidents == offWorld.units.neighbourhoodResidents)
        #expect(w.ties.targets == offWorld.ties.targets)
        let buildings = w.units.communityBuildings(0)
        #expect(buildings.count == 25)
        #expect(w.units.communityGrids(0).count == 3)           // round(25 / 10)
        var covered = 0
        for g in w.units.communityGrids(0) {
            let bs = w.units.gridBuildings(g)
            #expect(bs.count >= 8 && bs.count <= 9)
            for b in bs { #expect(Int(w.units.buildingGrid[b]) == g) }
            covered += bs.count
        }
        #expect(covered == buildings.count)
        for b in buildings {
            let smalls = Int(w.units.buildingSmallStart[b])..<Int(w.units.buildingSmallStart[b + 1])
            #expect(smalls.count == 3)                          // round(40 / 15)
            #expect(Int(w.units.smallResidents[smalls.lowerBound]) == Int(w.units.buildingResidents[b]))
            #expect(Int(w.units.smallResidents[smalls.upperBound]) == Int(w.units.buildingResidents[b + 1]))
            for s in smalls {
                let r = Int(w.units.smallResidents[s])..<Int(w.units.smallResidents[s + 1])
                let hh = Int(w.residents.household[r.upperBound - 1]) - Int(w.residents.household[r.lowerBound]) + 1
                #expect(hh >= 13 && hh <= 14)
                #expect(Int(w.households.start[Int(w.residents.household[r.lowerBound])]) == r.lowerBound)
            }
        }
    }

    /// The tie count behind `ties_per_resident` (kept as slots fill and clear)
    /// equals a count of every resident's ties after months of taking part,
    /// moving and chiefs' visits.
    @Test func tieCountMatchesTheSlots() {
        var sets = Self.base.merging(Self.on) { $1 }
        sets["slow.tenant_stay_days"] = 200   // many moves, so slots clear
        var w = World(scenario: testScenario("subdivision-ties", households: 400, days: 200, replicates: 1, sets), replicate: 0)
        for d in 0..<200 { w.step(day: d) }
        var n = 0
        for i in w.communities.residentRange(0) { w.ties.forEach(i) { _ in n += 1 } }
        #expect(w.ties.count(block: 0) == n)
        #expect(w.ties.neighbour.contains { $0 >= 0 })
    }

    /// Chiefs are adults, one per unit, and a building of one small
    /// neighbourhood has only its building chief; posts never take a chief.
    @Test func chiefsAreAppointedPerUnitAndPostsLeaveThemAlone() {
        var sets = Self.base.merging(Self.on) { $1 }
        sets["subdivision.start_day"] = 0
        sets["posts.on"] = 1
        sets["posts.per_community"] = 50
        var w = World(scenario: testScenario("subdivision-chiefs", households: 1000, days: 2, replicates: 1, sets), replicate: 0)
        // The day's appointments in step order (chiefs, then posts), without
        // the rest of the day: a post holder who moves out that evening would
        // otherwise leave a post empty.
        w.appointChiefs(0, CalendarDay(0))
        w.appointPosts(0, CalendarDay(0), RandomStream(seed: testBaseSeed, replicate: 0, stream: 99))
        var nbh = 0, bld = 0, grid = 0, posts = 0
        for i in 0..<w.residents.count {
            switch w.residents.role[i] {
            case Role.neighbourhoodChief.rawValue: nbh += 1
            case Role.buildingChief.rawValue: bld += 1
            case Role.gridChief.rawValue: grid += 1
            case Role.post.rawValue: posts += 1
            default: break
            }
            if Role.isChief(w.residents.role[i]) {
                #expect(w.residents.age[i] > AgeGroup.teen.rawValue)
                #expect(w.residents.isBackbone(i))
            }
        }
        #expect(nbh == 75 && bld == 25 && grid == 3)
        #expect(posts == 50)
        for s in 0..<w.chiefs.small.count {
            let i = Int(w.chiefs.small[s])
            #expect(i >= Int(w.units.smallResidents[s]) && i < Int(w.units.smallResidents[s + 1]))
        }
        // One neighbourhood a building: building chiefs only.
        sets["subdivision.households_per_neighbourhood"] = 40
        var w40 = World(scenario: testScenario("subdivision-chiefs", households: 1000, days: 2, replicates: 1, sets), replicate: 0)
        w40.step(day: 0)
        #expect(!w40.residents.role.contains(Role.neighbourhoodChief.rawValue))
        #expect(w40.residents.role.filter { $0 == Role.buildingChief.rawValue }.count == 25)
    }
}
