/// Co-building units and alliance (seeds/000, 001, 002: enterprises, office
/// towers, schools and malls as co-builders; seeds/002: an alliance of 60+
/// units). Units pool money each year for compound-wide projects, send
/// volunteers to work days and share parking spaces (parking issues cost
/// less) and open their space for community events. The alliance
/// strengthens their links.
public enum CoBuildingLever {
    public static let spec = LeverSpec(
        name: "co_building", summary: "co-building units (money, volunteers, parking) and an alliance", source: "seeds/000, seeds/001, seeds/002",
        running: RunningCost(staffHoursPerMonth: 6, what: "liaison with the units"),
        fields: [
            ParamSpec("co_building.units", .integer, 5, unit: "units/community", range: 0...1000, "co-building units linked to each community", source: "seeds/002 (60+ units across a street); assumption"),
            ParamSpec("co_building.money_per_unit", .real, 20_000, unit: "yuan/unit/year", range: 0...10_000_000, "money a fully linked unit gives a year", source: "assumption"),
            ParamSpec("co_building.volunteers_per_unit", .real, 1, unit: "person-days/unit/work day", range: 0...100, "volunteers a fully linked unit sends to a compound project's work day", source: "seeds/002; assumption"),
            .share("co_building.link_strength", 0.5, "strength of the link (scales money and volunteers)", source: "assumption"),
            .share("co_building.parking_cost_cut", 0.5, "share of a parking issue's cost saved by units' shared spaces", source: "seeds/000, seeds/001"),
            ParamSpec("co_building.events_per_month", .integer, 1, unit: "events/month", range: 0...30, "extra community events held in units' space each month (weekend)", source: "seeds/000, seeds/001 (units open their space)"),
            .flag("co_building.alliance", false, "an alliance of units (seeds/002) strengthens every link", source: "seeds/002"),
            .share("co_building.alliance_link", 0.3, "link strength added by the alliance", source: "seeds/002; assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let units: Int
        let moneyPerUnit: Double
        let linkStrength: Double
        let volunteers: Double
        let parkingCostCut: Double
        let eventsPerMonth: Int
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "co_building")
            units = p.int("co_building.units"); moneyPerUnit = p["co_building.money_per_unit"]
            linkStrength = min(1, p["co_building.link_strength"] + (p.bool("co_building.alliance") ? p["co_building.alliance_link"] : 0))
            volunteers = Double(units) * p["co_building.volunteers_per_unit"] * linkStrength
            parkingCostCut = p["co_building.parking_cost_cut"]
            eventsPerMonth = p.int("co_building.events_per_month")
        }
    }
}

extension World {
    /// Events in units' space: on the first Saturdays of the month, evening band.
    mutating func holdUnitEvents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let cb = params.coBuilding
        guard cb.active(today.day), today.weekday == 5, cb.eventsPerMonth > 0 else { return }
        let saturdayOfMonth = (today.day % 30) / 7
        if saturdayOfMonth < cb.eventsPerMonth { holdEvent(c, today, .evening, rng) }
    }
}
