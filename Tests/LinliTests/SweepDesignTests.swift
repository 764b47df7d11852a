import CGSL
import Foundation
import Testing
@testable import Linli

/// Designs: where the points go.
@Suite struct SweepDesignTests {
    @Test(arguments: [1, 7, 50, 333])
    func latinHypercubeHitsEveryStratumOnceInEachDimension(_ n: Int) {
        let k = 4
        let u = LatinHypercubeDesign.units(points: n, dimensions: k, seed: 99)
        #expect(u.count == n)
        for d in 0..<k {
            let strata = u.map { Int($0[d] * Double(n)) }.sorted()
            #expect(strata == Array(0..<n), "dimension \(d): strata not a permutation")
            #expect(u.allSatisfy { $0[d] >= 0 && $0[d] < 1 })
        }
        // Dimensions are matched by independent permutations, not in lockstep.
        if n > 7 { #expect(u.map { Int($0[0] * Double(n)) } != u.map { Int($0[1] * Double(n)) }) }
        // Same seed, same points; another seed, other points.
        #expect(LatinHypercubeDesign.units(points: n, dimensions: k, seed: 99) == u)
        if n > 1 { #expect(LatinHypercubeDesign.units(points: n, dimensions: k, seed: 100) != u) }
    }

    @Test func latinHypercubeMapsStrataThroughTheFactorScale() {
        let f = SweepFactor(key: "decision.beta0", scale: .linear, range: -4...(-2))
        let n = 10
        let values = LatinHypercubeDesign.units(points: n, dimensions: 1, seed: 1).map { f.value(unit: $0[0]) }
        let strata = values.map { Int(($0 + 4) / 2 * Double(n)) }.sorted()
        #expect(strata == Array(0..<n))
    }

    /// GSL's Sobol sequence, as printed by a C program calling gsl_qrng_sobol directly.
    @Test func sobolFirstPointsMatchGSL() {
        let expected: [[Double]] = [
            [0.5, 0.5, 0.5], [0.75, 0.25, 0.75], [0.25, 0.75, 0.25],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.375],
        ]
        #expect(SobolSequence.points(6, dimensions: 3) == expected)
        #expect(SobolSequence.points(3, dimensions: 3, skip: 3) == Array(expected[3...]))
        // And the same numbers as calling GSL here.
        let q = gsl_qrng_alloc(linli_qrng_sobol(), 5)!
        defer { gsl_qrng_free(q) }
        var v = [Double](repeating: 0, count: 5)
        for p in SobolSequence.points(64, dimensions: 5) {
            _ = v.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
            #expect(p == v)
        }
    }

    /// Points 0..<2^m, with the all-zero point GSL omits, are a (0, m, 2)-net in
    /// the first two dimensions: every elementary box of volume 2^-m holds one point.
    @Test func sobolBlocksAreNets() {
        let m = 6, n = 1 << m
        let pts = [[0.0, 0.0]] + SobolSequence.points(n - 1, dimensions: 2)
        for a in 0...m {
            let cols = 1 << a, rows = 1 << (m - a)
            var boxes = Set<Int>()
            for p in pts { boxes.insert(Int(p[0] * Double(cols)) * rows + Int(p[1] * Double(rows))) }
            #expect(boxes.count == n, "boxes \(cols)×\(rows) not each hit once")
        }
        // Each dimension of the first 2^m − 1 points alone misses exactly the stratum of 0.
        for d in 0..<8 {
            let strata = Set(SobolSequence.points(n - 1, dimensions: 8).map { Int($0[d] * Double(n)) })
            #expect(strata == Set(1..<n), "dimension \(d)")
        }
    }

    @Test func factorialEnumeratesEveryCombinationFirstFactorSlowest() {
        let factors = [
            SweepFactor(key: "a", scale: .boolean),
            SweepFactor(key: "b", scale: .categorical, levels: [10, 20, 30]),
            SweepFactor(key: "c", scale: .linear, range: 0...1, count: 2),
        ]
        let (values, units) = SweepDesign.factorial.generate(factors: factors, seed: 1)
        #expect(units == nil)
        #expect(values.count == 12)
        #expect(values[0] == [0, 10, 0])
        #expect(values[1] == [0, 10, 1])
        #expect(values[2] == [0, 20, 0])
        #expect(values[11] == [1, 30, 1])
        let distinct = Set(values.map { v in v.map { "\($0)" }.joined(separator: ",") })
        #expect(distinct.count == 12)
    }

    @Test func factorLevelsAndScales() {
        #expect(SweepFactor(key: "x", scale: .linear, range: 0...1, count: 5).factorialLevels == [0, 0.25, 0.5, 0.75, 1])
        let log = SweepFactor(key: "x", scale: .log, range: 0.001...1, count: 4).factorialLevels
        #expect(zip(log, [0.001, 0.01, 0.1, 1]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(SweepFactor(key: "x", scale: .integer, range: 2...5).factorialLevels == [2, 3, 4, 5])
        #expect(SweepFactor(key: "x", scale: .integer, range: 0...10, count: 3).factorialLevels == [0, 5, 10])
        // Integer bins: each integer gets an equal share of the unit range.
        let i = SweepFactor(key: "x", scale: .integer, range: 1...4)
        #expect([0, 0.24, 0.25, 0.5, 0.99, 1].map { i.value(unit: $0) } == [1, 1, 2, 3, 4, 4])
        let b = SweepFactor(key: "x", scale: .boolean)
        #expect([0, 0.49, 0.5, 1].map { b.value(unit: $0) } == [0, 0, 1, 1])
        let l = SweepFactor(key: "x", scale: .log, range: 1...100)
        #expect(abs(l.value(unit: 0.5) - 10) < 1e-12)
        #expect(l.value(unit: 0) == 1 && abs(l.value(unit: 1) - 100) < 1e-12)
    }

    @Test func saltelliMatricesShareColumnsAsTheSchemeRequires() {
        let k = 3, n = 8
        let u = SaltelliDesign.units(baseSamples: n, dimensions: k, skip: 1)
        let layout = SaltelliDesign.Layout(factors: k)
        #expect(u.count == n * (k + 2))
        let base = SobolSequence.points(n, dimensions: 2 * k, skip: 1)
        for j in 0..<n {
            #expect(u[layout.a(j)] == Array(base[j][0..<k]))
            #expect(u[layout.b(j)] == Array(base[j][k...]))
            for i in 0..<k {
                for c in 0..<k { #expect(u[layout.ab(j, factor: i)][c] == (c == i ? base[j][k + c] : base[j][c])) }
            }
        }
    }

    @Test(arguments: [4, 6])
    func morrisTrajectoriesMoveOneFactorByDeltaOnTheGrid(_ p: Int) {
        let k = 5, r = 40
        let u = MorrisDesign.units(trajectories: r, dimensions: k, levels: p, seed: 3)
        let delta = MorrisDesign.delta(levels: p)
        #expect(u.count == r * (k + 1))
        let grid = (0..<p).map { Double($0) / Double(p - 1) }
        for t in 0..<r {
            var moved = Set<Int>()
            for m in 1...k {
                let a = u[t * (k + 1) + m - 1], b = u[t * (k + 1) + m]
                let changed = (0..<k).filter { a[$0] != b[$0] }
                #expect(changed.count == 1)
                if let i = changed.first {
                    #expect(abs(abs(b[i] - a[i]) - delta) < 1e-12)
                    moved.insert(i)
                }
            }
            #expect(moved.count == k, "every factor moves once per trajectory")
            for x in u[(t * (k + 1))..<((t + 1) * (k + 1))] {
                #expect(x.allSatisfy { v in grid.contains { abs($0 - v) < 1e-12 } })
            }
        }
        // Directions and orders vary across trajectories.
        let firstMoved = (0..<r).map { t in (0..<k).first { u[t * (k + 1)][$0] != u[t * (k + 1) + 1][$0] }! }
        #expect(Set(firstMoved).count > 1)
    }

    @Test func runSeedsDeriveFromSweepSeedPointAndReplicate() throws {
        var sweep = Sweep(name: "s", source: .function(.standardIshigami), seed: 5, replicates: 3,
                          design: .sobol(points: 4, skip: 0), factors: [SweepFactor(key: "x1", scale: .linear, range: 0...1)],
                          metrics: ["y"])
        let plan = SweepPlan(sweep)
        #expect(plan.runCount == 12)
        #expect(plan.run(7).point == 2 && plan.run(7).replicate == 1)
        #expect(plan.run(7).seed == linli_run_seed(5, 2, 1))
        let seeds = (0..<12).map { plan.run($0).seed }
        #expect(Set(seeds).count == 12)
        sweep.commonRandomNumbers = true
        let crn = SweepPlan(sweep)
        #expect(crn.run(1).seed == crn.run(4).seed, "replicate 1 of points 0 and 1 share a seed")
        #expect(crn.run(0).seed != crn.run(1).seed)
        #expect(plan.runs(shard: Shard(index: 1, count: 5)) == [1, 6, 11])
    }

    @Test func shardsParseAndComeFromSlurm() {
        #expect(Shard(parsing: "2/5") == Shard(index: 2, count: 5))
        for bad in ["5/5", "-1/3", "1", "a/b", "1/0", ""] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
        #expect(Shard(slurmEnvironment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(index: 3, count: 4))
        #expect(Shard(slurmEnvironment: ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1"]) == Shard(index: 3, count: 4))
        #expect(Shard(slurmEnvironment: ["SLURM_ARRAY_TASK_ID": "3"]) == nil)
    }
}
