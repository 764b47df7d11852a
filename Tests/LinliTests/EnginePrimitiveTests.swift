import Testing
@testable import Linli

/// The parallel-day-loop primitives of Engine/: columns, packed flags, CSR
/// graphs, value-type streams, the worker pool and top-k selection.
@Suite struct EnginePrimitiveTests {
    @Test func xoshiroStreamMatchesRandomStream() {
        var v = XoshiroStream(seed: 42, replicate: 3, stream: 9)
        let r = RandomStream(seed: 42, replicate: 3, stream: 9)
        for _ in 0..<1000 { #expect(v.uniform() == r.uniform()) }
    }

    @Test func xoshiroBelowStaysInRangeAndCoversIt() {
        var v = XoshiroStream(seed: 1, replicate: 0, stream: 0)
        var seen = Set<Int>()
        for _ in 0..<10_000 { let k = v.below(7); #expect((0..<7).contains(k)); seen.insert(k) }
        #expect(seen.count == 7)
    }

    @Test func columnIsSharedNotCopied() {
        let a = Column<Float>(repeating: 1, count: 10)
        let b = a
        b[3] = 7
        #expect(a[3] == 7)
        #expect(Array(a) == [1, 1, 1, 7, 1, 1, 1, 1, 1, 1])
        a.fill(2)
        #expect(b.allSatisfy { $0 == 2 })
        #expect(Column([5, 6, 7] as [Int32]).bytes == 12)
    }

    @Test func bitColumnSetsReadsAndCounts() {
        let f = BitColumn(count: 200)
        for i in stride(from: 0, to: 200, by: 3) { f[i] = true }
        f[3] = false
        #expect(f[0] && !f[1] && !f[3] && f[6] && f[198])
        #expect(f.bit(6) == 1 && f.bit(7) == 0)
        #expect(f.popcount() == 66)
        var g = BitColumn(count: 200)
        var h = f
        BitColumn.swap(&g, &h)
        #expect(g.popcount() == 66 && h.popcount() == 0)
        f.clear()
        #expect(f.popcount() == 0)
    }

    @Test func csrGraphCountsFlaggedTiesWithRepeats() {
        var b = CSRGraph.Builder(nodes: 3, expectedEdges: 5)
        b.appendNode([1, 2, 2] as [Int32])
        b.appendNode([] as [Int32])
        b.appendNode([0, 1] as [Int32])
        let g = b.build()
        #expect(g.nodeCount == 3 && g.edgeCount == 5)
        #expect(g.degree(0) == 3 && g.degree(1) == 0 && g.neighbours(2) == 3..<5)
        let flags = BitColumn(count: 3)
        flags[2] = true
        #expect(g.countFlagged(0, in: flags) == 2)
        #expect(g.countFlagged(1, in: flags) == 0)
        #expect(g.countFlagged(2, in: flags) == 0)
    }

    @Test func chunkPlanCoversEveryResidentOnceInWordAlignedChunks() {
        let p = ChunkPlan(residents: 10_000, size: 1024)
        #expect(p.count == 10)
        var covered = 0
        for c in 0..<p.count {
            #expect(p.range(c).lowerBound % 64 == 0)
            covered += p.range(c).count
        }
        #expect(covered == 10_000 && p.range(9) == 9216..<10_000)
    }

    @Test(arguments: [1, 2, 4])
    func workerPoolRunsEveryChunkExactlyOncePerPass(threads: Int) {
        let pool = WorkerPool(threads: threads)
        let hits = Column<Int>(repeating: 0, count: 97)
        for pass in 1...200 {
            pool.forEachChunk(97) { c in hits[c] += 1 }
            #expect(hits.allSatisfy { $0 == pass })
        }
        pool.forEachChunk(0) { _ in Issue.record("no chunks, no calls") }
    }

    /// Many short passes with more threads than cores: threads wake late,
    /// after their pass is over or while the next one runs, and must neither
    /// run a chunk twice nor run one of the wrong pass.
    @Test func workerPoolSurvivesLateThreads() {
        let pool = WorkerPool(threads: 4)
        let hits = Column<Int>(repeating: 0, count: 3)
        let task = CountingTask(hits)
        for pass in 1...20_000 {
            task.pass = pass
            pool.run(task, chunks: pass % 3 + 1)
        }
        #expect(hits[0] == 20_000 && hits[1] == 13_334 && hits[2] == 6_667)
        #expect(task.wrongPass == 0)
    }

    final class CountingTask: ChunkTask, @unchecked Sendable {
        let hits: Column<Int>
        var pass = 0
        var wrongPass = 0
        var expectedChunks: Int { pass % 3 + 1 }
        init(_ hits: Column<Int>) { self.hits = hits }
        func runChunk(_ chunk: Int) {
            if chunk >= expectedChunks { wrongPass += 1 }
            hits[chunk] += 1
        }
    }

    @Test func workerPoolResultsDoNotDependOnThreads() {
        func run(_ threads: Int) -> [Double] {
            let pool = WorkerPool(threads: threads)
            let plan = ChunkPlan(residents: 5000, size: 128)
            let sums = Column<Double>(repeating: 0, count: plan.count)
            let streams = Column((0..<plan.count).map { XoshiroStream(seed: 3, replicate: 0, stream: UInt64($0)) })
            for _ in 0..<20 {
                pool.forEachChunk(plan.count) { c in
                    var r = streams[c]
                    for _ in plan.range(c) { sums[c] += r.uniform() }
                    streams[c] = r
                }
            }
            return Array(sums)
        }
        let one = run(1)
        #expect(run(2) == one)
        #expect(run(3) == one)
    }

    @Test func topKTakesLargestWithTiesToLowerIndex() {
        let values: [Float] = [0.5, 0.9, 0.1, 0.9, 0.5, 0.5, 0, -1, 0.7]
        func top(_ k: Int) -> [Int] {
            var out: [Int] = []
            values.withUnsafeBufferPointer { TopKSelector().select($0.baseAddress!, count: values.count, k: k) { out.append($0) } }
            return out
        }
        #expect(top(0) == [])
        #expect(top(1) == [1])
        #expect(top(2) == [1, 3])
        #expect(top(3) == [1, 3, 8])
        #expect(top(4) == [0, 1, 3, 8])        // first of the three 0.5s
        #expect(top(5) == [0, 1, 3, 4, 8])
        #expect(top(9) == Array(0..<9))
        #expect(top(20) == Array(0..<9))
    }

    @Test func topKAgreesWithSortingOnRandomData() {
        var r = XoshiroStream(seed: 8, replicate: 0, stream: 0)
        // Coarse values, so that many tie.
        let values = (0..<20_000).map { _ in Float(Int(r.uniform() * 300)) / 300 }
        let k = 200
        let expected = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }.prefix(k).sorted()
        var got: [Int] = []
        values.withUnsafeBufferPointer { TopKSelector().select($0.baseAddress!, count: values.count, k: k) { got.append($0) } }
        #expect(got == Array(expected))
    }
}
