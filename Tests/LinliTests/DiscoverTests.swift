import Foundation
import Testing
@testable import Linli

/// `linli discover`: the `--where` language, PRIM on a sweep of a test model
/// with a known box (against the truth and against ema_workbench's PRIM on
/// the same data), the discover page, and the CLI's error for a bad condition.
@Suite struct DiscoverTests {
    // MARK: --where

    static let metrics = ["participation_rate_final", "participation_rate_working_final", "lever_cost_total_final", "y"]

    @Test func whereParsesPrecedenceNumbersAndNA() throws {
        let e = try WhereExpression.parse("participation_rate_final >= 0.15 and lever_cost_total_final <= 2e5 or not (0.5 < y)", metrics: Self.metrics)
        #expect(e.description == "((participation_rate_final >= 0.15 and lever_cost_total_final <= 200000) or not 0.5 < y)")
        #expect(e.metrics == ["participation_rate_final", "lever_cost_total_final", "y"])
        func eval(_ p: Double, _ c: Double, _ y: Double) -> Bool {
            e.evaluate { ["participation_rate_final": p, "lever_cost_total_final": c, "y": y][$0]! }
        }
        #expect(eval(0.2, 1e5, 1))          // first clause
        #expect(!eval(0.2, 3e5, 1))         // cost too high, y > 0.5
        #expect(eval(0.1, 3e5, 0.4))        // not (0.5 < 0.4)
        #expect(!eval(0.1, 1e5, 0.9))
        #expect(eval(.nan, 1e5, .nan))      // NA: both comparisons false, so `not` holds
        #expect(!eval(.nan, 1e5, 0.9))
        let ops = try WhereExpression.parse("y < 1 and y <= 1 and y > -1 and y >= 0 and y == 0.5 and y != 2", metrics: Self.metrics)
        #expect(ops.evaluate { _ in 0.5 })
        #expect(!ops.evaluate { _ in 0.25 })
    }

    /// Each malformed condition: the error's 1-based column and its message.
    @Test func malformedWhereNamesColumnAndNearestMetric() {
        let cases: [(String, Int, String)] = [
            ("participation_rate_finl >= 0.15", 1, "did you mean `participation_rate_final`?"),
            ("participation_rate_final >= 0.15 and lever_cost_totl_final <= 2e5", 38, "did you mean `lever_cost_total_final`?"),
            ("participation_rate >= 0.15", 1, "did you mean `participation_rate_final`?"),
            ("y >= ", 6, "expected a number"),
            ("y => 1", 3, "not a comparison"),
            ("y = 1", 3, "use `==`"),
            ("y > 1 && y < 2", 7, "use `and`"),
            ("(y > 1 or y < 0", 16, "missing `)`"),
            ("y > 1 y < 2", 7, "join conditions with `and` or `or`"),
            ("y > 2e", 5, "not a number"),
            ("y > participation_rate_final", 5, "compare a metric with a number"),
        ]
        for (text, column, message) in cases {
            do {
                _ = try WhereExpression.parse(text, metrics: Self.metrics)
                Issue.record("`\(text)` parsed")
            } catch let e as WhereExpression.ParseError {
                #expect(e.column == column, "`\(text)`: column \(e.column), expected \(column): \(e.message)")
                #expect(e.message.contains(message), "`\(text)`: \(e.message)")
                #expect(e.description.contains("column \(column):"))
            } catch { Issue.record("\(error)") }
        }
    }

    /// sdtoolkit's quantile: the midpoint of the two values around (n − 1)·q,
    /// stepping past ties away from the median.
    @Test func primQuantileSkipsTies() {
        #expect(PRIM.quantile([1, 2, 3, 4, 5], 0.05) == 1.5)       // i = 0.2: (x0 + x1) / 2
        #expect(PRIM.quantile([1, 2, 3, 4, 5], 0.95) == 4.5)       // i = 3.8: (x3 + x4) / 2
        #expect(PRIM.quantile([5, 1, 1, 1, 2], 0.05) == 1.5)       // ties at 1: upper index steps to the 2
        #expect(PRIM.quantile([1, 2, 9, 9, 9], 0.95) == 5.5)       // ties at 9: lower index steps down to the 2
    }

