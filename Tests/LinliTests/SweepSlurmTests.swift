import Foundation
import Testing
@testable import Linli

/// The real-cluster test: a one-node Slurm cluster on this machine
/// (scripts/slurm-local-up.sh), the script of `linli sweep --emit-slurm`
/// submitted as an array job of 3 tasks with its merge job after it, and the
/// merged result compared byte for byte with a local sweep. Runs under CI=true
/// (and fails there when Slurm is missing); elsewhere only when `sbatch` exists.
@Suite(.serialized) struct SweepSlurmTests {
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let dirs: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        for dir in dirs {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let hasSlurm = which("sbatch") != nil

    struct Output { var status: Int32; var text: String }

    /// Runs a command with a time limit (killed, status -1, when it is exceeded).
    static func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil, timeout: TimeInterval) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("linli-slurm-cmd-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(50_000) }
        var timedOut = false
        if p.isRunning {
            // Bounded even if the command left something holding its exit notification open.
            timedOut = true
            p.terminate()
            let grace = Date().addingTimeInterval(5)
            while p.isRunning && Date() < grace { usleep(50_000) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }
        try handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Output(status: timedOut ? -1 : p.terminationStatus, text: text)
    }

    @Test(.enabled(if: onCI || hasSlurm, "needs Slurm (sbatch); CI installs it through scripts/deps.d/slurm.sh"))
    func arrayJobOnALocalClusterMatchesTheLocalSweep() throws {
        guard Self.hasSlurm else {
            Issue.record("CI=true but sbatch is missing: scripts/deps.d/slurm.sh should have installed slurm-wlm and munge")
            return
        }
        let root = CLITests.root.path
        let f = try SweepFixture()
        defer { f.remove() }
        let state = f.url("cluster-state").path
        let port = 17_000 + 2 * Int.random(in: 0..<500)
        let clusterEnv = ["LINLI_SLURM_PORT": String(port), "SLURM_CONF": "\(state)/slurm.conf"]

        let up = try Self.run(["bash", "\(root)/scripts/slurm-local-up.sh", state], env: clusterEnv, timeout: 90)
        defer { _ = try? Self.run(["bash", "\(root)/scripts/slurm-local-down.sh", state], timeout: 60) }
        try #require(up.status == 0, "the local cluster did not come up:\n\(up.text)")

        let sweep = try f.write(SweepFixture.factorialSweep())        // 12 runs
        let out = f.url("cluster-out")
        let emit = try CLITests.linli(["sweep", sweep, "--emit-slurm", "--out", out.path, "--array-size", "3",
                                            "--time", "00:05:00"], in: f.dir)
        try #require(emit.status == 0, "\(emit.stderr)")

        let submit = try Self.run(["sbatch", "--parsable", out.appendingPathComponent("sweep.sbatch").path],
                                  env: clusterEnv, timeout: 30)
        try #require(submit.status == 0, "sbatch failed: \(submit.text)")
        let job = submit.text.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        let merge = try Self.run(["sbatch", "--parsable", "--dependency=afterok:\(job)",
                                  out.appendingPathComponent("merge.sbatch").path], env: clusterEnv, timeout: 30)
        try #require(merge.status == 0, "sbatch of the merge job failed: \(merge.text)")
        let mergeJob = merge.text.split(separator: "\n").last.map(String.init) ?? ""

        // Wait (at most 3 minutes) until neither job is queued or running.
        let deadline = Date().addingTimeInterval(180)
        var queue = ""
        repeat {
            queue = try Self.run(["squeue", "-h", "-j", "\(job),\(mergeJob)", "-o", "%i %T"], env: clusterEnv, timeout: 30).text
            if queue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            usleep(250_000)
        } while Date() < deadline
        let logs = ((try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("slurm").path)) ?? []).sorted()
        #expect(queue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "jobs still queued after 3 minutes: \(queue)")
        #expect(logs.filter { $0.hasPrefix("\(job)_") }.count == 3, "expected 3 array task logs, found \(logs)")
        let shards = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("shards").path).sorted()
        #expect(shards == ["0", "1", "2"])
        for k in 0..<3 {
            let log = out.appendingPathComponent("shards/\(k)/records/shard-\(k)-of-3.log")
            #expect(FileManager.default.fileExists(atPath: log.path), "task \(k) did not take shard \(k)/3 from SLURM_ARRAY_TASK_ID")
        }

        // The merge job wrote the merged sweep into OUT; compare with a local sweep.
        let local = f.url("local")
        let r = try CLITests.linli(["sweep", sweep, "--out", local.path, "--jobs", "2", "--quiet"], in: f.dir)
        try #require(r.status == 0, "\(r.stderr)")
        for file in [SweepOutput.runsFile, SweepOutput.pointsFile] {
            let cluster = out.appendingPathComponent(file)
            let text = logs.compactMap { try? String(contentsOf: out.appendingPathComponent("slurm/\($0)"), encoding: .utf8) }.joined()
            try #require(FileManager.default.fileExists(atPath: cluster.path), "no merged \(file); job logs:\n\(text)")
            #expect(try Data(contentsOf: cluster) == Data(contentsOf: local.appendingPathComponent(file)), "\(file) differs from the local sweep")
        }
    }
}
