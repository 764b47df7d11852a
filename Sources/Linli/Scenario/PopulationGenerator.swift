import Foundation

/// Communities described by counts instead of listed one by one
/// (`population.generate:`), for districts and whole cities: per district,
/// a number of streets that each hold the same mix of community types, every
/// community's size drawn around its type's typical size.
///
/// ```yaml
/// population:
///   generate:
///     seed: 7                 # optional; default the scenario's `seed:`
///     districts:
///       - name: Huangpu
///         streets: 10         # a count (streets Huangpu-01 …) or a list of street names
///         mix:                # per street
///           - {type: old_compound, count: 12, households: 1500, spread: 0.25}
///           - {type: commercial_estate, count: 8, households: 2400,
///              overrides: {tenant_share: 0.3}}
///   communities: [...]        # optional beside `generate`; listed ones come first
/// ```
///
/// Why drawn at load time from the file's seed and not per replicate: the
/// list of communities is part of the scenario's definition (what `linli
/// validate` shows, what the manifest hashes), so `--seed` and replicates
/// change the dynamics, never which communities exist.
public struct PopulationGeneration: Sendable, Equatable {
    /// One entry of a street's mix.
    public struct MixEntry: Sendable, Equatable {
        public var type: CommunityType
        /// Communities of this type in each street.
        public var count: Int
        /// Typical households; each community draws households × U[1 − spread, 1 + spread).
        public var households: Int
        public var spread: Double
        public var overrides: [String: Double]

        public init(type: CommunityType, count: Int, households: Int, spread: Double = defaultSpread, overrides: [String: Double] = [:]) {
            self.type = type; self.count = count; self.households = households; self.spread = spread; self.overrides = overrides
        }
    }

    public struct District: Sendable, Equatable {
        public var name: String
        /// Street names (given, or `<district>-01` … for a count).
        public var streets: [String]
        public var mix: [MixEntry]

        public init(name: String, streets: [String], mix: [MixEntry]) {
            self.name = name; self.streets = streets; self.mix = mix
        }
    }

    public var seed: UInt64
    public var districts: [District]

    public init(seed: UInt64, districts: [District]) { self.seed = seed; self.districts = districts }

    /// Size spread when a mix entry gives none: ±20%, as the district benchmark always had.
    public static let defaultSpread = 0.2
    /// Most communities one file may generate (a city of 25 M has about 6,000).
    public static let maxCommunities = 200_000

    /// Street names for a count: `<district>-01`, `<district>-02`, … (wider when needed).
    public static func streetNames(district: String, count: Int) -> [String] {
        guard count > 0 else { return [] }
        let width = max(2, String(count).count)
        return (1...count).map { i in
            let digits = String(i)
            return "\(district)-" + String(repeating: "0", count: width - digits.count) + digits
        }
    }

    /// Short type names used in generated community names.
    public static func shortName(_ type: CommunityType) -> String {
        switch type {
        case .oldCompound: "old"
        case .relocation: "reloc"
        case .commercialEstate: "estate"
        case .highIncome: "garden"
        case .village: "village"
        }
    }

    /// Community k of a mix entry of `type` in `street`: `<street>-<short type>-<k>`.
    static func communityName(street: String, _ type: CommunityType, _ k: Int) -> String {
        "\(street)-\(shortName(type))-\(k)"
    }

    /// How many communities `generate()` makes.
    public var communityCount: Int {
        districts.reduce(0) { $0 + $1.streets.count * $1.mix.reduce(0) { $0 + $1.count } }
    }

    /// The names `generate()` gives, in its order (no draws).
    public func names() -> [String] {
        var out: [String] = []
        for district in districts {
            for street in district.streets {
                for entry in district.mix where entry.count > 0 {
                    for k in 1...entry.count { out.append(Self.communityName(street: street, entry.type, k)) }
                }
            }
        }
        return out
    }

    /// The communities, district by district, street by street, mix entry by
    /// mix entry: `<street>-<type>-<k>` with households drawn from district
    /// d's own stream (seed, 0, `StreamID.generation(district: d)`), so adding
    /// a district at the end leaves the others' sizes unchanged.
    public func generate() -> [CommunitySpec] {
        var out: [CommunitySpec] = []
        out.reserveCapacity(communityCount)
        for (d, district) in districts.enumerated() {
            let rng = RandomStream(seed: seed, replicate: 0, stream: StreamID.generation(district: d))
            for street in district.streets {
                for entry in district.mix {
                    guard entry.count > 0 else { continue }
                    for k in 1...entry.count {
                        let factor = 1 - entry.spread + 2 * entry.spread * rng.uniform()
                        let households = min(2_000_000, max(1, Int((Double(entry.households) * factor).rounded())))
                        out.append(CommunitySpec(name: Self.communityName(street: street, entry.type, k), type: entry.type,
                                                 households: households, street: street, district: district.name,
                                                 overrides: entry.overrides))
                    }
                }
            }
        }
        return out
    }
}
