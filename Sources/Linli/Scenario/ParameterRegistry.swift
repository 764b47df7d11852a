/// The one registry of parameters. Each submodel and lever contributes its own
/// list (declared beside the code that uses it); this file only gathers them.
public enum ParameterRegistry {
    public static let all: [ParamSpec] = {
        var specs: [ParamSpec] = []
        specs += CommunityType.parameters
        specs += Population.parameters
        specs += Availability.parameters
        specs += PartyOrganisation.parameters
        specs += Talents.parameters
        specs += Groups.parameters
        specs += Decision.parameters
        specs += SlowVariables.parameters
        specs += Issues.parameters
        specs += Deliberation.parameters
        specs += Funding.parameters
        specs += Projects.parameters
        specs += Maintenance.parameters
        specs += OwnersCommittee.parameters
        specs += StaffStock.parameters
        for lever in LeverRegistry.all { specs += lever.parameters }
        return specs
    }()

    public static let byKey: [String: ParamSpec] = {
        var d: [String: ParamSpec] = [:]
        for s in all {
            precondition(d[s.key] == nil, "duplicate parameter \(s.key)")
            d[s.key] = s
        }
        return d
    }()

    public static func spec(_ key: String) -> ParamSpec? { byKey[key] }

    /// Every key, prepared for "did you mean" (`NearestKey.Candidates`).
    public static let keyCandidates = NearestKey.Candidates(all.map(\.key))
}

/// What a lever costs just by running, whatever it does on a day: money
/// (yuan per community per month, paid by the government unless said) and
/// staff hours (per community per month). Costs of single acts (a sitting, a
/// project, a listing) are fields of the lever itself.
public struct RunningCost: Sendable {
    public let yuanPerMonth: Double
    public let staffHoursPerMonth: Double
    public let payer: Payer
    /// What the running cost pays for, and where the figure comes from.
    public let what: String
    public let source: String
    public init(yuanPerMonth: Double = 0, staffHoursPerMonth: Double = 0, payer: Payer = .government,
                what: String, source: String = "assumption") {
        self.yuanPerMonth = yuanPerMonth; self.staffHoursPerMonth = staffHoursPerMonth
        self.payer = payer; self.what = what; self.source = source
    }
    public static let none = RunningCost(what: "nothing beyond its acts")
}

/// A lever as the scenario sees it: a block name under `levers:` and its
/// parameters, whose keys are `<name>.<field>`; every lever has `on`,
/// `start_day`, `cost_per_month` and `staff_hours_per_month`.
public struct LeverSpec: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParamSpec]
    public let running: RunningCost

    public init(name: String, summary: String, source: String, running: RunningCost = .none, fields: [ParamSpec]) {
        self.name = name
        self.summary = summary
        self.running = running
        self.parameters = [
            .flag("\(name).on", false, "switch the lever on: \(summary)", source: source),
            .days("\(name).start_day", 0, "first day the lever acts", source: "scenario choice"),
            ParamSpec("\(name).cost_per_month", .real, running.yuanPerMonth, unit: "yuan/community/month", range: 0...100_000_000,
                      "running cost while on, paid by \(running.payer.label): \(running.what)", source: running.source),
            ParamSpec("\(name).staff_hours_per_month", .real, running.staffHoursPerMonth, unit: "hours/community/month", range: 0...100_000,
                      "staff hours the lever takes while on (from outreach): \(running.what)", source: running.source),
        ] + fields
    }

    /// The field names a scenario block may hold (`on`, `start_day`, …).
    public var fieldNames: [String] { parameters.map { String($0.key.dropFirst(name.count + 1)) } }
}

/// Every lever, in registry order (the order of `linli params`, of the
/// `cost_<lever>` columns and of the cost arrays). Adding a lever: a case here
/// and its spec in `spec`.
public enum LeverID: Int, CaseIterable, Sendable {
    case posts = 0, redList, officeHours, paidParticipation, talentStudios, reporters, deliberationModes
    case legalSpecialist, planner, fourAsks, crowdfunding, microVenture, coBuilding, conventions, residentsVote
    case sublandlordPartners, propertyStation
    case subdivision
    case discovery, training, staffing
    case associations, events, partyCoverage
    case crossCompound
    case leaderSupport, selfHelp
    case assessment, socialOrganisations
    case parkingFees
    case dispatch, channels

    public var spec: LeverSpec {
        switch self {
        case .posts: PostsLever.spec
        case .redList: RedListLever.spec
        case .officeHours: OfficeHoursLever.spec
        case .paidParticipation: PaidParticipationLever.spec
        case .talentStudios: TalentStudiosLever.spec
        case .reporters: ReportersLever.spec
        case .deliberationModes: DeliberationModesLever.spec
        case .legalSpecialist: LegalSpecialistLever.spec
        case .planner: CommunityPlannerLever.spec
        case .fourAsks: FourAsksLever.spec
        case .crowdfunding: CrowdfundingLever.spec
        case .microVenture: MicroVentureLever.spec
        case .coBuilding: CoBuildingLever.spec
        case .conventions: ConventionsLever.spec
        case .residentsVote: ResidentsVoteLever.spec
        case .sublandlordPartners: SublandlordPartnersLever.spec
        case .propertyStation: PropertyStationLever.spec
        case .subdivision: SubdivisionLever.spec
        case .discovery: DiscoveryLever.spec
        case .training: TrainingLever.spec
        case .staffing: StaffingLever.spec
        case .associations: AssociationsLever.spec
        case .events: EventsLever.spec
        case .partyCoverage: PartyCoverageLever.spec
        case .crossCompound: CrossCompoundLever.spec
        case .leaderSupport: LeaderSupportLever.spec
        case .selfHelp: SelfHelpLever.spec
        case .assessment: AssessmentLever.spec
        case .socialOrganisations: SocialOrganisationsLever.spec
        case .parkingFees: ParkingFeesLever.spec
        case .dispatch: DispatchLever.spec
        case .channels: ChannelsLever.spec
        }
    }
    /// The scenario block name (`posts`, `red_list`, …).
    public var name: String { spec.name }
}

public enum LeverRegistry {
    public static let all: [LeverSpec] = LeverID.allCases.map(\.spec)
    public static func lever(named name: String) -> LeverSpec? { all.first { $0.name == name } }
}
