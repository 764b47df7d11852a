import Foundation
import Testing
@testable import Linli

/// A temporary directory with a tiny base scenario (`base.yaml`) for sweep files.
struct SweepFixture {
    let dir: URL

    static let baseScenario = """
        name: tiny
        days: 40
        population:
          communities:
            - name: c0
              type: old_compound
              households: 80
            - name: c1
              type: village
              households: 40
        """

    init(households: Int = 80, days: Int = 40) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let base = Self.baseScenario.replacingOccurrences(of: "households: 80", with: "households: \(households)")
            .replacingOccurrences(of: "days: 40", with: "days: \(days)")
        try base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
    }

    /// Writes `text` as `name` in the fixture directory and returns its path.
    @discardableResult
    func write(_ text: String, as name: String = "sweep.yaml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func url(_ name: String) -> URL { dir.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// A small sweep of the tiny base: factorial 2 × 3 points × `replicates`.
    static func factorialSweep(replicates: Int = 2, seed: Int = 4) -> String {
        """
        name: tiny-factorial
        scenario: base.yaml
        seed: \(seed)
        replicates: \(replicates)
        set:
          office_hours.on: true
        design:
          type: factorial
        factors:
          - key: posts.on
          - key: office_hours.evening_share
            range: [0.2, 0.6]
            count: 3
        metrics: [participation_rate_final, trust_mean_mean, backbone_count_final]
        """
    }
}

/// Sweep files are validated as strictly as scenarios.
@Suite struct SweepFileTests {
    /// Every error of `text`, as `LINE:COLUMN: message` (path stripped).
    func errors(_ text: String, _ fixture: SweepFixture) throws -> [String] {
        let path = try fixture.write(text, as: "bad.yaml")
        do {
            _ = try SweepLoader.load(path: path)
            return []
        } catch let e as ScenarioErrors {
            return e.errors.map { $0.file == path ? "\($0.line):\($0.column): \($0.message)" : $0.description }
        }
    }

    /// Each of `expected` begins one of the errors `e`.
    func expectAll(_ expected: [String], in e: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for x in expected {
            #expect(e.contains { $0.hasPrefix(x) }, "missing: \(x)\ngot:\n\(e.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }

    @Test func validSweepLoadsWithDefaults() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try SweepLoader.load(path: try f.write(SweepFixture.factorialSweep()))
        #expect(sweep.name == "tiny-factorial")
        #expect(sweep.design == .factorial)
        #expect(sweep.factors.map(\.scale) == [.boolean, .linear])
        #expect(sweep.factors[1].factorialLevels == [0.2, 0.4, 0.6])
        #expect(sweep.baseScenario?.parameters.bool("office_hours.on") == true)
        #expect(sweep.community == "all")
        #expect(SweepPlan(sweep).runCount == 12)
    }

    @Test func everyProblemIsReportedWithLineColumnAndHints() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let e = try errors("""
            name: bad
            scenario: base.yaml
            replicates: 0
            design:
              type: latin_hypercub
            factors:
              - key: decision.beta00
                range: [-4, -3]
              - key: posts.per_community
                scale: linear
                range: [1, 5]
              - key: office_hours.evening_share
                scale: logg
              - key: red_list.share
                range: [0.5, 2]
            metrics: [participation_rate_fnal, participation_rate]
            communty: all
            """, f)
        let expected = [
            "3:13: replicates: expected an integer in 1...100000, found 0",
            "5:9: design.type: unknown design `latin_hypercub`; did you mean `latin_hypercube`?",
            "7:10: factors[0].key: unknown parameter `decision.beta00`; did you mean `decision.beta0`?",
            "10:12: factors[1].scale: `posts.per_community` is an integer parameter; use `scale: integer`",
            "13:12: factors[2].scale: unknown scale `logg`; did you mean `log`?",
            "15:18: factors[3].range[1]: expected a number in 0...1 (the range of `red_list.share`), found 2",
            "16:11: metrics[0]: unknown metric `participation_rate_fnal`; did you mean `participation_rate_final`?",
            "16:36: metrics[1]: unknown metric `participation_rate`; metrics are `participation_rate_final` (last day) or `participation_rate_mean` (mean over days)",
            "17:1: communty: unknown key `communty`; did you mean `community`?",
        ]
        expectAll(expected, in: e)
    }

