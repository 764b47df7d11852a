/// Self-help and amenity rotas (seeds/001, Wuchang, Dushi Taoyuan's "urban
/// garden"). A landscape pond left idle after handover had become a dry pit
/// of silt and a patch of weeds and rubbish; "it was the residents of
/// building 14 who changed it: at first someone, seeing the waste ground,
/// began to try weeding and planting flowers; as the environment began to
/// improve, more residents came to join the greening" (最开始，看到荒地空着
/// 可惜，有人开始尝试锄草种花，随着环境开始改善，前来参与绿化的居民也多了起来).
/// "Three parts planting, seven parts managing": the community had party
/// members and cadres take turns on the reading room, capable residents on
/// the fish pond and volunteers on the garden (党员干部轮值管书屋、社区能人
/// 轮值管鱼池、志愿者轮值管花园), with an honour board. The garden solved a
/// case of "residents unhappy, no government policy, no property money".
///
/// Mechanisms, each with a parameter that switches it off:
/// - *Self-help jobs* (`plots`): waste plots, each beside a building. On
///   Sundays a resident of that building may start a job on an idle plot
///   without deliberation or funding (`start_rate`); on each later Sunday the
///   starter, the building's residents (`hear_building`) and — as progress
///   becomes visible — everyone in the community (`feedback`·progress) may
///   come and work (a work day, `offer(work)`). Each helper adds a
///   person-day; at `labour` person-days the plot is a garden.
/// - *Progress feedback* (`feedback`): the join chance rises with the job's
///   progress, so helpers beget helpers (positive feedback).
/// - *Amenity rotas* (`rota_turns`): amenities (the community's reading
///   room and fish pond, and the gardens made) wear; each Saturday a few
///   residents of each amenity's rota pool — party members for the reading
///   room, capable residents for the pond, volunteers (active residents)
///   for a garden — are asked to take a turn (`offer(duty)`); a turn restores
///   condition. An amenity that falls below `maintenance.recur_threshold`
///   falls into disrepair: a public-space problem arises (an issue, §7.13)
///   and the amenity is out of use until that problem is fixed.
public enum SelfHelpLever {
    public static let spec = LeverSpec(
        name: "self_help", summary: "residents' self-help jobs on public space and rota duties that keep amenities",
        source: "seeds/001",
        running: RunningCost(staffHoursPerMonth: 4, what: "keeping the rota rosters and the honour board of self-help"),
        fields: [
            ParamSpec("self_help.plots", .integer, 2, unit: "plots/community", range: 0...100, "waste plots (weeds, rubbish, a dry pond) where residents can start a self-help job; 0 switches self-help jobs off", source: "seeds/001 (the garden on a dry landscape pond and waste ground); count assumption"),
            .share("self_help.start_chance", 0.5, "chance each Sunday that a resident of an idle plot's building, drawn at random, considers starting a job there (and starts if free and willing)", source: "seeds/001 ('someone began to try weeding and planting'); size assumption"),
            ParamSpec("self_help.labour", .real, 40, unit: "person-days", range: 1...100_000, "labour to turn a plot into a garden", source: "assumption (seeds/001: a central garden of over 1,000 m²)"),
            .share("self_help.hear_building", 0.2, "chance a resident of the plot's building sees a job day and is drawn to it", source: "seeds/001 (the residents of building 14); assumption"),
            .share("self_help.feedback", 0.1, "extra chance, per unit of the job's progress, that any resident of the community is drawn to a job day (visible progress); 0 switches the feedback off", source: "seeds/001 ('as the environment improved, more residents came'); size assumption"),
            .share("self_help.satisfaction_gain", 0.05, "share of the gap to 1 a finished garden closes in the satisfaction of the community's residents", source: "seeds/001 (residents' satisfaction); size assumption"),
            ParamSpec("self_help.goods_per_day", .real, 10, unit: "yuan/person-day", range: 0...10_000, "seedlings, tools, fish food residents bring per helper day or rota turn (residents' money)", source: "seeds/003 ('residents give labour and goods'); amount assumption"),
            ParamSpec("self_help.amenities", .integer, 2, unit: "amenities/community", range: 0...100, "amenities the community keeps besides the gardens made (alternately a reading room kept by party members and a fish pond kept by capable residents)", source: "seeds/001 (reading room, fish pond)"),
            ParamSpec("self_help.amenity_life", .real, 730, unit: "days", range: 1...36_500, "days an amenity left alone takes to fall from condition 1 to the disrepair threshold (one disrepair per amenity per life is taken out of the base arrival of public-space problems while the lever is on)", source: "assumption (seeds/001: the pond silted up after handover)"),
            ParamSpec("self_help.rota_turns", .integer, 3, unit: "residents/amenity/week", range: 0...100, "residents of an amenity's rota pool asked each Saturday to take a turn; 0 switches the rotas off", source: "seeds/001 (rotation duties); number assumption"),
            .share("self_help.rota_restore", 0.05, "condition restored by one turn", source: "assumption"),
            .share("self_help.capable_skill", 0.5, "skill level from which a skilled adult counts as a capable resident (rota of the fish pond); discovered and engaged talents count too", source: "seeds/001 (社区能人); threshold assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let plots: Int
        let startChance, labour, hearBuilding, feedback, amenityLife: Double
        let satisfactionGain: Float
        let goodsPerDay: Double
        let amenities: Int
        let amenityWear: Float
        let rotaTurns: Int
        let rotaRestore, capableSkill: Float
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "self_help")
            plots = p.int("self_help.plots"); startChance = p["self_help.start_chance"]; labour = p["self_help.labour"]
            hearBuilding = p["self_help.hear_building"]; feedback = p["self_help.feedback"]
            satisfactionGain = p.float("self_help.satisfaction_gain"); goodsPerDay = p["self_help.goods_per_day"]
            amenities = p.int("self_help.amenities"); amenityLife = p["self_help.amenity_life"]
            amenityWear = (1 - p.float("maintenance.recur_threshold")) / p.float("self_help.amenity_life")
            rotaTurns = p.int("self_help.rota_turns"); rotaRestore = p.float("self_help.rota_restore")
            capableSkill = p.float("self_help.capable_skill")
        }
    }

