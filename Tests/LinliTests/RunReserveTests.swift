import Foundation
import Testing
@testable import Linli

/// Issue "City scale", hot paths: a world reserves its issue and group
/// tables for the run it is built for (World.reserveForRun), so the day step
/// appends to them without reallocating — the full-model Hotpaths benchmark
/// holds the day step to zero allocations.
@Suite struct RunReserveTests {
    /// Capacities of every `ContiguousArray` column of a table, by name.
    static func capacities(_ table: Any) -> [String: Int] {
        var out: [String: Int] = [:]
        for child in Mirror(reflecting: table).children {
            if let label = child.label, let column = child.value as? any ColumnCapacity { out[label] = column.capacity }
        }
        return out
    }

    /// Runs `scenario`'s days on one world; every column of the issue and
    /// group tables and every community's lists must keep the capacity they
    /// had after set-up (no reallocation), while the run fills them (a column
    /// left out of its table's `reserve` would grow).
    static func expectNoGrowth(_ scenario: Scenario) {
        var world = World(scenario: scenario, replicate: 0)
        let issues = capacities(world.issues), groups = capacities(world.groups)
        #expect(issues.count == 31 && groups.count == 9, "a table gained a column: add it to its reserve()")
        let live = world.issues.live.map(\.capacity), byCommunity = world.groups.byCommunity.map(\.capacity)
        for day in 0..<scenario.days { world.step(day: day) }
        #expect(world.issues.count > 100 && world.groups.count > 3, "the run must fill the tables (\(world.issues.count) issues, \(world.groups.count) groups)")
        #expect(capacities(world.issues) == issues, "the issue table reallocated: \(world.issues.count) issues against room for \(issues.values.min() ?? 0)")
        #expect(capacities(world.groups) == groups, "the group table reallocated: \(world.groups.count) groups against room for \(groups.values.min() ?? 0)")
        #expect(world.issues.live.map(\.capacity) == live, "a community's live issue list reallocated")
        #expect(world.groups.byCommunity.map(\.capacity) == byCommunity, "a community's group list reallocated")
    }

    @Test func baselineTwoYearsAppendsWithoutReallocating() {
        Self.expectNoGrowth(testScenario("reserve", households: 1200, days: 730, replicates: 1))
    }

    @Test func everyLeverOnSmallCityAppendsWithoutReallocating() throws {
        Self.expectNoGrowth(try StreetShardsTests.city(days: 365))
    }
}

protocol ColumnCapacity { var capacity: Int { get } }
extension ContiguousArray: ColumnCapacity {}

/// `BestK` (Engine/TopK.swift) keeps exactly the prefix a full sort would:
/// the rankings of the red list, posts, station hires, team leaders and the
/// contest moved to it from sorting every candidate.
@Suite struct BestKTests {
    @Test func keepsTheSortedPrefixWithTiesToTheLowerId() {
        var rng = XoshiroStream(seed: testBaseSeed, replicate: 0, stream: 17)
        var best = BestK<Float>()
        for trial in 0..<2_000 {
            let n = Int.random(in: 0...200, using: &rng), k = Int.random(in: 0...(n + 3), using: &rng)
            // Few distinct values, so ties are common; ids not in order.
            let ids = (0..<n).map { $0 * 7 % 211 }
            let pairs = ids.map { (score: Float(Int.random(in: 0...9, using: &rng)) / 4, id: $0) }
            let sorted = pairs.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(k)
            best.start(k: k)
            for p in pairs { best.offer(p.score, p.id) }
            best.finish()
            #expect(best.offered == n)
            #expect(best.items.map { Int($0.id) } == sorted.map(\.id), "trial \(trial): n \(n), k \(k)")
            #expect(best.items.map(\.score) == sorted.map(\.score))
        }
    }

    @Test func reusingTheBufferDoesNotAllocate() {
        var best = BestK<Double>()
        best.reserve(64)
        best.start(k: 64)
        for i in 0..<1_000 { best.offer(Double(i % 97), i) }
        let capacity = best.items.capacity
        for round in 0..<10 {
            best.start(k: 50)
            for i in 0..<1_000 { best.offer(Double((i * round) % 31), i) }
            best.finish()
        }
        #expect(best.items.capacity == capacity)
    }
}
