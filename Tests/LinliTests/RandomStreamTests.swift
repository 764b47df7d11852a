import Testing
import CGSL
@testable import Linli

@Suite struct RandomStreamTests {
    @Test func sameSeedReplicateStreamGivesSameSequence() {
        let a = RandomStream(seed: 42, replicate: 3, stream: 9)
        let b = RandomStream(seed: 42, replicate: 3, stream: 9)
        for _ in 0..<1000 { #expect(a.uniform() == b.uniform()) }
    }

    @Test func streamsDifferBySeedReplicateAndStream() {
        func first(_ s: RandomStream) -> [Double] { (0..<8).map { _ in s.uniform() } }
        let base = first(RandomStream(seed: 42, replicate: 0, stream: 0))
        #expect(first(RandomStream(seed: 43, replicate: 0, stream: 0)) != base)
        #expect(first(RandomStream(seed: 42, replicate: 1, stream: 0)) != base)
        #expect(first(RandomStream(seed: 42, replicate: 0, stream: 1)) != base)
    }

    /// Neighbouring streams are uncorrelated and each is uniform: the sample
    /// correlation of 20,000 pairs lies within ±4 standard errors of 0 and the
    /// mean within ±4 standard errors of 1/2.
    @Test func neighbouringStreamsAreIndependentAndUniform() {
        let n = 20_000
        for (r1, s1, r2, s2) in [(0, 0, 0, 1), (0, 0, 1, 0), (5, 17, 6, 17)] {
            let a = RandomStream(seed: 1, replicate: r1, stream: UInt64(s1))
            let b = RandomStream(seed: 1, replicate: r2, stream: UInt64(s2))
            var x = [Double](), y = [Double]()
            for _ in 0..<n { x.append(a.uniform()); y.append(b.uniform()) }
            let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
            #expect(abs(mx - 0.5) < 4 * (1 / 12.0).squareRoot() / Double(n).squareRoot())
            var cov = 0.0, vx = 0.0, vy = 0.0
            for k in 0..<n { cov += (x[k] - mx) * (y[k] - my); vx += (x[k] - mx) * (x[k] - mx); vy += (y[k] - my) * (y[k] - my) }
            let r = cov / (vx * vy).squareRoot()
            #expect(abs(r) < 4 / Double(n).squareRoot())
        }
    }

    /// GSL's distributions draw from Linli's generator: Beta(2,5) has mean 2/7.
    @Test func gslDistributionsUseTheStream() {
        let s = RandomStream(seed: 5, replicate: 0, stream: 0)
        let n = 20_000
        let m = (0..<n).map { _ in s.beta(2, 5) }.reduce(0, +) / Double(n)
        let sd = (2.0 * 5 / (49 * 8)).squareRoot()
        #expect(abs(m - 2.0 / 7) < 4 * sd / Double(n).squareRoot())
        // And the generator is the registered xoshiro type.
        #expect(String(cString: gsl_rng_name(s.rng)) == "linli-xoshiro256++")
    }

    @Test func belowStaysInRange() {
        let s = RandomStream(seed: 9, replicate: 0, stream: 0)
        var seen = Set<Int>()
        for _ in 0..<10_000 { let k = s.below(7); #expect((0..<7).contains(k)); seen.insert(k) }
        #expect(seen.count == 7)
    }
}
