/// Parking fees for outside vehicles (seeds/004, Guangming village: the
/// villagers' property service station "统一明确公共区域车位的划分和使用,确保
/// 本村村民免费停车,规定外来车辆停放收费标准" — marked out the public parking
/// spaces, kept parking free for villagers and set fees for outside
/// vehicles, so that cars parked in order). Villagers pay nothing; outside
/// vehicles park for a daily fee, and the revenue goes to the community's
/// own fund, which pays for problems (Funding.swift: it stands among the
/// early sources, for any issue, after the maintenance fund, grants and the
/// units' pool and before the government budget).
///
/// Outside vehicles parked in a 30-day month are Poisson with mean
/// `outside_vehicles` per 100 households a day × 30; the month's revenue,
/// vehicles × `fee`, is paid into the fund at the month's end. The gate and
/// its accounts cost a running cost (staff hours and upkeep, government).
public enum ParkingFeesLever {
    public static let spec = LeverSpec(
        name: "parking_fees", summary: "free parking for residents, fees for outside vehicles paid into a community fund", source: "seeds/004 (Guangming)",
        running: RunningCost(yuanPerMonth: 300, staffHoursPerMonth: 4, what: "upkeep of the marked spaces and gate, and keeping the fee accounts public"),
        fields: [
            ParamSpec("parking_fees.outside_vehicles", .real, 2, unit: "vehicles/day/100 households", range: 0...1000, "outside vehicles parked a day per 100 households", source: "seeds/004 (外来车辆; no figure); assumption"),
            ParamSpec("parking_fees.fee", .real, 10, unit: "yuan/vehicle/day", range: 0...10_000, "fee an outside vehicle pays a day (0 = no revenue)", source: "seeds/004 (外来车辆停放收费标准; no figure); assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let vehiclesPerHousehold, fee: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "parking_fees")
            vehiclesPerHousehold = p["parking_fees.outside_vehicles"] / 100; fee = p["parking_fees.fee"]
        }
    }
}

extension World {
    /// Month end: the month's fees from outside vehicles go into the community fund.
    mutating func collectParkingFees(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let pf = params.parkingFees
        guard pf.active(today.day), today.isMonthEnd, pf.fee > 0 else { return }
        let mean = pf.vehiclesPerHousehold * Double(communities.householdRange(c).count) * 30
        guard mean > 0 else { return }
        let revenue = Double(rng.poisson(mean)) * pf.fee
        ledger.feeBalance[c] += revenue
        ledger.feeReceived[c] += revenue
    }
}
