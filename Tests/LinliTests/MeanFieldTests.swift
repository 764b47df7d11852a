import Foundation
import Testing
@testable import Linli

/// The mean-field check (issue 17, docs/ODD.md §8): the ODE of the
/// participation core against a closed form, and the ABM on a well-mixed
/// population against the ODE at two sizes.
@Suite struct MeanFieldTests {
    /// The check's population (as scenarios/meanfield.yaml): one community of
    /// one-person households, half retirees and half working adults, 10% party
    /// members, no problems, talents or visits, weekday events heard by all,
    /// owners who stay, a well-mixed social pull.
    static func population(households: Int, replicates: Int = 20, days: Int = 365,
                           _ sets: [String: Double] = [:]) -> Scenario {
        var p = Parameters()
        let base: [String: Double] = [
            "ties.well_mixed": 1, "party.events_per_week": 5, "party.event_reach": 1,
            "slow.owner_stay_days": 365_000,
        ]
        for (k, v) in base.merging(sets, uniquingKeysWith: { $1 }) { p[k] = v }
        for (k, v) in testOverrides { p[k] = v }
        let overrides: [String: Double] = [
            "household_size": 1, "share_child": 0, "share_teen": 0, "share_working": 0.5, "share_flexible": 0,
            "share_retiree": 0.5, "tenant_share": 0, "sublandlord_share": 0, "party_share": 0.1,
            "talent_share": 0, "staff_per_1000": 0, "issue_rate_factor": 0,
        ]
        return Scenario(name: "meanfield", seed: testBaseSeed, replicates: replicates, days: days,
                        communities: [CommunitySpec(name: "c0", type: .oldCompound, households: households,
                                                    buildings: max(1, households / 50), overrides: overrides)],
                        parameters: p)
    }

    /// Per replicate, the largest distance over days between its active share and the ODE's.
    static func replicateGaps(_ runs: [MeanFieldModel.Curves], _ ode: MeanFieldModel.Curves) -> [Double] {
        runs.map { r in zip(r.values[0], ode.values[0]).map { abs($0 - $1) }.max()! }
    }

    /// Largest (|ABM mean − ODE| − q)/se over days of the active share, se =
    /// sd/√replicates, and at least the binomial √(a(1−a)/N)/√replicates of the
    /// ODE's share a (early on every replicate may show the same 0: sd = 0).
    static func standardisedGap(_ c: MeanFieldCheck.Comparison, _ q: Double) -> Double {
        var z = 0.0
        for d in 0..<c.days {
            let s = c.abm[0][d], a = c.ode.values[0][d]
            let binomial = (a * (1 - a) / Double(c.residents)).squareRoot()
            let se = max(s.sd, binomial) / Double(s.n).squareRoot()
            let g = max(0, abs(s.mean - c.ode.values[0][d]) - q)
            if g > 0 { z = max(z, se > 0 ? g / se : .infinity) }
        }
        return z
    }

    @Test func odeMatchesClosedFormWithoutFeedback() {
        // No social pull, no fatigue feedback, no gains, one class: the chance of
        // taking part on an event day is a constant q = reach·a·σ(x), so
        // E and φ follow their daily recurrences exactly (E ← λE + (1−λ)q,
        // φ ← (1 − r(1−q))φ + gq) and the active share is a binomial tail over
        // the event days in the window.
        var sc = Self.population(households: 100, days: 120, [
            "decision.beta_social": 0, "decision.beta_fatigue": 0, "decision.belonging_gain": 0,
            "slow.participation_trust": 0,
        ])
        sc.communities[0].overrides["share_working"] = 0
        sc.communities[0].overrides["share_retiree"] = 1
        sc.communities[0].overrides["party_share"] = 0
        let m = MeanFieldModel(scenario: sc, nodes: .init(theta: 1, motivation: 1, belonging: 1, trust: 1))
        #expect(m.classes.count == 1)
        let ode = m.solve(days: sc.days)
        let c = m.classes[0]
        let x = m.beta0 + m.betaMotivation * c.mu + m.betaBelonging * c.belonging0 + m.betaTrust * c.trust0 - m.costEvent
        let q = m.availability[Int(AgeGroup.retiree.rawValue)][0] / (1 + exp(-x))
        let lambda = pow(2, -1 / m.engagementHalfLife)
        var e = 0.0, phi = 0.0
        var eventDays: [Bool] = []
        var worst = 0.0
        for d in 0..<sc.days {
            let event = d % 7 < 5
            eventDays.append(event)
            let qd = event ? q : 0
            e = lambda * e + (1 - lambda) * qd
            phi = (1 - m.fatigueRecovery * (1 - qd)) * phi + m.fatigueGain * qd
            let n = eventDays.suffix(30).filter { $0 }.count
            var below4 = 0.0
            for j in 0..<min(4, n + 1) {
                below4 += Double(binomial(n, j)) * pow(q, Double(j)) * pow(1 - q, Double(n - j))
            }
            let active = 1 - below4
            worst = max(worst, abs(ode["engagement_mean"][d] - e), abs(ode["fatigue_mean"][d] - phi),
                        abs(ode["active_share"][d] - active))
            worst = max(worst, abs(ode["belonging_mean"][d] - c.belonging0), abs(ode["trust_mean"][d] - c.trust0))
        }
        print("mean-field ODE vs closed form: q = \(q), largest error \(worst)")
        #expect(q > 0.05)
        #expect(worst < 1e-7)
    }

