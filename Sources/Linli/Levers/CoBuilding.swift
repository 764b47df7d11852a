/// Co-building units and alliance (seeds/000, 001, 002: enterprises, office
/// towers, schools and malls as co-builders; seeds/002: an alliance of 60+
/// units). Units pool money each year for compound-wide projects, send
/// volunteers to work days and share parking spaces (parking issues cost
/// less) and open their space for community events. The alliance
/// strengthens their links.
///
/// Two-way co-building (seeds/001: an office tower and the old community next
/// door "often held co-building activities and grew ever more familiar"; the
/// community "brought residents in as customers" to rescue the tower's
/// canteen, and the tower then reserved 80+ new parking spaces for the
/// residents; around a riders' station a mall's footfall and sales rose and
/// its developer gave a street shop rent-free; seeds/004: Junyuan's studios
/// "brought customers to nearby merchants"). Each unit has its own link
/// strength, which grows with joint activity (the events it hosts) and with
/// residents' custom; residents who attend a unit's event may become its
/// customers; a unit whose gain from residents' custom passes a threshold
/// gives in kind (parking spaces or a space for events), booked at its yearly
/// value (payer: units). Money and volunteers scale with each unit's link.
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
            .share("co_building.link_growth", 0.1, "share of the gap to 1 a unit's link closes in a month of full contact (joint activity and custom); 0 keeps links fixed", source: "seeds/001 (越来越熟络 through co-building activities); assumption"),
            ParamSpec("co_building.contact_scale", .real, 200, unit: "contacts/month", range: 1...1_000_000, "contacts in a month (event participants plus customer visits) that give a unit's link its full monthly growth", source: "assumption"),
            .share("co_building.customer_share", 0.2, "chance a participant of a unit's event becomes its customer; 0 switches custom off", source: "seeds/001 (canteen rescued by residents as customers), seeds/004 (studios bring customers to merchants); assumption"),
            ParamSpec("co_building.visit_rate", .real, 0.1, unit: "visits/customer/day", range: 0...10, "customer visits a resident customer pays a unit a day", source: "assumption"),
            ParamSpec("co_building.spend_per_visit", .real, 30, unit: "yuan/visit", range: 0...100_000, "what a unit gains from one customer visit (sales)", source: "assumption"),
            ParamSpec("co_building.gift_threshold", .real, 50_000, unit: "yuan", range: 0...100_000_000, "a unit's cumulative gain from residents' custom at which it gives in kind (once)", source: "seeds/001 (gifts followed gains); assumption"),
            ParamSpec("co_building.gift_value", .real, 50_000, unit: "yuan/year", range: 0...100_000_000, "yearly value of a unit's gift in kind (parking spaces or a space), booked daily while it stands (payer: units); 0 switches gifts off", source: "seeds/001 (a street shop given rent-free; parking spaces); assumption"),
            .share("co_building.gift_parking_cut", 0.3, "share of parking-issue arrivals removed by a unit's gift of parking spaces (units with even index give parking, odd ones a space)", source: "seeds/001 (80+ spaces for 100+ cars parked on the road); assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let units: Int
        let moneyPerUnit: Double
        let linkStrength: Double
        let perUnitVolunteers: Double
        let parkingCostCut: Double
        let eventsPerMonth: Int
        let linkGrowth, contactScale, customerShare, visitRate, spendPerVisit, giftThreshold, giftValue, giftParkingCut: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "co_building")
            units = p.int("co_building.units"); moneyPerUnit = p["co_building.money_per_unit"]
            linkStrength = min(1, p["co_building.link_strength"] + (p.bool("co_building.alliance") ? p["co_building.alliance_link"] : 0))
            perUnitVolunteers = p["co_building.volunteers_per_unit"]
            parkingCostCut = p["co_building.parking_cost_cut"]
            eventsPerMonth = p.int("co_building.events_per_month")
            linkGrowth = p["co_building.link_growth"]; contactScale = max(1, p["co_building.contact_scale"])
            customerShare = p["co_building.customer_share"]; visitRate = p["co_building.visit_rate"]
            spendPerVisit = p["co_building.spend_per_visit"]; giftThreshold = p["co_building.gift_threshold"]
            giftValue = p["co_building.gift_value"]; giftParkingCut = p["co_building.gift_parking_cut"]
        }
    }
}

/// Gifts in kind a unit can give (stored per unit; 0: none yet).
enum UnitGift: UInt8 { case none = 0, parking, space }

extension World {
    /// Setup: every unit of every community starts at the base link ℓ0.
    mutating func initialiseCoBuildingUnits() {
        let nc = communities.count, u = params.coBuilding.units
        communities.unitLink = ContiguousArray(repeating: params.coBuilding.linkStrength, count: nc * u)
        communities.unitCustomers = ContiguousArray(repeating: 0, count: nc * u)
        communities.unitContact = ContiguousArray(repeating: 0, count: nc * u)
        communities.unitCustom = ContiguousArray(repeating: 0, count: nc * u)
        communities.unitGift = ContiguousArray(repeating: UnitGift.none.rawValue, count: nc * u)
        communities.giftSpaces = ContiguousArray(repeating: 0, count: nc)
        communities.parkingGiftFactor = ContiguousArray(repeating: 1, count: nc)
        communities.giftYuanPerDay = ContiguousArray(repeating: 0, count: nc)
    }

