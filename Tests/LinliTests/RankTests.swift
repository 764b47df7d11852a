import Foundation
import Testing
@testable import Linli

/// `linli rank` (Analysis/LeverRanking.swift, RankOutput.swift): arms on
/// common random numbers, effects with paired CIs, booked costs, the
/// interaction row, byte-identical output for any `--jobs`.
@Suite struct RankTests {
    /// One old compound of 600 households, 180 days, with part-time posts (20
    /// per community: they raise participation, PostsLeverTests) and
    /// cross-compound work, which acts only between paired compounds: with a
    /// single compound it has no partner and changes nothing but its own
    /// booked staff hours (CrossCompound.swift: "A community without a partner is untouched").
    static func scenario(replicates: Int = 20, households: Int = 600, days: Int = 180) -> Scenario {
        testScenario("rank", households: households, days: days, replicates: replicates,
                     ["posts.on": 1, "posts.per_community": 20, "cross_compound.on": 1])
    }

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("linli-rank-\(UUID().uuidString)")
    }

    /// Posts rank above cross-compound work on participation; posts' effect CI
    /// lies above zero, the do-nothing lever's includes zero and its cost per
    /// unit is n/a; the cost columns equal the levers' booked costs
    /// (`cost_<lever>`, `staff_hours_<lever>`) summed over the arm's levers
    /// in separate runs of the arm's scenario.
    @Test func leverWithAnEffectRanksAboveOneWithout() {
        let sc = Self.scenario()
        // cross_compound first, so the ranking is not the order given.
        let ranking = LeverRanking(base: sc, levers: ["cross_compound", "posts"])
        #expect(ranking.arms.map(\.name) == ["levers-off", "cross_compound", "posts", "all"])
        let result = ranking.run(replicates: sc.replicates, jobs: 2)
        let rows = result.rows.filter { $0.metric == "participation_rate_final" }
        let posts = rows.first { $0.arm == "posts" }!, cross = rows.first { $0.arm == "cross_compound" }!
        print("rank: posts \(posts.effect), cross_compound \(cross.effect), cost per unit posts \(posts.costPerUnit)")
        #expect(posts.rankEffect == 1 && cross.rankEffect == 2)
        #expect(posts.effect.low > 0, "posts raise participation: \(posts.effect)")
        #expect(cross.effect.low <= 0 && cross.effect.high >= 0, "a lever with no partner compound changes nothing: \(cross.effect)")
        #expect(cross.costPerUnit.mean.isNaN && posts.costPerUnit.mean > 0)
        #expect(RankOutput.rankRow(cross, replicates: 20)[RankOutput.rankHeader.firstIndex(of: "cost_per_unit")!] == "n/a")

        // Costs: each arm run on its own, the booked per-lever columns summed.
        for arm in ranking.arms.dropFirst() {
            var s = arm.scenario
            s.replicates = sc.replicates
            let runs = Runner.run(s, jobs: 2)
            let money = Statistics.mean(runs.map { r in arm.levers.reduce(0) { $0 + r.summaryValue("cost_\($1)_final") } })
            let hours = Statistics.mean(runs.map { r in arm.levers.reduce(0) { $0 + r.summaryValue("staff_hours_\($1)_final") } })
            let row = rows.first { $0.arm == arm.name }!
            #expect(abs(row.leverCost - money) <= 1e-9 * max(1, money), "\(arm.name): cost \(row.leverCost) vs booked \(money)")
            #expect(abs(row.leverStaffHours - hours) <= 1e-9 * max(1, hours), "\(arm.name): hours \(row.leverStaffHours) vs booked \(hours)")
            #expect(hours > 0, "\(arm.name) books staff hours")
        }
        // Levers-off books nothing, so the extra cost is the arm's cost.
        #expect(abs(posts.extraCost.mean - posts.leverCost) <= 1e-9 * posts.leverCost && cross.leverCost == 0)
    }

    /// The interaction row is (all − off) − Σ (single − off) per replicate,
    /// with its paired t CI: on a constructed case with known values, and on a
    /// real rank recomputed from its arms.csv alone.
    @Test func interactionRowIsAllTogetherMinusTheSumOfSingles() throws {
        // Constructed: off 0, a 1, b 2, all 3 + 2·(r mod 2) → interaction 2·(r mod 2), mean 1 over 4 replicates.
        let ranking = LeverRanking(base: Self.scenario(replicates: 4), levers: ["posts", "cross_compound"], metrics: ["participation_rate_final"])
        let width = ranking.recorded.count
        let reps = (0..<4).map { r in
            LeverRanking.Replicate(replicate: r, values: [0.0, 1, 2, 3 + 2 * Double(r % 2)].map { [Double](repeating: $0, count: width) })
        }
        let built = LeverRankingResult(ranking: ranking, replicates: reps, precision: nil)
        let row = built.rows.first { $0.arm == "interaction" }!
        let expected = Summary([0, 2, 0, 2])
        #expect(row.effect.mean == 1 && row.effect.low == expected.ciLow && row.effect.high == expected.ciHigh)
        #expect(row.rankEffect == 0 && row.costPerUnit.mean.isNaN)

        // Real: rank.csv's interaction row from arms.csv, parsed back.
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sc = Self.scenario(replicates: 8, households: 300, days: 120)
        let real = LeverRanking(base: sc, levers: ["posts", "cross_compound"]).run(replicates: 8, jobs: 2)
        try RankOutput.write(real, jobs: 2, start: Date(), end: Date(), to: dir)
        let arms = try CSVTable.read(dir.appendingPathComponent(RankOutput.armsFile))
        let rank = try CSVTable.read(dir.appendingPathComponent(RankOutput.rankFile))
        for metric in LeverRanking.defaultMetrics + ["lever_cost_total_final"] {
            let c = arms.column(metric)!
            func values(_ arm: String) -> [Double] { arms.rows.filter { $0[0] == arm }.map { CSVTable.number($0[c]) } }
            let off = values("levers-off"), all = values("all"), a = values("posts"), b = values("cross_compound")
            #expect(off.count == 8 && all.count == 8)
            let d: [Double] = (0..<8).map { (i: Int) -> Double in
                let together: Double = all[i] - off[i]
                let singles: Double = (a[i] - off[i]) + (b[i] - off[i])
                return together - singles
            }
            let s = Summary(d)
            let metricRows = rank.rows.filter { $0[0] == (metric == "lever_cost_total_final" ? "participation_rate_final" : metric) && $0[1] == "interaction" }
            #expect(metricRows.count == 1)
            let r = metricRows[0]
            if metric == "lever_cost_total_final" {
                #expect(r[rank.column("lever_cost")!] == formatCell(s.mean), "booked cost interaction")
            } else {
                let written: [String] = ["effect", "effect_ci95_low", "effect_ci95_high"].map { r[rank.column($0)!] }
                let recomputed: [String] = [s.mean, s.ciLow, s.ciHigh].map(formatCell)
                #expect(written == recomputed, "\(metric): interaction from arms.csv")
            }
        }
        // The manifest reads back and names the arms and replicates.
        let m = try RankManifest.read(from: dir.appendingPathComponent(RankOutput.manifestFile))
        #expect(m.rank.arms.map(\.name) == ["levers-off", "posts", "cross_compound", "all"] && m.rank.replicates == 8 && m.run.replicates == 8)
        #expect(m.rank.files[RankOutput.rankFile] == SHA256.hex([UInt8](try Data(contentsOf: dir.appendingPathComponent(RankOutput.rankFile)))))
        // The report draws a rank page.
        let page = try Report.build([dir])
        #expect(page.kind == .rank && page.charts == 2 * LeverRanking.defaultMetrics.count)
    }

    /// Fixed and auto replicates: rank.csv and arms.csv are the same bytes for
    /// --jobs 1 and 2 (and, for auto, for batch sizes 1 and 5).
    @Test func sameBytesForAnyJobsAndBatch() throws {
        let sc = Self.scenario(replicates: 4, households: 300, days: 90)
        let ranking = LeverRanking(base: sc, levers: ["posts", "cross_compound"])
        func files(_ result: LeverRankingResult) throws -> [Data] {
            let dir = Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            try RankOutput.write(result, jobs: 1, start: Date(), end: Date(), to: dir)
            return try [RankOutput.rankFile, RankOutput.armsFile].map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        }
        #expect(try files(ranking.run(replicates: 4, jobs: 1)) == (try files(ranking.run(replicates: 4, jobs: 2))))
        // Auto: a target between the half-widths at 5 and 20 replicates, so it stops inside the range.
        let p1 = Precision(metric: "participation_rate_final", halfWidth: 0.009, max: 20, batch: 1)
        let p5 = Precision(metric: "participation_rate_final", halfWidth: 0.009, max: 20, batch: 5)
        let a = ranking.run(precision: p1, jobs: 1), b = ranking.run(precision: p5, jobs: 2)
        print("rank auto: \(a.precision!.replicates) replicates (computed \(a.precision!.computed) / \(b.precision!.computed)), half-width \(a.precision!.halfWidthReached ?? .nan)")
        #expect(a.replicates.count == b.replicates.count && a.precision!.replicates == b.precision!.replicates)
        #expect(try files(a) == (try files(b)))
        #expect(a.precision!.hitMax || a.precision!.halfWidthReached! <= 0.009)
        // The stopping count is the first n ≥ min whose widest paired half-width reaches the target.
        let full = ranking.run(0..<20, jobs: 2)
        let n = a.precision!.replicates
        #expect(ranking.widestHalfWidth(Array(full[0..<n])) <= 0.009 || n == 20)
        for k in p1.min..<n { #expect(!(ranking.widestHalfWidth(Array(full[0..<k])) <= 0.009), "would have stopped at \(k)") }
    }

    /// The CLI: a typo in --levers is refused (exit 1, "did you mean", nothing
    /// written); a short rank writes its four files and the report draws them.
    @Test func cliRefusesTyposAndWritesTheFiles() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r").path
        let bad = try CLITests.linli(["rank", "scenarios/levers-demo.yaml", "--levers", "post,red_list", "--out", out])
        #expect(bad.status == 1 && bad.stderr.contains("unknown lever `post`; did you mean `posts`?"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let ok = try CLITests.linli(["rank", "scenarios/levers-demo.yaml", "--levers", "posts,red_list", "--replicates", "2",
                                     "--days", "30", "--jobs", "2", "--out", out, "--quiet"])
        #expect(ok.status == 0 && ok.stdout.hasSuffix(out + "\n"), "\(ok.stderr)")
        for f in [RankOutput.rankFile, RankOutput.armsFile, RankOutput.manifestFile, RankOutput.scenarioCopy] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").appendingPathComponent(f).path), "\(f)")
        }
        let report = try CLITests.linli(["report", out, "--quiet"])
        #expect(report.status == 0)
    }
}
