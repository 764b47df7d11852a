import Foundation

/// One community of a scenario's population.
public struct CommunitySpec: Sendable, Equatable {
    public var name: String
    public var type: CommunityType
    public var households: Int
    /// Buildings; nil means households / `households_per_building`.
    public var buildings: Int?
    /// The street the community belongs to (streets group communities in outputs and levers).
    public var street: String
    /// The district the street belongs to (default "district").
    public var district: String
    /// Overrides of the type's fields (`tenant_share: 0.8`), by field name.
    public var overrides: [String: Double]

    public init(name: String, type: CommunityType, households: Int, buildings: Int? = nil,
                street: String = "street", district: String = "district", overrides: [String: Double] = [:]) {
        self.name = name; self.type = type; self.households = households
        self.buildings = buildings; self.street = street; self.district = district; self.overrides = overrides
    }

    /// The value of a type field for this community: its override, else the
    /// (possibly scenario-overridden) type default.
    public func field(_ name: String, _ p: Parameters) -> Double {
        overrides[name] ?? p["community.\(type.rawValue).\(name)"]
    }
}

/// A validated scenario: population, horizon, seed, replicates and the fully
/// resolved parameters (defaults, lever blocks, `parameters:` and `--set`).
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var seed: UInt64
    public var replicates: Int
    public var days: Int
    public var communities: [CommunitySpec]
    public var parameters: Parameters
    /// Where it was read from and its exact text (hashed into the manifest).
    public var sourcePath: String
    public var sourceText: String
    /// `replicates: auto`: how many replicates the answer needs (then
    /// `replicates` is `precision.max`, the most that may run); nil for a fixed count.
    public var precision: Precision?
    /// `population.generate:` when the file used it (its communities are in `communities`).
    public var generation: PopulationGeneration?
    /// Which rows and days the outputs hold (`observe:`).
    public var observe = ObserveSettings()

    public init(name: String, description: String = "", seed: UInt64 = 1, replicates: Int = 1, days: Int = 365,
                communities: [CommunitySpec], parameters: Parameters = Parameters(),
                sourcePath: String = "", sourceText: String = "", precision: Precision? = nil) {
        self.name = name; self.description = description; self.seed = seed; self.replicates = replicates
        self.days = days; self.communities = communities; self.parameters = parameters
        self.sourcePath = sourcePath; self.sourceText = sourceText; self.precision = precision
    }

    /// Names of levers switched on.
    public var leversOn: [String] { LeverRegistry.all.filter { parameters.bool("\($0.name).on") }.map(\.name) }

    /// The same compounds, seed, replicates and days with every lever off and
    /// named `<name>-no-levers`: the counterfactual a case's levers are
    /// measured against (same seed, so the two runs share their populations).
    /// Lever fields and other parameters are kept; only the switches change.
    public func withoutLevers() -> Scenario {
        var s = self
        s.name = name + "-no-levers"
        for lever in LeverRegistry.all { s.parameters["\(lever.name).on"] = 0 }
        return s
    }
}
