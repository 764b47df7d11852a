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

    public var count: Int { names.count }
    @inline(__always) public func residentRange(_ c: Int) -> Range<Int> { Int(residentStart[c])..<Int(residentStart[c + 1]) }
    @inline(__always) public func householdRange(_ c: Int) -> Range<Int> { Int(householdStart[c])..<Int(householdStart[c + 1]) }
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

    public init(_ p: Parameters) {
        population = .init(p); availability = .init(p); party = .init(p); talents = .init(p)
        groups = .init(p); decision = .init(p); slow = .init(p)
        posts = .init(p); redList = .init(p); officeHours = .init(p); paid = .init(p); studios = .init(p)
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

    /// One day, in the order of MODEL.md §3. Steps 2-3 and 8-11 (issues,
    /// deliberation, funding, work, maintenance) belong to the problems submodel.
    public mutating func step(day: Int) {
        let today = CalendarDay(day)                       // 1. calendar
        startDay(today)
        for c in 0..<communities.count {
            let rng = streams[c]
            partyOrganisationDay(c, today, rng)            // 4. visits, events, recognition, appointments
            engageTalents(c, today, rng)                   //    discovered talents take up hosting
            holdEvents(c, today, rng)                      // 5-7. opportunities, decisions, effects
            holdPartyDay(c, today, rng)
            holdGroupMeetings(c, today, rng)
            performPostDuties(c, today, rng)
        }
        updateSlowVariables(today)                         // 12. slow variables
        for c in 0..<communities.count { turnover(c, today, streams[c]) }
    }

    mutating func startDay(_ today: CalendarDay) {
        for c in 0..<communities.count {
            participantsToday[c] = 0
            communities.staffHoursToday[c] = 0
        }
    }
}
