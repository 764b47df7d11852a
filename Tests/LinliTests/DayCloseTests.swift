import CGSL
import Foundation
import Testing
@testable import Linli

/// The day's close (`Residents.closeDay`) runs one branch-free loop per state
/// variable, and turnover draws through `linli_first_move`, for speed
/// (Benchmarks/RESULTS.md, "City scale, fifth part"). Both claim the exact
/// numbers of the plain loops they replaced; these tests hold them to it, on
/// random states at the test base seed.
@Suite struct DayCloseTests {
    /// The plain fused loop the close replaced, written out as the reference.
    static func referenceClose(_ r: inout Residents, _ range: Range<Int>, _ k: Residents.DayClose) -> (active: Int, rare: [Int32]) {
        var active = 0
        var rare: [Int32] = []
        let decay = k.engagementDecay, gain = 1 - k.engagementDecay
        for i in range {
            let t = r.tookPart[i]
            r.engagement[i] = decay * r.engagement[i] + (t ? gain : 0)
            let hist = (r.history[i] << 1) | (t ? 1 : 0)
            r.history[i] = hist
            let role = r.role[i]
            if t {
                r.fatigue[i] = min(1, r.fatigue[i] + k.fatigueGain + (role == Role.post.rawValue ? k.overloadFatigue : (Role.isChief(role) ? k.chiefOverload : 0)))
                r.trust[i] += k.participationTrust * (1 - r.trust[i])
            } else {
                r.fatigue[i] *= k.fatigueKeep
            }
            var m = r.motivation[i]
            m += k.motivationDrift * (r.motivationBase[i] - m)
            if r.paidToday[i] { m -= k.crowding * m }
            r.motivation[i] = m
            r.belonging[i] += k.relax * (k.belongingTarget - r.belonging[i])
            r.trust[i] += k.relax * (k.trustTarget - r.trust[i])
            r.satisfaction[i] += k.satisfactionRelax * (0.5 - r.satisfaction[i])
            let isActive = (hist & Residents.window30).nonzeroBitCount >= 4
            r.activePrev[i] = isActive
            active += isActive ? 1 : 0
            r.activeStreak[i] = isActive ? r.activeStreak[i] &+ (r.activeStreak[i] < UInt16.max ? 1 : 0) : 0
            r.tookPart[i] = false
            r.paidToday[i] = false
            if r.talent[i] == TalentState.engaged.rawValue || role == Role.post.rawValue { rare.append(Int32(i)) }
        }
        if k.monthEnd { for i in range { r.contributions[i] = 0 } }
        return (active, rare)
    }

    static func randomResidents(_ n: Int, _ rng: inout XoshiroStream) -> Residents {
        var r = Residents()
        func unit(_ rng: inout XoshiroStream) -> Float { Float(rng.uniform()) }
        for _ in 0..<n {
            r.household.append(0)
            r.engagement.append(unit(&rng)); r.fatigue.append(rng.uniform() < 0.2 ? 1e-9 * unit(&rng) : unit(&rng))
            r.motivation.append(unit(&rng)); r.motivationBase.append(unit(&rng))
            r.belonging.append(unit(&rng)); r.trust.append(unit(&rng)); r.satisfaction.append(unit(&rng))
            r.history.append(UInt32(truncatingIfNeeded: rng.next()) & (rng.uniform() < 0.5 ? 0x1111_1111 : ~0))
            r.activeStreak.append(rng.uniform() < 0.05 ? UInt16.max - UInt16(rng.below(2)) : UInt16(rng.below(400)))
            r.activePrev.append(rng.uniform() < 0.5)
            r.tookPart.append(rng.uniform() < 0.3); r.paidToday.append(rng.uniform() < 0.1)
            r.role.append(UInt8(rng.below(Role.rawCount)))
            r.talent.append(UInt8(rng.below(TalentState.rawCount)))
            r.contributions.append(UInt16(rng.below(5)))
        }
        return r
    }

