import Foundation
import Testing
@testable import Linli

/// Sub-landlord partners and the self-run property station (seeds/004,
/// Rongting and Guangming; ODD §7.37, §7.38): pattern P7, one test per lever
/// with ablation arms (paired by seed, 95% CI of the difference), the costs
/// booked, the tenancy set-up, and that a lever not yet started changes nothing.
@Suite struct TenantLeverTests {
    static let replicates = 40
    static let days = 730
    static let lastYear = 365...729

    // MARK: Rongting: tenant-heavy relocation housing (80% of households rent)

    /// A Rongting-like compound: relocation housing with tenant_share 0.8 (plus
    /// the type's 4% sub-landlord households), 1,000 households, two years.
    static func rong(_ sets: [String: Double] = [:]) -> [ReplicateSeries] {
        var s = ["community.relocation_housing.tenant_share": 0.8]
        for (k, v) in sets { s[k] = v }
        return Runner.run(testScenario("rongting", type: .relocation, households: 1000, days: days,
                                       replicates: replicates, s), jobs: 2)
    }

    static let lever: [String: Double] = ["sublandlord_partners.on": 1, "sublandlord_partners.start_day": 30]
    static func rongWith(_ sets: [String: Double]) -> [ReplicateSeries] { rong(lever.merging(sets) { $1 }) }

