/// Per-community state (struct-of-arrays over communities).
public struct Communities: Sendable {
    public var names: [String] = []
    public var types: [CommunityType] = []
    public var streets: [String] = []
    /// Residents of community c are residentStart[c]..<residentStart[c+1]; likewise households.
    public var residentStart = ContiguousArray<Int32>([0])
    public var householdStart = ContiguousArray<Int32>([0])
    public var staff = ContiguousArray<Float>()
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
    @inline(__always) public func communityBuildings(_ c: Int) -> Range<Int> { Int(communityBuildingStart[c])..<Int(communityBuildingStart[c + 1]) }
    @inline(__always) public func communityNeighbourhoods(_ c: Int) -> Range<Int> { Int(communityNeighbourhoodStart[c])..<Int(communityNeighbourhoodStart[c + 1]) }
}

/// Households: residents of household h are start[h]..<start[h+1].
public struct Households: Sendable {
    public var start = ContiguousArray<Int32>([0])
    public var tenure = ContiguousArray<UInt8>()
    public var community = ContiguousArray<Int32>()
    public var count: Int { tenure.count }
    @inline(__always) public func members(_ h: Int) -> Range<Int> { Int(start[h])..<Int(start[h + 1]) }
}

/// The typed parameters of every submodel and lever, read once from `Parameters`.
public struct ModelParams: Sendable {
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
    let associations: AssociationsLever.Params
    let events: EventsLever.Params
    let partyCoverage: PartyCoverageLever.Params

    public init(_ p: Parameters) {
        population = .init(p); availability = .init(p); party = .init(p); talents = .init(p)
        groups = .init(p); decision = .init(p); slow = .init(p)
        posts = .init(p); redList = .init(p); officeHours = .init(p); paid = .init(p); studios = .init(p)
        issues = .init(p); deliberation = .init(p); funding = .init(p); work = .init(p)
        maintenance = .init(p); committee = .init(p)
        reporters = .init(p); deliberationModes = .init(p); legal = .init(p); planner = .init(p)
        fourAsks = .init(p); crowdfunding = .init(p); microVenture = .init(p); coBuilding = .init(p)
        conventions = .init(p); residentsVote = .init(p)
        associations = .init(p); events = .init(p); partyCoverage = .init(p)
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
    /// Building party groups and grid teams (Levers/PartyCoverage.swift), built on the lever's first day.
    public var partyGrid = PartyGrid()
    public let params: ModelParams
    public let replicate: Int
    /// Daily stream per community.
    let streams: [RandomStream]
    /// Residents who took part today, per community (for observations).
    var participantsToday = ContiguousArray<Int32>()
    /// Scratch buffer of today's participants in one activity (preallocated).
    var activityBuffer = ContiguousArray<Int32>()

    public init(scenario: Scenario, replicate: Int) {
        self.params = ModelParams(scenario.parameters)
        self.replicate = replicate
        streams = scenario.communities.indices.map {
            RandomStream(seed: scenario.seed, replicate: replicate, stream: StreamID.daily(community: $0))
        }
        buildPopulation(scenario)
        participantsToday = ContiguousArray(repeating: 0, count: communities.count)
        var largest = 0
        for c in 0..<communities.count { largest = max(largest, communities.residentRange(c).count) }
        activityBuffer.reserveCapacity(largest)
    }

    /// One day, in the order of MODEL.md §3.
    public mutating func step(day: Int) {
        let today = CalendarDay(day)                       // 1. calendar
        startDay(today)
        for c in 0..<communities.count {
            let rng = streams[c]
            openBudgetYear(c, today)                       //    yearly budgets and fund inflows
            arriveIssues(c, today, rng)                    // 2. arrival
            detectAndRaise(c, today, rng)                  // 3. detection and raising
            partyOrganisationDay(c, today, rng)            // 4. visits, events, recognition, appointments
            partyCoverageDay(c, today, rng)                //    building party groups inform; grid teams (lever)
            runContest(c, today, rng)                      //    micro-venture contest (lever)
            engageTalents(c, today, rng)                   //    discovered talents take up hosting
            holdEvents(c, today, rng)                      // 5-7. opportunities, decisions, effects
            holdUnitEvents(c, today, rng)                  //    events in co-building units' space (lever)
            holdLeverEvents(c, today, rng)                 //    festivals, all-age and international events (lever)
            holdClasses(c, today, rng)                     //    talents asked to teach a class (lever)
            holdPartyDay(c, today, rng)
            holdGroupMeetings(c, today, rng)
            runAssociations(c, today, rng)                 //    associations: spaces, fees, amenity (lever)
            performPostDuties(c, today, rng)
            holdSittings(c, today, rng)                    // 8. deliberation (sittings are opportunities)
            fundIssues(c, today, rng)                      // 9. funding, in a fixed order with a ledger
            doWork(c, today, rng)                          // 10. work days and completion
            maintain(c, today, rng)                        // 11. maintenance, rota duties, recurrence
        }
        updateSlowVariables(today)                         // 12. slow variables
        for c in 0..<communities.count {
            updateCommittee(c, today)                      //     legitimacy, recall, credibility
            turnover(c, today, streams[c])
            if today.isMonthEnd { compactIssues(c) }
        }
    }

    mutating func startDay(_ today: CalendarDay) {
        for c in 0..<communities.count {
            participantsToday[c] = 0
            communities.staffHoursToday[c] = 0
        }
    }
}
