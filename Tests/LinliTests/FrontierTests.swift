import Foundation
import Testing
@testable import Linli

/// Cost-effectiveness on sweep pages: the Pareto frontier of cost against
/// effect on a constructed sweep whose non-dominated points are known.
@Suite struct FrontierTests {
    /// Eight points, two replicates each (means as listed); the frontier (no
    /// point cheaper with at least as much effect) is 6, 0, 1, 4, 7: point 2
    /// and 3 lose to 1, point 5 to 4 (same effect, dearer).
    static let means: [(cost: Double, effect: Double)] = [(1, 0.1), (2, 0.3), (2, 0.2), (3, 0.25), (4, 0.5), (5, 0.5), (0.5, 0.05), (6, 0.6)]

    static func constructedSweep() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-frontier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var text = "run_id,point,replicate,seed,lever.a,lever.b,participation_rate_final,lever_cost_total_final\n"
        var run = 0
        for (p, m) in means.enumerated() {
            for (r, delta) in [-0.01, 0.01].enumerated() {
                text += "\(run),\(p),\(r),\(run + 100),\(p % 3),\(p / 3),\(formatCell(m.effect + delta)),\(formatCell(m.cost * (1 + delta)))\n"
                run += 1
            }
        }
        try text.write(to: dir.appendingPathComponent("runs.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func frontierHasExactlyTheNonDominatedPoints() throws {
        let dir = try Self.constructedSweep()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = try Report.build([dir])
        #expect(page.kind == .sweep)
        #expect(page.html.contains("Cost-effectiveness"))
        let csv = try CSVTable.parse(try #require(page.files[CostEffectiveness.frontierFile]))
        #expect(csv.header.prefix(4) == ["point", "lever.a", "lever.b", "replicates"])
        let points = csv.rows.map { Int($0[0])! }
        #expect(points == [6, 0, 1, 4, 7])
        // Independently: a point is listed iff no other point dominates it.
        for (p, m) in Self.means.enumerated() {
            let dominated = Self.means.contains { q in q.cost <= m.cost && q.effect >= m.effect && (q.cost < m.cost || q.effect > m.effect) }
            #expect(points.contains(p) == !dominated, "point \(p)")
        }
        // Factor values and means as in runs.csv.
        let row4 = try #require(csv.rows.first { $0[0] == "4" })
        #expect(row4[1] == "1" && row4[2] == "1" && row4[3] == "2")
        #expect(abs(CSVTable.number(row4[csv.column("lever_cost_total_final_mean")!]) - 4) < 1e-9)
        #expect(abs(CSVTable.number(row4[csv.column("participation_rate_final_mean")!]) - 0.5) < 1e-9)
        #expect(CSVTable.number(row4[csv.column("participation_rate_final_ci95_low")!]) < 0.5)
    }

    @Test func noCostMetricNoFrontier() {
        #expect(CostEffectiveness.columns(["participation_rate_final", "cost_per_active_final"]) == nil)
        #expect(CostEffectiveness.columns(["lever_cost_total_final", "participation_rate_final"]).map { [$0.cost, $0.effect] } == ["lever_cost_total_final", "participation_rate_final"])
        #expect(CostEffectiveness.columns(["cost_office_hours_final", "resolved_final"]).map { [$0.cost, $0.effect] } == ["cost_office_hours_final", "resolved_final"])
    }

    /// `linli report` on the sweep writes frontier.csv beside the page.
    @Test func reportCLIWritesFrontierBesideThePage() throws {
        let dir = try Self.constructedSweep()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLITests.linli(["report", dir.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent(CostEffectiveness.frontierFile), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 6)
    }

    /// The README's worked example on the shipped scenarios/sweeps/discover.yaml:
    /// the sweep, `linli discover` with the README's condition, `linli report`;
    /// frontier.csv lists exactly the points of points.csv that no other
    /// point dominates (checked against points.csv's means, pairwise).
    @Test func shippedDiscoverSweepEndToEnd() throws {
        let start = Date()
        let out = CLITests.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        var r = try CLITests.linli(["sweep", "scenarios/sweeps/discover.yaml", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try CLITests.linli(["discover", out.path, "--where", "participation_rate_final >= 0.08 and lever_cost_total_final <= 7000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("chosen box"))
        r = try CLITests.linli(["report", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let points = try CSVTable.read(out.appendingPathComponent("points.csv"))
        let cost = points.rows.indices.map { points.number($0, points.column("lever_cost_total_final_mean")!) }
        let effect = points.rows.indices.map { points.number($0, points.column("participation_rate_final_mean")!) }
        let expected = Set(points.rows.indices.filter { p in
            !points.rows.indices.contains { q in cost[q] <= cost[p] && effect[q] >= effect[p] && (cost[q] < cost[p] || effect[q] > effect[p]) }
        }.map { points.rows[$0][0] })
        let frontier = try CSVTable.read(out.appendingPathComponent(CostEffectiveness.frontierFile))
        #expect(Set(frontier.rows.map { $0[0] }) == expected)
        #expect(frontier.rows.count == expected.count && !expected.isEmpty)
        print("shipped discover sweep: \(expected.count) frontier points of \(points.rows.count); \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }
}