    /// Rota pools: who takes turns on an amenity.
    enum Amenity: UInt8 { case readingRoom = 0, fishPond, garden }
    enum PlotStage: UInt8 { case idle = 0, work, garden }
}

/// Plots and amenities of the self-help lever, set up per community on the
/// lever's first active day; tallies per community.
public struct SelfHelpState: Sendable {
    var built: ContiguousArray<Bool>
    /// Plots of community c: indices c·P ..< (c+1)·P (P = `self_help.plots`).
    var plotBuilding = ContiguousArray<Int32>(), plotStarter = ContiguousArray<Int32>()
    var plotProgress = ContiguousArray<Float>(), plotStage = ContiguousArray<UInt8>()
    /// Amenities (append-only): kind, condition, the public-space issue of its disrepair (-1: in use).
    var amenityKind = ContiguousArray<UInt8>(), amenityCondition = ContiguousArray<Float>()
    var amenityIssue = ContiguousArray<Int32>()
    var amenitiesOf: [ContiguousArray<Int32>]
    /// Per community: jobs started, gardens made, job days held, helper-days, rota turns, disrepairs.
    public var jobsStarted, gardens, jobDays, helperDays, rotaTurns, disrepairs: ContiguousArray<Int32>
    init(communities n: Int, plots: Int) {
        let z = ContiguousArray<Int32>(repeating: 0, count: n)
        built = ContiguousArray(repeating: false, count: n)
        plotBuilding = ContiguousArray(repeating: -1, count: n * plots)
        plotStarter = ContiguousArray(repeating: -1, count: n * plots)
        plotProgress = ContiguousArray(repeating: 0, count: n * plots)
        plotStage = ContiguousArray(repeating: 0, count: n * plots)
        amenitiesOf = Array(repeating: [], count: n)
        jobsStarted = z; gardens = z; jobDays = z; helperDays = z; rotaTurns = z; disrepairs = z
    }
    /// Mean condition of community c's amenities and their number.
    public func amenityCondition(_ c: Int) -> (sum: Double, count: Int) {
        guard c < amenitiesOf.count else { return (0, 0) }
        var s = 0.0
        for a in amenitiesOf[c] { s += Double(amenityCondition[Int(a)]) }
        return (s, amenitiesOf[c].count)
    }
}

