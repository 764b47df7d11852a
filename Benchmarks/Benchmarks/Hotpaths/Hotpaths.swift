// Microbenchmarks of Linli's hot paths (ordo-one/benchmark):
//
//   swift package --package-path Benchmarks benchmark --target Hotpaths
//   swift package --package-path Benchmarks benchmark thresholds check --target Hotpaths
//
// The second command fails (exit status 2) if a day step allocates: the
// `mallocCountTotal` thresholds in Benchmarks/Thresholds/ are 0 with no
// tolerance (LB-1's day step and the full model's). Sizes: LB-1 at 100,000
// residents; the full model on copies of the baseline compound (about
// 100,000 residents).

import Benchmark
import Foundation
import LB1Model
import Linli

// MARK: shared state, built once outside the measurements

/// Copies of the baseline compound until about `residents` residents.
func baselineCopies(residents: Int, days: Int = 365, replicates: Int = 1) -> Scenario {
    let households = 1200
    let copies = max(1, residents / 3000)
    return Scenario(name: "baseline-x\(copies)", seed: 20261123, replicates: replicates, days: days,
                    communities: (1...copies).map {
                        CommunitySpec(name: "old-compound-\($0)", type: .oldCompound, households: households,
                                      buildings: 40, street: "demo-street")
                    })
}

/// A model with a year behind it, so that ties and flags look like a run's.
final class Warm: @unchecked Sendable {
    let lb1: LB1
    var day = 365
    init(threads: Int) {
        lb1 = LB1(residents: 100_000, seed: 1, threads: threads)
        lb1.run(days: 365)
        lb1.clearRecords()
        lb1.reserveDays(4096)
    }
    /// One more day; records are emptied (outside the measurement) before they would grow.
    func step(_ benchmark: Benchmark) {
        if lb1.participants.count == 4096 { lb1.clearRecords() }
        benchmark.startMeasurement()
        lb1.step(day: day)
        benchmark.stopMeasurement()
        day += 1
    }
}

final class WarmWorld: @unchecked Sendable {
    var world: World
    var day = 0
    init() {
        // Built for the days it will step (a year of warm-up, then the
        // measured days), as a run is: the world reserves its tables for them.
        world = World(scenario: baselineCopies(residents: 100_000, days: 365 + 1000), replicate: 0)
        for _ in 0..<365 { world.step(day: day); day += 1 }
    }
}

final class EmptyTask: ChunkTask {
    func runChunk(_ chunk: Int) { blackHole(chunk) }
}

nonisolated(unsafe) var warmWorld: WarmWorld?
nonisolated(unsafe) var csvSeries: [ReplicateSeries] = []

nonisolated(unsafe) let noAllocations = BenchmarkThresholds(absolute: [.p0: 0, .p25: 0, .p50: 0, .p75: 0, .p90: 0, .p99: 0, .p100: 0])

let allCores = ProcessInfo.processInfo.activeProcessorCount

/// Holds a benchmark's state between its setup and teardown.
final class Slot<T>: @unchecked Sendable { var value: T? }

