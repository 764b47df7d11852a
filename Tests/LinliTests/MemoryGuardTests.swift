import Foundation
import Testing
@testable import Linli

/// Issue "Robustness" item 6: a run's peak memory is estimated from the
/// scenario before anything is built; one that will not fit is refused at
/// once, with the estimate and what to change; the estimate tracks the
/// measured peak (manifest `peak_memory_bytes`) within 25%.
@Suite(.serialized) struct MemoryGuardTests {
    static func scenario(_ communities: [(String, Int)], days: Int) -> String {
        "name: mem\ndays: \(days)\npopulation:\n  communities:\n"
            + communities.enumerated().map { i, c in "    - {name: c\(i), type: \(c.0), households: \(c.1)}\n" }.joined()
    }

    @Test func fiftyMillionResidentsAreRefusedInUnderASecond() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let file = f.url("city.yaml")
        try Self.scenario(Array(repeating: ("old_compound", 2_000_000), count: 10), days: 1095)
            .write(to: file, atomically: true, encoding: .utf8)
        let start = Date()
        let r = try CLITests.linli(["run", file.path, "--out", f.url("out").path, "--max-memory", "4G"])
        let took = Date().timeIntervalSince(start)
        #expect(r.status == 1 && r.stderr.contains("needs about") && r.stderr.contains("50.0 M residents")
                && r.stderr.contains("--max-memory"), "\(r.stderr)")
        #expect(took < 1, "refusal took \(took) s")
        #expect(!FileManager.default.fileExists(atPath: f.url("out").path))
        // The default limit is what the machine has: 50 M residents × 160 B ≈ 7.5 GB fits nowhere small.
        let sc = try ScenarioLoader.load(path: file.path)
        let e = MemoryEstimate.of(sc, jobs: 2)
        #expect(abs(e.residents - 50e6) < 1)
        #expect(e.refusal(limit: e.total * 1.01) == nil && e.refusal(limit: e.total * 0.99) != nil)
        #expect(MemoryEstimate.parseSize("8G") == 8 * 1_073_741_824 && MemoryEstimate.parseSize("512m") == 512 * 1_048_576)
        #expect(MemoryEstimate.parseSize("lots") == nil)
    }

    /// World-dominated, two worlds at once, and series-dominated runs.
    @Test func theEstimateIsWithinAQuarterOfTheMeasuredPeak() throws {
        let f = try SweepFixture()
        defer { f.remove() }
        let sizes: [(String, [(String, Int)], Int, [String])] = [
            ("one large compound", [("old_compound", 200_000)], 10, ["--replicates", "1", "--jobs", "1"]),
            ("two worlds at once", [("village", 60_000), ("commercial_estate", 60_000)], 10, ["--replicates", "2", "--jobs", "2"]),
            // Streamed: one replicate's series at a time (jobs 1), however many replicates.
            ("long series", Array(repeating: ("old_compound", 300), count: 60), 500, ["--replicates", "3", "--jobs", "1"]),
        ]
        for (name, communities, days, args) in sizes {
            let file = f.url("\(name).yaml")
            try Self.scenario(communities, days: days).write(to: file, atomically: true, encoding: .utf8)
            let out = f.url(name)
            let r = try CLITests.linli(["run", file.path, "--out", out.path, "--quiet"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            let manifest = try Manifest.read(from: out.appendingPathComponent("manifest.json"))
            var sc = try ScenarioLoader.load(path: file.path)
            sc.replicates = Int(args[1])!
            let estimate = MemoryEstimate.forRun(sc, jobs: Int(args[3])!).total
            let measured = Double(try #require(manifest.peakMemoryBytes))
            print(String(format: "memory %@: estimate %.0f MB, measured %.0f MB (%.2f)", name, estimate / 1_048_576, measured / 1_048_576, estimate / measured))
            #expect(abs(estimate / measured - 1) <= 0.25, "\(name): estimate \(estimate), measured \(measured)")
        }
    }
}