    @Test func closeIsTheFusedLoopBitForBit() {
        var rng = XoshiroStream(seed: testBaseSeed, replicate: 0, stream: 31)
        var rare = ContiguousArray<Int32>()
        for trial in 0..<200 {
            let n = 1 + rng.below(300)
            let base = Self.randomResidents(n, &rng)
            let lo = rng.below(n), hi = lo + rng.below(n - lo + 1)
            let k = Residents.DayClose(engagementDecay: Float(rng.uniform()), fatigueGain: 0.15, overloadFatigue: 0.05,
                                       chiefOverload: 0.03, fatigueKeep: 0.9, motivationDrift: 1 / 365, crowding: Float(rng.uniform()),
                                       relax: 0.01, belongingTarget: Float(rng.uniform()), trustTarget: Float(rng.uniform()),
                                       satisfactionRelax: 1 / 180, participationTrust: 0.01, monthEnd: rng.uniform() < 0.5)
            var fast = base, slow = base
            rare.removeAll()
            let active = fast.closeDay(lo..<hi, k, rare: &rare)
            let reference = Self.referenceClose(&slow, lo..<hi, k)
            let what = "trial \(trial): n \(n), range \(lo)..<\(hi)"
            #expect(active == reference.active, "\(what)")
            #expect(Array(rare) == reference.rare, "\(what)")
            func bits(_ x: ContiguousArray<Float>) -> [UInt32] { x.map(\.bitPattern) }
            #expect(bits(fast.engagement) == bits(slow.engagement), "\(what)")
            #expect(bits(fast.fatigue) == bits(slow.fatigue), "\(what)")
            #expect(bits(fast.motivation) == bits(slow.motivation), "\(what)")
            #expect(bits(fast.trust) == bits(slow.trust), "\(what)")
            #expect(bits(fast.belonging) == bits(slow.belonging), "\(what)")
            #expect(bits(fast.satisfaction) == bits(slow.satisfaction), "\(what)")
            #expect(fast.history == slow.history, "\(what)")
            #expect(fast.activeStreak == slow.activeStreak, "\(what)")
            #expect(fast.activePrev == slow.activePrev, "\(what)")
            #expect(fast.tookPart == slow.tookPart, "\(what)")
            #expect(fast.paidToday == slow.paidToday, "\(what)")
            #expect(fast.contributions == slow.contributions, "\(what)")
        }
    }

    @Test func atLeastFourIsAPopulationCount() {
        for x in UInt32(0)..<(1 << 16) {
            #expect(Residents.atLeastFour(x) == (x.nonzeroBitCount >= 4))
            let high = x << 16 | x >> 3
            #expect(Residents.atLeastFour(high) == (high.nonzeroBitCount >= 4))
        }
    }

    @Test func hasByteFindsExactlyTheWordsHoldingTheValue() {
        var rng = XoshiroStream(seed: testBaseSeed, replicate: 0, stream: 32)
        for _ in 0..<100_000 {
            let value = UInt8(rng.below(6))
            // Bytes from a small alphabet, so the value and its neighbours are common.
            var word: UInt64 = 0
            for b in 0..<8 { word |= UInt64(rng.below(7)) << UInt64(8 * b) }
            let naive = (0..<8).contains { UInt8(truncatingIfNeeded: word >> UInt64(8 * $0)) == value }
            #expect(Residents.hasByte(word, value) == naive)
        }
    }

    /// `linli_first_move` must consume exactly the uniforms a loop of
    /// `uniform() < hazard` would, and stop at the same households.
    @Test func firstMoveDrawsAsTheLoop() {
        var pick = XoshiroStream(seed: testBaseSeed, replicate: 0, stream: 33)
        for trial in 0..<50 {
            let n = 1 + pick.below(500)
            let tenure = ContiguousArray((0..<n).map { _ in UInt8(pick.below(3)) })
            let owner = 0.01 + 0.1 * pick.uniform(), other = 0.02 + 0.3 * pick.uniform()
            let a = RandomStream(seed: testBaseSeed, replicate: trial, stream: 5)
            let b = RandomStream(seed: testBaseSeed, replicate: trial, stream: 5)
            var viaLoop: [Int] = [], viaShim: [Int] = []
            for h in 0..<n where a.uniform() < (tenure[h] == Tenure.owner.rawValue ? owner : other) {
                viaLoop.append(h)
                _ = a.uniform()                      // a draw in between, as moveIn makes
            }
            var h = 0
            while h < n {
                h = tenure.withUnsafeBufferPointer { linli_first_move(b.rng, $0.baseAddress!, h, n, Tenure.owner.rawValue, owner, other) }
                guard h < n else { break }
                viaShim.append(h)
                _ = b.uniform()
                h += 1
            }
            #expect(viaShim == viaLoop, "trial \(trial)")
            #expect(a.uniform() == b.uniform(), "trial \(trial): the streams went out of step")
        }
    }
}
