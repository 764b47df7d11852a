/// Party-building coverage and the red grid (seeds/002, Wangzhuang street,
/// Wuxi: "a coverage system of community party organisation + area branches +
/// building party groups … promoting the 'red grid': the 94 party
/// organisations of the area built into the grid network, and 16 grid teams
/// of party secretary → full-time grid worker → part-time grid worker → party
/// informant → volunteers"). The alliance of 60+ units is the co-building
/// lever (§7.32), not this one.
///
/// Mechanisms, each with a parameter that switches it off:
/// - *Reach* (`member_reach`): every party member acts through the building
///   party group of their building, informing households of that building of
///   activities (as a visit informs, §7.7, without its warmth).
/// - *Detection* (`member_notice`): party members notice problems in their
///   own building: each adds a hazard to the noticing of building and
///   neighbourhood issues there.
/// - *Informants* (`informants_per_grid`): each grid team names party
///   informants among the party members of its buildings; they notice
///   problems anywhere in their grid, and raise a noticed problem nobody
///   raised (a reporter inside the community, MODEL.md §3 step 3).
/// Until grids are a level of the model, a grid team covers
/// `party_coverage.grid_buildings` consecutive buildings of a community.
/// Costs: each month from the start day, the grid teams' allowances and the
/// building party groups' activity money (government), and the staff hours
/// of the secretary and full-time grid worker who run each team.
public enum PartyCoverageLever {
    public static let spec = LeverSpec(
        name: "party_coverage", summary: "building party groups and red-grid teams with party informants", source: "seeds/002",
        fields: [
            ParamSpec("party_coverage.member_reach", .real, 0.25, unit: "households/member/week", range: 0...50, "households of their own building a party member informs of activities each week through the building party group; 0 switches reach off", source: "seeds/002 (building party groups); size assumption"),
            ParamSpec("party_coverage.member_notice", .real, 0.02, unit: "1/day/member", range: 0...10, "extra daily hazard of noticing a building or neighbourhood issue per party member living in its building; 0 switches detection off", source: "seeds/002; assumption"),
            ParamSpec("party_coverage.grid_buildings", .integer, 10, unit: "buildings/grid team", range: 1...10_000, "consecutive buildings one grid team covers", source: "seeds/002 (16 grid teams in the street); assumption"),
            ParamSpec("party_coverage.informants_per_grid", .integer, 2, unit: "informants/grid team", range: 0...100, "party informants named in each grid team (party members of its buildings); 0 switches informants off", source: "seeds/002 (party informants in each grid team)"),
            ParamSpec("party_coverage.informant_notice", .real, 0.1, unit: "1/day/informant", range: 0...10, "extra daily hazard of noticing a building or neighbourhood issue in the grid, per informant", source: "assumption"),
            .share("party_coverage.informant_raise", 0.3, "daily chance that an informant of the grid raises a noticed issue the drawn resident did not raise", source: "seeds/002; assumption (cf. reporters.report_chance)"),
            ParamSpec("party_coverage.team_cost", .real, 600, unit: "yuan/grid team/month", range: 0...1_000_000, "allowances of a grid team's part-time grid worker and informants (government)", source: "assumption"),
            ParamSpec("party_coverage.group_cost", .real, 50, unit: "yuan/building party group/month", range: 0...1_000_000, "activity money of a building party group (a building with a party member; government)", source: "assumption"),
            ParamSpec("party_coverage.team_staff_hours", .real, 8, unit: "hours/grid team/month", range: 0...1000, "staff hours of the secretary and full-time grid worker running a grid team", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let memberReach, memberNotice: Double
        let gridBuildings, informantsPerGrid: Int
        let informantNotice, informantRaise: Double
        let teamCost, groupCost, teamStaffHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "party_coverage")
            memberReach = p["party_coverage.member_reach"]; memberNotice = p["party_coverage.member_notice"]
            gridBuildings = max(1, p.int("party_coverage.grid_buildings"))
            informantsPerGrid = p.int("party_coverage.informants_per_grid")
            informantNotice = p["party_coverage.informant_notice"]; informantRaise = p["party_coverage.informant_raise"]
            teamCost = p["party_coverage.team_cost"]; groupCost = p["party_coverage.group_cost"]
            teamStaffHours = p["party_coverage.team_staff_hours"]
        }
        /// A new month of the lever (from its start day): informants renamed, costs booked.
        func isMonthStart(_ day: Int) -> Bool { active(day) && (day - lever.startDay) % 30 == 0 }
    }
}

/// The lever's structure, built on its first day: party members by
/// community, party members per building, grid teams and their informants.
public struct PartyGrid: Sendable {
    var ready = false
    /// Party members of community c: members[memberStart[c]..<memberStart[c+1]].
    var members = ContiguousArray<Int32>()
    var memberStart = ContiguousArray<Int32>()
    /// Party members living in each building (global index).
    var inBuilding = ContiguousArray<Int32>()
    /// Grids of community c: gridStart[c]..<gridStart[c+1]; informants of grid g:
    /// informants[g·k ..< g·k + informantCount[g]], k = informants per grid.
    var gridStart = ContiguousArray<Int32>()
    var informants = ContiguousArray<Int32>()
    var informantCount = ContiguousArray<Int32>()
}

