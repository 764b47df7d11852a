import Foundation
import Testing
@testable import Linli

/// Issue "City scale", outputs that stream and fit: `observe:` levels
/// (community, street, district, all), `observe.every`, the automatic street
/// level above 500 communities, and `linli run` writing replicates as they
/// finish with memory that does not grow with replicates.
@Suite struct ObserveLevelsTests {
    /// Four communities in three streets and two districts.
    static let text = """
        name: levels
        seed: 11
        replicates: 3
        days: 40
        population:
          communities:
            - {name: a1, type: old_compound, households: 120, street: A, district: X}
            - {name: b1, type: commercial_estate, households: 150, street: B, district: X}
            - {name: a2, type: village, households: 80, street: A, district: X}
            - {name: c1, type: relocation_housing, households: 100, street: C, district: Y}
        levers:
          posts: {start_day: 5}
        """

    static func scenario(level: ObserveLevel?, every: Int = 1) throws -> Scenario {
        var sc = try ScenarioLoader.parse(text: text, path: "levels.yaml")
        sc.observe = ObserveSettings(level: level, every: every)
        return sc
    }

    static func row(_ s: ReplicateSeries, _ name: String) throws -> Int { try #require(s.rowNames.firstIndex(of: name)) }

    @Test func streetAndDistrictRowsAggregateTheirCommunitiesAndAllIsUnchanged() throws {
        let byCommunity = Simulation.run(try Self.scenario(level: .community), replicate: 1)
        let byStreet = Simulation.run(try Self.scenario(level: .street), replicate: 1)
        let byDistrict = Simulation.run(try Self.scenario(level: .district), replicate: 1)
        let allOnly = Simulation.run(try Self.scenario(level: .all), replicate: 1)
        #expect(byStreet.rowNames == ["street:A", "street:B", "street:C", "district:X", "district:Y", "all"])
        #expect(byDistrict.rowNames == ["district:X", "district:Y", "all"])
        #expect(allOnly.rowNames == ["all"])
        let cols = Observation.columns
        let additive = ["residents", "participants", "issues_arisen_total", "issues_resolved_total", "staff_hours", "groups"].map { cols.firstIndex(of: $0)! }
        for day in 0..<40 {
            // `all` is the same row at every level, bit for bit (NaN where undefined).
            for (s, r) in [(byStreet, 5), (byDistrict, 2), (allOnly, 0)] {
                for c in cols.indices {
                    let a = byCommunity[day, 4, c], b = s[day, r, c]
                    #expect(a == b || (a.isNaN && b.isNaN), "day \(day) \(cols[c])")
                }
            }
            for c in additive {
                let a1 = byCommunity[day, 0, c], b1 = byCommunity[day, 1, c], a2 = byCommunity[day, 2, c]
                #expect(byStreet[day, try Self.row(byStreet, "street:A"), c] == a1 + a2)
                #expect(byStreet[day, try Self.row(byStreet, "street:B"), c] == b1)
                #expect(byStreet[day, try Self.row(byStreet, "district:X"), c] == a1 + b1 + a2)
                #expect(byDistrict[day, 0, c] == a1 + b1 + a2)
            }
            // A district of one street of one community is that community, every column.
            for c in cols.indices {
                let a = byCommunity[day, 3, c]
                for b in [byStreet[day, 2, c], byStreet[day, 4, c], byDistrict[day, 1, c]] {
                    #expect(a == b || (a.isNaN && b.isNaN), "day \(day) \(cols[c])")
                }
            }
        }
    }

    @Test func everyKWritesDaysKMinusOneTwoKMinusOneAndTheLast() throws {
        let daily = Simulation.run(try Self.scenario(level: .community), replicate: 2)
        let weekly = Simulation.run(try Self.scenario(level: .community, every: 7), replicate: 2)
        let expected = [6, 13, 20, 27, 34, 39]
        #expect(weekly.days == expected.count)
        #expect((0..<weekly.days).map(weekly.dayNumber) == expected)
        #expect(weekly.simulatedDays == 40)
        for (i, d) in expected.enumerated() {
            for r in 0..<5 {
                for c in Observation.columns.indices {
                    let a = daily[d, r, c], b = weekly[i, r, c]
                    #expect(a == b || (a.isNaN && b.isNaN))
                }
            }
        }
        #expect(weekly.summaryValue("participation_rate_final") == daily.summaryValue("participation_rate_final"))
        #expect(RunInfo.residentDays(of: [weekly]) == RunInfo.residentDays(of: [daily]))
    }

    @Test func overFiveHundredCommunitiesIsObservedByStreetUnlessTold() {
        let specs = (0..<501).map { CommunitySpec(name: "c\($0)", type: .village, households: 5, street: "s\($0 / 50)") }
        #expect(ObservationPlan(communities: Array(specs.prefix(500)), days: 3).level == .community)
        let auto = ObservationPlan(communities: specs, days: 3)
        #expect(auto.level == .street)
        #expect(auto.rowNames.count == 11 + 1 + 1)
        #expect(ObserveSettings().autoNote(communities: 501)?.contains("501 communities") == true)
        #expect(ObserveSettings().autoNote(communities: 500) == nil)
        #expect(ObserveSettings(level: .community).autoNote(communities: 501) == nil)
        #expect(ObservationPlan(communities: specs, days: 3, settings: ObserveSettings(level: .community)).rowNames.count == 502)
    }

    @Test func observeBlockIsValidatedWithLocations() {
        for (block, fragment) in [("observe: {level: stret}", "did you mean `street`"),
                                  ("observe: {every: 0}", "observe.every: expected an integer in 1...36500"),
                                  ("observe: {levle: street}", "did you mean `level`"),
                                  ("observe: street", "expected a mapping")] {
            let text = Self.text + "\n" + block + "\n"
            do {
                _ = try ScenarioLoader.parse(text: text, path: "levels.yaml")
                Issue.record("accepted \(block)")
            } catch let e as ScenarioErrors {
                #expect(e.errors.contains { $0.line == 13 && $0.message.contains(fragment) }, "\(block): \(e.description)")
            } catch { Issue.record("\(error)") }
        }
        let ok = try? ScenarioLoader.parse(text: Self.text + "\nobserve: {level: district, every: 30}\n", path: "levels.yaml")
        #expect(ok?.observe == ObserveSettings(level: .district, every: 30))
    }

    // MARK: Streaming

    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in [RunOutput.timeseriesFile, RunOutput.summaryFile, RunOutput.aggregateFile] {
            out[f] = try Data(contentsOf: dir.appendingPathComponent(f))
        }
        return out
    }