    @Test func abmFollowsOdeWithFiniteSizeNoise() {
        // Without fatigue feedback (β_φ = 0) the ODE's closure is exact up to the
        // quadrature of the Beta draws: residents of a class are then independent
        // given yesterday's active share a(t), and a(t) of N residents is a mean of
        // N such indicators, so the ABM's curves scatter about the ODE with sd
        // ∝ 1/√N. Tolerance: on each day the ABM mean − ODE is the quadrature
        // error Q (measured below with 1.5 times the θ nodes, which dominate it:
        // under 0.001) plus t₁₉·se, se = sd/√20; over 365 days whose noise is
        // correlated over ~30 days (about 12 independent looks), max |t₁₉| > 4.5
        // has a chance of about 0.3% (two sizes: 0.6%), so max over days
        // (|mean − ODE| − Q)/se ≤ 4.5.
        // Between N and 4N the per-replicate distance to the ODE halves: ratio 2,
        // accepted in [1.5, 2.7] (the ratio of two means of 20 maxima).
        let sets: [String: Double] = ["decision.beta_fatigue": 0]
        let small = Self.population(households: 500, sets), large = Self.population(households: 2000, sets)
        let clock = ContinuousClock.now
        let ode = MeanFieldModel(scenario: large).solve(days: large.days)
        let fine = MeanFieldModel(scenario: large, nodes: .init(theta: 36)).solve(days: large.days)
        let quadrature = zip(ode.values[0], fine.values[0]).map { abs($0 - $1) }.max()!
        let runsSmall = MeanFieldCheck.abmCurves(small, jobs: 2)
        let runsLarge = MeanFieldCheck.abmCurves(large, jobs: 2)
        let gapSmall = Summary(Self.replicateGaps(runsSmall, ode)), gapLarge = Summary(Self.replicateGaps(runsLarge, ode))
        let cSmall = MeanFieldCheck.Comparison(ode: ode, runs: runsSmall, residents: 500)
        let cLarge = MeanFieldCheck.Comparison(ode: ode, runs: runsLarge, residents: 2000)
        let ratio = gapSmall.mean / gapLarge.mean
        print("mean-field N=500: replicate gap \(gapSmall.mean) [\(gapSmall.ciLow), \(gapSmall.ciHigh)], mean gap \(cSmall.largestGap(0).gap), beyond CI \(cSmall.largestGapBeyondCI(0))")
        print("mean-field N=2000: replicate gap \(gapLarge.mean) [\(gapLarge.ciLow), \(gapLarge.ciHigh)], mean gap \(cLarge.largestGap(0).gap), beyond CI \(cLarge.largestGapBeyondCI(0))")
        print("mean-field: ratio \(ratio), quadrature error \(quadrature), final active share ODE \(ode.values[0].last!), \((clock.duration(to: .now)))")
        // The population moves: the social feedback carries the active share well above its start.
        #expect(ode.values[0].last! > 0.1)
        #expect(quadrature < 0.001)
        #expect(ratio > 1.5 && ratio < 2.7)
        let zSmall = Self.standardisedGap(cSmall, quadrature), zLarge = Self.standardisedGap(cLarge, quadrature)
        print("mean-field: standardised gap N=500 \(zSmall), N=2000 \(zLarge)")
        #expect(zSmall <= 4.5)
        #expect(zLarge <= 4.5)

        // A perturbed ODE (β_S + 0.3, one coefficient) is told apart at the same tolerance.
        var wrong = MeanFieldModel(scenario: large)
        wrong.betaSocial += 0.3
        let cWrong = MeanFieldCheck.Comparison(ode: wrong.solve(days: large.days), runs: runsLarge, residents: 2000)
        print("mean-field perturbed β_S: gap \(cWrong.largestGap(0).gap), beyond CI \(cWrong.largestGapBeyondCI(0))")
        #expect(Self.standardisedGap(cWrong, quadrature) > 4 * 4.5)
        #expect(cWrong.largestGapBeyondCI(0) > 0.02)
        #expect(Summary(Self.replicateGaps(runsLarge, cWrong.ode)).ciLow > gapLarge.ciHigh)
    }

    @Test func cliRefusesWhatTheOdeDoesNotCover() throws {
        let r = try CLITests.linli(["meanfield", "scenarios/baseline.yaml", "--replicates", "2", "--days", "5"])
        #expect(r.status == 1)
        for reason in ["issue_rate_factor", "talent_share", "staff_per_1000"] {
            #expect(r.stderr.contains(reason), "no reason \(reason): \(r.stderr)")
        }
        let levers = try CLITests.linli(["meanfield", "scenarios/meanfield.yaml", "--days", "5", "--set", "posts.on=true"])
        #expect(levers.status == 1)
        #expect(levers.stderr.contains("posts"), "stderr: \(levers.stderr)")
    }

    @Test func cliWritesTheSameCurvesWhateverJobs() throws {
        let dir = CLITests.tempDir()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var texts: [String] = []
        for jobs in ["1", "2"] {
            let csv = dir.appendingPathComponent("mf-\(jobs).csv")
            let r = try CLITests.linli(["meanfield", "scenarios/meanfield.yaml", "--days", "40", "--replicates", "3",
                                        "--jobs", jobs, "--csv", csv.path])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout.contains("largest gap |ABM mean − ODE|"))
            #expect(r.stdout.contains("ignored: household turnover"))
            texts.append(try String(contentsOf: csv, encoding: .utf8))
        }
        #expect(texts[0] == texts[1])
        let lines = texts[0].split(separator: "\n")
        #expect(lines.count == 41)
        #expect(lines[0].hasPrefix("day,ode_active_share,abm_active_share_mean,abm_active_share_ci95_low,abm_active_share_ci95_high"))
    }

    private func binomial(_ n: Int, _ k: Int) -> Double {
        var r = 1.0
        for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
        return r
    }
}
