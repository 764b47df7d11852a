/// Per-community state (struct-of-arrays over communities).
public struct Communities: Sendable {
    public var names: [String] = []
    public var types: [CommunityType] = []
    public var streets: [String] = []
    public var districts: [String] = []
    /// Residents of community c are residentStart[c]..<residentStart[c+1]; likewise households.
    public var residentStart = ContiguousArray<Int32>([0])
    public var householdStart = ContiguousArray<Int32>([0])
    /// Community workers in post (a stock: Staff.swift).
    public var staff = ContiguousArray<Double>()
    public var talentShare = ContiguousArray<Double>()
    public var belongingMean = ContiguousArray<Float>()
    public var trustMean = ContiguousArray<Float>()
    /// Initial means: slow variables decay back towards them.
    public var belongingBase = ContiguousArray<Float>()
    public var trustBase = ContiguousArray<Float>()
    public var staffHoursToday = ContiguousArray<Double>()
    public var paySpend = ContiguousArray<Double>()
    /// Events moved from a weekday to the coming weekend by the office-hours lever.
    public var pendingWeekendEvents = ContiguousArray<Int32>()
    /// Fractional visits carried to the next day.
    public var visitCarry = ContiguousArray<Double>()
    /// Residents (all ages) whose status was active at the last day close:
    /// the well-mixed social pull's numerator (`ties.well_mixed`).
    public var activeCount = ContiguousArray<Int32>()
    // Problems, funding and the committee (Issues, Funding, OwnersCommittee).
    public var tenantShare = ContiguousArray<Double>()
    public var issueRateFactor = ContiguousArray<Double>()
    public var conflictFactor = ContiguousArray<Double>()
    public var govBudgetPerHousehold = ContiguousArray<Double>()
    public var maintenancePerHousehold = ContiguousArray<Double>()
    /// Credibility κ of the party organisation and committee, and its initial value.
    public var credibility = ContiguousArray<Float>()
    public var credibility0 = ContiguousArray<Float>()
    /// Owners' committee legitimacy, recalls, day of its election, maintenance fund frozen.
    public var legitimacy = ContiguousArray<Float>()
    public var recalls = ContiguousArray<Int32>()
    public var electedDay = ContiguousArray<Int32>()
    public var fundFrozen = ContiguousArray<Bool>()
    /// Property-service quality in [0,1].
    public var serviceQuality = ContiguousArray<Float>()
    /// Yesterday's counts of post holders and engaged talents (chiefs, conveners, squads).
    public var postHolders = ContiguousArray<Int32>()
    public var engagedTalents = ContiguousArray<Int32>()
    public var groupMembers = ContiguousArray<Int32>()
    /// Design-skilled adults (resident designers).
    public var designers = ContiguousArray<Int32>()
    /// Micro-venture grants: summed true quality of the winners, and their number.
    public var grantQualitySum = ContiguousArray<Double>()
    public var grantsAwarded = ContiguousArray<Int32>()
    /// Sub-landlord team (SublandlordPartners.swift): founding day (-1: not yet),
    /// members, position of the next member on the duty rota.
    public var teamFounded = ContiguousArray<Int32>()
    public var teamMembers = ContiguousArray<Int32>()
    public var teamRota = ContiguousArray<Int32>()
    /// Sub-landlord households of each community, in household order (SublandlordPartners.swift).
    public var sublandlords: [ContiguousArray<Int32>] = []
    /// Residents holding a paid job in the self-run property station (PropertyStation.swift).
    public var stationWorkers = ContiguousArray<Int32>()
    /// The community paired with each for cross-compound work (-1: none; CrossCompound.swift).
    public var crossPartner = ContiguousArray<Int32>()
    /// Co-building units (CoBuilding.swift), unit u of community c at c × units + u:
    /// link strength, resident customers, this month's contacts, cumulative
    /// customer visits, gift given (UnitGift).
    public var unitLink = ContiguousArray<Double>()
    public var unitCustomers = ContiguousArray<Int32>()
    public var unitContact = ContiguousArray<Double>()
    public var unitCustom = ContiguousArray<Double>()
    public var unitGift = ContiguousArray<UInt8>()
    /// Per community: spaces units gave (extra unit events a month), the
    /// factor on parking arrivals from gifted spaces, gifts' value booked a day.
    public var giftSpaces = ContiguousArray<Int32>()
    public var parkingGiftFactor = ContiguousArray<Double>()
    public var giftYuanPerDay = ContiguousArray<Double>()

