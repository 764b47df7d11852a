/// Small enums stored as `UInt8` in the resident arrays. Raw values are
/// array indices, so keep them dense and in this order.

public enum AgeGroup: UInt8, CaseIterable, Sendable {
    case child = 0, teen, working, flexible, retiree
    /// Column suffix in the outputs (`participation_rate_retiree`).
    public var label: String {
        switch self {
        case .child: "child"
        case .teen: "teen"
        case .working: "working"
        case .flexible: "flexible"
        case .retiree: "retiree"
        }
    }
}

public enum Tenure: UInt8, CaseIterable, Sendable {
    case owner = 0, tenant, sublandlord
    public var label: String {
        switch self {
        case .owner: "owner"
        case .tenant: "tenant"
        case .sublandlord: "sublandlord"
        }
    }
}

public enum Origin: UInt8, CaseIterable, Sendable { case local = 0, migrant, foreign }

public enum SkillDomain: UInt8, CaseIterable, Sendable {
    case none = 0, design, legal, health, sports, arts, education, trades, digital
}

/// A resident's role in the community's governance.
public enum Role: UInt8, Sendable {
    case none = 0
    /// Appointed to a part-time post (deputy secretary, deputy director).
    case post = 1
    /// The subdivision lever's chain grid chief → building chief → neighbourhood
    /// chief (seeds/001), each over its own unit (Levers/Subdivision.swift).
    case neighbourhoodChief = 2, buildingChief, gridChief

    /// A chief of the subdivision lever's chain (raw value test, for the hot paths).
    @inline(__always) static func isChief(_ raw: UInt8) -> Bool {
        raw >= Role.neighbourhoodChief.rawValue && raw <= Role.gridChief.rawValue
    }
    /// Raw values run 0..<rawCount (a histogram over roles, Observation.swift).
    static let rawCount = Int(Role.gridChief.rawValue) + 1
}

/// Talent life cycle (达人能人): latent until discovered, engaged once hosting.
public enum TalentState: UInt8, Sendable {
    case notTalent = 0, latent, discovered, engaged, withdrawn
    /// Raw values run 0..<rawCount (a histogram over states, Observation.swift).
    static let rawCount = Int(TalentState.withdrawn.rawValue) + 1
}

/// Hour bands of a day that matter for reach: staff office hours vs evening.
public enum HourBand: Int, Sendable { case office = 0, evening = 1 }
