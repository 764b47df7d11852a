import Testing
@testable import Linli

/// Patterns of MODEL.md §1, each asserted with replicates and 95% confidence
/// intervals (paired: both arms share seeds, so populations start identical).
@Suite struct PatternTests {
    static let replicates = 12

    /// P1 Low baseline: with no levers, fewer than 10% of residents aged 13+
    /// take part in a month, and retirees and party members take part far more
    /// often than others.
    @Test func p1LowBaseline() {
        let sc = testScenario("p1", households: 1200, days: 365, replicates: Self.replicates)
        let runs = Runner.run(sc, jobs: 2)
        let monthly = runs.map { $0.allMean("participation_rate", 30...364) }
        let s = Summary(monthly)
        #expect(s.ciHigh < 0.10, "monthly participation \(s.mean) [\(s.ciLow), \(s.ciHigh)]")
        #expect(s.ciLow > 0.005, "but not zero")
        let retiree = runs.map { $0.allMean("participation_rate_retiree", 30...364) }
        let working = runs.map { $0.allMean("participation_rate_working", 30...364) }
        let party = runs.map { $0.allMean("participation_rate_party", 30...364) }
        let other = runs.map { $0.allMean("participation_rate_nonparty", 30...364) }
        let r = pairedDifference(retiree, monthly)
        #expect(r.low > 0, "retirees over-represented: \(r)")
        let w = pairedDifference(working, monthly)
        #expect(w.high < 0, "working adults under-represented: \(w)")
        let p = pairedDifference(party, other)
        #expect(p.low > 0, "party members over-represented: \(p)")
    }

    /// Size of the group hosted by one talent engaged on day 0, every day
    /// until `days`. The talent is given radiation for a capacity of 120 and
    /// never withdraws (an owner who does not move), so the trajectory shows
    /// growth alone.
    static func groupTrajectory(replicate: Int, days: Int) -> [Double] {
        let sc = testScenario("p2", households: 1200, days: days, replicates: 1, seed: 21,
                              ["talents.withdraw_rate": 0, "talents.burnout_rate": 0, "talents.engagement_floor": 0,
                               "talents.engage_rate": 0, "slow.owner_stay_days": 365_000])
        var w = World(scenario: sc, replicate: replicate)
        let host = w.communities.residentRange(0).first {
            w.residents.age[$0] == AgeGroup.flexible.rawValue && w.residents.tenure[$0] == Tenure.owner.rawValue
        }!
        w.residents.radiation[host] = 120
        w.engage(host, CalendarDay(0), RandomStream(seed: 21, replicate: replicate, stream: 999))
        let g = Int(w.residents.group[host])
        var sizes: [Double] = []
        for d in 0..<days {
            w.step(day: d)
            sizes.append(Double(w.groups.size[g]))
        }
        return sizes
    }

    /// P2 Leaders seed clusters: a discovered talent's group grows S-shaped:
    /// slow at first, fast in the middle, saturating at the end. Growth per
    /// 60-day window peaks in an interior window, above both the first and
    /// the last window, in every replicate's paired comparison.
    @Test func p2TalentGroupGrowsSShaped() {
        let days = 900, window = 60
        var first: [Double] = [], peak: [Double] = [], last: [Double] = [], final: [Double] = []
        for r in 0..<Self.replicates {
            let s = Self.groupTrajectory(replicate: r, days: days)
            let growth = stride(from: 0, to: days, by: window).map { start in
                s[min(start + window, days) - 1] - (start == 0 ? 1 : s[start - 1])
            }
            first.append(growth.first!)
            last.append(growth.last!)
            peak.append(growth.dropFirst().dropLast().max()!)
            final.append(s.last!)
        }
        let early = pairedDifference(peak, first)
        let late = pairedDifference(peak, last)
        #expect(early.low > 0, "fast middle beats slow start: \(early)")
        #expect(late.low > 0, "saturation: middle beats end: \(late)")
        let f = Summary(final)
        #expect(f.ciLow > 60, "the group reaches a large share of its capacity (120): \(f.mean)")
        #expect(f.ciHigh <= 120)
    }

    /// P8 Reach: moving a share of staff hours, events and party days to
    /// evenings and weekends raises working adults' participation.
    @Test func p8EveningOfficeHoursReachWorkingAdults() {
        let base = testScenario("p8", households: 1200, days: 365, replicates: Self.replicates)
        let lever = testScenario("p8", households: 1200, days: 365, replicates: Self.replicates, ["office_hours.on": 1])
        let a = Runner.run(lever, jobs: 2).map { $0.allMean("participation_rate_working", 60...364) }
        let b = Runner.run(base, jobs: 2).map { $0.allMean("participation_rate_working", 60...364) }
        let d = pairedDifference(a, b)
        #expect(d.low > 0, "working adults' participation rises: \(d)")
        #expect(d.mean > 0.5 * Summary(b).mean, "by at least half the baseline level: \(d) vs \(Summary(b).mean)")
    }

    /// P9 Crowding out: pay raises participation at first and lowers intrinsic
    /// motivation μ; the symbolic red list raises participation (how often the
    /// recognised come) without lowering μ.
    @Test func p9PayCrowdsOutTheRedListDoesNot() {
        // More replicates than the other patterns: the red list's effect is small beside problem-driven noise.
        let n = 24
        let base = Runner.run(testScenario("p9", households: 1200, days: 365, replicates: n), jobs: 2)
        let paid = Runner.run(testScenario("p9", households: 1200, days: 365, replicates: n, ["paid_participation.on": 1]), jobs: 2)
        let red = Runner.run(testScenario("p9", households: 1200, days: 365, replicates: n, ["red_list.on": 1]), jobs: 2)
        func m(_ runs: [ReplicateSeries], _ col: String, _ days: ClosedRange<Int>) -> [Double] { runs.map { $0.allMean(col, days) } }
        let early = pairedDifference(m(paid, "participation_rate", 30...120), m(base, "participation_rate", 30...120))
        #expect(early.low > 0, "pay raises participation at first: \(early)")
        let mu = pairedDifference(m(paid, "motivation_mean", 364...364), m(base, "motivation_mean", 364...364))
        #expect(mu.high < 0, "pay lowers μ: \(mu)")
        // Recognition goes to those who already take part, so it shows in how often they
        // come (participations per day), more than in the monthly share who come at all.
        let redP = pairedDifference(m(red, "participants", 60...364), m(base, "participants", 60...364))
        #expect(redP.low > 0, "the red list raises daily participation: \(redP)")
        let redMu = pairedDifference(m(red, "motivation_mean", 364...364), m(base, "motivation_mean", 364...364))
        #expect(redMu.low > -0.001, "the red list does not lower μ: \(redMu)")
    }
}
