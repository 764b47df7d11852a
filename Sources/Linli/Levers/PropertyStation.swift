import Foundation

/// Self-run property station (seeds/004, Guangming village: villagers wanted a
/// property service like an urban compound's but were used to the village
/// collective providing everything; after visits, consultation meetings and
/// a villagers' assembly the branch decided not to bring in a property
/// company and set up a "property management service station" run by a party
/// member and a former village official; the village committee selected and
/// hired villagers of working age, trained them, and they took on duty
/// patrols, garbage removal, greening and cleaning; a volunteer team of
/// craftsmen and party members handles emergencies — "found fast, warned
/// early, handled in time". The station "solved part of the surplus labour's
/// employment", became standardised and professional, collected villagers'
/// opinions and ended in "villagers satisfied").
///
/// Mechanisms (each with a parameter that can switch it off):
/// - Local employment: the station fills `jobs_per_100_households` paid jobs
///   with local residents of working age (craftsmen, i.e. trades skill, first;
///   party members next); vacancies left by those who move out are refilled
///   each month. A hired villager's belonging and trust rise.
/// - Service quality: the property service's quality target becomes at least
///   the station's standard, which grows with training towards `quality` and
///   scales with the share of jobs filled; it does not depend on the owners'
///   committee or the maintenance fund. Fabric then fails less and wears
///   slower (`fabricStress`, OwnersCommittee.swift).
/// - Patrols: workers on duty patrol buildings and notice problems sooner;
///   the station reports noticed problems nobody raised (villagers' opinions).
/// - Repairs: workers give a share of their day to fabric projects at work
///   (faster maintenance); local craftsmen make fabric repairs cheaper.
/// Credibility is not set: it follows from problems found and fixed sooner
/// (Projects.swift, OwnersCommittee.swift).
/// Costs: wages (the village committee, booked as government, or residents
/// through fees), training per hire, staff hours to set it up and oversee it.
public enum PropertyStationLever {
    public static let spec = LeverSpec(
        name: "property_station", summary: "a self-run property service station staffed by local residents",
        source: "seeds/004 (Guangming village)",
        fields: [
            ParamSpec("property_station.jobs_per_100_households", .real, 1.0, unit: "jobs/100 households", range: 0...100, "paid jobs in the station per 100 households (at least one)", source: "seeds/004 (villagers hired; no figure); assumption"),
            ParamSpec("property_station.wage_per_month", .real, 3000, unit: "yuan/worker/month", range: 0...100_000, "wage of a station worker", source: "assumption (Shanghai minimum wage 2,690 yuan/month in 2023)"),
            .flag("property_station.fees", false, "wages paid by residents through service fees (payer residents) instead of the village committee (payer government)", source: "seeds/004 (hired by the village committee); assumption"),
            ParamSpec("property_station.training_cost", .real, 2000, unit: "yuan/hire", range: 0...1_000_000, "training of each villager hired (government)", source: "seeds/004 (接受专业培训); amount assumption"),
            ParamSpec("property_station.setup_hours", .real, 120, unit: "hours", range: 0...100_000, "staff hours to set the station up (visits, consultation meetings, villagers' assembly, selection), spread over setup_days", source: "seeds/004 (走访调查、议事协商会议、村民大会); amount assumption"),
            .days("property_station.setup_days", 60, max: 3650, "days over which the setup hours are spent", source: "assumption"),
            ParamSpec("property_station.oversight_hours_per_week", .real, 2, unit: "hours/week", range: 0...168, "staff hours a week to oversee the station", source: "assumption"),
            .share("property_station.quality", 0.85, "service quality the station reaches fully staffed and trained (standardised, professional service)", source: "seeds/004 (标准化、专业化物业服务); assumption"),
            ParamSpec("property_station.ramp_days", .real, 180, unit: "days", range: 1...36500, "time constant of the station's training and standardisation", source: "seeds/004 (逐渐走向标准化); assumption"),
            ParamSpec("property_station.patrol_buildings", .real, 10, unit: "buildings/worker/day", range: 0...10_000, "buildings one worker on duty patrols a day (workers on duty 5 days in 7)", source: "seeds/004 (值班巡逻); assumption"),
            .share("property_station.patrol_notice", 0.5, "chance a patrol passing an issue notices it", source: "seeds/004 (突发情况快速发现); assumption"),
            .share("property_station.report_chance", 0.3, "daily chance the station reports a noticed issue nobody raised (villagers' opinions collected)", source: "seeds/004 (服务站收集村民意见); assumption"),
            .share("property_station.repair_share", 0.2, "person-days of repair work each worker gives fabric projects per day on duty", source: "seeds/004 (能工巧匠, 及时处理); assumption"),
            .share("property_station.cost_cut", 0.3, "share of a fabric issue's cost saved by local craftsmen", source: "assumption"),
            .share("property_station.hire_gain", 0.2, "share of the gap to 1 closed in belonging b and trust τ of a villager hired", source: "assumption"),
        ])

    /// Workers on duty: 5 days in 7.
    static let dutyShare = 5.0 / 7.0

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let jobsPer100, wage: Double
        let payer: Payer
        let trainingCost, setupHours: Double
        let setupDays: Int
        let oversightHours: Double
        let quality: Float
        let rampDays, patrolBuildings, patrolNotice, reportChance, repairShare, costCut: Double
        let hireGain: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "property_station")
            let k = "property_station."
            jobsPer100 = p[k + "jobs_per_100_households"]; wage = p[k + "wage_per_month"]
            payer = p.bool(k + "fees") ? .residents : .government
            trainingCost = p[k + "training_cost"]; setupHours = p[k + "setup_hours"]
            setupDays = max(1, p.int(k + "setup_days")); oversightHours = p[k + "oversight_hours_per_week"]
            quality = p.float(k + "quality"); rampDays = p[k + "ramp_days"]
            patrolBuildings = p[k + "patrol_buildings"]; patrolNotice = p[k + "patrol_notice"]
            reportChance = p[k + "report_chance"]; repairShare = p[k + "repair_share"]; costCut = p[k + "cost_cut"]
            hireGain = p.float(k + "hire_gain")
        }
    }
}

