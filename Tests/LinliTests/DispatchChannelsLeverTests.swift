import Foundation
import Testing
@testable import Linli

/// The dispatch and channels levers (ODD §7.47, §7.48). Each test runs
/// paired arms (same seeds, so populations start identical) with 20
/// replicates: lever off, lever on, and one arm per named mechanism with that
/// mechanism switched off; each asserts the 95% CI of the paired difference,
/// and that the lever's cost is booked exactly while it is on.
@Suite struct DispatchChannelsLeverTests {
    static let replicates = 20

    static func arm(_ sets: [String: Double], days: Int, households: Int = 1200,
                    type: CommunityType = .oldCompound) -> [ReplicateSeries] {
        Runner.run(testScenario("dispatch-channels", type: type, households: households, days: days,
                                replicates: replicates, sets), jobs: 2)
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }

    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int>) -> [Double] {
        runs.map { $0.allMean(column, days) }
    }

    static func describe(_ d: (mean: Double, low: Double, high: Double)) -> String {
        String(format: "%.4g [%.4g, %.4g]", d.mean, d.low, d.high)
    }

    /// Costs: the lever's money and staff hours are positive on every replicate while on, exactly 0 off.
    static func expectCostBooked(_ lever: String, on: [ReplicateSeries], off: [ReplicateSeries]) {
        let money = final(on, "cost_\(lever)"), hours = final(on, "staff_hours_\(lever)")
        #expect(money.allSatisfy { $0 > 0 }, "cost_\(lever) while on: \(money)")
        #expect(hours.allSatisfy { $0 > 0 }, "staff_hours_\(lever) while on: \(hours)")
        #expect(final(off, "cost_\(lever)").allSatisfy { $0 == 0 }, "cost_\(lever) off")
        #expect(final(off, "staff_hours_\(lever)").allSatisfy { $0 == 0 }, "staff_hours_\(lever) off")
    }

    // MARK: dispatch (§7.47)

    /// Dispatch (seeds/001: a reported missing drain cover fixed the next
    /// day) and escalation (seeds/002: big problems need departments). On vs
    /// off: hazards are fixed sooner after they are reported and more of them
    /// are fixed; more big issues are resolved. Ablations: with dispatch share
    /// 0 hazards take the ordinary route again; without department money
    /// escalation resolves no more big issues than no escalation.
    @Test func dispatchLever() {
        let days = 730
        let on: [String: Double] = ["dispatch.on": 1, "dispatch.start_day": 30]
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        let off = Self.arm([:], days: days)
        let lever = Self.arm(on, days: days)
        let noDispatch = Self.arm(with("dispatch.dispatch_share", 0), days: days)
        let noMoney = Self.arm(with("dispatch.department_share", 0), days: days)
        let noCoordination = Self.arm(with("dispatch.department_rate", 0), days: days)

        // Hazards: days from report to fix, and hazards fixed.
        let fix = pairedDifference(Self.final(lever, "mean_hazard_fix_days"), Self.final(off, "mean_hazard_fix_days"))
        let fixAbl = pairedDifference(Self.final(lever, "mean_hazard_fix_days"), Self.final(noDispatch, "mean_hazard_fix_days"))
        let fixed = pairedDifference(Self.final(lever, "hazards_resolved_total"), Self.final(off, "hazards_resolved_total"))
        let fixedAbl = pairedDifference(Self.final(lever, "hazards_resolved_total"), Self.final(noDispatch, "hazards_resolved_total"))
        print("dispatch: hazard fix days off \(Summary(Self.final(off, "mean_hazard_fix_days")).mean), on \(Summary(Self.final(lever, "mean_hazard_fix_days")).mean); on − off \(Self.describe(fix)); on − no dispatch \(Self.describe(fixAbl))")
        print("dispatch: hazards resolved off \(Summary(Self.final(off, "hazards_resolved_total")).mean); on − off \(Self.describe(fixed)); on − no dispatch \(Self.describe(fixedAbl)); dispatched \(Summary(Self.final(lever, "hazards_dispatched_total")).mean)")
        #expect(fix.high < 0, "hazards are fixed sooner after the report: \(fix)")
        #expect(fixAbl.high < 0, "through dispatch: \(fixAbl)")
        #expect(fixed.low > 0, "more hazards are fixed: \(fixed)")
        #expect(fixedAbl.low > 0, "through dispatch: \(fixedAbl)")
        #expect(Self.final(lever, "hazards_dispatched_total").allSatisfy { $0 > 0 }, "hazards dispatched on every replicate")
        #expect(Self.final(noDispatch, "hazards_dispatched_total").allSatisfy { $0 == 0 }, "none with dispatch share 0")

        // Escalation: big issues resolved.
        let big = pairedDifference(Self.final(lever, "big_resolved_total"), Self.final(off, "big_resolved_total"))
        let bigMoney = pairedDifference(Self.final(lever, "big_resolved_total"), Self.final(noMoney, "big_resolved_total"))
        let bigCoord = pairedDifference(Self.final(lever, "big_resolved_total"), Self.final(noCoordination, "big_resolved_total"))
        let bigNoMoney = pairedDifference(Self.final(noMoney, "big_resolved_total"), Self.final(off, "big_resolved_total"))
        let resDays = pairedDifference(Self.final(lever, "mean_resolution_days"), Self.final(noCoordination, "mean_resolution_days"))
        print("dispatch: big resolved off \(Summary(Self.final(off, "big_resolved_total")).mean); on − off \(Self.describe(big)); on − no money \(Self.describe(bigMoney)); on − no coordination \(Self.describe(bigCoord)); no money − off \(Self.describe(bigNoMoney)); escalated \(Summary(Self.final(lever, "issues_escalated_total")).mean)")
        print("dispatch: mean resolution days on − no coordination \(Self.describe(resDays))")
        #expect(big.low > 0, "more big issues are resolved: \(big)")
        #expect(bigMoney.low > 0, "through department money: \(bigMoney)")

        Self.expectCostBooked("dispatch", on: lever, off: off)
        print("dispatch: cost \(Summary(Self.final(lever, "cost_dispatch")).mean) yuan, \(Summary(Self.final(lever, "staff_hours_dispatch")).mean) staff hours in two years")
    }

    // MARK: channels (§7.48)

    /// Channels (seeds/000-004). On vs off: working adults take part more.
    /// Ablations, one per channel: without chat groups, without live
    /// streaming, without the employer channel, without micro-classes working
    /// adults take part less; without micro-philanthropy campaigns raise less
    /// (crowdfunding on in every arm). Beside it, evening office hours (P8),
    /// with both levers' costs, for comparison.
    @Test func channelsLever() {
        let days = 365
        let window = 60...364
        let base: [String: Double] = ["crowdfunding.on": 1]
        let on = base.merging(["channels.on": 1]) { $1 }
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        let off = Self.arm(base, days: days)
        let lever = Self.arm(on, days: days)
        let ablations: [(String, String)] = [("chat groups", "channels.chat_share"), ("live-streaming", "channels.stream_weight"),
                                             ("employer channel", "channels.employer_share"), ("micro-classes", "channels.classes_per_month")]
        let col = "participation_rate_working"
        let work = pairedDifference(Self.mean(lever, col, window), Self.mean(off, col, window))
        print("channels: working adults' participation off \(Summary(Self.mean(off, col, window)).mean); on − off \(Self.describe(work))")
        #expect(work.low > 0, "working adults take part more: \(work)")
        for (label, key) in ablations {
            let abl = Self.arm(with(key, 0), days: days)
            let d = pairedDifference(Self.mean(lever, col, window), Self.mean(abl, col, window))
            print("channels: on − no \(label) \(Self.describe(d))")
            #expect(d.low > 0, "\(label): \(d)")
        }
        let noGifts = Self.arm(with("channels.gift_chance", 0), days: days)
        let gifts = pairedDifference(Self.final(lever, "crowd_funds_total"), Self.final(noGifts, "crowd_funds_total"))
        print("channels: crowd funds on − no micro-philanthropy \(Self.describe(gifts))")
        #expect(gifts.low > 0, "micro-philanthropy adds to campaigns: \(gifts)")
        Self.expectCostBooked("channels", on: lever, off: off)

        // P8-style comparison with evening office hours (reported; only the direction asserted).
        let office = Self.arm(base.merging(["office_hours.on": 1]) { $1 }, days: days)
        let oh = pairedDifference(Self.mean(office, col, window), Self.mean(off, col, window))
        let chMoney = Summary(Self.final(lever, "cost_channels")).mean, chHours = Summary(Self.final(lever, "staff_hours_channels")).mean
        let ohMoney = Summary(Self.final(office, "cost_office_hours")).mean, ohHours = Summary(Self.final(office, "staff_hours_office_hours")).mean
        let both = Self.arm(on.merging(["office_hours.on": 1]) { $1 }, days: days)
        let bothD = pairedDifference(Self.mean(both, col, window), Self.mean(off, col, window))
        print("channels vs office hours: working participation on − off channels \(Self.describe(work)) at \(chMoney) yuan + \(chHours) staff hours; office hours \(Self.describe(oh)) at \(ohMoney) yuan + \(ohHours) overtime hours; both \(Self.describe(bothD))")
        #expect(oh.low > 0, "office hours raise it too: \(oh)")
    }
}