/// A benchmark on an LB-1 model with a year behind it, built in setup and
/// freed in teardown; with `zeroAllocations`, any allocation in the
/// measured region fails `benchmark thresholds check`.
func onWarmLB1(_ name: String, threads: Int = 1, zeroAllocations: Bool = false,
               _ body: @escaping (Warm, Benchmark) -> Void) {
    let slot = Slot<Warm>()
    Benchmark(name,
              configuration: .init(thresholds: zeroAllocations ? [.mallocCountTotal: noAllocations] : nil),
              closure: { b in body(slot.value!, b) },
              setup: { slot.value = Warm(threads: threads) },
              teardown: { slot.value = nil })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 200
    )

    // MARK: the day step

    Benchmark("Calibration, empty measured region",
              configuration: .init(thresholds: [.mallocCountTotal: noAllocations]),
              closure: { b in
                  b.startMeasurement()
                  blackHole(b)
                  b.stopMeasurement()
              })

    onWarmLB1("WorkerPool pass (ChunkTask), 64 empty chunks, all cores", threads: allCores, zeroAllocations: true) { w, b in
        let task = EmptyTask()
        b.startMeasurement()
        w.lb1.pool.run(task, chunks: 64)
        b.stopMeasurement()
    }

    // The closure form allocates its context (two objects a pass): shown, not asserted.
    onWarmLB1("WorkerPool pass (closure), 64 empty chunks, all cores", threads: allCores) { w, b in
        b.startMeasurement()
        w.lb1.pool.forEachChunk(64) { blackHole($0) }
        b.stopMeasurement()
    }

    onWarmLB1("LB-1 day step, 100k residents, 1 thread", zeroAllocations: true) { w, b in w.step(b) }
    onWarmLB1("LB-1 day step, 100k residents, all cores", threads: allCores, zeroAllocations: true) { w, b in w.step(b) }

    // The whole day step, observation's pass over residents included, allocates nothing.
    Benchmark("Full model day step (World.step), 100k residents",
              configuration: .init(thresholds: [.mallocCountTotal: noAllocations]),
              closure: { b in
                  let w = warmWorld!
                  b.startMeasurement()
                  w.world.step(day: w.day)
                  b.stopMeasurement()
                  w.day += 1
              },
              setup: { warmWorld = WarmWorld() },
              teardown: { warmWorld = nil })

    // MARK: the decision function and the tie scan

    onWarmLB1("LB-1 decision (pull, logit, draw), per 100k residents") { w, b in
        let m = w.lb1, decide = m.decision
        var rng = XoshiroStream(seed: 9, replicate: 0, stream: 0)
        var took = 0
        b.startMeasurement()
        for i in 0..<m.residents where decide.takesPart(i, day: 400, fatigue: m.fatigue[i], rng: &rng) { took += 1 }
        b.stopMeasurement()
        blackHole(took)
    }

    onWarmLB1("Tie scan, LB-1 CSR over packed flags, per 100k residents") { w, b in
        let m = w.lb1, flags = m.activePrev
        var k = 0
        b.startMeasurement()
        for i in 0..<m.residents { k &+= m.ties.countFlagged(i, in: flags) }
        b.stopMeasurement()
        blackHole(k)
    }

    Benchmark("Tie scan, full model Ties.forEach over activePrev, per 100k residents",
              closure: { b in
                  let w = warmWorld!.world
                  var k = 0
                  b.startMeasurement()
                  w.residents.activePrev.withUnsafeBufferPointer { active in
                      for i in 0..<w.residents.count { w.ties.forEach(i) { j in if active[j] { k &+= 1 } } }
                  }
                  b.stopMeasurement()
                  blackHole(k)
              },
              setup: { warmWorld = WarmWorld() },
              teardown: { warmWorld = nil })

    // MARK: population build

    Benchmark("Population build, LB-1, 100k residents",
              configuration: .init(maxIterations: 20),
              closure: { b in blackHole(LB1(residents: 100_000, seed: 2, threads: 1)) })

    Benchmark("Population build, full model (World.init), 100k residents",
              configuration: .init(maxIterations: 20),
              closure: { b in blackHole(World(scenario: baselineCopies(residents: 100_000), replicate: 0)) })

    // MARK: CSV writing

    Benchmark("CSV writing, timeseries.csv of baseline, 10 replicates × 365 days",
              configuration: .init(maxIterations: 20),
              closure: { b in
                  let url = FileManager.default.temporaryDirectory.appendingPathComponent("linli-bench-\(getpid()).csv")
                  try RunOutput.writeTimeseries(series: csvSeries, to: url)
                  b.stopMeasurement()
                  try? FileManager.default.removeItem(at: url)
              },
              setup: { csvSeries = Runner.run(baselineCopies(residents: 3000, replicates: 10), jobs: 2) },
              teardown: { csvSeries = [] })

    onWarmLB1("CSV writing, LB-1 daily CSV, 365 days") { w, b in
        if w.lb1.participants.count != 365 {   // a year of records, made outside the measurement
            w.lb1.clearRecords()
            w.lb1.run(days: 365)
        }
        b.startMeasurement()
        blackHole(w.lb1.csv())
        b.stopMeasurement()
    }
}
