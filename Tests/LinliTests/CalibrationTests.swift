import CGSL
import Foundation
import Testing
@testable import Linli

/// A temporary directory holding a small scenario (`small.yaml`: one old
/// compound) for calibration files.
private struct CalibrationFixture {
    let dir: URL

    init(households: Int = 400, days: Int = 180) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try write("""
            name: small
            days: \(days)
            population:
              communities:
                - name: c0
                  type: old_compound
                  households: \(households)
            """, as: "small.yaml")
    }

    @discardableResult
    func write(_ text: String, as name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func url(_ name: String) -> URL { dir.appendingPathComponent(name) }
    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// Runs `file` into `out` and returns the outcome.
    @discardableResult
    func calibrate(_ file: String, out: String, jobs: Int = 2, shard: Shard = .all, resume: Bool = false,
                   maxNewRuns: Int? = nil) throws -> CalibrationExecution.Outcome {
        let cal = try CalibrationLoader.load(path: file)
        return try CalibrationExecution(cal, directory: url(out), jobs: jobs, shard: shard, resume: resume, maxNewRuns: maxNewRuns).run()
    }

    func bytes(_ out: String, _ file: String) throws -> Data { try Data(contentsOf: url(out).appendingPathComponent(file)) }
}

private func complete(_ o: CalibrationExecution.Outcome) -> CalibrationResult? {
    if case .complete(let r, _) = o { return r }
    return nil
}

/// The recovery problem: targets from runs of the small scenario at known
/// values of `decision.beta0` and `decision.fatigue_gain`.
///
/// `decision.beta_social` is not used: in a 400-household compound at
/// baseline participation (2-12%) few of a resident's contacts are active,
/// so social pull S stays small and a probe over beta_social ∈ [0, 6] moved
/// no summary metric beyond replicate noise: it is not identifiable from
/// these aggregates. `fatigue_gain` is: the mean fatigue scales with it at a
/// given participation, while beta0 sets participation.
private enum Recovery {
    static let truth = (beta0: -3.0, fatigueGain: 0.3)
    static let metrics = ["participation_rate_mean", "fatigue_mean_mean"]
    /// Replicates of the "observed" runs, with seeds unrelated to the calibration's.
    static let observedReplicates = 8

    /// The observed mean of each metric at the truth.
    static let observed: [Double] = {
        var p = Parameters()
        for (k, v) in testOverrides { p[k] = v }
        let sc = Scenario(name: "small", seed: 1, replicates: 1, days: 180,
                          communities: [CommunitySpec(name: "c0", type: .oldCompound, households: 400)], parameters: p)
        let model = ScenarioModel(base: sc, factorKeys: ["decision.beta0", "decision.fatigue_gain"], metrics: metrics)
        let runs = (0..<observedReplicates).map { r in
            model.run(values: [truth.beta0, truth.fatigueGain], seed: linli_run_seed(testBaseSeed &+ 1000, 0, UInt64(r)), keepSeries: false).metrics
        }
        return metrics.indices.map { j in Statistics.mean(runs.map { $0[j] }) }
    }()

    /// A calibration file over the fixture's small.yaml; tolerance 5% of each observed value.
    static func file(method: String, replicates: Int = 6) -> String {
        """
        name: recovery
        seed: \(testBaseSeed)
        replicates: \(replicates)
        parameters:
          - {key: decision.beta0, range: [-5, -2]}
          - {key: decision.fatigue_gain, range: [0.05, 0.6]}
        targets:
          - {scenario: small.yaml, metric: \(metrics[0]), value: \(observed[0]), tolerance: \(0.05 * observed[0])}
          - {scenario: small.yaml, metric: \(metrics[1]), value: \(observed[1]), tolerance: \(0.05 * observed[1])}
        method:
        \(method)
        """
    }
}

@Suite struct CalibrationTests {
    // MARK: Files