    /// Units' yearly money in community c: Σ_u money_per_unit × ℓ_u.
    func unitMoney(_ c: Int) -> Double {
        let cb = params.coBuilding
        var s = 0.0
        for u in 0..<cb.units { s += cb.moneyPerUnit * communities.unitLink[c * cb.units + u] }
        return s
    }

    /// Volunteers units send to a compound project's work day: Σ_u volunteers_per_unit × ℓ_u.
    func unitVolunteers(_ c: Int) -> Double {
        let cb = params.coBuilding
        var s = 0.0
        for u in 0..<cb.units { s += cb.perUnitVolunteers * communities.unitLink[c * cb.units + u] }
        return s
    }

    /// Events in units' space on the first n Saturdays of the month (n =
    /// `events_per_month` plus spaces units gave), evening band, each hosted
    /// by one unit in turn; then residents' custom, gifts and, at month end,
    /// links (two-way co-building).
    mutating func holdUnitEvents(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let cb = params.coBuilding
        guard cb.active(today.day) else { return }
        let n = cb.eventsPerMonth + Int(communities.giftSpaces[c])
        let saturdayOfMonth = (today.day % 30) / 7
        if today.weekday == 5, saturdayOfMonth < n {
            holdEvent(c, today, .evening, rng)
            if cb.units > 0 { unitEventContacts(c, host: ((today.day / 30) * n + saturdayOfMonth) % cb.units, rng) }
        }
        guard cb.units > 0 else { return }
        unitCustom(c, today, rng)
        bookLeverMoney(c, .coBuilding, communities.giftYuanPerDay[c], payer: .units)
        if today.isMonthEnd { growUnitLinks(c) }
    }

    /// After a unit's event (participants in `activityBuffer`): each is a
    /// contact of the host; one not yet anyone's customer becomes its
    /// customer with chance `customer_share`.
    mutating func unitEventContacts(_ c: Int, host u: Int, _ rng: RandomStream) {
        let cb = params.coBuilding
        let x = c * cb.units + u
        communities.unitContact[x] += Double(activityBuffer.count)
        guard cb.customerShare > 0 else { return }
        for i32 in activityBuffer {
            let i = Int(i32)
            guard residents.customerOf[i] < 0, rng.uniform() < cb.customerShare else { continue }
            residents.customerOf[i] = Int16(u)
            communities.unitCustomers[x] += 1
        }
    }

    /// Today's custom: unit u's N_u resident customers pay Poisson(N_u ×
    /// `visit_rate`) visits (contacts, and gains of `spend_per_visit` each);
    /// a unit whose gain reaches `gift_threshold` gives in kind once.
    mutating func unitCustom(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let cb = params.coBuilding
        guard cb.visitRate > 0 else { return }
        for u in 0..<cb.units {
            let x = c * cb.units + u
            let customers = communities.unitCustomers[x]
            guard customers > 0 else { continue }
            let v = Double(rng.poisson(Double(customers) * cb.visitRate))
            communities.unitCustom[x] += v
            communities.unitContact[x] += v
            if communities.unitGift[x] == UnitGift.none.rawValue && cb.giftValue > 0
                && communities.unitCustom[x] * cb.spendPerVisit >= cb.giftThreshold {
                giveInKind(c, unit: u)
            }
        }
    }

    /// Unit u of community c gives in kind: parking spaces (even u: parking
    /// issues arrive less often) or a space (odd u: one more unit event a
    /// month), worth `gift_value` a year, booked daily while it stands.
    mutating func giveInKind(_ c: Int, unit u: Int) {
        let cb = params.coBuilding
        let parking = u % 2 == 0
        communities.unitGift[c * cb.units + u] = (parking ? UnitGift.parking : UnitGift.space).rawValue
        if parking { communities.parkingGiftFactor[c] *= 1 - cb.giftParkingCut } else { communities.giftSpaces[c] += 1 }
        communities.giftYuanPerDay[c] += cb.giftValue / 365
    }

    /// Month end: ℓ_u += `link_growth` × (1 − ℓ_u) × min(1, contacts / `contact_scale`); contacts reset.
    mutating func growUnitLinks(_ c: Int) {
        let cb = params.coBuilding
        for u in 0..<cb.units {
            let x = c * cb.units + u
            let l = communities.unitLink[x]
            communities.unitLink[x] = l + cb.linkGrowth * (1 - l) * min(1, communities.unitContact[x] / cb.contactScale)
            communities.unitContact[x] = 0
        }
    }

    /// A resident moving out stops being a unit's customer.
    mutating func leaveUnitCustom(_ i: Int) {
        let u = Int(residents.customerOf[i])
        guard u >= 0 else { return }
        communities.unitCustomers[Int(residents.community[i]) * params.coBuilding.units + u] -= 1
        residents.customerOf[i] = -1
    }
}