    /// Arms shared by the two Rongting tests (computed once).
    static let rongOff = rong()
    static let rongOn = rongWith([:])

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.all(column, day: $0.days - 1) } }
    static func lastYearMean(_ runs: [ReplicateSeries], _ column: String) -> [Double] { runs.map { $0.allMean(column, lastYear) } }

    /// P7: in a compound of 80%+ tenants, tenants' participation stays below
    /// 10% without the lever and rises with it, through their landlords
    /// (relay and registration); sub-landlords' participation rises clearly;
    /// illegal building and noise arise less (the seed's own outcomes).
    @Test func p7TenantHeavyCompoundNeedsSublandlordPartners() {
        let start = Date()
        let off = Self.rongOff, on = Self.rongOn
        let noRelay = Self.rongWith(["sublandlord_partners.relay_reach": 0, "sublandlord_partners.registration": 0])

        let offTenant = Self.lastYearMean(off, "participation_rate_tenant")
        #expect(offTenant.allSatisfy { $0 < 0.10 }, "tenants' participation without the lever: \(offTenant)")
        #expect(Summary(offTenant).ciHigh < 0.10)

        let onTenant = Self.lastYearMean(on, "participation_rate_tenant")
        let rise = pairedDifference(onTenant, offTenant)
        #expect(rise.low > 0, "tenants' participation, on − off: \(rise)")
        // The mechanism: tenants hear through their landlords. Without the relay
        // and registration the lever leaves tenants no better off.
        let viaLandlord = pairedDifference(onTenant, Self.lastYearMean(noRelay, "participation_rate_tenant"))
        #expect(viaLandlord.low > 0, "tenants' participation, on − no relay: \(viaLandlord)")
        let withoutRelay = pairedDifference(Self.lastYearMean(noRelay, "participation_rate_tenant"), offTenant)
        #expect(withoutRelay.high < rise.low, "no relay − off \(withoutRelay) vs on − off \(rise)")

        let offSub = Self.lastYearMean(off, "participation_rate_sublandlord")
        let onSub = Self.lastYearMean(on, "participation_rate_sublandlord")
        let subRise = pairedDifference(onSub, offSub)
        #expect(subRise.low > 0, "sub-landlords' participation, on − off: \(subRise)")
        #expect(Summary(onSub).mean > 2 * Summary(offSub).mean, "clearly: \(Summary(onSub).mean) vs \(Summary(offSub).mean)")

        var arisen: [String: (mean: Double, low: Double, high: Double)] = [:]
        for column in ["arisen_illegal_building", "arisen_noise"] {
            let d = pairedDifference(Self.final(on, column), Self.final(off, column))
            arisen[column] = d
            #expect(d.high < 0, "\(column), on − off: \(d)")
        }
        print("""
            P7 (Rongting, seed \(testBaseSeed), \(Self.replicates) replicates, last-year means):
              tenants' participation off \(Summary(offTenant).mean), on \(Summary(onTenant).mean), on − off \(rise), on − no relay \(viaLandlord)
              sub-landlords' participation off \(Summary(offSub).mean), on \(Summary(onSub).mean), on − off \(subRise)
              arisen over two years, on − off: \(arisen)
              team members at the end: \(Summary(Self.final(on, "sublandlord_team")).mean)
              [\(String(format: "%.1f", Date().timeIntervalSince(start))) s]
            """)
    }

    /// The team's mechanisms, each switched off in turn: the tenants'
    /// convention makes illegal building and noise arise less; the mediation
    /// room raises the consensus rate; the complaint channel gets problems
    /// raised sooner. The lever books staff hours and money exactly while on.
    @Test func sublandlordPartnersMechanismsAndCosts() {
        let start = Date()
        let off = Self.rongOff, on = Self.rongOn
        let noConvention = Self.rongWith(["sublandlord_partners.convention_cut": 0])
        let noMediation = Self.rongWith(["sublandlord_partners.mediation_cut": 0])
        let noChannel = Self.rongWith(["sublandlord_partners.raise_chance": 0, "sublandlord_partners.notice_hazard": 0])

        var report: [String] = []
        for column in ["arisen_illegal_building", "arisen_noise"] {
            let d = pairedDifference(Self.final(on, column), Self.final(noConvention, column))
            #expect(d.high < 0, "\(column), on − no convention: \(d)")
            report.append("\(column) on − no convention \(d)")
        }
        let mediation = pairedDifference(Self.final(on, "consensus_rate"), Self.final(noMediation, "consensus_rate"))
        #expect(mediation.low > 0, "consensus rate, on − no mediation: \(mediation)")
        let channel = pairedDifference(Self.final(on, "mean_raise_days"), Self.final(noChannel, "mean_raise_days"))
        #expect(channel.high < 0, "mean days to raise, on − no channel: \(channel)")

        for r in on {
            #expect(r.all("cost_sublandlord_partners", day: r.days - 1) > 0)
            #expect(r.all("staff_hours_sublandlord_partners", day: r.days - 1) > 0)
            #expect(r.all("cost_sublandlord_partners", day: 29) == 0, "nothing booked before the start day")
        }
        for r in off {
            #expect(r.all("cost_sublandlord_partners", day: r.days - 1) == 0)
            #expect(r.all("staff_hours_sublandlord_partners", day: r.days - 1) == 0)
        }
        print("""
            Sub-landlord partners' mechanisms (seed \(testBaseSeed)): \(report.joined(separator: "; "))
              consensus rate on − no mediation \(mediation); mean raise days on − no channel \(channel)
              cost (yuan) \(Summary(Self.final(on, "cost_sublandlord_partners")).mean), staff hours \(Summary(Self.final(on, "staff_hours_sublandlord_partners")).mean)
              [\(String(format: "%.1f", Date().timeIntervalSince(start))) s]
            """)
    }

    /// Set-up: every tenant household rents from a sub-landlord household of
    /// its own community, in its own building whenever that building has one;
    /// the test compound is tenant-heavy.
    @Test func everyTenantHasALandlordNearby() {
        let sc = testScenario("tenancy", type: .relocation, households: 1000, days: 1, replicates: 1,
                              ["community.relocation_housing.tenant_share": 0.8])
        let w = World(scenario: sc, replicate: 0)
        var tenants = 0, sameBuilding = 0, buildingHasOne = 0
        var buildingsWithSub = Set<Int>()
        for h in 0..<w.households.count where w.households.tenure[h] == Tenure.sublandlord.rawValue {
            buildingsWithSub.insert(w.householdBuilding(h))
        }
        #expect(!buildingsWithSub.isEmpty)
        for h in 0..<w.households.count {
            let l = Int(w.households.landlord[h])
            guard w.households.tenure[h] == Tenure.tenant.rawValue else { #expect(l == -1); continue }
            tenants += 1
            #expect(l >= 0 && w.households.tenure[l] == Tenure.sublandlord.rawValue)
            #expect(w.households.community[l] == w.households.community[h])
            let b = w.householdBuilding(h)
            if buildingsWithSub.contains(b) {
                buildingHasOne += 1
                if w.householdBuilding(l) == b { sameBuilding += 1 }
            }
        }
        #expect(tenants > 700)
        #expect(sameBuilding == buildingHasOne)
        // Tenant-heavy, as Rongting: 80%+ of residents rent (tenants) or sublet.
        let renting = w.residents.tenure.filter { $0 == Tenure.tenant.rawValue }.count
        let subletting = w.residents.tenure.filter { $0 == Tenure.sublandlord.rawValue }.count
        #expect(Double(renting) / Double(w.residents.count) > 0.75)
        #expect(Double(renting + subletting) / Double(w.residents.count) > 0.8)
    }

    // MARK: Guangming: self-run property station

    static func compound(_ sets: [String: Double] = [:]) -> [ReplicateSeries] {
        Runner.run(testScenario("station", type: .oldCompound, households: 1200, days: days, replicates: replicates, sets), jobs: 2)
    }
    static let station: [String: Double] = ["property_station.on": 1, "property_station.start_day": 30]

    /// The station raises service quality (through its own standard) and
    /// speeds fabric repairs (through its workers' repair labour), employs
    /// local residents, and books wages and staff hours exactly while on.
    @Test func propertyStationQualitySpeedJobsAndCosts() {
        let start = Date()
        let off = Self.compound()
        let on = Self.compound(Self.station)
        let noStandard = Self.compound(Self.station.merging(["property_station.quality": 0]) { $1 })
        let noRepairs = Self.compound(Self.station.merging(["property_station.repair_share": 0]) { $1 })

        let quality = pairedDifference(Self.final(on, "service_quality"), Self.final(off, "service_quality"))
        #expect(quality.low > 0, "service quality, on − off: \(quality)")
        let qualityMechanism = pairedDifference(Self.final(on, "service_quality"), Self.final(noStandard, "service_quality"))
        #expect(qualityMechanism.low > 0, "service quality, on − no standard: \(qualityMechanism)")

        let speed = pairedDifference(Self.final(on, "mean_fabric_resolution_days"), Self.final(off, "mean_fabric_resolution_days"))
        #expect(speed.high < 0, "days to fix fabric, on − off: \(speed)")
        let repairs = pairedDifference(Self.final(on, "mean_fabric_resolution_days"), Self.final(noRepairs, "mean_fabric_resolution_days"))
        #expect(repairs.high < 0, "days to fix fabric, on − no repairs: \(repairs)")

        for r in on {
            #expect(r.all("station_jobs", day: r.days - 1) > 0)
            #expect(r.all("cost_property_station", day: r.days - 1) > 0)
            #expect(r.all("staff_hours_property_station", day: r.days - 1) > 0)
            #expect(r.all("station_jobs", day: 29) == 0 && r.all("cost_property_station", day: 29) == 0)
        }
        for r in off {
            #expect(r.all("station_jobs", day: r.days - 1) == 0)
            #expect(r.all("cost_property_station", day: r.days - 1) == 0)
            #expect(r.all("staff_hours_property_station", day: r.days - 1) == 0)
        }
        let credibility = pairedDifference(Self.final(on, "credibility"), Self.final(off, "credibility"))
        print("""
            Property station (old compound, 1,200 households, seed \(testBaseSeed)):
              service quality on − off \(quality), on − no standard \(qualityMechanism)
              fabric days to fix on − off \(speed), on − no repairs \(repairs)
              credibility on − off \(credibility) (not asserted)
              jobs \(Summary(Self.final(on, "station_jobs")).mean), cost (yuan) \(Summary(Self.final(on, "cost_property_station")).mean), staff hours \(Summary(Self.final(on, "staff_hours_property_station")).mean)
              [\(String(format: "%.1f", Date().timeIntervalSince(start))) s]
            """)
    }

    /// Wages go to the payer the scenario chooses: the village committee
    /// (government) by default, residents through fees with `fees`.
    @Test func stationWagesGoToTheChosenPayer() {
        func run(_ fees: Double) -> ReplicateSeries {
            Runner.run(testScenario("payer", type: .village, households: 300, days: 40, replicates: 1,
                                    ["property_station.on": 1, "property_station.fees": fees]), jobs: 1)[0]
        }
        let committee = run(0), fees = run(1)
        let wages = committee.all("cost_property_station", day: 39)
        #expect(wages > 0)
        #expect(committee.all("lever_cost_residents_total", day: 39) == 0)
        #expect(fees.all("lever_cost_residents_total", day: 39) > 0)
        // Training stays with the committee either way; the totals agree.
        #expect(fees.all("cost_property_station", day: 39) == wages)
    }

    /// Switched on but not yet started, neither lever changes anything (no
    /// extra draws from the daily streams).
    @Test func leversNotYetStartedChangeNothing() {
        let base: [String: Double] = ["community.relocation_housing.tenant_share": 0.8]
        func run(_ sets: [String: Double]) -> [ReplicateSeries] {
            Runner.run(testScenario("idle", type: .relocation, households: 400, days: 200, replicates: 2,
                                    base.merging(sets) { $1 }), jobs: 2)
        }
        let off = run([:])
        let idle = run(["sublandlord_partners.on": 1, "sublandlord_partners.start_day": 10_000,
                        "property_station.on": 1, "property_station.start_day": 10_000])
        for (a, b) in zip(off, idle) {
            let same = a.values.elementsEqual(b.values) { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(same)
        }
    }
}
