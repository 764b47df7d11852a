import Foundation

/// Where a world's communities, residents and buildings sit in the whole
/// scenario. A world built from all communities has the identity; a shard
/// (a world of some streets) maps its own indices to the scenario's, so its
/// random streams (keyed by community) and hashes (keyed by community,
/// building or resident) are the ones the whole world would use.
public struct WorldOrigin: Sendable {
    /// The scenario index of each community.
    var community = ContiguousArray<Int32>()
    /// Scenario index − own index of the first resident, and of the first building, per community.
    var residentShift = ContiguousArray<Int32>()
    var buildingShift = ContiguousArray<Int32>()

    init() {}
    init(communities: [Int]) {
        community = ContiguousArray(communities.map { Int32($0) })
        residentShift = ContiguousArray(repeating: 0, count: communities.count)
        buildingShift = residentShift
    }

    @inline(__always) func global(_ c: Int) -> Int { Int(community[c]) }
    @inline(__always) func globalResident(_ i: Int, community c: Int) -> Int { i + Int(residentShift[c]) }
    @inline(__always) func globalBuilding(_ b: Int, community c: Int) -> Int { b + Int(buildingShift[c]) }
}

/// One replicate over several threads: the scenario's streets are split into
/// shards, each a `World` of whole streets, stepped in parallel every day.
///
/// Why streets: every interaction between communities in the model stays
/// within a street (a street office's staffing shares, cross-compound pairs),
/// and every draw and hash is keyed by community, resident or building
/// (`WorldOrigin`), so a shard does exactly what its streets do in one world.
/// The day's observations are then summed in scenario order on the calling
/// thread (`ObservationRows`), so every output is byte-identical for any
/// thread count; only the wall time changes.
public enum StreetShards {
    /// Shards per thread: threads claim shards as they finish the last, so a
    /// few shards each even out streets of unequal work (one shard per thread
    /// left a 2-thread district at 1.57×).
    public static let shardsPerThread = 4

    /// Communities (scenario indices, ascending) of each shard: at most
    /// `shardsPerThread` × `threads` shards, never more than there are
    /// streets, one shard for one thread. Streets are dealt largest first (by
    /// households) to the lightest shard, so shards carry similar work; the
    /// split changes speed, never results.
    public static func plan(_ scenario: Scenario, threads: Int) -> [[Int]] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        var load: [String: Int] = [:]
        for (c, spec) in scenario.communities.enumerated() {
            if members[spec.street] == nil { order.append(spec.street) }
            members[spec.street, default: []].append(c)
            load[spec.street, default: 0] += spec.households
        }
        let k = threads > 1 ? min(threads * shardsPerThread, order.count) : 1
        guard k > 1 else { return [Array(scenario.communities.indices)] }
        let ranked = order.enumerated().sorted { a, b in
            load[a.element]! != load[b.element]! ? load[a.element]! > load[b.element]! : a.offset < b.offset
        }
        var shards = Array(repeating: [Int](), count: k)
        var weight = Array(repeating: 0, count: k)
        for (_, street) in ranked {
            let j = weight.indices.min { weight[$0] != weight[$1] ? weight[$0] < weight[$1] : $0 < $1 }!
            shards[j] += members[street]!
            weight[j] += load[street]!
        }
        return shards.map { $0.sorted() }
    }
}

/// The shards of one replicate and the day's per-community sums, stepped by
/// a `WorkerPool` (one chunk per shard). Each thread touches only its own
/// shard and the sums of that shard's communities.
final class ShardedReplicate: ChunkTask {
    let members: [[Int]]
    let communities: Int
    private let worlds: UnsafeMutablePointer<World>
    private let sums: UnsafeMutablePointer<ObservationSums>
    private let pool: WorkerPool
    private var day = 0

    init(_ scenario: Scenario, replicate: Int, shards: [[Int]], threads: Int) {
        members = shards
        communities = scenario.communities.count
        pool = WorkerPool(threads: max(1, min(threads, shards.count)))
        worlds = .allocate(capacity: shards.count)
        sums = .allocate(capacity: communities)
        sums.initialize(repeating: ObservationSums(), count: communities)
        let worlds = self.worlds
        pool.forEachChunk(shards.count) { j in
            (worlds + j).initialize(to: World(scenario: scenario, replicate: replicate, communities: shards[j]))
        }
        placeResidentsAndBuildings()
    }

    deinit {
        worlds.deinitialize(count: members.count); worlds.deallocate()
        sums.deinitialize(count: communities); sums.deallocate()
    }

    /// Scenario-wide indices of residents and buildings: the shards' own
    /// counts laid out in scenario order.
    private func placeResidentsAndBuildings() {
        var residents = [Int](repeating: 0, count: communities)
        var buildings = [Int](repeating: 0, count: communities)
        for (j, shard) in members.enumerated() {
            for (c, g) in shard.enumerated() {
                residents[g] = worlds[j].communities.residentRange(c).count
                buildings[g] = worlds[j].units.communityBuildings(c).count
            }
        }
        var residentStart = [Int](repeating: 0, count: communities + 1)
        var buildingStart = residentStart
        for g in 0..<communities {
            residentStart[g + 1] = residentStart[g] + residents[g]
            buildingStart[g + 1] = buildingStart[g] + buildings[g]
        }
        for (j, shard) in members.enumerated() {
            for (c, g) in shard.enumerated() {
                worlds[j].origin.residentShift[c] = Int32(residentStart[g] - Int(worlds[j].communities.residentStart[c]))
                worlds[j].origin.buildingShift[c] = Int32(buildingStart[g] - Int(worlds[j].units.communityBuildingStart[c]))
            }
        }
    }

    var residentCount: Int { members.indices.reduce(0) { $0 + worlds[$1].residents.count } }

    /// Each shard's world, in shard order (for `Simulation.run`'s `atStart`).
    func forEachWorld(_ body: (World) -> Void) { for j in members.indices { body(worlds[j]) } }

    /// One day: every shard steps and observes its communities in parallel;
    /// then the rows are summed in scenario order.
    func step(day: Int, into series: inout ReplicateSeries, plan: ObservationPlan) {
        self.day = day
        pool.run(self, chunks: members.count)
        var rows = ObservationRows(plan: plan, day: day, communities: communities)
        for g in 0..<communities { rows.add(g, sums[g], into: &series) }
        rows.finish(into: &series)
    }

    func runChunk(_ j: Int) {
        worlds[j].step(day: day)
        for (c, g) in members[j].enumerated() { sums[g] = worlds[j].observeCommunity(c, day: day) }
    }
}