    public var count: Int { names.count }
    /// Mean true quality of community c's micro-venture winners (0.5 before any grant).
    public func grantQuality(_ c: Int) -> Float {
        grantsAwarded[c] > 0 ? Float(grantQualitySum[c] / Double(grantsAwarded[c])) : 0.5
    }
    @inline(__always) public func residentRange(_ c: Int) -> Range<Int> { Int(residentStart[c])..<Int(residentStart[c + 1]) }
    @inline(__always) public func householdRange(_ c: Int) -> Range<Int> { Int(householdStart[c])..<Int(householdStart[c + 1]) }
}

/// Buildings and neighbourhoods: residents of building b are
/// buildingResidents[b]..<buildingResidents[b+1]; buildings of community c
/// are communityBuildingStart[c]..<communityBuildingStart[c+1]; likewise
/// neighbourhoods.
public struct Units: Sendable {
    public var buildingResidents = ContiguousArray<Int32>()
    public var neighbourhoodResidents = ContiguousArray<Int32>()
    public var communityBuildingStart = ContiguousArray<Int32>([0])
    public var communityNeighbourhoodStart = ContiguousArray<Int32>([0])
    /// Per building (SublandlordPartners.swift): the head of a sub-landlord team
    /// member's household who watches it (lives there or lets flats there; -1:
    /// none), and the share of its tenant households whose landlord is a member.
    public var buildingWatcher = ContiguousArray<Int32>()
    public var buildingTeamCover = ContiguousArray<Float>()
    /// Grids (`buildings_per_grid` consecutive buildings of one community):
    /// buildings of grid g are gridBuildingStart[g]..<gridBuildingStart[g+1],
    /// grids of community c communityGridStart[c]..<communityGridStart[c+1];
    /// building b lies in grid buildingGrid[b].
    public var gridBuildingStart = ContiguousArray<Int32>()
    public var communityGridStart = ContiguousArray<Int32>([0])
    public var buildingGrid = ContiguousArray<Int32>()
    /// The subdivision lever's small neighbourhoods (小邻里, built only when the
    /// lever is on): residents of small neighbourhood s are
    /// smallResidents[s]..<smallResidents[s+1]; those of building b are
    /// buildingSmallStart[b]..<buildingSmallStart[b+1].
    public var smallResidents = ContiguousArray<Int32>()
    public var buildingSmallStart = ContiguousArray<Int32>()
    @inline(__always) public func communityBuildings(_ c: Int) -> Range<Int> { Int(communityBuildingStart[c])..<Int(communityBuildingStart[c + 1]) }
    @inline(__always) public func communityNeighbourhoods(_ c: Int) -> Range<Int> { Int(communityNeighbourhoodStart[c])..<Int(communityNeighbourhoodStart[c + 1]) }
    @inline(__always) public func communityGrids(_ c: Int) -> Range<Int> { Int(communityGridStart[c])..<Int(communityGridStart[c + 1]) }
    @inline(__always) public func gridBuildings(_ g: Int) -> Range<Int> { Int(gridBuildingStart[g])..<Int(gridBuildingStart[g + 1]) }
    /// Residents of grid g (contiguous: its buildings are).
    @inline(__always) public func gridResidents(_ g: Int) -> Range<Int> {
        Int(buildingResidents[Int(gridBuildingStart[g])])..<Int(buildingResidents[Int(gridBuildingStart[g + 1])])
    }
    @inline(__always) public func buildingResidentRange(_ b: Int) -> Range<Int> { Int(buildingResidents[b])..<Int(buildingResidents[b + 1]) }
}

/// Households: residents of household h are start[h]..<start[h+1].
public struct Households: Sendable {
    public var start = ContiguousArray<Int32>([0])
    public var tenure = ContiguousArray<UInt8>()
    public var community = ContiguousArray<Int32>()
    /// Tenant households: the sub-landlord household they rent from (-1: none),
    /// assigned at setup (SublandlordPartners.swift).
    public var landlord = ContiguousArray<Int32>()
    /// Sub-landlord households: day they joined the sub-landlord team (-1: not a member).
    public var teamSince = ContiguousArray<Int32>()
    public var count: Int { tenure.count }
    @inline(__always) public func members(_ h: Int) -> Range<Int> { Int(start[h])..<Int(start[h + 1]) }
}

