import Foundation
import Testing
@testable import Linli

/// Issue "Robustness" items 4 and 5: SIGINT/SIGTERM stop linli within a
/// second with 130/143 and no partial file; a sweep killed again and again
/// (SIGKILL and SIGTERM mixed, as Slurm preemption does) and resumed each
/// time ends byte-identical to an uninterrupted one; a second linli into the
/// same directory is refused with the first one's pid; a full disk (a file
/// size limit) leaves an earlier run's files intact.
@Suite(.serialized) struct InterruptionTests {
    static let base = """
        name: tiny
        days: 1500
        population:
          communities:
            - name: c0
              type: old_compound
              households: 300
            - name: c1
              type: village
              households: 120
        """

    /// The fixture's factorial sweep (6 points) with 6 replicates: 36 runs.
    static let sweep = SweepFixture.factorialSweep(replicates: 6)

    static func start(_ args: [String], in cwd: URL) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = try CLITests.binary()
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        for key in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"] { env[key] = nil }
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, err)
    }

    /// Files whose names say "temporary" (atomic writes in flight).
    static func temporaries(in dir: URL) -> [String] {
        (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".tmp") }
    }

    @Test func aSweepKilledTenTimesAndResumedEqualsAnUninterruptedOne() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        try Self.base.write(to: f.url("base.yaml"), atomically: true, encoding: .utf8)
        let file = try f.write(Self.sweep)
        let t0 = Date()
        let ref = try CLITests.linli(["sweep", file, "--out", f.url("ref").path, "--jobs", "2", "--quiet"])
        let wall = Date().timeIntervalSince(t0)
        #expect(ref.status == 0, "\(ref.stderr)")

        // Kill points spread over the uninterrupted run time (xorshift, fixed seed).
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Double(state >> 11) / Double(1 << 53) }
        let out = f.url("killed")
        var kills = 0, terms = 0, attempts = 0, slowest = 0.0
        while kills < 10 && attempts < 30 {
            attempts += 1
            let (p, err) = try Self.start(["sweep", file, "--out", out.path, "--jobs", "2", "--quiet", "--resume"], in: f.dir)
            Thread.sleep(forTimeInterval: 0.15 + uniform() * max(0.1, wall / 15))
            guard p.isRunning else { p.waitUntilExit(); break }
            let term = kills % 2 == 0
            let sent = Date()
            kill(p.processIdentifier, term ? SIGTERM : SIGKILL)
            p.waitUntilExit()
            let took = Date().timeIntervalSince(sent)
            kills += 1
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if term {
                terms += 1
                slowest = max(slowest, took)
                #expect(p.terminationReason == .exit && p.terminationStatus == 143, "SIGTERM: \(p.terminationReason) \(p.terminationStatus) \(stderr)")
                #expect(took < 1, "SIGTERM took \(took) s")
                #expect(stderr.contains("interrupted (SIGTERM)") && stderr.contains("--resume"), "\(stderr)")
                #expect(Self.temporaries(in: out).isEmpty, "left: \(Self.temporaries(in: out))")
            } else {
                #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL)
            }
        }
        #expect(kills == 10, "the sweep finished after \(kills) kills; make it longer")
        let last = try CLITests.linli(["sweep", file, "--out", out.path, "--jobs", "2", "--quiet", "--resume"])
        #expect(last.status == 0, "\(last.stderr)")
        for name in ["runs.csv", "points.csv"] {
            let a = try Data(contentsOf: f.url("ref").appendingPathComponent(name))
            let b = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(a == b, "\(name) differs after \(kills) kills")
        }
        print("kill/resume: \(kills) kills (\(terms) SIGTERM, slowest stop \(String(format: "%.3f", slowest)) s) over a \(String(format: "%.1f", wall)) s sweep; runs.csv and points.csv identical")
    }

    @Test func sigintStopsARunAt130AndLeavesNoOutput() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        try Self.base.replacingOccurrences(of: "days: 1500", with: "days: 9000").write(to: f.url("long.yaml"), atomically: true, encoding: .utf8)
        let (p, err) = try Self.start(["run", f.url("long.yaml").path, "--out", f.url("r").path, "--replicates", "4", "--quiet"], in: f.dir)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(p.isRunning)
        let sent = Date()
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 1)
        #expect(p.terminationStatus == 130)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("interrupted (SIGINT)"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: f.url("r").path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func aSecondLinliIntoTheSameDirectoryIsRefusedWithThePid() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        try Self.base.replacingOccurrences(of: "days: 1500", with: "days: 9000").write(to: f.url("long.yaml"), atomically: true, encoding: .utf8)
        let (first, _) = try Self.start(["run", f.url("long.yaml").path, "--out", f.url("r").path, "--quiet"], in: f.dir)
        Thread.sleep(forTimeInterval: 0.3)
        let second = try CLITests.linli(["run", f.url("long.yaml").path, "--out", f.url("r").path, "--days", "3", "--quiet"])
        #expect(second.status == 2 && second.stderr.contains("is being written by another linli (pid \(first.processIdentifier))"), "\(second.stderr)")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // The kernel released the lock with the process: the directory is usable again.
        let third = try CLITests.linli(["run", f.url("long.yaml").path, "--out", f.url("r").path, "--days", "3", "--quiet"])
        #expect(third.status == 0, "\(third.stderr)")
        // --out that is a file, or under one.
        try Data().write(to: f.url("plain"))
        for bad in [f.url("plain"), f.url("plain/sub")] {
            let r = try CLITests.linli(["run", f.url("base.yaml").path, "--out", bad.path, "--days", "3", "--quiet"])
            #expect(r.status == 2 && r.stderr.contains("Not a directory"), "\(bad.path): \(r.stderr)")
        }
    }

    /// `ulimit -f` stands in for a disk that fills mid-write: the run fails
    /// with the file's name, exit 2, and the earlier run's four files are
    /// byte-identical afterwards (nothing new renamed in, no temporaries).
    @Test func aFullDiskLeavesEarlierResultsIntact() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let dir = f.url("r")
        let first = try CLITests.linli(["run", f.url("base.yaml").path, "--out", dir.path, "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let before = try files.map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", "ulimit -f 64; exec \"$0\" run \"$1\" --out \"$2\" --days 120 --seed 9 --quiet", try CLITests.binary().path,
                       f.url("base.yaml").path, dir.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2 && stderr.contains("\(dir.path)/timeseries.csv: File too large"), "\(p.terminationStatus): \(stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == files)
        #expect(try files.map { try Data(contentsOf: dir.appendingPathComponent($0)) } == before)
    }
}
