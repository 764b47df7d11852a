import Foundation
import Testing
@testable import Linli

/// The sweep engine in-process: determinism across job counts, outputs, the run store.
@Suite struct SweepRunTests {
    func run(_ plan: SweepPlan, into dir: URL, jobs: Int, shard: Shard = .all, resume: Bool = false) throws -> RunCoverage {
        let e = SweepExecution(plan: plan, directory: dir, jobs: jobs, shard: shard, resume: resume)
        return try e.run(try e.prepare())
    }

    @Test func oneJobAndTwoJobsGiveIdenticalFiles() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let plan = SweepPlan(try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep())))
        let a = f.url("a"), b = f.url("b")
        #expect(try run(plan, into: a, jobs: 1).isComplete)
        #expect(try run(plan, into: b, jobs: 2).isComplete)
        for file in [SweepOutput.runsFile, SweepOutput.pointsFile] {
            let da = try Data(contentsOf: a.appendingPathComponent(file))
            #expect(da == (try Data(contentsOf: b.appendingPathComponent(file))), "\(file) differs between --jobs 1 and 2")
        }

        // runs.csv: a header and one row per run, in run order, with the factor values.
        let runs = try String(contentsOf: a.appendingPathComponent(SweepOutput.runsFile), encoding: .utf8).split(separator: "\n")
        #expect(runs.count == 1 + 12)
        #expect(runs[0] == "run_id,point,replicate,seed,posts.on,office_hours.evening_share,participation_rate_final,trust_mean_mean,backbone_count_final")
        #expect(runs[1].hasPrefix("0,0,0,\(plan.run(0).seed),0,0.2,"))
        #expect(runs[12].hasPrefix("11,5,1,\(plan.run(11).seed),1,0.6,"))
        // points.csv: per point, the replicates' mean, sd and CI.
        let points = try String(contentsOf: a.appendingPathComponent(SweepOutput.pointsFile), encoding: .utf8).split(separator: "\n")
        #expect(points.count == 1 + 6)
        #expect(points[0].hasPrefix("point,posts.on,office_hours.evening_share,replicates,participation_rate_final_mean,participation_rate_final_sd,participation_rate_final_ci95_low,participation_rate_final_ci95_high,participation_rate_final_missing,trust_mean_mean_mean"))
        let store = try RunStore.read(directory: a)
        let values = store.records.filter { $0.point == 3 }.map { $0.metrics[1] }
        let s = Summary(values)
        let cells = points[4].split(separator: ",").map(String.init)
        #expect(Array(cells[0..<4]) == ["3", "1", "0.2", "2"])
        #expect(Array(cells[9..<14]) == [s.mean, s.sd, s.ciLow, s.ciHigh].map(formatCell) + ["0"])

        let m = try SweepManifest.read(from: a.appendingPathComponent(SweepOutput.manifestFile))
        #expect(m.sweep.design == "factorial" && m.sweep.runs == 12 && m.sweep.runsDone == 12 && m.sweep.complete && m.sweep.points == 6)
        #expect(m.sweep.sweepSHA256 == SHA256.hex(plan.sweep.sourceText))
        #expect(m.run.seed == 4 && m.run.replicates == 2 && m.run.parameters["office_hours.on"] == 1)
        #expect(m.sweep.files[SweepOutput.runsFile] == SHA256.hex([UInt8](try Data(contentsOf: a.appendingPathComponent(SweepOutput.runsFile)))))
        #expect(m.run.residentDays > 0)
        // The manifest reads back to the same value, and carries every key of a run manifest.
        #expect(try JSONDecoder().decode(SweepManifest.self, from: m.jsonData()) == m)
        let json = try JSONSerialization.jsonObject(with: try m.jsonData()) as! [String: Any]
        for key in ["linli_version", "git_commit", "scenario_sha256", "seed", "replicates", "days", "jobs", "parameters",
                    "design", "design_settings", "factors", "runs", "sweep_sha256", "shard"] {
            #expect(json.keys.contains(key), "manifest lacks \(key)")
        }
    }

    /// Run (p, r) is replicate 0 of the base scenario at point p with the run's seed.
    @Test func aRunIsTheBaseScenarioAtItsPointWithItsSeed() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep()))
        let plan = SweepPlan(sweep)
        let records = try SweepRunner.run(plan: plan, runs: [9], jobs: 1)
        var sc = sweep.baseScenario!
        sc.parameters["posts.on"] = 1
        sc.parameters["office_hours.evening_share"] = 0.4
        sc.seed = plan.run(9).seed
        let table = RunOutput.summaryTable(series: [Simulation.run(sc, replicate: 0)])
        let all = table.rows.last!
        #expect(all.community == "all")
        #expect(records[0].metrics == sweep.metrics.map { all.values[table.metrics.firstIndex(of: $0)!] })
    }

    @Test func communityPicksTheOutputRow() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let text = SweepFixture.factorialSweep().replacingOccurrences(of: "metrics:", with: "community: c1\nmetrics:")
        let plan = SweepPlan(try SweepLoader.load(path: try f.write(text)))
        let r = try SweepRunner.run(plan: plan, runs: [0], jobs: 1)[0]
        var sc = plan.sweep.baseScenario!
        sc.parameters["office_hours.evening_share"] = 0.2
        sc.seed = plan.run(0).seed
        let table = RunOutput.summaryTable(series: [Simulation.run(sc, replicate: 0)])
        let c1 = table.rows.first { $0.community == "c1" }!
        #expect(r.metrics[0] == c1.values[table.metrics.firstIndex(of: "participation_rate_final")!])
    }

    // MARK: The run store

    @Test func crc32AndRecordLinesRoundTrip() {
        #expect(CRC32.checksum("123456789") == 0xCBF4_3926)
        let r = RunRecord(run: 12, point: 4, replicate: 0, seed: UInt64.max, residentDays: 1234, seconds: 0.5,
                          metrics: [0.1 + 0.2, .nan, -0.0, 1e-300, .infinity])
        let line = r.line
        #expect(line.hasSuffix("\n"))
        let back = RunRecord(line: line.dropLast(), metrics: 5)!
        #expect(back.run == 12 && back.seed == UInt64.max && back.metrics[0] == 0.1 + 0.2 && back.metrics[0].bitPattern == r.metrics[0].bitPattern)
        #expect(back.metrics[1].isNaN && back.metrics[3] == 1e-300 && back.metrics[4] == .infinity)
        // Any altered character fails the checksum.
        var altered = Array(line.dropLast())
        altered[3] = altered[3] == "1" ? "2" : "1"
        #expect(RunRecord(line: Substring(String(altered)), metrics: 5) == nil)
        #expect(RunRecord(line: line.dropLast(), metrics: 4) == nil)
    }

    @Test func tornLastLineIsCutAndCorruptLinesAreIgnored() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let dir = f.url("store")
        do {
            let log = try RunLog(directory: dir, name: "a.log", fingerprint: "fp", metrics: ["m"])
            for i in 0..<3 { try log.append(RunRecord(run: i, point: i, replicate: 0, seed: 1, metrics: [Double(i)])) }
        }
        let url = dir.appendingPathComponent("records/a.log")
        var text = try String(contentsOf: url, encoding: .utf8)
        // Corrupt record 1, and leave a torn record 3 at the end (a write cut short).
        text = text.replacingOccurrences(of: "\n1,1,0,1,", with: "\n1,1,0,9,")
        text += RunRecord(run: 3, point: 3, replicate: 0, seed: 1, metrics: [3]).line.prefix(9)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let store = try RunStore.read(directory: dir)
        #expect(store.records.map(\.run) == [0, 2])
        #expect(store.corrupt == 1)
        // Reopening cuts the torn line, so the next record starts on a line of its own.
        do {
            let log = try RunLog(directory: dir, name: "a.log", fingerprint: "fp", metrics: ["m"])
            try log.append(RunRecord(run: 3, point: 3, replicate: 0, seed: 1, metrics: [3]))
        }
        #expect(try RunStore.read(directory: dir).records.map(\.run) == [0, 2, 3])
        // Another sweep's fingerprint is refused; so is a second writer of the same log.
        #expect { try RunLog(directory: dir, name: "a.log", fingerprint: "other", metrics: ["m"]) } throws: {
            "\($0)".contains("different sweep")
        }
        let holder = try RunLog(directory: dir, name: "a.log", fingerprint: "fp", metrics: ["m"])
        #expect { try RunLog(directory: dir, name: "a.log", fingerprint: "fp", metrics: ["m"]) } throws: {
            "\($0)".contains("being written by another")
        }
        _ = holder
    }

    @Test func directoryHoldingRunsNeedsResumeAndTheSameSweep() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let plan = SweepPlan(try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep())))
        let dir = f.url("out")
        let first = try run(plan, into: dir, jobs: 2, shard: Shard(index: 0, count: 2))
        #expect(first.missing.count == 6)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(SweepOutput.pointsFile).path))
        let m = try SweepManifest.read(from: dir.appendingPathComponent(SweepOutput.manifestFile))
        #expect(m.sweep.shard == "0/2" && m.sweep.runsDone == 6 && !m.sweep.complete)
        #expect { try SweepExecution(plan: plan, directory: dir, jobs: 1).prepare() } throws: { "\($0)".contains("add --resume") }
        // The other shard, resumed into the same directory, completes it.
        let pending = try SweepExecution(plan: plan, directory: dir, jobs: 1, resume: true).prepare()
        #expect(pending.todo == [1, 3, 5, 7, 9, 11] && pending.skipped == 6)
        #expect(try run(plan, into: dir, jobs: 2, resume: true).isComplete)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(SweepOutput.pointsFile).path))
        // Another sweep (another seed) may not use the directory, even with --resume.
        let other = SweepPlan(try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep(seed: 5), as: "other.yaml")))
        #expect { try SweepExecution(plan: other, directory: dir, jobs: 1, resume: true).prepare() } throws: {
            "\($0)".contains("holds runs of a different sweep")
        }
    }

    @Test func mergeRefusesMissingDuplicatedAndForeignRuns() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let plan = SweepPlan(try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep())))
        for k in 0..<3 { _ = try run(plan, into: f.url("s\(k)"), jobs: 1, shard: Shard(index: k, count: 3)) }
        #expect { try SweepMerge.merge([f.url("s0"), f.url("s2")], into: f.url("m")) } throws: {
            "\($0)".contains("4 runs are missing: 1, 4, 7, 10")
        }
        // A shard run twice (into another directory) duplicates its runs.
        _ = try run(plan, into: f.url("s1b"), jobs: 1, shard: Shard(index: 1, count: 3))
        #expect { try SweepMerge.merge([f.url("s0"), f.url("s1"), f.url("s1b"), f.url("s2")], into: f.url("m")) } throws: { e in
            "\(e)".contains("4 runs are recorded more than once") && "\(e)".contains("run 4: \(f.url("s1").path)/records/shard-1-of-3.log, \(f.url("s1b").path)/records/shard-1-of-3.log")
        }
        #expect(!FileManager.default.fileExists(atPath: f.url("m").path), "a refused merge wrote output")
        let other = SweepPlan(try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep(seed: 9), as: "other.yaml")))
        _ = try run(other, into: f.url("o"), jobs: 1, shard: Shard(index: 1, count: 3))
        #expect { try SweepMerge.merge([f.url("s0"), f.url("o"), f.url("s2")], into: f.url("m")) } throws: {
            "\($0)".contains("holds another sweep")
        }
        #expect { try SweepMerge.merge([f.url("s0"), f.url("s1"), f.url("s2")], into: f.url("s1")) } throws: {
            "\($0)".contains("is one of the directories being merged")
        }
        let merged = try SweepMerge.merge([f.url("s0"), f.url("s1"), f.url("s2")], into: f.url("m"))
        #expect(merged.runs == 12)
        // The merged directory is a complete sweep directory: it resumes with nothing to do.
        #expect(try SweepExecution(plan: plan, directory: f.url("m"), jobs: 1, resume: true).prepare().todo.isEmpty)
    }
}