    /// A categorical factor is peeled one level at a time: with y = 1 exactly
    /// at level 2 of x1 (levels 0, 1, 2 in turn) and x2 irrelevant, dropping a
    /// wrong level raises the mean by 1/6 over n/3 points, more than any 5%
    /// cut of x2 can, so the box ends as x1 ∈ {2}, x2 unrestricted, with
    /// density and coverage 1; pasting a level back would lower the mean.
    @Test func primPeelsCategoricalLevels() {
        let n = 300
        let x = (0..<n).map { [Double($0 % 3), Double($0) / Double(n)] }
        let y = x.map { $0[0] == 2 ? 1.0 : 0.0 }
        let steps = PRIM.trajectory(x: x, y: y, kinds: [.categorical, .numeric])
        let last = steps.last!
        #expect(last.box.levels[0] == [2])
        #expect(last.restricted == [0])
        #expect(last.density == 1 && last.coverage == 1)
        #expect(abs(last.mass - 1.0 / 3) < 1e-12)
        #expect(steps.map(\.phase) == [.start, .peel, .peel])
    }

    // MARK: PRIM on a known box

    /// The box test function (x1 ∈ [0.3, 0.8], x2 ∈ [0.2, 0.7], x3 and x4
    /// irrelevant; y = 1 with probability 0.9 inside, 0.1 outside) on a Latin
    /// hypercube of 1024 points with 3 replicates, a point being a case of
    /// interest when the mean of its replicates' y exceeds 0.5 (2 of 3).
    static func boxSweep() throws -> URL {
        try SensitivityTests.runSweep("""
            name: box-test
            model: box
            seed: \(testBaseSeed)
            replicates: 3
            design: {type: latin_hypercube, points: 1024}
            factors: [{key: x1}, {key: x2}, {key: x3}, {key: x4}]
            """)
    }

    /// Expected figures (derived, not measured): a point is of interest with
    /// p_in = P(≥ 2 of 3 | 0.9) = 0.972 inside the box and p_out = 0.028
    /// outside. The box holds a quarter of the points, so its coverage is
    /// 0.25·0.972 / (0.25·0.972 + 0.75·0.028) = 0.920 (binomial sd about 0.017
    /// with ~270 cases) and its density 0.972 (sd 0.010 over ~256 points).
    /// Boxes peeled further inside lose ~0.046 coverage per peel (5% of the
    /// box), so --min-coverage 0.85 (4 sd below 0.920) admits the true box
    /// and at most about one peel inside it. Asserted: every limit within one
    /// peel step (peel_alpha × the factor's range = 0.05) of the true box
    /// (x3, x4: of the full range), coverage in [0.85, 0.99] and density
    /// ≥ 0.90 (a box one peel step too wide mixes in 5% of outside points:
    /// about 0.93). ema_workbench on 40 such samples: largest limit error
    /// 0.036, coverage 0.85–0.92, density 0.935–0.992.
    @Test func primRecoversAKnownBox() throws {
        let start = Date()
        let dir = try Self.boxSweep()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try ScenarioDiscovery.run(directory: dir, settings: .init(condition: "y > 0.5", minCoverage: 0.85))
        #expect(r.y.count == 1024 && r.replicates == 3)
        let c = try #require(r.chosen)
        let s = r.steps[c]
        let lower = [0.3, 0.2, 0, 0], upper = [0.8, 0.7, 1, 1]
        let full = r.steps[0].box
        for d in 0..<4 {
            // x3, x4: the true box spans the sampled range.
            let lo = d < 2 ? lower[d] : full.lower[d], hi = d < 2 ? upper[d] : full.upper[d]
            #expect(abs(s.box.lower[d] - lo) <= 0.05, "x\(d + 1) lower \(s.box.lower[d]) vs \(lo)")
            #expect(abs(s.box.upper[d] - hi) <= 0.05, "x\(d + 1) upper \(s.box.upper[d]) vs \(hi)")
        }
        #expect(s.restricted.contains(0) && s.restricted.contains(1))
        #expect(s.coverage >= 0.85 && s.coverage <= 0.99, "coverage \(s.coverage)")
        #expect(s.density >= 0.90, "density \(s.density)")
        // The trajectory starts with the full box and peels towards density.
        #expect(r.steps[0].coverage == 1 && r.steps[0].mass == 1)
        #expect(r.steps.last!.density > r.steps[0].density + 0.5)
        print("PRIM known box: box \(c) of \(r.steps.count), limits x1 [\(s.box.lower[0]), \(s.box.upper[0])] x2 [\(s.box.lower[1]), \(s.box.upper[1])] x3 [\(s.box.lower[2]), \(s.box.upper[2])] x4 [\(s.box.lower[3]), \(s.box.upper[3])], coverage \(s.coverage), density \(s.density), mass \(s.mass); \(String(format: "%.1f", Date().timeIntervalSince(start))) s")

        // boxes.csv and the manifest; the page.
        let out = dir.appendingPathComponent("discover")
        try ScenarioDiscovery.write(r, to: out)
        let table = try CSVTable.read(out.appendingPathComponent(ScenarioDiscovery.boxesFile))
        #expect(table.header == ScenarioDiscovery.boxesHeader(["x1", "x2", "x3", "x4"]))
        #expect(table.rows.count == r.steps.count)
        #expect(table.rows.filter { $0[table.column("chosen")!] == "1" }.map { $0[0] } == [String(c)])
        let page = try Report.build([out])
        #expect(page.kind == .discover)
        #expect(page.charts == 2)
        #expect(page.html.contains("Chosen box \(c)"))
    }