extension World {
    /// The community's plots (each beside a building drawn uniformly) and amenities
    /// (condition drawn uniformly between 0.5 and 1: of various ages).
    private mutating func buildSelfHelp(_ c: Int, _ rng: RandomStream) {
        let sp = params.selfHelp
        selfHelp.built[c] = true
        let buildings = units.communityBuildings(c)
        for p in c * sp.plots..<(c + 1) * sp.plots where !buildings.isEmpty {
            selfHelp.plotBuilding[p] = Int32(buildings.lowerBound + rng.below(buildings.count))
        }
        for k in 0..<sp.amenities {
            addAmenity(c, k % 2 == 0 ? .readingRoom : .fishPond, condition: Float(0.5 + 0.5 * rng.uniform()))
        }
    }

    private mutating func addAmenity(_ c: Int, _ kind: SelfHelpLever.Amenity, condition: Float) {
        selfHelp.amenitiesOf[c].append(Int32(selfHelp.amenityKind.count))
        selfHelp.amenityKind.append(kind.rawValue)
        selfHelp.amenityCondition.append(condition)
        selfHelp.amenityIssue.append(-1)
    }

    /// Step 5-7 (Sundays): self-help jobs start on idle plots and go on where started.
    mutating func holdSelfHelp(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        guard sp.active(today.day) else { return }
        if !selfHelp.built[c] { buildSelfHelp(c, rng) }
        guard today.weekday == 6 else { return }
        for p in c * sp.plots..<(c + 1) * sp.plots where selfHelp.plotBuilding[p] >= 0 {
            switch SelfHelpLever.PlotStage(rawValue: selfHelp.plotStage[p])! {
            case .idle: tryStartJob(p, c, today, rng)
            case .work: selfHelpDay(p, c, today, rng)
            case .garden: break
            }
        }
    }

