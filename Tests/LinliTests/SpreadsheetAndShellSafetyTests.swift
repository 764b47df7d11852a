import Foundation
import Testing
@testable import Linli

/// Issue "Robustness" items 3 and 8: names that a spreadsheet would run as a
/// formula are refused where they are written, every CSV cell Linli writes is
/// inert in a spreadsheet, and every command the CLI prints for pasting keeps
/// hostile paths literal.
@Suite(.serialized) struct SpreadsheetAndShellSafetyTests {
    static let hazards = ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]

    /// `s` as a YAML double-quoted scalar (so tabs and CRs survive).
    static func yaml(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\r", with: "\\r") + "\""
    }

    static func scenario(name: String = "safe", community: String = "c0", street: String = "s0") -> String {
        """
        name: \(yaml(name))
        days: 20
        population:
          communities:
            - name: \(yaml(community))
              type: old_compound
              households: 40
              street: \(yaml(street))
        """
    }

    func errors(_ text: String) -> [ScenarioError] {
        do { _ = try ScenarioLoader.parse(text: text, path: "s.yaml"); return [] }
        catch let e as ScenarioErrors { return e.errors }
        catch { Issue.record("unexpected \(error)"); return [] }
    }

    @Test func namesThatStartAFormulaAreRefusedWithTheirLocation() {
        for h in Self.hazards {
            for (text, line, key) in [(Self.scenario(name: h), 1, "name"),
                                      (Self.scenario(community: h), 5, "population.communities[0].name"),
                                      (Self.scenario(street: h), 8, "population.communities[0].street")] {
                let e = errors(text)
                #expect(e.count == 1, "\(h) as \(key): \(e)")
                if let first = e.first {
                    #expect(first.line == line && first.message.hasPrefix("\(key):"), "\(first)")
                    #expect(first.message.contains("spreadsheet would run it as a formula"), "\(first.message)")
                }
            }
        }
        // The same names one character later are fine: only the first cell character matters.
        for h in Self.hazards {
            #expect(errors(Self.scenario(name: "x" + h, community: "c" + h, street: "s" + h)).isEmpty)
        }
    }

    @Test func sweepAndCalibrationNamesToo() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = SweepFixture.factorialSweep().replacingOccurrences(of: "name: tiny-factorial", with: "name: \"=1+1\"")
        #expect(throws: ScenarioErrors.self) { try SweepLoader.load(path: try f.write(sweep)) }
        do { _ = try SweepLoader.load(path: try f.write(sweep)) } catch let e as ScenarioErrors {
            #expect(e.errors.count == 1 && e.errors[0].line == 1 && e.errors[0].message.contains("formula"), "\(e)")
        }
    }

    /// A real run, a sweep and their reports: every cell of every CSV is
    /// either a number or text that does not begin a formula.
    @Test func noCSVCellLinliWritesCanStartAFormula() throws {
        let f = try SweepFixture(households: 40, days: 20)
        defer { f.remove() }
        let run = f.url("run"), sw = f.url("sweep")
        var r = try CLITests.linli(["run", f.url("base.yaml").path, "--out", run.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try CLITests.linli(["sweep", try f.write(SweepFixture.factorialSweep(replicates: 1)), "--out", sw.path, "--quiet",
                                "--keep-timeseries"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try [run, sw].flatMap { dir in
            try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }
                .map { dir.appendingPathComponent($0) }
        }
        #expect(files.count >= 6, "\(files.map(\.lastPathComponent))")
        var cells = 0
        for url in files {
            for row in try CSVTable.records(try String(contentsOf: url, encoding: .utf8), source: url.path) {
                for cell in row {
                    cells += 1
                    if YAMLValidator.formulaHazard(cell) != nil {
                        #expect(Double(cell) != nil, "\(url.lastPathComponent): cell \(cell.debugDescription) could start a formula")
                    }
                }
            }
        }
        #expect(cells > 1000)
        // And the name from the issue never gets that far.
        let bad = f.url("bad.yaml")
        try Self.scenario(community: "=HYPERLINK(\"http://x\")").write(to: bad, atomically: true, encoding: .utf8)
        r = try CLITests.linli(["run", bad.path, "--out", f.url("bad").path])
        #expect(r.status != 0 && r.stderr.contains("\(bad.path):5:") && r.stderr.contains("formula"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.url("bad").path))
    }

    /// Runs `script` in bash with `dir/bin` first on PATH; returns stdout.
    static func bash(_ script: String, in dir: URL, env: [String: String] = [:]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-c", script]
        p.currentDirectoryURL = dir
        var e = ProcessInfo.processInfo.environment
        e["PATH"] = dir.appendingPathComponent("bin").path + ":" + (e["PATH"] ?? "/usr/bin:/bin")
        for key in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"] { e[key] = nil }
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The sweep file and working directory sit under a name with blanks, a
    /// quote and `$(…)`; the output directory holds `$(…)`. Pasting the
    /// printed hints into bash (with a stand-in `sbatch` that logs its
    /// arguments) passes each path as one literal argument and runs nothing
    /// inside it; the array script itself, run as Slurm would, runs its shard.
    @Test func printedSlurmHintsAndScriptsKeepHostilePathsLiteral() throws {
        let f = try SweepFixture(households: 40, days: 20)
        defer { f.remove() }
        let odd = f.url("it's a $(touch PWNED) dir")
        try FileManager.default.createDirectory(at: odd.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try SweepFixture.baseScenario.replacingOccurrences(of: "households: 80", with: "households: 30")
            .replacingOccurrences(of: "days: 40", with: "days: 15")
            .write(to: odd.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        let sweep = odd.appendingPathComponent("sweep.yaml")
        try SweepFixture.factorialSweep(replicates: 1).write(to: sweep, atomically: true, encoding: .utf8)
        let out = f.url("out-$(touch${IFS}PWNED);x")
        let stub = odd.appendingPathComponent("bin/sbatch")
        try "#!/bin/bash\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$SBATCH_LOG\"; done\necho 4242\n"
            .write(to: stub, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)

        let r = try CLITests.linli(["sweep", sweep.path, "--emit-slurm", "--out", out.path, "--array-size", "2"], in: odd)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let submit = try #require(lines.first { $0.hasPrefix("submit:") }).dropFirst("submit:".count)
        let merge = try #require(lines.first { $0.hasPrefix("then merge:") }).dropFirst("then merge:".count)
        let log = f.url("sbatch.log")
        let (status, echoed) = try Self.bash(String(submit) + "\n" + String(merge) + "\necho \"job=$jobid\"", in: odd,
                                             env: ["SBATCH_LOG": log.path])
        #expect(status == 0 && echoed.contains("job=4242"))
        let args = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(args == ["--parsable", out.path + "/sweep.sbatch", "--dependency=afterok:4242", out.path + "/merge.sbatch"], "\(args)")

        // The array script, run by hand as task 0 of 2, then the merge script.
        for (script, env) in [("sweep.sbatch", ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"]),
                              ("sweep.sbatch", ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"]),
                              ("merge.sbatch", [:])] {
            let (s, _) = try Self.bash("bash " + Shell.quote(out.appendingPathComponent(script).path), in: odd, env: env)
            #expect(s == 0, "\(script) exited \(s)")
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("points.csv").path))
        for dir in [f.dir, odd, out] {
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("PWNED").path), "something ran $(…) in \(dir.path)")
        }
    }

    /// `#SBATCH --output=` cannot carry blanks, quotes or `%`: refused, with a reason, and nothing written.
    @Test func slurmOutputDirectoryWithBlanksIsRefused() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try f.write(SweepFixture.factorialSweep())
        for name in ["with space", "quote'd", "per%cent"] {
            let out = f.url(name)
            let r = try CLITests.linli(["sweep", sweep, "--emit-slurm", "--out", out.path])
            #expect(r.status != 0 && r.stderr.contains("#SBATCH --output=") && r.stderr.contains("choose --out"), "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sweep.sbatch").path))
        }
        #expect(SlurmScript.directiveWord("linli-my sweep%1") == "linli-my_sweep_1")
        #expect(Shell.quote("a'b $(c)") == "'a'\\''b $(c)'")
    }
}