    @Test func streamedOutputsEqualTheHeldOnesAtAnyJobs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("linli-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for level in [ObserveLevel.community, .street] {
            var sc = try Self.scenario(level: level, every: level == .street ? 3 : 1)
            sc.replicates = 5
            let info = RunInfo(scenario: sc, jobs: 1, start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 1),
                               version: "test", residentDays: 0, gitCommit: nil)
            let held = root.appendingPathComponent("held-\(level)")
            try RunOutput.write(series: Runner.run(sc, jobs: 2), info: info, to: held)
            let reference = try Self.files(held)
            for jobs in [1, 2, 3] {
                let dir = root.appendingPathComponent("stream-\(level)-\(jobs)")
                var stream = RunOutput.Stream(directory: dir)
                var order: [Int] = []
                try stream.timeseries { add in
                    try Runner.stream(sc, jobs: jobs) { s in order.append(s.replicate); try add(s) }
                }
                // Nothing looks complete before `finish`: only the staged temporary exists.
                let before = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                #expect(!before.contains(RunOutput.timeseriesFile) && !before.contains(RunOutput.manifestFile))
                try stream.finish(info: info)
                #expect(order == [0, 1, 2, 3, 4])
                #expect(try Self.files(dir) == reference, "\(level) jobs \(jobs)")
                #expect(stream.residentDays == RunInfo.residentDays(of: Runner.run(sc, jobs: 2)))
            }
        }
    }

    /// Memory for outputs is bounded by the replicates in flight: a run of 8
    /// replicates on 2 jobs peaks within two replicates' series of a run of 2,
    /// where holding every series would add six of them.
    @Test func peakMemoryDoesNotGrowWithReplicates() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-stream-mem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 100 small communities × 300 days: each replicate's series is
        // 300 × 101 × columns × 8 bytes (~43 MB), its world well under 1 MB.
        let yaml = """
            name: many-small
            seed: 5
            days: 300
            observe: {level: community}
            population:
              generate:
                districts:
                  - {name: D, streets: 10, mix: [{type: village, count: 10, households: 3}]}
            """
        let file = dir.appendingPathComponent("many.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let seriesBytes = 300.0 * 101 * Double(Observation.columns.count) * 8
        func peak(_ replicates: Int) throws -> Double {
            let out = dir.appendingPathComponent("r\(replicates)")
            let r = try CLITests.linli(["run", file.path, "--replicates", "\(replicates)", "--jobs", "2", "--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
            return try #require((json?["peak_memory_bytes"] as? NSNumber)?.doubleValue)
        }
        let two = try peak(2), eight = try peak(8)
        print("ObserveLevelsTests: peak RSS 2 replicates \(Int(two / 1e6)) MB, 8 replicates \(Int(eight / 1e6)) MB, series \(Int(seriesBytes / 1e6)) MB each")
        #expect(eight < two + 2 * seriesBytes, "8 replicates peaked at \(eight / 1e6) MB vs \(two / 1e6) MB for 2")
    }
}
