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
                    type: CommunityType = .oldCompound, replicates: Int = Self.replicates) -> [ReplicateSeries] {
        Runner.run(testScenario("dispatch-channels", type: type, households: households, days: days,
                                replicates: replicates, sets), jobs: 2)
    }

    static func final(_ runs: [ReplicateSeries], _ column: String) -> [Double] {
        runs.map { $0.all(column, day: $0.days - 1) }
    }

    static func mean(_ runs: [ReplicateSeries], _ column: String, _ days: ClosedRange<Int>) -> [Double] {
        runs.map { $0.allMean(column, days) }
    }

    /// Costs: the lever's money and staff hours are positive on every replicate while on, exactly 0 off.
    static func expectCostBooked(_ lever: String, on: [ReplicateSeries], off: [ReplicateSeries]) {
        let money = final(on, "cost_\(lever)"), hours = final(on, "staff_hours_\(lever)")
        #expect(money.allSatisfy { $0 > 0 }, "cost_\(lever) while on: \(money)")
        #expect(hours.allSatisfy { $0 > 0 }, "staff_hours_\(lever) while on: \(hours)")
        #expect(final(off, "cost_\(lever)").allSatisfy { $0 == 0 }, "cost_\(lever) off")
        #expect(final(off, "staff_hours_\(lever)").allSatisfy { $0 == 0 }, "staff_hours_\(lever) off")
    }

    /// Like `arm` (the same runs, day by day as `Simulation.run`), and also
    /// per replicate: `sample` (of the world and the day) averaged over every 7th day of `window`, then
    /// `end` of the final world (state the output columns do not show).
    static func worldArm(_ sets: [String: Double], days: Int, households: Int = 1200, window: ClosedRange<Int>,
                         replicates: Int = Self.replicates,
                         sample: (@Sendable (World, Int) -> [Double])? = nil,
                         end: (@Sendable (World) -> [Double])? = nil) -> (runs: [ReplicateSeries], measures: [[Double]]) {
        let sc = testScenario("dispatch-channels", households: households, days: days, replicates: replicates, sets)
        return measuredRuns(sc, sampleDay: { window.contains($0) && $0 % 7 == 0 }, sample: sample, end: end)
    }

    /// Share of the issues that arose from day `from` on and pass `filter` which are fixed (done or maintained) by the end.
    static func shareFixed(_ w: World, from: Int, _ filter: (Int) -> Bool) -> Double {
        var n = 0.0, fixed = 0.0
        for k in 0..<w.issues.count where Int(w.issues.arisen[k]) >= from && filter(k) {
            n += 1
            let s = w.issues.stage[k]
            if s == IssueStage.done.rawValue || s == IssueStage.closed.rawValue { fixed += 1 }
        }
        return n > 0 ? fixed / n : 0
    }

    // MARK: dispatch (§7.47)

    /// Dispatch (seeds/001: a reported missing drain cover fixed the next
    /// day) and escalation (seeds/002: big problems are those that need
    /// departments). On vs off: hazards are fixed sooner after they are
    /// reported, and a larger share of the hazards and of the big issues that
    /// arise are fixed within the run (shares, so the arms' different
    /// arrivals cancel). Ablations: with dispatch share 0 hazards take the
    /// ordinary route again; without the departments' money and work
    /// (department share and rate 0) escalation fixes a smaller share of big
    /// issues (without their work alone, too, but not robustly at 20
    /// replicates: reported only).
    @Test func dispatchLever() {
        let days = 730, start = 30
        // Every small fabric issue a hazard (a trait recorded in every arm), for a larger sample.
        let base: [String: Double] = ["dispatch.hazard_share": 1]
        let on = base.merging(["dispatch.on": 1, "dispatch.start_day": Double(start)]) { $1 }
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        let shares: @Sendable (World) -> [Double] = { w in
            [Self.shareFixed(w, from: start) { w.issues.hazard[$0] }, Self.shareFixed(w, from: start) { w.issues.big[$0] }]
        }
        let (off, mOff) = Self.worldArm(base, days: days, window: 0...0, end: shares)
        let (lever, mOn) = Self.worldArm(on, days: days, window: 0...0, end: shares)
        let (noDispatch, mNoDispatch) = Self.worldArm(with("dispatch.dispatch_share", 0), days: days, window: 0...0, end: shares)
        let (_, mNoMoney) = Self.worldArm(on.merging(["dispatch.department_share": 0, "dispatch.department_rate": 0]) { $1 }, days: days, window: 0...0, end: shares)
        let (_, mNoWork) = Self.worldArm(with("dispatch.department_rate", 0), days: days, window: 0...0, end: shares)
        func col(_ m: [[Double]], _ k: Int) -> [Double] { m.map { $0[k] } }

        // Hazards: days from report to fix, and the share fixed.
        let fix = pairedDifference(Self.final(lever, "mean_hazard_fix_days"), Self.final(off, "mean_hazard_fix_days"))
        let fixAbl = pairedDifference(Self.final(lever, "mean_hazard_fix_days"), Self.final(noDispatch, "mean_hazard_fix_days"))
        let fixed = pairedDifference(col(mOn, 0), col(mOff, 0))
        let fixedAbl = pairedDifference(col(mOn, 0), col(mNoDispatch, 0))
        let count = pairedDifference(Self.final(lever, "hazards_resolved_total"), Self.final(off, "hazards_resolved_total"))
        print("dispatch: hazard days from report to fix off \(Summary(Self.final(off, "mean_hazard_fix_days")).mean), on \(Summary(Self.final(lever, "mean_hazard_fix_days")).mean); on − off \(describe(fix)); on − no dispatch \(describe(fixAbl))")
        print("dispatch: share of hazards fixed off \(Summary(col(mOff, 0)).mean); on − off \(describe(fixed)); on − no dispatch \(describe(fixedAbl)); hazards fixed (count) on − off \(describe(count)); dispatched \(Summary(Self.final(lever, "hazards_dispatched_total")).mean)")
        #expect(fix.high < 0, "hazards are fixed sooner after the report: \(fix)")
        #expect(fixAbl.high < 0, "through dispatch: \(fixAbl)")
        #expect(fixed.low > 0, "a larger share of hazards is fixed: \(fixed)")
        #expect(fixedAbl.low > 0, "through dispatch: \(fixedAbl)")
        #expect(Self.final(lever, "hazards_dispatched_total").allSatisfy { $0 > 0 }, "hazards dispatched on every replicate")
        #expect(Self.final(noDispatch, "hazards_dispatched_total").allSatisfy { $0 == 0 }, "none with dispatch share 0")

        // Escalation: the share of big issues fixed.
        let big = pairedDifference(col(mOn, 1), col(mOff, 1))
        let bigMoney = pairedDifference(col(mOn, 1), col(mNoMoney, 1))
        let bigWork = pairedDifference(col(mOn, 1), col(mNoWork, 1))
        let bigCount = pairedDifference(Self.final(lever, "big_resolved_total"), Self.final(off, "big_resolved_total"))
        print("dispatch: share of big issues fixed off \(Summary(col(mOff, 1)).mean); on − off \(describe(big)); on − no department money or work \(describe(bigMoney)); on − no department work \(describe(bigWork)); big fixed (count) on − off \(describe(bigCount)); escalated \(Summary(Self.final(lever, "issues_escalated_total")).mean)")
        #expect(big.low > 0, "a larger share of big issues is fixed: \(big)")
        #expect(bigMoney.low > 0, "through the departments' money and work: \(bigMoney)")
        // The departments' work alone adds about 0.04-0.10 to the share, its CI touching 0 at some seeds: reported, not asserted.

        Self.expectCostBooked("dispatch", on: lever, off: off)
        print("dispatch: cost \(Summary(Self.final(lever, "cost_dispatch")).mean) yuan, \(Summary(Self.final(lever, "staff_hours_dispatch")).mean) staff hours in two years")
    }

    // MARK: channels (§7.48)

    /// Channels (seeds/000-004). On vs off: working adults take part more.
    /// Ablations, one per channel: without chat groups, without the employer
    /// channel, without micro-classes working adults take part less; without
    /// live-streaming fewer working adults take part in sittings and work days
    /// (governance); without micro-philanthropy residents give less online
    /// (crowdfunding on in every arm). Beside it, evening office hours (P8),
    /// with both levers' costs, for comparison. 40 replicates: at 20 the
    /// chat-group and micro-class ablations (about +0.02 each) held at 17-19
    /// of 20 base seeds (docs/seed-robustness.md).
    static let channelReplicates = 40
    @Test func channelsLever() {
        let days = 365
        let window = 60...364
        let base: [String: Double] = ["crowdfunding.on": 1]
        let on = base.merging(["channels.on": 1]) { $1 }
        func with(_ k: String, _ v: Double) -> [String: Double] { on.merging([k: v]) { $1 } }
        // Working adults who took part in a sitting or work day in the last 30 days.
        let governance: @Sendable (World, Int) -> [Double] = { w, day in
            let since = Int32(day - 29)
            var n = 0.0, gov = 0.0
            for i in 0..<w.residents.count where w.residents.age[i] == AgeGroup.working.rawValue {
                n += 1
                if w.residents.lastGovernance[i] >= since { gov += 1 }
            }
            return [n > 0 ? gov / n : 0]
        }
        let (off, gOff) = Self.worldArm(base, days: days, households: 1000, window: window, replicates: Self.channelReplicates, sample: governance)
        let (lever, gOn) = Self.worldArm(on, days: days, households: 1000, window: window, replicates: Self.channelReplicates, sample: governance)
        let (_, gNoStream) = Self.worldArm(with("channels.stream_weight", 0), days: days, households: 1000, window: window, replicates: Self.channelReplicates, sample: governance)
        let col = "participation_rate_working"
        let work = pairedDifference(Self.mean(lever, col, window), Self.mean(off, col, window))
        let gov = pairedDifference(gOn.map { $0[0] }, gOff.map { $0[0] })
        print("channels: working adults' participation off \(Summary(Self.mean(off, col, window)).mean); on − off \(describe(work)); their governance rate off \(Summary(gOff.map { $0[0] }).mean), on − off \(describe(gov))")
        #expect(work.low > 0, "working adults take part more: \(work)")
        let ablations: [(String, String)] = [("chat groups", "channels.chat_share"), ("micro-classes", "channels.classes_per_month")]
        for (label, key) in ablations {
            let abl = Self.arm(with(key, 0), days: days, households: 1000, replicates: Self.channelReplicates)
            let d = pairedDifference(Self.mean(lever, col, window), Self.mean(abl, col, window))
            print("channels: on − no \(label) \(describe(d))")
            #expect(d.low > 0, "\(label): \(d)")
        }
        // Employer channel: half the working adults' employers paired (default 0.2), for a larger contrast, vs none.
        let employer = pairedDifference(Self.mean(Self.arm(with("channels.employer_share", 0.5), days: days, households: 1000, replicates: Self.channelReplicates), col, window),
                                        Self.mean(Self.arm(with("channels.employer_share", 0), days: days, households: 1000, replicates: Self.channelReplicates), col, window))
        print("channels: employer share 0.5 − none \(describe(employer))")
        #expect(employer.low > 0, "employer channel: \(employer)")
        let stream = pairedDifference(gOn.map { $0[0] }, gNoStream.map { $0[0] })
        print("channels: working adults' governance rate on − no live-streaming \(describe(stream))")
        #expect(stream.low > 0, "live-streaming: \(stream)")
        let noGifts = Self.arm(with("channels.gift_chance", 0), days: days, households: 1000, replicates: Self.channelReplicates)
        let gifts = pairedDifference(Self.final(lever, "cost_channels"), Self.final(noGifts, "cost_channels"))
        let funds = pairedDifference(Self.final(lever, "crowd_funds_total"), Self.final(noGifts, "crowd_funds_total"))
        print("channels: channels' money on − no micro-philanthropy (online gifts) \(describe(gifts)); crowd funds \(describe(funds))")
        #expect(gifts.low > 0, "residents give online: \(gifts)")
        Self.expectCostBooked("channels", on: lever, off: off)

        // P8-style comparison with evening office hours (reported, not asserted: at this size the office-hours gain is not robust).
        let office = Self.arm(base.merging(["office_hours.on": 1]) { $1 }, days: days, households: 1000, replicates: Self.channelReplicates)
        let oh = pairedDifference(Self.mean(office, col, window), Self.mean(off, col, window))
        let chMoney = Summary(Self.final(lever, "cost_channels")).mean, chHours = Summary(Self.final(lever, "staff_hours_channels")).mean
        let ohMoney = Summary(Self.final(office, "cost_office_hours")).mean, ohHours = Summary(Self.final(office, "staff_hours_office_hours")).mean
        print("channels vs office hours (one year): working participation on − off: channels \(describe(work)) at \(chMoney) yuan + \(chHours) staff hours; office hours \(describe(oh)) at \(ohMoney) yuan + \(ohHours) overtime hours")
    }
}
