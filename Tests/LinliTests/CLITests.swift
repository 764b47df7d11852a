import Foundation
import Testing

/// End-to-end checks of the built `linli` binary on the shipped scenarios:
/// what a newcomer following the README does.
@Suite(.serialized) struct CLITests {
    /// The package root (this file is Tests/LinliTests/CLITests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `linli` sits next to the test bundle in the build directory.
    static func binary() throws -> URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("linli")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw CLIError("linli binary not found beside \(testBinary.path); `swift test` builds it with the package")
    }

    struct CLIError: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `linli args` in `cwd`, with `env` added to the environment (and
    /// Slurm's array variables removed, which would otherwise pick a sweep shard).
    static func linli(_ args: [String], in cwd: URL = root, env: [String: String] = [:]) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        for key in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"] { environment[key] = nil }
        for (k, v) in env { environment[k] = v }
        return try run(try binary(), args, in: cwd, environment: environment)
    }

    /// Runs `executable args` in `cwd` and collects its exit status, stdout and stderr.
    static func run(_ executable: URL, _ args: [String], in cwd: URL = root,
                    environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = cwd
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("linli-cli-\(UUID().uuidString)")
    }

    /// Every shipped scenario with its number of communities.
    static let shipped: [(String, Int)] = [("scenarios/baseline.yaml", 1), ("scenarios/levers-demo.yaml", 1),
                                           ("scenarios/meanfield.yaml", 1),
                                           ("scenarios/problems-demo.yaml", 2), ("scenarios/junyuan-spiral.yaml", 1),
                                           // the seed cases (issue "Seed cases")
                                           ("scenarios/jiaxing-road.yaml", 18), ("scenarios/wuchang.yaml", 3),
                                           ("scenarios/wangzhuang.yaml", 16), ("scenarios/yangpu.yaml", 4),
                                           ("scenarios/rongting.yaml", 1), ("scenarios/junyuan.yaml", 1),
                                           ("scenarios/guangming.yaml", 1)]

    /// Scenarios too large to run in the suite (benchmarks): validated only.
    static let large = ["scenarios/city.yaml", "scenarios/district.yaml"]

    static func scenarioFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { "scenarios/\($0)" }.sorted()
    }

    @Test func everyShippedScenarioIsListed() throws {
        let files = try Self.scenarioFiles().filter { !Self.large.contains($0) }
        #expect(files == Self.shipped.map(\.0).sorted())
    }

    @Test(arguments: shipped)
    func shippedScenarioRunsAndWritesFourFiles(_ scenario: String, _ communities: Int) throws {
        let out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        // Fewer days and replicates than shipped, to keep the suite fast; the file is read as shipped.
        let r = try Self.linli(["run", scenario, "--out", out.path, "--days", "60", "--replicates", "3", "--jobs", "2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("results: \(out.path)"))
        #expect(r.stdout.contains("participation_rate_final"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["aggregate.csv", "manifest.json", "summary.csv", "timeseries.csv"])
        let ts = try String(contentsOf: out.appendingPathComponent("timeseries.csv"), encoding: .utf8)
        let rows = ts.split(separator: "\n")
        // header + replicates × days × (communities + all)
        #expect(rows.count == 1 + 3 * 60 * (communities + 1))
        #expect(rows[0].hasPrefix("replicate,day,community,"))
    }

    /// `--no-levers`: the same scenario with every lever off, named `<name>-no-levers`
    /// (the case's counterfactual); a later `--set KEY.on=true` switches one back on.
    @Test func noLeversRunsTheCounterfactual() throws {
        let out = Self.tempDir(), one = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: one) }
        func manifest(_ dir: URL) throws -> [String: Any] {
            let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let r = try Self.linli(["run", "scenarios/problems-demo.yaml", "--no-levers", "--out", out.path, "--days", "20", "--replicates", "2", "--jobs", "2"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let m = try manifest(out)
        #expect(m["scenario"] as? String == "problems-demo-no-levers")
        #expect((m["levers_on"] as? [String]) == [])
        let s = try Self.linli(["run", "scenarios/problems-demo.yaml", "--no-levers", "--set", "talent_studios.on=true",
                                "--out", one.path, "--days", "20", "--replicates", "2", "--jobs", "2"])
        #expect(s.status == 0, "stderr: \(s.stderr)")
        #expect((try manifest(one)["levers_on"] as? [String]) == ["talent_studios"])
    }

    @Test func shippedScenariosValidate() throws {
        let files = try Self.scenarioFiles()
        #expect(files.count >= Self.shipped.count)
        let r = try Self.linli(["validate"] + files)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        for file in files { #expect(r.stdout.contains("\(file): ok")) }
    }

    static let broken = """
    name: broken
    days: 100
    population:
      communities:
        - name: c
          type: old_compund
          households: 50
    levers:
      posts:
        on: yes please
    """

    @Test func brokenScenarioIsRejectedWithLineAndColumnAndNothingWritten() throws {
        let dir = Self.tempDir()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.yaml")
        try Self.broken.write(to: file, atomically: true, encoding: .utf8)

        let v = try Self.linli(["validate", file.path])
        #expect(v.status == 1)
        #expect(v.stderr.contains("\(file.path):6:"), "no line:column for the bad type: \(v.stderr)")
        #expect(v.stderr.contains("old_compound"), "no did-you-mean: \(v.stderr)")
        #expect(v.stderr.contains("\(file.path):10:"), "second error not reported in the same pass: \(v.stderr)")

        let out = dir.appendingPathComponent("out")
        let r = try Self.linli(["run", file.path, "--out", out.path])
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path), "an invalid scenario wrote output")
    }

    @Test func badSetOverrideIsRejected() throws {
        let out = Self.tempDir()
        let r = try Self.linli(["run", "scenarios/baseline.yaml", "--out", out.path, "--set", "decision.beta00=1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("decision.beta0"), "no did-you-mean for --set: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func paramsListsEveryRegistryKeyWithSource() throws {
        let r = try Self.linli(["params", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first?.contains("default") == true)
        #expect(lines.count > 50)
        #expect(lines.contains { $0.hasPrefix("decision.beta0,") })
    }
}