    /// Someone of the plot's building, free and willing, starts weeding and planting.
    private mutating func tryStartJob(_ p: Int, _ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        guard rng.uniform() < sp.startChance else { return }
        let r = units.buildingResidentRange(Int(selfHelp.plotBuilding[p]))
        guard !r.isEmpty else { return }
        let i = r.lowerBound + rng.below(r.count)
        guard residents.age[i] != AgeGroup.child.rawValue else { return }
        let a = params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening)
        guard rng.uniform() < Double(a), offer(i, .work, day: today.day, rng: rng) else { return }
        selfHelp.plotStage[p] = SelfHelpLever.PlotStage.work.rawValue
        selfHelp.plotStarter[p] = Int32(i)
        selfHelp.jobsStarted[c] += 1
        activityBuffer.removeAll(keepingCapacity: true)
        activityBuffer.append(Int32(i))
        finishJobDay(p, c, today, rng)
    }

    /// A job day: the starter, the building's residents and, with visible
    /// progress, anyone in the community may come and work.
    private mutating func selfHelpDay(_ p: Int, _ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        let building = units.buildingResidentRange(Int(selfHelp.plotBuilding[p]))
        let seen = sp.feedback * Double(selfHelp.plotProgress[p])
        let starter = Int(selfHelp.plotStarter[p])
        activityBuffer.removeAll(keepingCapacity: true)
        let range = seen > 0 ? communities.residentRange(c) : building
        for i in range where residents.age[i] != AgeGroup.child.rawValue {
            let hear = i == starter ? 1 : min(1, (building.contains(i) ? sp.hearBuilding : 0) + seen)
            guard hear > 0 else { continue }
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            if rng.uniform() < hear * a && offer(i, .work, day: today.day, rng: rng) { activityBuffer.append(Int32(i)) }
        }
        finishJobDay(p, c, today, rng)
    }

    /// Labour, contributions, goods and ties of today's helpers (in
    /// `activityBuffer`); a finished plot becomes a garden kept by volunteers.
    private mutating func finishJobDay(_ p: Int, _ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        let n = activityBuffer.count
        selfHelp.jobDays[c] += 1
        guard n > 0 else { return }
        for k in 0..<n { residents.contributions[Int(activityBuffer[k])] &+= 1 }
        selfHelp.helperDays[c] += Int32(n)
        bookLeverMoney(c, .selfHelp, sp.goodsPerDay * Double(n), payer: .residents)
        selfHelp.plotProgress[p] = min(1, selfHelp.plotProgress[p] + Float(Double(n) / sp.labour))
        mingle(today, rng, discovery: params.talents.discoverEvent)
        guard selfHelp.plotProgress[p] >= 1 else { return }
        selfHelp.plotStage[p] = SelfHelpLever.PlotStage.garden.rawValue
        selfHelp.gardens[c] += 1
        addAmenity(c, .garden, condition: 1)
        for i in communities.residentRange(c) {
            residents.satisfaction[i] += sp.satisfactionGain * (1 - residents.satisfaction[i])
        }
    }

    /// Step 11, after maintenance: amenities wear; on Saturdays rota turns
    /// restore them; one below the threshold falls into disrepair (a
    /// public-space problem arises) and is back in use once it is fixed.
    mutating func keepAmenities(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        guard sp.active(today.day), selfHelp.built[c] else { return }
        let threshold = params.maintenance.recurThreshold
        let rotaDay = sp.rotaTurns > 0 && today.weekday == 5
        for idx in selfHelp.amenitiesOf[c].indices {
            let a = Int(selfHelp.amenitiesOf[c][idx])
            let k = Int(selfHelp.amenityIssue[a])
            if k >= 0 {
                // Out of use until its problem is fixed.
                if issues.stage[k] == IssueStage.done.rawValue || issues.stage[k] == IssueStage.closed.rawValue {
                    selfHelp.amenityIssue[a] = -1
                    selfHelp.amenityCondition[a] = 1
                }
                continue
            }
            selfHelp.amenityCondition[a] -= sp.amenityWear
            if rotaDay { rotaTurns(a, c, today, rng) }
            if selfHelp.amenityCondition[a] < threshold {
                selfHelp.disrepairs[c] += 1
                selfHelp.amenityIssue[a] = Int32(newIssue(.publicSpace, community: c, unit: c, today, rng))
            }
        }
    }

    /// Public-space problems a day that the existing amenities' wear accounts
    /// for in the base arrival rate (§7.13): taken out of it while the lever
    /// is on, since their disrepair is then explicit (one per amenity per life).
    func amenityArrivalOffset(_ day: Int) -> Double {
        let sp = params.selfHelp
        return sp.active(day) ? Double(sp.amenities) / sp.amenityLife : 0
    }

    /// Rota turns on amenity a: residents of its pool, drawn uniformly, asked to take a turn.
    private mutating func rotaTurns(_ a: Int, _ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let sp = params.selfHelp
        let kind = SelfHelpLever.Amenity(rawValue: selfHelp.amenityKind[a])!
        for _ in 0..<sp.rotaTurns {
            guard let i = drawRotaMember(kind, c, rng) else { return }
            let av = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            guard rng.uniform() < av && offer(i, .duty, day: today.day, rng: rng) else { continue }
            selfHelp.amenityCondition[a] = min(1, selfHelp.amenityCondition[a] + sp.rotaRestore)
            residents.contributions[i] &+= 1
            selfHelp.rotaTurns[c] += 1
            bookLeverMoney(c, .selfHelp, sp.goodsPerDay, payer: .residents)
        }
    }

    /// A uniform member of the amenity's rota pool (rejection sampling over the
    /// community's residents, at most 200 draws; nil if none found).
    private func drawRotaMember(_ kind: SelfHelpLever.Amenity, _ c: Int, _ rng: RandomStream) -> Int? {
        let r = communities.residentRange(c)
        guard !r.isEmpty else { return nil }
        let capable = params.selfHelp.capableSkill
        for _ in 0..<200 {
            let i = r.lowerBound + rng.below(r.count)
            guard residents.age[i] > AgeGroup.child.rawValue else { continue }
            let adult = residents.age[i] > AgeGroup.teen.rawValue
            switch kind {
            case .readingRoom: if residents.party[i] && adult { return i }
            case .fishPond:
                let t = residents.talent[i]
                if adult && ((residents.skill[i] != SkillDomain.none.rawValue && residents.skillLevel[i] >= capable)
                             || t == TalentState.discovered.rawValue || t == TalentState.engaged.rawValue) { return i }
            case .garden: if residents.isActive(i) { return i }
            }
        }
        return nil
    }
}
