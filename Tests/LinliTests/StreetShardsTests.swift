import Foundation
import Testing
@testable import Linli

/// Issue "City scale": one replicate over several threads (street shards,
/// Engine/StreetShards.swift) gives byte-identical outputs for any thread
/// count, the split keeps streets whole, and `linli run` splits cores
/// between replicates and threads.
@Suite struct StreetShardsTests {
    /// A small generated city: two districts, five streets, 50 communities of
    /// all five types, every lever on from day 20.
    static func city(seed: UInt64 = 11, days: Int = 240) throws -> Scenario {
        var levers = ""
        for lever in LeverRegistry.all { levers += "  \(lever.name): {on: true, start_day: 20}\n" }
        let text = """
        name: small-city
        seed: \(seed)
        days: \(days)
        population:
          generate:
            districts:
              - name: East
                streets: 3
                mix:
                  - {type: old_compound, count: 4, households: 90}
                  - {type: relocation_housing, count: 2, households: 110}
                  - {type: commercial_estate, count: 2, households: 120}
                  - {type: village, count: 2, households: 60}
              - name: West
                streets: [Canal, Market]
                mix:
                  - {type: high_income_estate, count: 3, households: 70}
                  - {type: commercial_estate, count: 4, households: 100}
                  - {type: old_compound, count: 3, households: 80}
        observe: {level: community}
        levers:
        \(levers)
        """
        return try ScenarioLoader.parse(text: text, path: "small-city.yaml")
    }