extension World {
    mutating func buildPartyGrid() {
        let pc = params.partyCoverage
        var pg = PartyGrid()
        pg.inBuilding = ContiguousArray(repeating: 0, count: units.buildingResidents.count - 1)
        pg.memberStart.append(0)
        pg.gridStart.append(0)
        for c in 0..<communities.count {
            for i in communities.residentRange(c) where residents.party[i] {
                pg.members.append(Int32(i))
                pg.inBuilding[Int(residents.building[i])] += 1
            }
            pg.memberStart.append(Int32(pg.members.count))
            let nb = units.communityBuildings(c).count
            pg.gridStart.append(pg.gridStart[c] + Int32((nb + pc.gridBuildings - 1) / pc.gridBuildings))
        }
        let grids = Int(pg.gridStart[communities.count])
        pg.informants = ContiguousArray(repeating: -1, count: grids * pc.informantsPerGrid)
        pg.informantCount = ContiguousArray(repeating: 0, count: grids)
        pg.ready = true
        partyGrid = pg
    }

    /// Grid (global index) of building b of community c.
    @inline(__always) func gridOf(building b: Int, _ c: Int) -> Int {
        Int(partyGrid.gridStart[c]) + (b - Int(units.communityBuildingStart[c])) / params.partyCoverage.gridBuildings
    }

    /// Step 4 under the lever: monthly the grid teams name informants and the
    /// costs are booked; every day party members inform households of their building.
    mutating func partyCoverageDay(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let pc = params.partyCoverage
        guard pc.active(today.day) else { return }
        let grids = Int(partyGrid.gridStart[c])..<Int(partyGrid.gridStart[c + 1])
        if pc.isMonthStart(today.day) {
            nameInformants(c, rng)
            var groupsHere = 0
            for b in units.communityBuildings(c) where partyGrid.inBuilding[b] > 0 { groupsHere += 1 }
            bookLeverMoney(c, .partyCoverage, pc.teamCost * Double(grids.count) + pc.groupCost * Double(groupsHere), payer: .government)
            useLeverStaffHours(c, .partyCoverage, pc.teamStaffHours * Double(grids.count))
        }
        // Reach: households informed by party members of their own building.
        let members = Int(partyGrid.memberStart[c])..<Int(partyGrid.memberStart[c + 1])
        guard pc.memberReach > 0, !members.isEmpty else { return }
        let n = rng.poisson(Double(members.count) * pc.memberReach / 7)
        let until = Int32(today.day + params.party.informedDays)
        for _ in 0..<n {
            let p = Int(partyGrid.members[members.lowerBound + rng.below(members.count)])
            let b = Int(residents.building[p])
            let br = Int(units.buildingResidents[b])..<Int(units.buildingResidents[b + 1])
            let h = Int(residents.household[br.lowerBound + rng.below(br.count)])
            for i in households.members(h) {
                let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
                guard rng.uniform() < Double(a) else { continue }
                residents.informedUntil[i] = max(residents.informedUntil[i], until)
            }
        }
    }

    /// Each grid team of community c names up to k informants: distinct party
    /// members aged 18+ of its buildings, at random.
    mutating func nameInformants(_ c: Int, _ rng: RandomStream) {
        let k = params.partyCoverage.informantsPerGrid
        guard k > 0 else { return }
        let buildings = units.communityBuildings(c)
        for g in Int(partyGrid.gridStart[c])..<Int(partyGrid.gridStart[c + 1]) {
            let first = buildings.lowerBound + (g - Int(partyGrid.gridStart[c])) * params.partyCoverage.gridBuildings
            let last = min(buildings.upperBound, first + params.partyCoverage.gridBuildings)
            let range = Int(units.buildingResidents[first])..<Int(units.buildingResidents[last])
            var eligible = 0
            for i in range where residents.party[i] && residents.age[i] > AgeGroup.teen.rawValue { eligible += 1 }
            let want = min(k, eligible)
            var got = 0
            while got < want {
                var pick = rng.below(eligible)
                var chosen = -1
                for i in range where residents.party[i] && residents.age[i] > AgeGroup.teen.rawValue {
                    if pick == 0 { chosen = i; break }
                    pick -= 1
                }
                var dup = false
                for s in 0..<got where partyGrid.informants[g * k + s] == Int32(chosen) { dup = true }
                if dup { continue }
                partyGrid.informants[g * k + got] = Int32(chosen)
                got += 1
            }
            partyGrid.informantCount[g] = Int32(got)
        }
    }

    /// Extra noticing hazard of arisen issue k from party members of its
    /// building and the informants of its grid (step 3, lever active).
    func partyNoticeHazard(_ k: Int) -> Double {
        guard partyGrid.ready, let b = issueBuilding(k) else { return 0 }
        let pc = params.partyCoverage
        let c = Int(issues.community[k])
        return pc.memberNotice * Double(partyGrid.inBuilding[b])
            + pc.informantNotice * Double(partyGrid.informantCount[gridOf(building: b, c)])
    }

    /// An informant of issue k's grid (any grid of the community for compound
    /// issues) who raises it, or -1 (step 3, lever active).
    mutating func informantRaiser(_ k: Int, _ rng: RandomStream) -> Int {
        let pc = params.partyCoverage
        guard partyGrid.ready, pc.informantsPerGrid > 0 else { return -1 }
        let c = Int(issues.community[k])
        let grids = Int(partyGrid.gridStart[c])..<Int(partyGrid.gridStart[c + 1])
        guard !grids.isEmpty else { return -1 }
        let g = issueBuilding(k).map { gridOf(building: $0, c) } ?? grids.lowerBound + rng.below(grids.count)
        let n = Int(partyGrid.informantCount[g])
        guard n > 0, rng.uniform() < pc.informantRaise else { return -1 }
        return Int(partyGrid.informants[g * pc.informantsPerGrid + rng.below(n)])
    }
}