    @Test func loaderErrorsNameFileLineColumnWithSuggestions() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write("""
            name: bad
            replicats: 3
            parameters:
              - {key: decision.beta0, range: [-5, -2]}
              - {key: decision.beta_socal, range: [0, 2]}
            targets:
              - {scenario: small.yaml, metric: participation_rate_mea, value: 0.05, tolerance: 0.01}
              - {scenario: small.yaml, metric: participation_rate_mean, interval: [0.2, 0.1]}
              - {scenario: nothere.yaml, metric: participation_rate_mean, interval: [~, 0.1]}
              - {scenario: small.yaml, metric: trust_mean_mean, interval: [-.inf, .inf]}
            method:
              nelder_mead: {starts: 2, max_evals: 3}
            """, as: "bad.yaml")
        var errors: [ScenarioError] = []
        do { _ = try CalibrationLoader.load(path: path) } catch let e as ScenarioErrors { errors = e.errors }
        func find(_ fragment: String) -> ScenarioError? { errors.first { $0.message.contains(fragment) } }
        let expected: [(String, Int, Int, String)] = [
            ("unknown key `replicats`", 2, 1, "did you mean `replicates`?"),
            ("unknown parameter `decision.beta_socal`", 5, 11, "did you mean `decision.beta_social`?"),
            ("unknown metric `participation_rate_mea`", 7, 36, "did you mean `participation_rate_mean`?"),
            ("the low end must be below the high end", 8, 71, "[0.2, 0.1]"),
            ("no such scenario file", 9, 16, "nothere.yaml"),
            ("at least one end must be finite", 10, 63, "[-Inf, Inf]"),
            ("unknown key `max_evals`", 12, 28, "`max_evaluations`"),
        ]
        for (fragment, line, column, detail) in expected {
            let e = try #require(find(fragment), "no error containing \(fragment); got \(errors.map(\.description))")
            #expect(e.file == path)
            #expect(e.line == line && e.column == column, "\(fragment): at \(e.line):\(e.column), expected \(line):\(column)")
            #expect(e.message.contains(detail), "\(e.message)")
        }
        #expect(errors.count == expected.count, "\(errors.map(\.description))")
    }

    @Test func targetsOfOneScenarioShareACaseAndIntervalsMeasureDistance() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write("""
            name: ok
            parameters:
              - {key: decision.beta0, range: [-5, -2]}
            targets:
              - {scenario: small.yaml, metric: participation_rate_mean, interval: [~, 0.1]}
              - {scenario: small.yaml, metric: trust_mean_final, interval: [0.2, 0.4], weight: 2}
              - {scenario: small.yaml, days: 90, metric: groups_final, interval: [300, .inf]}
            method:
              abc: {samples: 8, accept: {quantile: 0.5}}
            """, as: "ok.yaml")
        let cal = try CalibrationLoader.load(path: path)
        #expect(cal.cases.count == 2, "targets 0 and 1 share small.yaml; target 2's days make another case")
        #expect(cal.targets.map(\.caseIndex) == [0, 0, 1])
        #expect(cal.cases[1].scenario?.days == 90)
        let (a, b, c) = (cal.targets[0], cal.targets[1], cal.targets[2])
        #expect(a.distance(0.05) == 0 && abs(a.distance(0.15) - 0.5) < 1e-12) // one-sided: over |end| = 0.1
        #expect(b.distance(0.3) == 0 && abs(b.distance(0.1) - 0.5) < 1e-12) // two-sided: over the width 0.2
        #expect(c.distance(150) == 0.5 && c.distance(400) == 0)
        #expect(abs(cal.objective([0.15, 0.1, 150]) - (0.25 + 2 * 0.25 + 0.25)) < 1e-12)
    }

    @Test func relativeTargetsAreRatiosToTheirReference() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let good = try fx.write("""
            name: rel
            parameters: [{key: decision.beta0, range: [-5, -2]}]
            targets:
              - {name: off, scenario: small.yaml, set: {events.on: false}, metric: participation_rate_mean}
              - {name: on-over-off, scenario: small.yaml, set: {events.on: true}, metric: participation_rate_mean, relative_to: off, interval: [1, ~]}
            method:
              nelder_mead: {}
            """, as: "rel.yaml")
        let cal = try CalibrationLoader.load(path: good)
        #expect(cal.cases.count == 2 && cal.targets[1].relativeTo == 0 && cal.targets[0].goal == nil)
        #expect(cal.targetValues(means: [0.04, 0.05]) == [0.04, 0.05 / 0.04])
        #expect(cal.objective(cal.targetValues(means: [0.04, 0.05])) == 0, "a rise meets [1, ∞); the reference adds nothing")
        #expect(abs(cal.objective(cal.targetValues(means: [0.05, 0.04])) - 0.2 * 0.2) < 1e-12, "a fall is 0.2 below the end 1, over |1|")
        let bad = try fx.write("""
            name: rel
            parameters: [{key: decision.beta0, range: [-5, -2]}]
            targets:
              - {name: off, scenario: small.yaml, metric: participation_rate_mean}
              - {name: lonely, scenario: small.yaml, metric: trust_mean_mean}
              - {name: up, scenario: small.yaml, metric: belonging_mean_mean, relative_to: of, interval: [1, ~]}
            method:
              nelder_mead: {}
            """, as: "bad.yaml")
        var errors: [ScenarioError] = []
        do { _ = try CalibrationLoader.load(path: bad) } catch let e as ScenarioErrors { errors = e.errors }
        #expect(errors.contains { $0.line == 6 && $0.message.contains("no target named `of`; did you mean `off`?") }, "\(errors)")
        #expect(errors.contains { $0.line == 5 && $0.message.contains("targets[1]: missing the target") }, "\(errors)")
        #expect(errors.contains { $0.line == 4 && $0.message.contains("targets[0]: missing the target") }, "`off` is not referenced (the reference is mistyped)")
    }

    // MARK: Nelder–Mead

    /// Tolerance 1e-3 on each coordinate: GSL's simplex stops at size 1e-8
    /// in logit coordinates, far inside it; the valley is what makes it hard.
    @Test func nelderMeadReachesTheRosenbrockMinimum() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write("""
            name: rosenbrock
            parameters: [{key: x1}, {key: x2}]
            targets: [{model: rosenbrock, metric: y, value: 0, tolerance: 1}]
            method:
              nelder_mead: {starts: 2, max_evaluations: 800, simplex_size: 1.0e-8}
            """, as: "rosen.yaml")
        let r = try #require(complete(try fx.calibrate(path, out: "out")))
        print("Rosenbrock: best (\(r.best.values[0]), \(r.best.values[1])), J = \(r.best.objective), \(r.evaluations.count) evaluations")
        #expect(r.evaluations[0].values == [0, 0], "restart 0 starts at the defaults (the domain's middle)")
        #expect(abs(r.best.values[0] - 1) < 1e-3 && abs(r.best.values[1] - 1) < 1e-3)
        #expect(r.best.objective < 1e-8)
        #expect(r.evaluations.count <= 2 * (800 + 2) + 2, "each restart stops near its budget")
    }

    /// Tolerances: ±0.3 on beta0 and ±0.06 on fatigue_gain. The observed
    /// means carry ~3% standard error (8 replicates, ~8% sd each) and the
    /// calibration's ~3.3% (6 replicates): ~4.5% on their difference. From a
    /// probe of the small scenario, participation rises ~57% per unit of
    /// beta0 and mean fatigue ~1 : 1 with fatigue_gain, so standard errors
    /// of ~0.08 (beta0) and ~0.015 (fatigue_gain) are expected before the
    /// two parameters' correlation: the tolerances are ~4 of those.
    @Test func nelderMeadRecoversKnownParameters() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write(Recovery.file(method: "  nelder_mead: {starts: 1, max_evaluations: 60, simplex_size: 0.01}"), as: "nm.yaml")
        let clock = ContinuousClock.now
        let r = try #require(complete(try fx.calibrate(path, out: "out")))
        print("NM recovery: observed \(Recovery.observed), best \(r.best.values) (truth \(Recovery.truth)), J = \(r.best.objective), \(r.evaluations.count) evaluations, \(ContinuousClock.now - clock)")
        #expect(r.evaluations[0].values == [-3.4, 0.15], "the search starts from the registry defaults")
        #expect(abs(r.best.values[0] - Recovery.truth.beta0) < 0.3)
        #expect(abs(r.best.values[1] - Recovery.truth.fatigueGain) < 0.06)
        // best.yaml is a scenario `linli validate` accepts, carrying the fitted values.
        let best = try ScenarioLoader.load(path: fx.url("out").appendingPathComponent(CalibrationExecution.bestFile).path)
        #expect(best.parameters["decision.beta0"] == r.best.values[0])
        #expect(best.parameters["decision.fatigue_gain"] == r.best.values[1])
        #expect(best.communities.map(\.households) == [400] && best.days == 180)
    }

    // MARK: ABC

    @Test func abcPosteriorCoversTheTruthAndIsNarrowerThanThePrior() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write(Recovery.file(method: "  abc: {samples: 48, design: sobol, accept: {quantile: 0.25}, smc: {generations: 1, quantile: 0.25}}"), as: "abc.yaml")
        let clock = ContinuousClock.now
        let r = try #require(complete(try fx.calibrate(path, out: "out")))
        let cal = try CalibrationLoader.load(path: path)
        let rows = CalibrationOutput.posteriorSummary(cal, r).dropFirst()
        let truth = [Recovery.truth.beta0, Recovery.truth.fatigueGain]
        print("ABC recovery (\(ContinuousClock.now - clock)): tolerances \(r.tolerances), \(r.posterior.count) particles")
        for (k, row) in rows.enumerated() {
            let (lo, hi) = (Double(row[6])!, Double(row[7])!)
            let prior = cal.parameters[k].range!
            print("  \(row[0]): mean \(row[4]), 95% [\(lo), \(hi)], truth \(truth[k]), width \(String(format: "%.2f", (hi - lo) / (prior.upperBound - prior.lowerBound))) of the prior")
            #expect(lo <= truth[k] && truth[k] <= hi, "\(row[0]): 95% interval [\(lo), \(hi)] misses \(truth[k])")
            #expect(hi - lo < 0.6 * (prior.upperBound - prior.lowerBound), "\(row[0]): the posterior is barely narrower than the prior")
        }
        #expect(r.tolerances.count == 2 && r.tolerances[1] <= r.tolerances[0], "SMC tolerance shrinks")
        #expect(abs(r.posterior.map(\.weight).reduce(0, +) - 1) < 1e-9)
        #expect(FileManager.default.fileExists(atPath: fx.url("out").appendingPathComponent(CalibrationExecution.posteriorFile).path))
    }

    // MARK: Resume, jobs, shards

    /// A small, cheap calibration whose evaluations are 3 scenario runs each.
    private static func tinyFile(method: String) -> String {
        """
        name: tiny
        seed: \(testBaseSeed)
        replicates: 3
        parameters:
          - {key: decision.beta0, range: [-5, -2]}
          - {key: decision.fatigue_gain, range: [0.05, 0.6], scale: log}
        targets:
          - {scenario: small.yaml, metric: participation_rate_mean, value: 0.06, tolerance: 0.003}
          - {scenario: small.yaml, metric: fatigue_mean_final, interval: [~, 0.005]}
        method:
        \(method)
        """
    }

    static let tinyMethods = [
        "  nelder_mead: {starts: 2, max_evaluations: 10}",
        "  abc: {samples: 12, design: lhs, accept: {quantile: 0.5}, smc: {generations: 1}}",
    ]

    @Test(arguments: tinyMethods)
    func killAndResumeGiveTheSameBytesAsAnUninterruptedRun(method: String) throws {
        let fx = try CalibrationFixture(households: 150, days: 60)
        defer { fx.remove() }
        let path = try fx.write(Self.tinyFile(method: method), as: "tiny.yaml")
        let whole = try #require(complete(try fx.calibrate(path, out: "whole", jobs: 2)))
        let total = try CalibrationExecution(try CalibrationLoader.load(path: path), directory: fx.url("whole"), jobs: 1).recordedRuns()
        // Killed twice mid-evaluation (runs 7 and 7 + 11: not multiples of 3), then resumed.
        for budget in [7, 11] {
            #expect(throws: CalibrationStop.self) { try fx.calibrate(path, out: "killed", jobs: 2, resume: true, maxNewRuns: budget) }
        }
        let logged = try CalibrationExecution(try CalibrationLoader.load(path: path), directory: fx.url("killed"), jobs: 1).recordedRuns()
        #expect(logged == 18)
        // A write torn by the kill: a partial last line, cut off on resume.
        let log = fx.url("killed").appendingPathComponent("records").appendingPathComponent("shard-0-of-1.log")
        let h = try FileHandle(forWritingTo: log)
        h.seekToEndOfFile(); h.write("12,4,1,99".data(using: .utf8)!); try h.close()
        #expect(!FileManager.default.fileExists(atPath: fx.url("killed").appendingPathComponent(CalibrationExecution.evaluationsFile).path))
        let resumed = try #require(complete(try fx.calibrate(path, out: "killed", jobs: 1, resume: true)))
        for file in [CalibrationExecution.evaluationsFile, CalibrationExecution.bestFile] {
            #expect(try fx.bytes("killed", file) == fx.bytes("whole", file), "\(file) differs after kill and resume")
        }
        let manifest = try CalibrationManifest.read(from: fx.url("killed").appendingPathComponent(CalibrationExecution.manifestFile))
        #expect(manifest.runsComputed == total - 18, "the resumed run simulated only what was not logged")
        #expect(resumed.evaluations.count == whole.evaluations.count)
        // Without --resume the directory is refused.
        #expect(throws: RunStoreError.self) { try fx.calibrate(path, out: "killed") }
    }

    @Test(arguments: tinyMethods)
    func jobsOneAndTwoGiveTheSameBytes(method: String) throws {
        let fx = try CalibrationFixture(households: 150, days: 60)
        defer { fx.remove() }
        let path = try fx.write(Self.tinyFile(method: method), as: "tiny.yaml")
        try fx.calibrate(path, out: "j1", jobs: 1)
        try fx.calibrate(path, out: "j2", jobs: 2)
        var files = [CalibrationExecution.evaluationsFile, CalibrationExecution.bestFile]
        if method.contains("abc") { files += [CalibrationExecution.posteriorFile, CalibrationExecution.posteriorSummaryFile] }
        for file in files { #expect(try fx.bytes("j1", file) == fx.bytes("j2", file), "\(file) differs between --jobs 1 and 2") }
    }

    /// Shards share a directory; each process does its share of the first
    /// incomplete stage (ABC-SMC: the prior sample, then generation 1) and
    /// the process that finds the search complete writes the same bytes as one unsharded run.
    @Test func shardedABCSMCGivesTheSameBytesAsOneProcess() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write("""
            name: rosen-abc
            seed: 3
            parameters: [{key: x1}, {key: x2}]
            targets: [{model: rosenbrock, metric: y, value: 0, tolerance: 10}]
            method:
              abc: {samples: 64, accept: {quantile: 0.25}, smc: {generations: 2, quantile: 0.5}}
            """, as: "abc.yaml")
        try fx.calibrate(path, out: "one")
        var rounds = 0
        var done = false
        while !done && rounds < 10 {
            rounds += 1
            for k in 0..<3 {
                let outcome = try fx.calibrate(path, out: "sharded", shard: Shard(index: k, count: 3), resume: true)
                if complete(outcome) != nil { done = true; break }
            }
        }
        #expect(done && rounds == 3, "the prior, generation 1 and generation 2 each take one round of shards; took \(rounds)")
        for file in [CalibrationExecution.evaluationsFile, CalibrationExecution.posteriorFile, CalibrationExecution.posteriorSummaryFile] {
            #expect(try fx.bytes("sharded", file) == fx.bytes("one", file), "\(file) differs between sharded and one process")
        }
    }

    // MARK: Report and the seed-figures file

    @Test func reportDrawsACalibrationPage() throws {
        let fx = try CalibrationFixture()
        defer { fx.remove() }
        let path = try fx.write("""
            name: rosen-abc
            parameters: [{key: x1}, {key: x2, scale: linear}]
            targets:
              - {model: rosenbrock, metric: y, value: 0, tolerance: 10, name: rosenbrock-value}
              - {model: rosenbrock, metric: y, interval: [~, 5], name: rosenbrock-below-5}
            method:
              abc: {samples: 32, accept: {quantile: 0.25}}
            """, as: "abc.yaml")
        try fx.calibrate(path, out: "out")
        let page = try Report.build([fx.url("out")])
        #expect(page.kind == .calibration)
        // Objective + one chart per target + one histogram per parameter.
        #expect(page.charts == 1 + 2 + 2)
        for text in ["rosenbrock-value", "rosenbrock-below-5", "≤ 5", "Posterior", "x1"] { #expect(page.html.contains(text), "page lacks \(text)") }
    }

    /// The command end to end: exit statuses, `best.yaml` through `linli validate`, the report.
    @Test func calibrateCommandRunsValidatesAndReports() throws {
        let fx = try CalibrationFixture(households: 150, days: 60)
        defer { fx.remove() }
        try fx.write(Self.tinyFile(method: "  nelder_mead: {starts: 1, max_evaluations: 4}"), as: "tiny.yaml")
        try fx.write("name: bad\nparameters: [{key: decision.beta0, range: [-5, -2]}]\ntargets: [{scenario: small.yaml, metric: trust_mean_mean, value: 0.5, tolerance: 0}]\nmethod: {nelder_mead: {}}\n", as: "bad.yaml")
        let dry = try CLITests.linli(["calibrate", "tiny.yaml", "--dry-run"], in: fx.dir)
        #expect(dry.status == 0 && dry.stdout.contains("estimated:"), "\(dry.stderr)")
        let bad = try CLITests.linli(["calibrate", "bad.yaml"], in: fx.dir)
        #expect(bad.status == 1 && bad.stderr.contains("bad.yaml:3:") && bad.stderr.contains("tolerance: expected a positive number"), "\(bad.stderr)")
        let run = try CLITests.linli(["calibrate", "tiny.yaml", "--out", "out", "--quiet", "--jobs", "2"], in: fx.dir)
        #expect(run.status == 0 && run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("out"), "\(run.stderr)")
        let again = try CLITests.linli(["calibrate", "tiny.yaml", "--out", "out", "--quiet"], in: fx.dir)
        #expect(again.status == 2 && again.stderr.contains("--resume"), "\(again.stderr)")
        let validate = try CLITests.linli(["validate", "out/best.yaml"], in: fx.dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        let report = try CLITests.linli(["report", "out", "--quiet"], in: fx.dir)
        #expect(report.status == 0 && FileManager.default.fileExists(atPath: fx.url("out/report.html").path), "\(report.stderr)")
    }

    @Test func seedFiguresFileValidates() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/calibration/seed-figures.yaml").path
        let cal = try CalibrationLoader.load(path: path)
        #expect(cal.targets.count >= 5)
        #expect(Set(cal.cases.compactMap { $0.scenario?.name }).count >= 5, "targets span several case scenarios")
    }
}
