import Foundation
import Testing
@testable import Linli

/// `replicates: auto` (Scenario/Precision.swift, Experiments/SweepPrecision.swift):
/// the count kept is fixed by a sequential rule in replicate order, so it and
/// every output byte are the same for any `--jobs` and batch size; on a metric
/// of known σ it stops where theory says; hitting `max` is recorded.
@Suite struct ReplicatesByPrecisionTests {
    static func scenarioText(halfWidth: Double, max: Int, batch: Int) -> String {
        """
        name: auto
        seed: \(testBaseSeed)
        replicates: auto
        precision: {metric: participation_rate_final, half_width: \(halfWidth), max: \(max), batch: \(batch)}
        days: 90
        population:
          communities:
            - {name: c0, type: old_compound, households: 300}
        """
    }

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("linli-auto-\(UUID().uuidString)")
    }

    /// A scenario run to precision: the same replicates and the same
    /// summary/aggregate bytes for jobs 1 and 2 and batches 1, 3 and 7; the
    /// count is the first n ≥ min at which the half-width over replicates
    /// 0..<n reaches the target; the manifest records it.
    @Test func scenarioSameBytesForJobsAndBatch() throws {
        var outputs: [[Data]] = []
        var counts: [Int] = []
        var dirs: [URL] = []
        defer { for d in dirs { try? FileManager.default.removeItem(at: d) } }
        for (jobs, batch) in [(1, 1), (2, 3), (2, 7)] {
            let sc = try ScenarioLoader.parse(text: Self.scenarioText(halfWidth: 0.005, max: 60, batch: batch), path: "auto.yaml")
            #expect(sc.replicates == 60 && sc.precision?.batch == batch && sc.precision?.min == 5)
            let (run, outcome) = try Runner.runToPrecision(sc, sc.precision!, jobs: jobs)
            var used = sc
            used.replicates = run.count
            let series = RunOutput.sortedByReplicate(run)
            #expect(series.map(\.replicate) == Array(0..<series.count) && outcome.replicates == series.count)
            let dir = Self.tempDir()
            dirs.append(dir)
            try RunOutput.write(series: series, info: RunInfo(scenario: used, jobs: jobs, start: Date(), end: Date(), version: "test",
                                                               residentDays: 0, gitCommit: nil, precision: outcome), to: dir)
            outputs.append(try [RunOutput.summaryFile, RunOutput.aggregateFile].map { try Data(contentsOf: dir.appendingPathComponent($0)) })
            counts.append(outcome.replicates)
            let m = try Manifest.read(from: dir.appendingPathComponent(RunOutput.manifestFile))
            #expect(m.replicates == outcome.replicates && m.precision?.replicates == outcome.replicates && m.precision?.batch == batch)
            #expect(m.precision?.hitMax == false && m.precision!.halfWidthReached! <= 0.005)
            print("auto scenario: jobs \(jobs), batch \(batch): \(outcome.replicates) replicates kept of \(outcome.computed) computed, half-width \(outcome.halfWidthReached!)")
        }
        #expect(Set(counts).count == 1)
        #expect(outputs[0] == outputs[1] && outputs[0] == outputs[2], "outputs differ between jobs/batch settings")
        // The rule, checked from replicates run one by one.
        let sc = try ScenarioLoader.parse(text: Self.scenarioText(halfWidth: 0.005, max: 60, batch: 1), path: "auto.yaml")
        let values = (0..<counts[0]).map { Simulation.run(sc, replicate: $0).summaryValue("participation_rate_final") }
        #expect(Precision.halfWidth(values) <= 0.005)
        for k in 5..<counts[0] { #expect(!(Precision.halfWidth(Array(values[0..<k])) <= 0.005), "should have stopped at \(k)") }
        #expect(counts[0] > 5, "the target is reached inside the range, not at the minimum")
    }

    /// Hitting max: a target no 6 replicates reach; the manifest says so.
    @Test func hittingMaxIsRecorded() throws {
        let sc = try ScenarioLoader.parse(text: Self.scenarioText(halfWidth: 1e-6, max: 6, batch: 4), path: "auto.yaml")
        let (series, outcome) = try Runner.runToPrecision(sc, sc.precision!, jobs: 2)
        #expect(series.count == 6 && outcome.hitMax && outcome.replicates == 6 && outcome.halfWidthReached! > 1e-6)
        let json = try JSONSerialization.jsonObject(with: Manifest(info: RunInfo(scenario: sc, jobs: 2, start: Date(), end: Date(),
                                                                                 version: "t", residentDays: 0, precision: outcome)).jsonData()) as! [String: Any]
        let p = json["precision"] as! [String: Any]
        #expect(p["hit_max"] as? Bool == true && p["replicates"] as? Int == 6 && p["half_width_target"] as? Double == 1e-6)
        #expect(outcome.maxNote("auto").contains("stopped at max 6"))
        // A fixed-count manifest has no precision key.
        let fixed = try JSONSerialization.jsonObject(with: Manifest(info: RunInfo(scenario: testScenario(), jobs: 1, start: Date(), end: Date(),
                                                                                  version: "t", residentDays: 0)).jsonData()) as! [String: Any]
        #expect(fixed["precision"] == nil)
    }

    static func noiseSweep(seed: UInt64, halfWidth: Double = 0.125, max: Int = 200, batch: Int = 4) -> String {
        // x1 (the mean) at 20 levels, x2 (σ) at 0.25 and 0.5: 40 points.
        let levels = (0..<20).map { formatNumber(Double($0) / 20) }.joined(separator: ", ")
        return """
        name: noise-auto
        model: noise
        seed: \(seed)
        replicates: auto
        precision: {metric: y, half_width: \(halfWidth), max: \(max), batch: \(batch)}
        design: {type: factorial}
        factors:
          - {key: x2, levels: [0.25, 0.5]}
          - {key: x1, levels: [\(levels)]}
        """
    }

    /// On y = x₁ + σ·Z (σ = x₂), each point stops where n ≈ (t·σ/H)²: the
    /// smallest n with t(0.975, n−1)·σ/√n ≤ H is n* = 18 for σ = 0.25 and
    /// 64 for σ = 0.5 at H = 0.125. A point's count is n*·(s/σ)², and s/σ
    /// has relative sd ≈ 1/√(2n), so a count has relative sd ≈ √(2/n*) and
    /// the mean of 20 points sd ≈ √(2n*/20): 1.3 and 2.5; sequential stopping
    /// stops a little early on average (a low s ends it). Stated ranges: mean
    /// of the 20 points within [11, 21] for σ = 0.25 and [53, 73] for σ = 0.5
    /// (≈ ±4.5 sd about n*, the low side wider for the early bias), every
    /// point in [min, max), and the ratio of the means (theory 4) in [2.8, 5.5].
    @Test func noiseSweepStopsWhereTheoryPredicts() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let plan = SweepPlan(try SweepLoader.load(path: try f.write(Self.noiseSweep(seed: testBaseSeed))))
        #expect(plan.sweep.replicates == 200 && plan.pointCount == 40)
        let dir = f.url("a")
        let e = SweepExecution(plan: plan, directory: dir, jobs: 2)
        try e.run(try e.prepare())
        let m = try SweepManifest.read(from: dir.appendingPathComponent(SweepOutput.manifestFile))
        let p = try #require(m.sweep.precision)
        #expect(m.sweep.complete && p.finished.allSatisfy { $0 } && p.hitMaxPoints.isEmpty)
        let low = Array(p.replicates[0..<20]), high = Array(p.replicates[20..<40])   // x2 varies slowest
        let meanLow = Statistics.mean(low.map(Double.init)), meanHigh = Statistics.mean(high.map(Double.init))
        print("noise sweep: σ=0.25 mean \(meanLow) range \(low.min()!)-\(low.max()!); σ=0.5 mean \(meanHigh) range \(high.min()!)-\(high.max()!)")
        #expect((11...21).contains(meanLow), "σ = 0.25: mean count \(meanLow), n* = 18")
        #expect((53...73).contains(meanHigh), "σ = 0.5: mean count \(meanHigh), n* = 64")
        #expect((2.8...5.5).contains(meanHigh / meanLow))
        #expect(p.replicates.allSatisfy { $0 >= 5 && $0 < 200 })
        #expect(zip(p.halfWidthReached, p.replicates).allSatisfy { ($0.0 ?? .infinity) <= 0.125 })
        // points.csv: each point's replicates column is its count, runs.csv has exactly those runs.
        let points = try CSVTable.read(dir.appendingPathComponent(SweepOutput.pointsFile))
        #expect(points.rows.map { Int($0[points.column("replicates")!])! } == p.replicates)
        let runs = try CSVTable.read(dir.appendingPathComponent(SweepOutput.runsFile))
        #expect(runs.rows.count == p.replicates.reduce(0, +))
        // The point's CI in points.csv is the half-width the manifest records.
        let lo = points.column("y_ci95_low")!, hi = points.column("y_ci95_high")!
        for (k, row) in points.rows.enumerated() {
            let h = (CSVTable.number(row[hi]) - CSVTable.number(row[lo])) / 2
            #expect(abs(h - p.halfWidthReached[k]!) <= 1e-5 * max(1, h))
        }
    }

    /// A sweep: same runs.csv and points.csv for jobs 1 / batch 4, jobs 2 /
    /// batch 9 and a resumed run from half of the first's records; max hit at
    /// a tiny max is recorded; shards and Saltelli designs refuse auto.
    @Test func sweepSameBytesForJobsBatchAndResume() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        func outputs(_ dir: URL) throws -> [Data] {
            try [SweepOutput.runsFile, SweepOutput.pointsFile].map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        }
        let planA = SweepPlan(try SweepLoader.load(path: try f.write(Self.noiseSweep(seed: 3, batch: 4), as: "a.yaml")))
        let planB = SweepPlan(try SweepLoader.load(path: try f.write(Self.noiseSweep(seed: 3, batch: 9), as: "b.yaml")))
        let a = f.url("a"), b = f.url("b"), c = f.url("c")
        var e = SweepExecution(plan: planA, directory: a, jobs: 1)
        try e.run(try e.prepare())
        e = SweepExecution(plan: planB, directory: b, jobs: 2)
        try e.run(try e.prepare())
        #expect(try outputs(a) == (try outputs(b)), "batch and jobs change the output")
        // Resume from a store holding the first half of a's records (some points finished, some part-way).
        let log = a.appendingPathComponent(RunLog.directoryName).appendingPathComponent(RunLog.name(for: .all))
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try FileManager.default.createDirectory(at: c.appendingPathComponent(RunLog.directoryName), withIntermediateDirectories: true)
        try (lines.prefix(lines.count / 2).joined(separator: "\n") + "\n")
            .write(to: c.appendingPathComponent(RunLog.directoryName).appendingPathComponent(RunLog.name(for: .all)), atomically: true, encoding: .utf8)
        e = SweepExecution(plan: planA, directory: c, jobs: 2, resume: true)
        let pending = try e.prepare()
        #expect(pending.skipped > 0)
        try e.run(pending)
        #expect(try outputs(a) == (try outputs(c)), "resume changes the output")

        // max hit: every point stops at 6, recorded per point.
        let planM = SweepPlan(try SweepLoader.load(path: try f.write(Self.noiseSweep(seed: 3, halfWidth: 0.001, max: 6), as: "m.yaml")))
        let dm = f.url("m")
        e = SweepExecution(plan: planM, directory: dm, jobs: 2)
        try e.run(try e.prepare())
        let m = try SweepManifest.read(from: dm.appendingPathComponent(SweepOutput.manifestFile))
        #expect(m.sweep.precision?.hitMaxPoints == Array(0..<40) && m.sweep.precision?.replicates == Array(repeating: 6, count: 40))
        #expect(m.sweep.complete)

        // Shards cannot decide when a point is done.
        #expect(throws: RunStoreError.self) { try SweepExecution(plan: planA, directory: f.url("s"), jobs: 1, shard: Shard(index: 0, count: 2)).prepare() }
        // Saltelli refuses auto, at the replicates key.
        let saltelli = Self.noiseSweep(seed: 3).replacingOccurrences(of: "design: {type: factorial}", with: "design: {type: saltelli, base_samples: 8}")
            .replacingOccurrences(of: "levels: [0.25, 0.5]", with: "range: [0.1, 0.5]")
            .replacingOccurrences(of: #"levels: \[[0-9., ]+\]\}"#, with: "range: [0, 1]}", options: .regularExpression)
        do {
            _ = try SweepLoader.load(path: try f.write(saltelli, as: "s.yaml"))
            Issue.record("a saltelli design with replicates: auto loaded")
        } catch let e as ScenarioErrors {
            #expect(e.errors.count == 1 && e.errors[0].line == 4 && e.errors[0].message.contains("does not apply to a saltelli design"), "\(e)")
        }
    }

    /// Bad precision blocks: each error at its line and column, with a hint.
    @Test func badPrecisionIsRejectedWithItsLocation() throws {
        func errors(_ text: String) -> [ScenarioError] {
            do { _ = try ScenarioLoader.parse(text: text, path: "p.yaml"); return [] } catch let e as ScenarioErrors { return e.errors } catch { return [] }
        }
        let base = Self.scenarioText(halfWidth: 0.01, max: 40, batch: 4)
        var e = errors(base.replacingOccurrences(of: "metric: participation_rate_final", with: "metric: participation_rat_final"))
        #expect(e.count == 1 && e[0].line == 4 && e[0].message.contains("did you mean `participation_rate_final`"), "\(e)")
        e = errors(base.replacingOccurrences(of: "metric: participation_rate_final", with: "metric: participation_rate"))
        #expect(e.count == 1 && e[0].message.contains("`participation_rate_final` (last day)"), "\(e)")
        e = errors(base.replacingOccurrences(of: "half_width: 0.01", with: "half_width: 0"))
        #expect(e.count == 1 && e[0].message.contains("precision.half_width: expected a number > 0"), "\(e)")
        e = errors(base.replacingOccurrences(of: "max: 40", with: "max: 1"))
        #expect(e.count == 1 && e[0].message.contains("precision.max: expected an integer in 2...100000"), "\(e)")
        e = errors(base.replacingOccurrences(of: "batch: 4", with: "bach: 4"))
        #expect(e.count == 1 && e[0].message.contains("did you mean `batch`"), "\(e)")
        e = errors(base.replacingOccurrences(of: "precision: {metric: participation_rate_final, half_width: 0.01, max: 40, batch: 4}\n", with: ""))
        #expect(e.count == 1 && e[0].line == 3 && e[0].message.contains("`auto` needs `precision:"), "\(e)")
        e = errors(base.replacingOccurrences(of: "replicates: auto", with: "replicates: 5"))
        #expect(e.count == 1 && e[0].line == 4 && e[0].message.contains("applies only with `replicates: auto`"), "\(e)")
        e = errors(base.replacingOccurrences(of: "replicates: auto", with: "replicates: automatic"))
        #expect(e.contains { $0.line == 3 && $0.message.contains("replicates: expected an integer") }, "\(e)")
    }
}
