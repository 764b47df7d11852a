/// The five kinds of community the seeds describe, each with defaults for its
/// population (registry keys `community.<type>.<field>`). A scenario's
/// community may override any field under `overrides:`.
public enum CommunityType: String, CaseIterable, Sendable {
    case oldCompound = "old_compound"
    case relocation = "relocation_housing"
    case commercialEstate = "commercial_estate"
    case highIncome = "high_income_estate"
    case village = "village"

    /// Fields every type defines, with unit, range and meaning.
    public static let fields: [(name: String, unit: String, range: ClosedRange<Double>, meaning: String)] = [
        ("household_size", "persons", 1...8, "mean residents per household (1 + Poisson)"),
        ("households_per_building", "households", 1...500, "households per building when the scenario gives no building count"),
        ("buildings_per_grid", "buildings", 1...200, "buildings per grid"),
        ("share_child", "share", 0...1, "share of residents aged 0-12"),
        ("share_teen", "share", 0...1, "share aged 13-17"),
        ("share_working", "share", 0...1, "share of working adults (fixed hours)"),
        ("share_flexible", "share", 0...1, "share of adults with flexible schedules"),
        ("share_retiree", "share", 0...1, "share of retirees"),
        ("tenant_share", "share", 0...1, "share of households renting"),
        ("sublandlord_share", "share", 0...1, "share of households that sublet rooms (sub-landlords)"),
        ("migrant_share", "share", 0...1, "share of residents from elsewhere in China"),
        ("foreign_share", "share", 0...1, "share of foreign residents"),
        ("party_share", "share", 0...1, "share of adults who are party members"),
        ("talent_share", "share", 0...1, "share of adults who are latent talents (high skill and radiation)"),
        ("staff_per_1000", "workers/1000 residents", 0...50, "community workers per 1,000 residents"),
        ("belonging0", "share", 0...1, "mean initial belonging b"),
        ("trust0", "share", 0...1, "mean initial trust τ in the party organisation and committee"),
        ("issue_rate_factor", "ratio", 0...20, "multiplier of every issue type's arrival rate (older fabric, denser living: more problems)"),
        ("conflict_factor", "ratio", 0...5, "multiplier of issues' conflict level (disputes between owners, tenants and the property service)"),
        ("credibility0", "share", 0...1, "initial credibility κ of the community's party organisation and committee"),
        ("legitimacy0", "share", 0...1, "initial legitimacy of the owners' committee"),
        ("fund_frozen", "0/1", 0...1, "1 = the maintenance fund starts frozen (a recalled owners' committee)"),
        ("gov_budget_per_household", "yuan/household/year", 0...100_000, "yearly government budget for community projects"),
        ("maintenance_per_household", "yuan/household/year", 0...100_000, "yearly inflow to the maintenance fund"),
    ]

    /// Defaults in `fields` order.
    var defaults: [Double] {
        switch self {
        //                 hh   hh/b  b/g  child teen work flex  ret  ten   subl  migr foreign party talent staff b0   t0    rate confl κ0    legit frozen budget maint
        case .oldCompound:      [2.5, 30, 10, 0.08, 0.04, 0.40, 0.10, 0.38, 0.20, 0.01, 0.20, 0.00, 0.10, 0.02, 3.0, 0.45, 0.45, 1.2, 1.0, 0.50, 0.60, 0, 250, 30]
        case .relocation:       [2.3, 40, 10, 0.10, 0.04, 0.62, 0.10, 0.14, 0.64, 0.04, 0.80, 0.00, 0.04, 0.01, 1.5, 0.25, 0.30, 1.3, 1.2, 0.40, 0.50, 0, 200, 20]
        case .commercialEstate: [2.8, 60, 10, 0.14, 0.05, 0.55, 0.08, 0.18, 0.25, 0.01, 0.80, 0.05, 0.08, 0.02, 1.1, 0.35, 0.40, 0.8, 1.0, 0.50, 0.60, 0, 150, 60]
        case .highIncome:       [2.7, 40, 10, 0.15, 0.06, 0.45, 0.12, 0.22, 0.10, 0.00, 0.30, 0.03, 0.12, 0.05, 1.5, 0.35, 0.30, 0.7, 1.3, 0.45, 0.50, 0, 150, 80]
        case .village:          [3.0, 8, 15, 0.10, 0.05, 0.30, 0.15, 0.40, 0.05, 0.00, 0.05, 0.00, 0.08, 0.02, 2.0, 0.60, 0.55, 0.8, 0.8, 0.60, 0.70, 0, 200, 0]
        }
    }

    var source: String {
        switch self {
        case .oldCompound: "seeds/001, seeds/003 (old compounds); shares are assumptions"
        case .relocation: "seeds/004 Rongting: 2,152 households, 1,387 rented, ~80 sub-landlords, 80%+ tenants"
        case .commercialEstate: "seeds/000 (young working residents, foreigners), seeds/001 (25,000 residents, 80% from elsewhere, 28 workers)"
        case .highIncome: "seeds/004 Junyuan: 1,048 households, ~2,800 residents, many talents, low trust"
        case .village: "seeds/004 Guangming village: old, local population"
        }
    }

    public static let parameters: [ParamSpec] = allCases.flatMap { type in
        zip(fields, type.defaults).map { field, value in
            ParamSpec("community.\(type.rawValue).\(field.name)", .real, value, unit: field.unit,
                      range: field.range, field.meaning, source: type.source)
        }
    }

    public static var fieldNames: [String] { fields.map(\.name) }
}