/// The typed parameters of every submodel and lever, read once from `Parameters`.
/// A class, though immutable: read in every submodel, a value of several
/// kilobytes was copied whole (memcpy) wherever the compiler could not
/// prove that no write to the world came between two reads of it.
public final class ModelParams: Sendable {
    let population: Population.Params
    let availability: Availability.Params
    let party: PartyOrganisation.Params
    let talents: Talents.Params
    let groups: Groups.Params
    let decision: Decision.Params
    let slow: SlowVariables.Params
    let posts: PostsLever.Params
    let redList: RedListLever.Params
    let officeHours: OfficeHoursLever.Params
    let paid: PaidParticipationLever.Params
    let studios: TalentStudiosLever.Params
    let issues: Issues.Params
    let deliberation: Deliberation.Params
    let funding: Funding.Params
    let work: Projects.Params
    let maintenance: Maintenance.Params
    let committee: OwnersCommittee.Params
    let reporters: ReportersLever.Params
    let deliberationModes: DeliberationModesLever.Params
    let legal: LegalSpecialistLever.Params
    let planner: CommunityPlannerLever.Params
    let fourAsks: FourAsksLever.Params
    let crowdfunding: CrowdfundingLever.Params
    let microVenture: MicroVentureLever.Params
    let coBuilding: CoBuildingLever.Params
    let conventions: ConventionsLever.Params
    let residentsVote: ResidentsVoteLever.Params
    let running: RunningCosts
    let sublandlord: SublandlordPartnersLever.Params
    let station: PropertyStationLever.Params
    let subdivision: SubdivisionLever.Params
    let staff: StaffStock.Params
    let discovery: DiscoveryLever.Params
    let training: TrainingLever.Params
    let staffing: StaffingLever.Params
    let associations: AssociationsLever.Params
    let events: EventsLever.Params
    let partyCoverage: PartyCoverageLever.Params
    let crossCompound: CrossCompoundLever.Params
    let leaderSupport: LeaderSupportLever.Params
    let selfHelp: SelfHelpLever.Params
    let assessment: AssessmentLever.Params
    let socialOrgs: SocialOrganisationsLever.Params
    let parkingFees: ParkingFeesLever.Params
    let dispatch: DispatchLever.Params
    let channels: ChannelsLever.Params

    public init(_ p: Parameters) {
        population = .init(p); availability = .init(p); party = .init(p); talents = .init(p)
        groups = .init(p); decision = .init(p); slow = .init(p)
        posts = .init(p); redList = .init(p); officeHours = .init(p); paid = .init(p); studios = .init(p)
        issues = .init(p); deliberation = .init(p); funding = .init(p); work = .init(p)
        maintenance = .init(p); committee = .init(p)
        reporters = .init(p); deliberationModes = .init(p); legal = .init(p); planner = .init(p)
        fourAsks = .init(p); crowdfunding = .init(p); microVenture = .init(p); coBuilding = .init(p)
        conventions = .init(p); residentsVote = .init(p)
        running = .init(p)
        sublandlord = .init(p); station = .init(p)
        subdivision = .init(p)
        staff = .init(p); discovery = .init(p); training = .init(p); staffing = .init(p)
        associations = .init(p); events = .init(p); partyCoverage = .init(p)
        crossCompound = .init(p)
        leaderSupport = .init(p); selfHelp = .init(p)
        assessment = .init(p); socialOrgs = .init(p)
        parkingFees = .init(p)
        dispatch = .init(p); channels = .init(p)
    }
}