    /// scenarios/district.yaml with households divided by `divisor` (and
    /// optionally another street count, lever start and horizon).
    static func district(divisor: Int, days: Int, streets: Int = 15, startDay: Int = 90) throws -> String {
        var text = try String(contentsOf: URL(fileURLWithPath: PopulationGenerationTests.root).appendingPathComponent("scenarios/district.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "streets: 15 ", with: "streets: \(streets) ")
            .replacingOccurrences(of: "start_day: 90", with: "start_day: \(startDay)")
            .replacingOccurrences(of: "days: 1095", with: "days: \(days)")
        for h in ["1900", "2150", "2700", "1050", "900"] {
            text = text.replacingOccurrences(of: "households: \(h)}", with: "households: \(Int(h)! / divisor)}")
        }
        return text
    }

    /// Bit patterns, so NaN (NA) cells compare too.
    static func bits(_ s: ReplicateSeries) -> [UInt64] { s.values.map(\.bitPattern) }

    @Test(arguments: [UInt64(11), 2027])
    func oneReplicateGivesTheSameBytesOnAnyNumberOfThreads(seed: UInt64) throws {
        let sc = try Self.city(seed: seed)
        #expect(sc.communities.count == 50)
        #expect(StreetShards.plan(sc, threads: 7).count == 5)
        let one = Simulation.run(sc, replicate: 1, threads: 1)
        for threads in [2, 3, 7] {
            let many = Simulation.run(sc, replicate: 1, threads: threads)
            #expect(many.rowNames == one.rowNames)
            #expect(many.residents == one.residents)
            #expect(Self.bits(many) == Self.bits(one), "\(threads) threads")
        }
        // The comparison covers the levers' own paths: each lever that books
        // money or staff hours has done so, and the hashed draws (hazards,
        // chat groups, evening events) have happened.
        let last = one.days - 1
        var booked = 0
        for lever in LeverID.allCases {
            let money = one.all("cost_\(lever.name)", day: last), hours = one.all("staff_hours_\(lever.name)", day: last)
            if money > 0 || hours > 0 { booked += 1 }
        }
        #expect(booked >= LeverID.allCases.count - 4, "only \(booked) of \(LeverID.allCases.count) levers booked costs")
        #expect(one.all("hazards_dispatched_total", day: last) > 0)
        // Communities differ, so a shard that simulated the wrong community would show.
        let rate = one.columns.firstIndex(of: "participation_rate")!
        #expect(Set((0..<sc.communities.count).map { one[last, $0, rate] }).count > 40)
    }

    /// scenarios/district.yaml at a tenth of its households, 16 streets,
    /// every lever from day 20, 60 days: shards of two streets each on two
    /// threads. (It caught the party-coverage grid built lazily during the
    /// first community's day, which the other communities saw a step earlier.)
    @Test func theDistrictSplitIntoShardsOfSeveralStreetsGivesTheSameBytes() throws {
        let sc = try ScenarioLoader.parse(text: Self.district(divisor: 10, days: 60, streets: 16, startDay: 20), path: "district-tenth.yaml")
        #expect(sc.communities.count == 256 && sc.days == 60)
        #expect(StreetShards.plan(sc, threads: 2).allSatisfy { Set($0.map { sc.communities[$0].street }).count == 2 })
        let one = Simulation.run(sc, replicate: 0, threads: 1)
        for threads in [2, 3] {
            #expect(Self.bits(Simulation.run(sc, replicate: 0, threads: threads)) == Self.bits(one), "\(threads) threads")
        }
    }

    /// Ablation arm: the same street simulated as a scenario of its own (its
    /// communities' streams and hashes keyed by their own indices, as a shard
    /// without `WorldOrigin` would be) does not reproduce its rows in the whole
    /// city, so the equality above depends on the origin mapping.
    @Test func aStreetWithoutItsScenarioIndicesDiffers() throws {
        let sc = try Self.city(days: 120)
        let whole = Simulation.run(sc, replicate: 1, threads: 1)
        var alone = sc
        alone.communities = sc.communities.filter { $0.street == "Market" }
        let own = Simulation.run(alone, replicate: 1, threads: 1)
        var same = 0
        for (k, name) in own.rowNames.dropLast().enumerated() {
            let w = whole.rowNames.firstIndex(of: name)!
            let a = (0..<own.columns.count).map { own[own.days - 1, k, $0].bitPattern }
            let b = (0..<whole.columns.count).map { whole[whole.days - 1, w, $0].bitPattern }
            if a == b { same += 1 }
        }
        #expect(own.rowNames.count == 11)
        #expect(same == 0, "\(same) of 10 communities unchanged without their scenario indices")
    }

    @Test func streetAndDistrictRowsAndRepeatedReplicatesAgreeToo() throws {
        var sc = try Self.city(days: 120)
        sc.observe = ObserveSettings(level: .street, every: 7)
        sc.replicates = 3
        let one = Runner.run(sc, jobs: 1, threads: 1)
        let two = Runner.run(sc, jobs: 2, threads: 2)
        #expect(one.map(\.rowNames) == two.map(\.rowNames))
        #expect(one.map(Self.bits) == two.map(Self.bits))
        #expect(one[0].rowNames.first == "street:East-01")
    }

    @Test func shardsHoldWholeStreetsAndBalanceHouseholds() throws {
        let sc = try Self.city()
        for threads in 1...8 {
            let shards = StreetShards.plan(sc, threads: threads)
            #expect(shards.count == (threads == 1 ? 1 : min(threads * StreetShards.shardsPerThread, 5)))
            #expect(shards.flatMap { $0 }.sorted() == Array(sc.communities.indices))
            for shard in shards { #expect(shard == shard.sorted()) }
            let streetShard = Dictionary(grouping: shards.indices.flatMap { j in shards[j].map { (sc.communities[$0].street, j) } }, by: \.0)
            for (street, pairs) in streetShard { #expect(Set(pairs.map(\.1)).count == 1, "\(street) split over shards") }
        }
        // Thirty streets of unequal size on two threads: eight shards, the
        // heaviest at most one street above an even share.
        let big = try ScenarioLoader.parse(text: """
            name: thirty
            days: 1
            population:
              generate:
                districts:
                  - name: A
                    streets: 30
                    mix:
                      - {type: old_compound, count: 3, households: 500, spread: 0.8}
                      - {type: village, count: 1, households: 200, spread: 0.8}
            """, path: "thirty.yaml")
        let shards = StreetShards.plan(big, threads: 2)
        #expect(shards.count == 8)
        let load = shards.map { $0.reduce(0) { $0 + big.communities[$1].households } }
        let total = load.reduce(0, +)
        let street = Dictionary(grouping: big.communities, by: \.street).values.map { $0.reduce(0) { $0 + $1.households } }.max()!
        #expect(load.max()! <= total / shards.count + street)
        #expect(load.min()! >= total / shards.count - street)
        // One street: one shard whatever the threads.
        #expect(StreetShards.plan(testScenario(), threads: 4).count == 1)
    }

    /// `linli run --threads`: says what it chose, records it, and writes the
    /// same four files' CSVs as one thread.
    @Test func linliRunSaysItsSplitAndWritesTheSameFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-threads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.yaml")
        try Self.district(divisor: 50, days: 120).write(to: file, atomically: true, encoding: .utf8)
        func run(_ extra: [String], _ name: String) throws -> (stderr: String, manifest: [String: Any]) {
            let out = dir.appendingPathComponent(name)
            let r = try CLITests.linli(["run", file.path, "--replicates", "1", "--out", out.path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
            return (r.stderr, json ?? [:])
        }
        let one = try run(["--threads", "1", "--jobs", "1"], "one")
        let two = try run(["--threads", "2", "--jobs", "1"], "two")
        #expect(one.stderr.contains("1 job × 1 thread"))
        #expect(two.stderr.contains("1 job × 2 threads"))
        #expect(one.manifest["threads"] == nil)
        #expect((two.manifest["threads"] as? Int) == 2)
        for f in ["timeseries.csv", "summary.csv", "aggregate.csv"] {
            let a = try Data(contentsOf: dir.appendingPathComponent("one/\(f)")), b = try Data(contentsOf: dir.appendingPathComponent("two/\(f)"))
            #expect(a == b, "\(f)")
        }
        let bad = try CLITests.linli(["run", file.path, "--threads", "0", "--out", dir.appendingPathComponent("bad").path])
        #expect(bad.status != 0 && bad.stderr.contains("--threads must be at least 1"))
    }

    @Test func coresGoToReplicatesFirstThenThreads() {
        func split(_ cores: Int, _ replicates: Int, _ streets: Int, jobs: Int? = nil, threads: Int? = nil) -> String {
            CoreSplit.choose(cores: cores, replicates: replicates, streets: streets, jobs: jobs, threads: threads).description
        }
        #expect(split(2, 1, 15) == "1 job × 2 threads")
        #expect(split(2, 10, 15) == "2 jobs × 1 thread")
        #expect(split(8, 3, 15) == "3 jobs × 2 threads")
        #expect(split(2, 1, 1) == "1 job × 1 thread")          // one street: nothing to split
        #expect(split(2, 10, 15, jobs: 1) == "1 job × 2 threads")
        #expect(split(2, 10, 15, threads: 2) == "1 job × 2 threads")
        #expect(split(4, 10, 15, jobs: 3, threads: 3) == "3 jobs × 3 threads") // both given: as given
        #expect(split(4, 10, 2, threads: 4) == "1 job × 2 threads")
    }
}