    @Test func factorSettingsMustFitTheirScaleAndDesign() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let e = try errors("""
            name: bad
            scenario: base.yaml
            design: {type: factorial}
            factors:
              - key: decision.beta0
                range: [-3, -4]
              - key: decision.beta_trust
                range: [0, 2]
              - key: posts.on
                scale: linear
              - key: talents.engage_rate
                scale: log
                range: [0, 0.1]
                count: 3
              - key: red_list.share
                levels: [0.1, 0.1]
              - key: office_hours.evening_share
                scale: categorical
              - key: posts
              - key: decision.beta0
                levels: [-3]
            """, f)
        let expected = [
            "6:12: factors[0].range: the low end must be below the high end, found [-3, -4]",
            "7:5: factors[1]: a factorial design needs `count` (evenly spaced levels of the range) or explicit `levels` for a linear factor",
            "10:12: factors[2].scale: `posts.on` is a boolean",
            "13:13: factors[3].range[0]: a log scale needs a positive low end, found 0",
            "16:19: factors[4].levels[1]: 0.1 is already a level",
            "17:5: factors[5]: missing required field `levels`",
            "19:10: factors[6].key: unknown parameter `posts`; `posts` is a lever: sweep `posts.on` or one of its fields",
            "20:10: factors[7].key: `decision.beta0` is already a factor (line 5)",
        ]
        expectAll(expected, in: e)
    }

    @Test func designsCheckTheirOwnSettings() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        var e = try errors("""
            name: bad
            scenario: base.yaml
            design: {type: morris, trajectories: 5, levels: 5, points: 3}
            factors:
              - key: decision.beta0
                range: [-4, -3]
            """, f)
        #expect(e.contains { $0.contains("design.points: `points` does not apply to a morris design; valid keys here: `trajectories`, `levels`") }, "\(e)")
        #expect(e.contains { $0.contains("design.levels: expected an even number of grid levels") }, "\(e)")
        e = try errors("""
            name: bad
            scenario: base.yaml
            design: {type: morris, trajectories: 5}
            factors:
              - key: decision.beta0
                range: [-4, -3]
                count: 4
            """, f)
        #expect(e.contains { $0.contains("factors[0].count: `count` sets the levels of a factorial design; a morris design samples the range itself") }, "\(e)")
        e = try errors("""
            name: bad
            scenario: base.yaml
            design: {type: saltelli}
            factors: [{key: decision.beta0, range: [-4, -3]}]
            """, f)
        #expect(e.contains { $0.contains("design: missing required field `base_samples`") }, "\(e)")
        let keys = ParameterRegistry.all.filter { $0.kind == .real && $0.range.lowerBound < $0.range.upperBound }.prefix(21)
        e = try errors("""
            name: bad
            scenario: base.yaml
            design: {type: saltelli, base_samples: 4}
            factors:
            \(keys.map { "  - {key: \($0.key), range: [\(formatNumber($0.range.lowerBound)), \(formatNumber($0.range.upperBound))]}" }.joined(separator: "\n"))
            """, f)
        #expect(e.contains { $0.contains("a saltelli design takes at most 20 factors") }, "\(e)")
    }

    @Test func baseScenarioAndModelProblems() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        var e = try errors("name: x\ndesign: {type: factorial}\nfactors: [{key: posts.on}]\n", f)
        #expect(e.contains { $0.contains("missing required field `scenario`") }, "\(e)")
        e = try errors("name: x\nscenario: nowhere.yaml\ndesign: {type: factorial}\nfactors: [{key: posts.on}]\n", f)
        #expect(e.contains { $0.contains("scenario: the base scenario") && $0.contains("nowhere.yaml") }, "\(e)")
        #expect(e.contains { $0.contains("no such file") }, "\(e)")
        try f.write("name: broken\ndays: 0\npopulation: {communities: [{name: a, type: village, households: 5}]}\n", as: "broken.yaml")
        e = try errors("name: x\nscenario: broken.yaml\ndesign: {type: factorial}\nfactors: [{key: posts.on}]\n", f)
        #expect(e.contains { $0.contains("broken.yaml:2:7: days: expected an integer in 1...36500, found 0") }, "\(e)")
        e = try errors("name: x\nmodel: ishigam\ndesign: {type: factorial}\nfactors: [{key: x1, levels: [0, 1]}]\n", f)
        #expect(e.contains { $0.contains("unknown model `ishigami`") || $0.contains("did you mean `ishigami`") }, "\(e)")
        e = try errors("name: x\nmodel: ishigami\nset: {posts.on: true}\ndesign: {type: sobol, points: 4}\nfactors: [{key: x4}]\n", f)
        #expect(e.contains { $0.contains("set: applies to a scenario") }, "\(e)")
        #expect(e.contains { $0.contains("`ishigami` has no input `x4`") }, "\(e)")
        e = try errors("name: x\nscenario: base.yaml\ncommunity: c2\nset: {posts.onn: true}\ndesign: {type: factorial}\nfactors: [{key: posts.on}]\n", f)
        #expect(e.contains { $0.contains("community: unknown community `c2`") }, "\(e)")
        #expect(e.contains { $0.contains("set.posts.onn: unknown parameter `posts.onn`; did you mean `posts.on`?") }, "\(e)")
        e = try errors("", f)
        #expect(e.first?.contains("the sweep is empty") == true, "\(e)")
        e = try errors("name: x\n  bad: [", f)
        #expect(e.first?.contains("YAML syntax error") == true, "\(e)")
    }

    @Test func everyPointMustGiveAValidScenario() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        // Raising one age share alone breaks the sum-to-one rule at every point.
        let e = try errors("""
            name: ages
            scenario: base.yaml
            design: {type: latin_hypercube, points: 4}
            factors:
              - key: community.old_compound.share_retiree
                range: [0.3, 0.5]
            """, f)
        #expect(e.contains { $0.contains("at point 0") && $0.contains("age shares must sum to 1") }, "\(e)")
    }

    /// The sweep file of the README's "Sweep file format" is valid as printed.
    @Test func readmeSweepExampleLoads() throws {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Sweep file format"))
        let rest = readme[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        let yaml = String(rest[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "scenario: ../baseline.yaml", with: "scenario: \(CLITests.root.path)/scenarios/baseline.yaml")
        let f = try SweepFixture()
        defer { f.remove() }
        let sweep = try SweepLoader.load(path: try f.write(yaml))
        #expect(sweep.factors.map(\.scale) == [.linear, .log, .categorical, .boolean])
        #expect(SweepPlan(sweep).runCount == 64 * 3)
    }

    @Test func shippedSweepsLoad() throws {
        let dir = CLITests.root.appendingPathComponent("scenarios/sweeps")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") && $0 != "small-compound.yaml" }
        var designs = Set<String>()
        for file in files {
            let sweep = try SweepLoader.load(path: dir.appendingPathComponent(file).path)
            designs.insert(sweep.design.name)
        }
        #expect(designs == Set(SweepDesign.names), "scenarios/sweeps/ should hold an example of every design")
    }
}
