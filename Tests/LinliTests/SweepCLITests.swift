import Foundation
import Testing
@testable import Linli

/// `linli sweep`, `linli merge` and `linli sensitivity` as a user runs them.
@Suite(.serialized) struct SweepCLITests {
    static func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    @Test func shardsMergedEqualTheUnshardedSweepByteForByte() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep(replicates: 3))
        let whole = f.url("whole")
        var r = try CLITests.linli(["sweep", sweep, "--out", whole.path, "--jobs", "2", "--keep-timeseries"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("results: \(whole.path)/ (runs.csv, points.csv, sweep-manifest.json, runs/)"))
        for k in 0..<3 {
            r = try CLITests.linli(["sweep", sweep, "--out", f.url("shard\(k)").path, "--shard", "\(k)/3", "--jobs", "1", "--keep-timeseries"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("points.csv comes when every run is in"))
        }
        r = try CLITests.linli(["merge", f.url("shard0").path, f.url("shard1").path, f.url("shard2").path, "--out", f.url("merged").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("merged 3 directories: 18 runs"))
        for file in [SweepOutput.runsFile, SweepOutput.pointsFile] {
            #expect(try Self.bytes(whole.appendingPathComponent(file)) == Self.bytes(f.url("merged").appendingPathComponent(file)), "\(file) differs")
        }
        for run in 0..<18 {
            let a = SweepOutput.timeseriesURL(in: whole, run: run), b = SweepOutput.timeseriesURL(in: f.url("merged"), run: run)
            #expect(try Self.bytes(a) == Self.bytes(b), "time series of run \(run) differs")
        }
        let ts = try String(contentsOf: SweepOutput.timeseriesURL(in: whole, run: 5), encoding: .utf8).split(separator: "\n")
        #expect(ts.count == 1 + 40 * 3 && ts[0].hasPrefix("replicate,day,community,"))
        let m = try SweepManifest.read(from: f.url("merged").appendingPathComponent(SweepOutput.manifestFile))
        #expect(m.sweep.complete && m.sweep.mergedFrom.count == 3 && m.sweep.runsDone == 18)

        // A missing shard is refused, naming the runs.
        r = try CLITests.linli(["merge", f.url("shard0").path, f.url("shard2").path, "--out", f.url("m2").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("6 runs are missing: 1, 4, 7, 10, 13, 16"), "\(r.stderr)")
    }

    /// Kills a sweep (SIGKILL) at several points, resumes it each time, and
    /// checks that no run is lost or repeated and the result equals an
    /// uninterrupted sweep.
    @Test func killedSweepsResumeToTheUninterruptedResult() throws {
        let f = try SweepFixture(households: 250, days: 100)
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep(replicates: 10))   // 60 runs
        let reference = f.url("reference")
        var r = try CLITests.linli(["sweep", sweep, "--out", reference.path, "--jobs", "2", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")

        let dir = f.url("killed")
        let binary = try CLITests.binary()
        var landed = 0
        for threshold in [0, 8, 25, 45] {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["sweep", sweep, "--out", dir.path, "--jobs", "2", "--resume", "--quiet"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            let before = (try? RunStore.read(directory: dir).records.count) ?? 0
            try p.run()
            let deadline = Date().addingTimeInterval(30)
            while p.isRunning && Date() < deadline {
                if ((try? RunStore.read(directory: dir).records.count) ?? 0) >= threshold { break }
                usleep(1000)
            }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let store = try RunStore.read(directory: dir)
            let coverage = RunCoverage(plan: SweepPlan(try SweepLoader.load(path: sweep)), records: store.records, origins: store.origins)
            #expect(coverage.isClean, "after a kill: \(coverage.problems() ?? "")")
            #expect(store.records.count >= before, "records were lost")
            if p.terminationReason == .uncaughtSignal && store.records.count < 60 { landed += 1 }
        }
        #expect(landed >= 2, "too few kills landed before the sweep finished")
        r = try CLITests.linli(["sweep", sweep, "--out", dir.path, "--jobs", "2", "--resume"])
        #expect(r.status == 0, "\(r.stderr)")
        let store = try RunStore.read(directory: dir)
        #expect(store.records.count == 60, "a run was lost or repeated: \(store.records.count) records")
        #expect(Set(store.records.map(\.run)) == Set(0..<60))
        for file in [SweepOutput.runsFile, SweepOutput.pointsFile] {
            #expect(try Self.bytes(reference.appendingPathComponent(file)) == Self.bytes(dir.appendingPathComponent(file)), "\(file) differs after resuming")
        }
    }

    @Test func onlyRepeatsARunAndLinliRunReproducesIt() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep())
        var r = try CLITests.linli(["sweep", sweep, "--out", f.url("out").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOf: f.url("out/runs.csv"), encoding: .utf8).split(separator: "\n")
        r = try CLITests.linli(["sweep", sweep, "--only", "10", "--only", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n") == [rows[0], rows[4], rows[11]])
        r = try CLITests.linli(["sweep", sweep, "--only", "12"])
        #expect(r.status == 1 && r.stderr.contains("runs are 0...11"))

        // Run 10 = point 5 (posts.on, evening share 0.6), replicate 0: `linli run` with its seed repeats it.
        let cells = rows[11].split(separator: ",").map(String.init)
        r = try CLITests.linli(["run", f.url("base.yaml").path, "--out", f.url("single").path, "--replicates", "1", "--seed", cells[3],
                            "--set", "office_hours.on=true", "--set", "posts.on=true", "--set", "office_hours.evening_share=\(cells[5])", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try String(contentsOf: f.url("single/summary.csv"), encoding: .utf8).split(separator: "\n")
        let header = summary[0].split(separator: ",").map(String.init)
        let all = summary.last!.split(separator: ",").map(String.init)
        #expect(all[1] == "all")
        #expect(all[header.firstIndex(of: "participation_rate_final")!] == cells[6])
        #expect(all[header.firstIndex(of: "trust_mean_mean")!] == cells[7])
    }

    @Test func dryRunCountsRunsAndShowsPoints() throws {
        let r = try CLITests.linli(["sweep", "scenarios/sweeps/factorial.yaml", "--dry-run", "--jobs", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("8 points × 3 replicates = 24 runs"))
        #expect(r.stdout.contains("estimated:") && r.stdout.contains("M resident-days"))
        #expect(r.stdout.contains("point  posts.on  red_list.on  office_hours.on"))
        let s = try CLITests.linli(["sweep", "scenarios/sweeps/saltelli.yaml", "--dry-run", "--shard", "1/4"])
        #expect(s.stdout.contains("80 runs; shard 1/4: 20 runs"), "\(s.stdout)")
    }

    @Test func invalidSweepsAndOptionsExitWithStatusOne() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let bad = try f.write("name: x\nscenario: base.yaml\ndesign: {type: sobl, points: 4}\nfactors: [{key: posts.on}]\n")
        var r = try CLITests.linli(["sweep", bad, "--out", f.url("out").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(bad):3:16: design.type: unknown design `sobl`; did you mean `sobol`?"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.url("out").path))
        let good = try f.write(SweepFixture.factorialSweep(), as: "good.yaml")
        r = try CLITests.linli(["sweep", good, "--shard", "3/3"])
        #expect(r.status != 0 && r.stderr.contains("--shard must be K/N"))
        r = try CLITests.linli(["sweep", good, "--time", "1:00"])
        #expect(r.status != 0 && r.stderr.contains("--time must be HH:MM:SS"))
        r = try CLITests.linli(["sweep", good, "--array-size", "3"])
        #expect(r.status != 0 && r.stderr.contains("go with --emit-slurm"))
    }

    @Test func slurmArrayVariablesSetTheShard() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep())
        let r = try CLITests.linli(["sweep", sweep, "--out", f.url("task").path, "--jobs", "1"],
                               env: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: f.url("task/records/shard-1-of-3.log").path))
        #expect(try RunStore.read(directory: f.url("task")).records.map(\.run).sorted() == [1, 4, 7, 10])
    }

    @Test func emitSlurmWritesAnArrayScriptAndAMergeScript() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep())
        let out = f.url("cluster")
        let r = try CLITests.linli(["sweep", sweep, "--emit-slurm", "--out", out.path, "--array-size", "4", "--time", "00:10:00",
                                "--cpus-per-task", "2", "--keep-timeseries"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 array tasks × 2 CPUs"))
        #expect(r.stdout.contains("sbatch --dependency=afterok:\"$jobid\" '\(out.path)/merge.sbatch'"))
        let script = try String(contentsOf: out.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        for line in ["#!/bin/bash", "#SBATCH --array=0-3", "#SBATCH --cpus-per-task=2", "#SBATCH --time=00:10:00",
                     "#SBATCH --output=\(out.path)/slurm/%A_%a.out",
                     "'\(try CLITests.binary().path)' sweep '\(sweep)' --out '\(out.path)/shards'/\"${SLURM_ARRAY_TASK_ID}\" --resume --jobs \"${SLURM_CPUS_PER_TASK:-2}\" --keep-timeseries --quiet"] {
            #expect(script.contains(line), "script lacks: \(line)\n\(script)")
        }
        let merge = try String(contentsOf: out.appendingPathComponent("merge.sbatch"), encoding: .utf8)
        #expect(merge.contains("merge '\(out.path)/shards'/* --out '\(out.path)'"), "\(merge)")
        #expect(FileManager.default.isExecutableFile(atPath: out.appendingPathComponent("sweep.sbatch").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("slurm").path))
        // More tasks than runs: capped.
        let c = try CLITests.linli(["sweep", sweep, "--emit-slurm", "--out", f.url("c2").path, "--array-size", "50", "--quiet"])
        #expect(c.status == 0)
        #expect(try String(contentsOf: f.url("c2/sweep.sbatch"), encoding: .utf8).contains("#SBATCH --array=0-11"))
    }

    @Test func sensitivityOnTheShippedSaltelliAndMorrisSweeps() throws {
        let out = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        for name in ["saltelli", "morris"] {
            let dir = out.appendingPathComponent(name)
            var r = try CLITests.linli(["sweep", "scenarios/sweeps/\(name).yaml", "--out", dir.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            r = try CLITests.linli(["sensitivity", dir.path, "--bootstrap", "200"])
            #expect(r.status == 0, "\(r.stderr)")
            let csv = try String(contentsOf: dir.appendingPathComponent("sensitivity.csv"), encoding: .utf8).split(separator: "\n")
            let sweep = try SweepLoader.load(path: CLITests.root.appendingPathComponent("scenarios/sweeps/\(name).yaml").path)
            #expect(csv.count == 1 + sweep.metrics.count * sweep.factors.count)
            #expect(csv[0] == (name == "saltelli" ? "metric,factor,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high"
                                                  : "metric,factor,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma"))
        }
        let r = try CLITests.linli(["sweep", "scenarios/sweeps/sobol.yaml", "--out", out.appendingPathComponent("sobol").path, "--quiet"])
        #expect(r.status == 0)
        let s = try CLITests.linli(["sensitivity", out.appendingPathComponent("sobol").path])
        #expect(s.status == 1 && s.stderr.contains("is a sobol sweep; Sobol indices need"), "\(s.stderr)")
    }
}
