import Foundation
import Testing
@testable import Linli

/// Sobol and Morris estimators against analytic values, on test functions
/// that the sweep engine drives like the Linli model (sweep file → runs →
/// run store → `SensitivityAnalysis`).
@Suite struct SensitivityTests {
    /// Writes a sweep file into a new directory, runs it there and returns the directory.
    static func runSweep(_ yaml: String, jobs: Int = 2) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-sens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("sweep.in.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let plan = SweepPlan(try SweepLoader.load(path: file.path))
        let out = dir.appendingPathComponent("out")
        let execution = SweepExecution(plan: plan, directory: out, jobs: jobs)
        let coverage = try execution.run(try execution.prepare())
        #expect(coverage.isComplete)
        return out
    }

    static func sobolEstimates(_ dir: URL) throws -> [SobolIndices.Estimate] {
        guard case .sobol(let m) = try SensitivityAnalysis.analyze(directory: dir, bootstrap: 500) else {
            Issue.record("expected Sobol indices"); return []
        }
        return m[0].estimates
    }

    /// Ishigami (a = 7, b = 0.1), N = 8192 Sobol-sequence rows (8192 × 5 runs):
    /// every S1 and ST within 0.02 of the analytic value, and inside its bootstrap 95% CI.
    @Test func sobolIndicesOfIshigami() throws {
        let dir = try Self.runSweep("""
            name: ishigami-test
            model: ishigami
            design: {type: saltelli, base_samples: 8192}
            factors: [{key: x1}, {key: x2}, {key: x3}]
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let estimates = try Self.sobolEstimates(dir)
        let exact = TestFunction.standardIshigami.analyticIndices!
        #expect(estimates.map(\.factor) == ["x1", "x2", "x3"])
        for (i, e) in estimates.enumerated() {
            #expect(abs(e.s1 - exact.first[i]) < 0.02, "S1 x\(i + 1): \(e.s1) vs \(exact.first[i])")
            #expect(abs(e.st - exact.total[i]) < 0.02, "ST x\(i + 1): \(e.st) vs \(exact.total[i])")
            #expect(e.s1Low <= exact.first[i] && exact.first[i] <= e.s1High, "S1 CI of x\(i + 1) misses the analytic value")
            #expect(e.stLow <= exact.total[i] && exact.total[i] <= e.stHigh, "ST CI of x\(i + 1) misses the analytic value")
            #expect(e.s1High - e.s1Low < 0.1)
        }
    }

    /// Sobol's g-function, a = (0, 1, 4.5, 9, 99, 99, 99, 99), N = 8192: every
    /// index within 0.02 of the analytic value.
    @Test func sobolIndicesOfGFunction() throws {
        let dir = try Self.runSweep("""
            name: g-test
            model: g_function
            design: {type: saltelli, base_samples: 8192}
            factors: [{key: x1}, {key: x2}, {key: x3}, {key: x4}, {key: x5}, {key: x6}, {key: x7}, {key: x8}]
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let estimates = try Self.sobolEstimates(dir)
        let exact = TestFunction.standardGFunction.analyticIndices!
        for (i, e) in estimates.enumerated() {
            #expect(abs(e.s1 - exact.first[i]) < 0.02, "S1 x\(i + 1): \(e.s1) vs \(exact.first[i])")
            #expect(abs(e.st - exact.total[i]) < 0.02, "ST x\(i + 1): \(e.st) vs \(exact.total[i])")
        }
    }

    @Test func analyticIndicesAreTheKnownValues() {
        let i = TestFunction.standardIshigami.analyticIndices!
        let expectedFirst = [0.3139, 0.4424, 0], expectedTotal = [0.5576, 0.4424, 0.2437]
        for k in 0..<3 {
            #expect(abs(i.first[k] - expectedFirst[k]) < 1e-4)
            #expect(abs(i.total[k] - expectedTotal[k]) < 1e-4)
        }
        let g = TestFunction.standardGFunction.analyticIndices!
        #expect(abs(g.first[0] - 0.7165) < 1e-3 && abs(g.first[1] - 0.1791) < 1e-3)
        #expect(abs(TestFunction.standardIshigami([1, 2, 3]) - (sin(1) + 7 * pow(sin(2), 2) + 0.1 * 81 * sin(1))) < 1e-12)
    }

    // MARK: Morris

    /// Exact mean, mean of |EE| and sd of |EE| of factor i's elementary effects
    /// under the Morris design on a p-level grid: the step's lower end is
    /// uniform on {0, …, 1 − Δ}, every other coordinate uniform on the grid.
    static func exactMorris(_ f: TestFunction, factor i: Int, levels p: Int) -> (mu: Double, muStar: Double, sdAbs: Double) {
        let k = f.dimensions, d = f.domain
        let delta = MorrisDesign.delta(levels: p)
        func x(_ u: [Double]) -> [Double] { u.map { d.lowerBound + $0 * (d.upperBound - d.lowerBound) } }
        var sum = 0.0, sumAbs = 0.0, sumSq = 0.0, n = 0.0
        var index = [Int](repeating: 0, count: k)
        while true {
            if index[i] < p / 2 {
                let lo = index.map { Double($0) / Double(p - 1) }
                var hi = lo
                hi[i] += delta
                let ee = (f(x(hi)) - f(x(lo))) / delta
                sum += ee; sumAbs += abs(ee); sumSq += ee * ee; n += 1
            }
            var c = 0
            while c < k { index[c] += 1; if index[c] < p { break }; index[c] = 0; c += 1 }
            if c == k { break }
        }
        let muStar = sumAbs / n
        return (sum / n, muStar, (sumSq / n - muStar * muStar).squareRoot())
    }

    static func morrisEstimates(_ dir: URL) throws -> [MorrisMeasures.Estimate] {
        guard case .morris(let m) = try SensitivityAnalysis.analyze(directory: dir, bootstrap: 300) else {
            Issue.record("expected Morris measures"); return []
        }
        return m[0].estimates
    }

    /// r = 2000 trajectories: μ* and μ of each factor within four standard errors
    /// (sd of |EE| / √r) of their exact expectation under the design.
    @Test(arguments: ["ishigami", "g_function"])
    func morrisMeasuresMatchTheirExactExpectation(_ model: String) throws {
        let f = TestFunction.named[model]!
        let r = 2000
        let dir = try Self.runSweep("""
            name: morris-test
            model: \(model)
            seed: 12
            design: {type: morris, trajectories: \(r), levels: 4}
            factors: [\(f.inputs.map { "{key: \($0)}" }.joined(separator: ", "))]
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let estimates = try Self.morrisEstimates(dir)
        #expect(estimates.count == f.dimensions)
        for (i, e) in estimates.enumerated() {
            let exact = Self.exactMorris(f, factor: i, levels: 4)
            let tolerance = 4 * exact.sdAbs / Double(r).squareRoot() + 1e-9
            #expect(abs(e.muStar - exact.muStar) <= tolerance, "\(model) μ* x\(i + 1): \(e.muStar) vs \(exact.muStar) ± \(tolerance)")
            // (All |EE| of Ishigami's x2 are equal: the interval is a point, up to rounding.)
            #expect(e.muStarLow <= e.muStar * (1 + 1e-12) && e.muStar <= e.muStarHigh * (1 + 1e-12))
        }
        if model == "g_function" {
            // Screening ranks the factors as their total indices do (x5…x8 tie near zero).
            let muStar = estimates.map(\.muStar)
            #expect(muStar[0] > muStar[1] && muStar[1] > muStar[2] && muStar[2] > muStar[3] && muStar[3] > muStar[4])
        } else {
            // x3 acts only through its interaction with x1: μ ≈ 0 relative to σ.
            #expect(abs(estimates[2].mu) < 0.2 * estimates[2].sigma)
        }
    }

    /// A linear function has exact elementary effects: μ* = |c·range|, μ = c·range, σ = 0.
    @Test func morrisIsExactForALinearFunction() throws {
        let c = [2.0, -0.5, 0, 7]
        let factors = [
            SweepFactor(key: "x1", scale: .linear, range: 0...1),
            SweepFactor(key: "x2", scale: .linear, range: 0...4),
            SweepFactor(key: "x3", scale: .linear, range: 0...1),
            SweepFactor(key: "x4", scale: .linear, range: 0.5...0.75),
        ]
        let sweep = Sweep(name: "linear", source: .function(.linear(c: c)), design: .morris(trajectories: 30, levels: 6),
                          factors: factors, metrics: ["y"])
        let plan = SweepPlan(sweep)
        let records = try SweepRunner.run(plan: plan, runs: Array(0..<plan.runCount), jobs: 2)
        let y = SweepOutput.pointMeans(plan, records: records)[0]
        let m = MorrisMeasures.estimate(units: plan.units!, outputs: y, factors: factors.map(\.key), bootstrap: 0, seed: 1)
        for (i, e) in m.enumerated() {
            let slope = c[i] * (factors[i].range!.upperBound - factors[i].range!.lowerBound)
            #expect(abs(e.mu - slope) < 1e-9)
            #expect(abs(e.muStar - abs(slope)) < 1e-9)
            #expect(e.sigma < 1e-9)
        }
    }

    // MARK: Refusals

    @Test func sensitivityRefusesOtherDesignsAndIncompleteSweeps() throws {
        let dir = try Self.runSweep("""
            name: lhs-test
            model: ishigami
            design: {type: latin_hypercube, points: 10}
            factors: [{key: x1}, {key: x2}]
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        #expect { try SensitivityAnalysis.analyze(directory: dir) } throws: { e in
            "\(e)".contains("latin_hypercube sweep") && "\(e)".contains("saltelli") && "\(e)".contains("morris")
        }

        let salt = try Self.runSweep("""
            name: salt-test
            model: ishigami
            design: {type: saltelli, base_samples: 8}
            factors: [{key: x1}, {key: x2}, {key: x3}]
            """)
        defer { try? FileManager.default.removeItem(at: salt.deletingLastPathComponent()) }
        #expect { try SensitivityAnalysis.analyze(directory: salt, metrics: ["yy"]) } throws: { "\($0)".contains("did you mean `y`") }
        // Drop a run from the store: the analysis names it.
        let log = salt.appendingPathComponent("records/shard-0-of-1.log")
        var lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeAll { $0.hasPrefix("7,") }
        try lines.joined(separator: "\n").write(to: log, atomically: true, encoding: .utf8)
        #expect { try SensitivityAnalysis.analyze(directory: salt) } throws: { "\($0)".contains("1 run is missing: 7") }
    }
}