extension World {
    /// Jobs the station of community c offers.
    func stationPositions(_ c: Int) -> Int {
        max(1, Int((params.station.jobsPer100 * Double(communities.householdRange(c).count) / 100).rounded()))
    }

    /// Steps 9-10: hiring (start day and each month end), wages, setup and
    /// oversight hours, and the workers' repair labour on fabric projects at work.
    mutating func runPropertyStation(_ c: Int, _ today: CalendarDay) {
        let sp = params.station
        guard sp.active(today.day) else { return }
        let age = today.day - sp.lever.startDay
        if age == 0 || today.isMonthEnd { hireStationWorkers(c, today) }
        if age < sp.setupDays { useLeverStaffHours(c, .propertyStation, sp.setupHours / Double(sp.setupDays)) }
        if today.weekday == 0 { useLeverStaffHours(c, .propertyStation, sp.oversightHours) }
        let workers = Double(communities.stationWorkers[c])
        guard workers > 0 else { return }
        bookLeverMoney(c, .propertyStation, workers * sp.wage / 30, payer: sp.payer)
        var pool = Float(workers * sp.repairShare * PropertyStationLever.dutyShare)
        for k32 in issues.live[c] where pool > 0 {
            let k = Int(k32)
            guard stage(k) == .work, IssueType(rawValue: issues.type[k])!.isFabric else { continue }
            let x = min(pool, max(0, issues.labourNeeded[k] - issues.labourDone[k]))
            issues.labourDone[k] += x
            pool -= x
        }
    }

    /// Fills vacancies with local residents of working age without a station
    /// job: trades-skilled (craftsmen) first by skill level, then party
    /// members, ties broken by a hash (deterministic, no draws).
    mutating func hireStationWorkers(_ c: Int, _ today: CalendarDay) {
        let sp = params.station
        let open = stationPositions(c) - Int(communities.stationWorkers[c])
        guard open > 0 else { return }
        bestDouble.start(k: open)
        for i in communities.residentRange(c) where !residents.stationJob[i] && residents.origin[i] == Origin.local.rawValue {
            let a = residents.age[i]
            guard a == AgeGroup.working.rawValue || a == AgeGroup.flexible.rawValue else { continue }
            var score = residents.skill[i] == SkillDomain.trades.rawValue ? 2 + Double(residents.skillLevel[i]) : 0
            if residents.party[i] { score += 1 }
            score += 0.5 * hashUniform(UInt64(origin.globalResident(i, community: c)), UInt64(today.day), UInt64(replicate), 0x57A7)
            bestDouble.offer(score, i)
        }
        bestDouble.finish()
        for r in bestDouble.items.indices {
            let i = Int(bestDouble.items[r].id)
            residents.stationJob[i] = true
            communities.stationWorkers[c] += 1
            residents.belonging[i] += sp.hireGain * (1 - residents.belonging[i])
            residents.trust[i] += sp.hireGain * (1 - residents.trust[i])
            bookLeverMoney(c, .propertyStation, sp.trainingCost, payer: .government)
        }
    }

    /// A worker moves out: the job falls vacant until the next hiring.
    mutating func leaveStation(_ i: Int) {
        residents.stationJob[i] = false
        communities.stationWorkers[Int(residents.community[i])] -= 1
    }

    /// The station's standard: `quality` × share of jobs filled × training (1 − e^(−t/ramp)); 0 when off.
    func stationQuality(_ c: Int, _ today: CalendarDay) -> Float {
        let sp = params.station
        guard sp.active(today.day), communities.stationWorkers[c] > 0 else { return 0 }
        let filled = min(1, Float(communities.stationWorkers[c]) / Float(stationPositions(c)))
        let trained = Float(1 - exp(-Double(today.day - sp.lever.startDay) / sp.rampDays))
        return sp.quality * filled * trained
    }

    /// Daily hazard that a patrol notices an issue: workers on duty × buildings each over the community's buildings.
    func stationPatrolHazard(_ c: Int, _ today: CalendarDay) -> Double {
        let sp = params.station
        guard sp.active(today.day), communities.stationWorkers[c] > 0, sp.patrolNotice > 0 else { return 0 }
        let buildings = Double(max(1, units.communityBuildings(c).count))
        let cover = min(1, Double(communities.stationWorkers[c]) * PropertyStationLever.dutyShare * sp.patrolBuildings / buildings)
        return -log1p(-min(sp.patrolNotice * cover, 0.999999))
    }

    /// The station reports a noticed issue nobody raised (draws only while it runs).
    mutating func stationReports(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) -> Bool {
        let sp = params.station
        let c = Int(issues.community[k])
        guard sp.active(today.day), communities.stationWorkers[c] > 0, sp.reportChance > 0 else { return false }
        return rng.uniform() < sp.reportChance
    }

    /// Fabric repairs by local craftsmen cost less while the station runs.
    func stationCostFactor(_ c: Int, _ today: CalendarDay) -> Double {
        params.station.active(today.day) && communities.stationWorkers[c] > 0 ? 1 - params.station.costCut : 1
    }
}