/// Everything one replicate simulates: residents, ties, households,
/// communities, groups, and one random stream per community. Each submodel is
/// an extension of `World` in its own file; `step(day:)` calls them in the
/// order of MODEL.md §3.
public struct World {
    public var residents = Residents()
    public var ties = Ties(residents: 0)
    public var households = Households()
    public var communities = Communities()
    public var groups = GroupTable()
    public var units = Units()
    public var issues = IssueTable()
    public var tallies = IssueTallies(communities: 0)
    public var ledger = Ledger(communities: 0)
    /// Money and staff hours each lever has cost (LeverCosts.swift).
    public var costs = LeverCosts(communities: 0)
    /// The subdivision lever's chiefs by unit (Levers/Subdivision.swift).
    public var chiefs = Chiefs()
    /// The community workers' stock beyond the headcount (Staff.swift).
    public var staff = StaffState()
    /// Talents discovered so far by path (Discovery.swift).
    public var discoveries = DiscoveryTally(communities: 0)
    /// Building party groups and grid teams (Levers/PartyCoverage.swift), built on the lever's first day.
    public var partyGrid = PartyGrid()
    /// Leaders' milestones and support tallies (Levers/LeaderSupport.swift).
    public var leaderSupport = LeaderSupportState(communities: 0)
    /// Self-help plots, amenities and their rotas (Levers/SelfHelp.swift).
    public var selfHelp = SelfHelpState(communities: 0, plots: 0)
    /// Assessment and social-organisation state (Levers/Assessment.swift).
    public var oversight = Oversight()
    public let params: ModelParams
    public let replicate: Int
    /// Daily stream per community.
    let streams: [RandomStream]
    /// Residents who took part today, per community (for observations).
    var participantsToday = ContiguousArray<Int32>()
    /// Scratch buffer of today's participants in one activity (preallocated).
    var activityBuffer = ContiguousArray<Int32>()
    /// Scratch list of a community's residents whose day close may hold a rare event (reused, keeps its capacity).
    var rareToday = ContiguousArray<Int32>()
    /// Reused rankings of the monthly and yearly choices (red list, posts,
    /// station hires, team leaders, the contest): no sort, no allocation.
    var bestFloat = BestK<Float>(), bestDouble = BestK<Double>()
    /// Scratch list of today's worn-out issues that recur (Maintenance.swift).
    var recurring = ContiguousArray<Int32>()
    /// Each community's residents' part of today's observation (`tallyResidents`, in the day's close).
    var residentSums = ContiguousArray<ObservationSums>()

    /// Where this world's communities, residents and buildings sit in the
    /// whole scenario (Engine/StreetShards.swift): streams and hashes are
    /// keyed by these, so a shard of whole streets behaves exactly as the
    /// same streets do in the whole world.
    public internal(set) var origin = WorldOrigin()

    public init(scenario: Scenario, replicate: Int) {
        self.init(scenario: scenario, replicate: replicate, communities: nil)
    }

    /// The world of `subset` (indices into the scenario's communities, whole
    /// streets, ascending), or of every community when nil.
    init(scenario: Scenario, replicate: Int, communities subset: [Int]?) {
        precondition(ObservationSums.sizesMatch, "ObservationSums' inline array sizes no longer match their enums")
        self.params = ModelParams(scenario.parameters)
        self.replicate = replicate
        let global = subset ?? Array(scenario.communities.indices)
        var own = scenario
        if let subset { own.communities = subset.map { scenario.communities[$0] } }
        origin = WorldOrigin(communities: global)
        streams = global.map {
            RandomStream(seed: scenario.seed, replicate: replicate, stream: StreamID.daily(community: $0))
        }
        // Every community has its (empty) list of groups from the start: a
        // community's levers must not depend on whether a later one has groups.
        groups.byCommunity = Array(repeating: [], count: global.count)
        buildPopulation(own)
        oversight = Oversight(communities: communities.count)
        participantsToday = ContiguousArray(repeating: 0, count: communities.count)
        residentSums = ContiguousArray(repeating: ObservationSums(), count: communities.count)
        var largest = 0
        for c in 0..<communities.count { largest = max(largest, communities.residentRange(c).count) }
        activityBuffer.reserveCapacity(largest)
        bestFloat.reserve(largest); bestDouble.reserve(largest)
        reserveForRun(days: scenario.days)
    }

    /// Room for the issues and groups a run of `days` days is expected to
    /// create, so that the day step appends to its tables without
    /// reallocating (a Hotpaths benchmark holds it to zero allocations):
    /// issues at the set-up's arrival rates with fabric at its worst, plus
    /// half again; a group a year for every talent. A reserve, not a limit:
    /// a run that outgrows it grows as before, and pages never written cost
    /// no memory.
    mutating func reserveForRun(days: Int) {
        let today = CalendarDay(0)
        var perDay = 0.0
        for c in 0..<communities.count {
            var own = 0.0
            for t in IssueType.allCases { own += arrivalRate(t, c, today) * (t.isFabric ? 1.5 / fabricStress(c) : 1) }
            // Live issues (indices; closed ones leave at month end, stalled ones stay).
            issues.live[c].reserveCapacity(Int(own * 1.5 * Double(days)) + 16)
            recurring.reserveCapacity(issues.live[c].capacity)
            perDay += own
        }
        issues.reserve(issues.count + Int(perDay * 1.5 * Double(days)) + 64)
        let years = Double(days) / 365 + 1
        var talents = 0
        for c in 0..<communities.count {
            var n = 0
            for i in communities.residentRange(c) where residents.talent[i] != TalentState.notTalent.rawValue { n += 1 }
            groups.byCommunity[c].reserveCapacity(Int(Double(n) * years) + 8)
            talents += n
        }
        groups.reserve(groups.count + Int(Double(talents) * years) + 64)
    }

