import Testing
@testable import Linli

@Suite struct DecisionTests {
    /// A world of one small community whose resident 0 we adjust.
    func world(_ sets: [String: Double] = [:]) -> World {
        World(scenario: testScenario(households: 50, replicates: 1, sets), replicate: 0)
    }

    @Test func logitMovesInTheDocumentedDirection() {
        var w = world()
        let i = 0
        let base = w.participationLogit(i, .event, day: 10, paid: false)
        func with(_ change: (inout World) -> Void) -> Float {
            var v = w; change(&v); return v.participationLogit(i, .event, day: 10, paid: false)
        }
        #expect(with { $0.residents.motivation[i] += 0.2 } > base)
        #expect(with { $0.residents.belonging[i] += 0.2 } > base)
        #expect(with { $0.residents.trust[i] += 0.2 } > base)
        #expect(with { $0.residents.fatigue[i] += 0.5 } < base)
        #expect(with { $0.residents.recognisedUntil[i] = 10 } > base)
        #expect(with { $0.residents.recognisedUntil[i] = 9 } == base, "recognition lapses after its day")
        #expect(with { $0.residents.role[i] = Role.post.rawValue } > base)
        #expect(w.participationLogit(i, .event, day: 10, paid: true) > base)
        // Costs: one's own group's meeting is easier than an event.
        #expect(w.participationLogit(i, .meeting, day: 10, paid: false) > base)
        // Exact value: the documented formula with S = 0 (nobody active yet).
        let d = w.params.decision
        let r = w.residents
        let expected = d.beta0 + d.bMu * r.motivation[i] + d.bB * r.belonging[i] + d.bTau * r.trust[i]
            - d.bPhi * r.fatigue[i] - d.cost[Opportunity.event.rawValue]
        #expect(abs(base - expected) < 1e-5)
        w.residents.activePrev[i] = true
    }

    @Test func socialPullIsComplexContagionCappedAtOne() {
        var w = world()
        let i = 0
        var contacts = [Int](); w.ties.forEach(i) { contacts.append($0) }
        #expect(!contacts.isEmpty)
        #expect(w.socialPull(i) == 0)
        w.residents.theta[i] = 0.5
        w.residents.activePrev[contacts[0]] = true
        let expected = min(1, Float(1) / (Float(contacts.count) * 0.5))
        #expect(abs(w.socialPull(i) - expected) < 1e-6)
        for j in contacts { w.residents.activePrev[j] = true }
        #expect(w.socialPull(i) == 1, "capped at 1")
    }

    @Test func offerAppliesImmediateEffectsOnlyOncePerDay() {
        var w = world(["decision.beta0": 10])   // everyone accepts
        let rng = RandomStream(seed: 1, replicate: 0, stream: 99)
        let b0 = w.residents.belonging[0]
        let took = w.offer(0, .event, day: 0, rng: rng)
        #expect(took)
        #expect(w.residents.tookPart[0])
        #expect(w.residents.belonging[0] > b0)
        let again = w.offer(0, .meeting, day: 0, rng: rng)
        #expect(!again, "one participation a day")
        #expect(w.participantsToday[0] == 1)
        var never = world(["decision.beta0": -10])
        let refused = never.offer(0, .event, day: 0, rng: rng)
        #expect(!refused)
    }

    @Test func engagementHasAThirtyDayHalfLife() {
        var w = world(["decision.beta0": 10])
        let rng = RandomStream(seed: 1, replicate: 0, stream: 99)
        w.offer(0, .event, day: 0, rng: rng)
        w.updateSlowVariables(0, CalendarDay(0))
        let e0 = w.residents.engagement[0]
        #expect(e0 > 0)
        for d in 1...30 { w.updateSlowVariables(0, CalendarDay(d)) }
        #expect(abs(w.residents.engagement[0] / e0 - 0.5) < 1e-3)
        #expect(w.residents.history[0] == 1 << 30, "history shifted once a day")
    }
}