    /// ema_workbench 3.0.0's `prim.Prim` (lenient1, the same alphas and
    /// minimum mass) on the same 1024 points and outcomes: the same
    /// trajectory, box by box: the same limits, coverage, density and mass
    /// (to 1e-12; the arithmetic is the same sums and midpoints), because
    /// both use sdtoolkit's quantile and the same candidate order and tie-break.
    @Test(.enabled(if: PythonReference.shouldRun, "\(PythonReference.skipReason)"))
    func primMatchesEMAWorkbench() throws {
        let dir = try Self.boxSweep()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try ScenarioDiscovery.run(directory: dir, settings: .init(condition: "y > 0.5"))
        var text = "x1,x2,x3,x4,y\n"
        for (x, y) in zip(r.x, r.y) { text += (x.map { String(format: "%.17g", $0) } + [String(Int(y))]).joined(separator: ",") + "\n" }
        let data = dir.appendingPathComponent("prim-data.csv")
        try text.write(to: data, atomically: true, encoding: .utf8)
        let ema = try PythonReference.run(["prim", data.path, "0.05", "0.05", "0.05"])
        let coverage = try #require(ema["coverage"] as? [Double]), density = try #require(ema["density"] as? [Double])
        let mass = try #require(ema["mass"] as? [Double]), limits = try #require(ema["limits"] as? [[String: [Double]]])
        #expect(r.steps.count == coverage.count, "linli \(r.steps.count) boxes, ema_workbench \(coverage.count)")
        for (i, s) in r.steps.enumerated() where i < coverage.count {
            #expect(abs(s.coverage - coverage[i]) < 1e-12 && abs(s.density - density[i]) < 1e-12 && abs(s.mass - mass[i]) < 1e-12,
                    "box \(i): linli \(s.coverage)/\(s.density)/\(s.mass), ema \(coverage[i])/\(density[i])/\(mass[i])")
            for (d, f) in ["x1", "x2", "x3", "x4"].enumerated() {
                let l = limits[i][f]!
                #expect(abs(s.box.lower[d] - l[0]) < 1e-12 && abs(s.box.upper[d] - l[1]) < 1e-12,
                        "box \(i) \(f): linli [\(s.box.lower[d]), \(s.box.upper[d])], ema \(l)")
            }
        }
        print("PRIM vs ema_workbench \(ema["ema_workbench"] ?? "?"): \(r.steps.count) boxes, same trajectory")
    }

    // MARK: CLI

    /// `linli discover` with a mistyped metric: exit 1, the column and the
    /// nearest metric on stderr; with a good condition: boxes.csv, the
    /// manifest and report.html.
    @Test func discoverCLI() throws {
        let dir = try SensitivityTests.runSweep("""
            name: box-cli
            model: box
            seed: \(testBaseSeed)
            design: {type: latin_hypercube, points: 200}
            factors: [{key: x1}, {key: x2}, {key: x3}, {key: x4}]
            """)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let bad = try CLITests.linli(["discover", dir.path, "--where", "y >= 0.5 and yy < 2"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("column 14"), "\(bad.stderr)")
        #expect(bad.stderr.contains("unknown metric `yy`; did you mean `y`?"), "\(bad.stderr)")
        let out = dir.appendingPathComponent("found")
        let good = try CLITests.linli(["discover", dir.path, "--where", "y >= 0.5", "--out", out.path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("chosen box"))
        for f in [ScenarioDiscovery.boxesFile, ScenarioDiscovery.manifestFile, "report.html"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
        }
        let none = try CLITests.linli(["discover", dir.path, "--where", "y > 5"])
        #expect(none.status == 1 && none.stderr.contains("no design point satisfies"))
    }
}