    /// One day, in the order of MODEL.md §3.
    public mutating func step(day: Int) {
        let today = CalendarDay(day)                       // 1. calendar
        startDay(today)
        for c in 0..<communities.count {
            let rng = streams[c]
            openBudgetYear(c, today)                       //    yearly budgets and fund inflows
            bookRunningCosts(c, today)                     //    levers' running costs (money, staff hours)
            collectParkingFees(c, today, rng)              //    outside vehicles' parking fees into the fund (lever)
            arriveIssues(c, today, rng)                    // 2. arrival
            detectAndRaise(c, today, rng)                  // 3. detection and raising
            updateStaff(c, today)                          // 4. staff stock: turnover, hires, training (levers)
            appointChiefs(c, today)                        //    chiefs' appointments and coordination (lever)
            partyOrganisationDay(c, today, rng)            //    visits, events, recognition, appointments
            supportLeaders(c, today, rng)                  //    leaders' sessions, radiation, hardship care (lever)
            recruitSublandlords(c, today, rng)             //    joint visits to sub-landlords (lever)
            followUpRegister(c, today, rng)                //    discovery lever: register follow-ups
            referTalents(c, today, rng)                    //    discovery lever: residents' referrals
            partyCoverageDay(c, today, rng)                //    building party groups inform; grid teams (lever)
            runContest(c, today, rng)                      //    micro-venture contest (lever)
            runSocialOrganisations(c, today, rng)          //    social organisations: fees, incubation, activities (lever)
            engageTalents(c, today, rng)                   //    discovered talents take up hosting
            holdEvents(c, today, rng)                      // 5-7. opportunities, decisions, effects
            holdUnitEvents(c, today, rng)                  //    events in co-building units' space; custom, gifts, links (lever)
            holdLeverEvents(c, today, rng)                 //    festivals, all-age and international events (lever)
            holdJointEvents(c, today, rng)                 //    joint events of paired compounds (lever)
            holdClasses(c, today, rng)                     //    talents asked to teach a class (lever)
            holdMicroClasses(c, today, rng)                //    online micro-classes (channels lever)
            holdPartyDay(c, today, rng)
            holdGroupMeetings(c, today, rng)
            runAssociations(c, today, rng)                 //    associations: spaces, fees, amenity (lever)
            performPostDuties(c, today, rng)
            holdSelfHelp(c, today, rng)                    //    self-help jobs on waste plots, Sundays (lever)
            holdSublandlordTeam(c, today, rng)             //    sub-landlord team: rota, mediation, meetings (lever)
            performChiefDuties(c, today, rng)              //    chiefs' visits in their units (lever)
            holdSittings(c, today, rng)                    // 8. deliberation (sittings are opportunities)
            fundIssues(c, today, rng)                      // 9. funding, in a fixed order with a ledger
            runPropertyStation(c, today)                   //    property station: jobs, wages, repairs (lever)
            doWork(c, today, rng)                          // 10. work days and completion
            maintain(c, today, rng)                        // 11. maintenance, rota duties, recurrence
            keepAmenities(c, today, rng)                   //    amenities: wear, rota turns, disrepair (lever)
            affirmAchievements(c, today)                   //    affirmation of today's achievements (lever)
            runAssessment(c, today, rng)                   //    year end: residents' survey sets next year's outreach (lever)
            keepChannels(c, today)                         //     chat groups' upkeep, employer liaison (channels lever)
        }
        // The day's close, community by community so that each community's
        // residents are still in cache for the observation's pass over them.
        // Nothing here reads another community's state (cross-compound ties,
        // which a move ends on both sides, are counted in `observe`).
        for c in 0..<communities.count {
            updateSlowVariables(c, today)                  // 12. slow variables
            updateCommittee(c, today)                      //     legitimacy, recall, credibility
            turnover(c, today, streams[c])                 //     households move out, newcomers in
            if today.isMonthEnd { compactIssues(c) }
            tallyResidents(c, day: today.day)              // 13. observation: the residents' part
        }
    }

    mutating func startDay(_ today: CalendarDay) {
        for c in 0..<communities.count {
            participantsToday[c] = 0
            communities.staffHoursToday[c] = 0
        }
        // The party-coverage lever's grid is built before any community's day,
        // so every community's first day of the lever sees it (built during the
        // first community's turn, the others saw it a step earlier than it did).
        if params.partyCoverage.active(today.day) && !partyGrid.ready { buildPartyGrid() }
    }
}
