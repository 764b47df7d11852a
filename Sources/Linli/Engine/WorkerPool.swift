import CGSL
import Foundation

/// Residents split into fixed chunks for a parallel day loop. The split
/// depends only on the resident count and `size`, never on the thread count:
/// give each chunk its own random stream and its own partial sums, combine
/// the sums in chunk order, and results are identical for any number of
/// threads. `size` is a multiple of 64 so that chunks own whole words of a
/// `BitColumn`.
public struct ChunkPlan: Sendable {
    public let residents: Int
    public let size: Int
    public var count: Int { (residents + size - 1) / size }

    public init(residents: Int, size: Int = 2048) {
        precondition(size > 0 && size % 64 == 0, "chunk size must be a positive multiple of 64")
        self.residents = residents
        self.size = size
    }

    @inlinable @inline(__always)
    public func range(_ chunk: Int) -> Range<Int> { chunk * size..<min(residents, (chunk + 1) * size) }
}

/// Work split into chunks for a `WorkerPool` pass: usually the model itself
/// (a class), which knows today's date and runs one chunk of residents.
public protocol ChunkTask: AnyObject {
    func runChunk(_ chunk: Int)
}

/// The parallel day loop: a fixed set of threads that run every chunk of a
/// pass and return when all are done.
///
/// Threads are started once and kept for the life of the pool, so a pass
/// costs two atomic operations per chunk and one wake-up. `run(_:chunks:)`
/// allocates nothing, so a day loop that calls it every day does not touch
/// the allocator; the closure form `forEachChunk` is handier but, with more
/// than one thread, allocates one small closure context per pass. The
/// calling thread works too, so `threads: 1` runs everything inline. Chunks are claimed dynamically (a slow or preempted
/// thread does less), which is why per-chunk results must not depend on
/// which thread ran them — see `ChunkPlan`.
///
/// Idle threads spin briefly, then yield, then sleep, so a pool costs
/// nothing between runs.
public final class WorkerPool: @unchecked Sendable {
    public let threads: Int
    private let shared: Shared

    public init(threads: Int) {
        self.threads = max(1, threads)
        shared = Shared()
        for w in 1..<self.threads {
            let s = shared
            let t = Thread { s.workerLoop() }
            t.name = "linli-worker-\(w)"
            t.stackSize = 1 << 20
            t.start()
        }
    }

    deinit { shared.stop() }

    /// Runs `task.runChunk(c)` for every c in 0..<chunks on the pool's
    /// threads and returns when all have finished. Allocation-free. Not
    /// re-entrant: call from one thread.
    public func run(_ task: some ChunkTask, chunks: Int) {
        if threads == 1 || chunks <= 1 {
            for c in 0..<chunks { task.runChunk(c) }
            return
        }
        shared.run(chunks: chunks, workers: threads - 1, task)
    }

    /// Runs `body(c)` for every c in 0..<chunks on the pool's threads and
    /// returns when all have finished. Not re-entrant: call from one thread.
    public func forEachChunk(_ chunks: Int, _ body: (Int) -> Void) {
        if threads == 1 || chunks <= 1 {
            for c in 0..<chunks { body(c) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            shared.run(chunks: chunks, workers: threads - 1, ClosureTask(escapable))
        }
    }

    private final class ClosureTask: ChunkTask {
        let body: (Int) -> Void
        init(_ body: @escaping (Int) -> Void) { self.body = body }
        func runChunk(_ chunk: Int) { body(chunk) }
    }

    /// State shared with the worker threads (kept apart so that the threads
    /// do not keep the pool alive).
    ///
    /// A pass is generation g. One atomic word holds (g << 32 | next chunk);
    /// a thread claims chunk c of pass g by compare-and-swap from (g, c) to
    /// (g, c+1), and only after a successful claim does it read the task, so
    /// it never runs a chunk of a pass that is over or not yet published. The
    /// caller waits for the count of finished chunks, not for the threads: a
    /// thread the OS has not scheduled yet holds nothing up, because the
    /// caller claims its chunks itself.
    private final class Shared: @unchecked Sendable {
        private let cells: UnsafeMutablePointer<Int64>
        private var task: (any ChunkTask)?
        private var generation: Int64 = 0
        private let wake = NSCondition()

        private static let line = 8 // Int64s per 64-byte line: each cell on its own line
        private static let exhausted: Int64 = 0xFFFF_FFFF
        private var claim: UnsafeMutablePointer<Int64> { cells }
        private var done: UnsafeMutablePointer<Int64> { cells + Shared.line }
        private var stopFlag: UnsafeMutablePointer<Int64> { cells + 2 * Shared.line }
        /// The pass's chunk count, read atomically: a worker holding a stale
        /// claim word may read it while the caller publishes the next pass
        /// (its CAS then fails), which ThreadSanitizer rightly calls a race
        /// on a plain variable.
        private var chunks: UnsafeMutablePointer<Int64> { cells + 3 * Shared.line }

        init() {
            cells = .allocate(capacity: 4 * Shared.line)
            cells.initialize(repeating: 0, count: 4 * Shared.line)
            cells.pointee = Shared.exhausted   // generation 0: nothing to claim
        }
        deinit { cells.deallocate() }

        @inline(__always) private static func gen(_ word: Int64) -> Int64 { word >> 32 }

        func run(chunks n: Int, workers: Int, _ work: any ChunkTask) {
            precondition(n < Int(Shared.exhausted), "too many chunks")
            task = work
            linli_atomic_store(chunks, Int64(n))
            generation += 1
            let g = generation
            linli_atomic_store(done, 0)
            wake.lock()
            linli_atomic_store(claim, g << 32)   // publishes task and chunks
            wake.broadcast()
            wake.unlock()
            drain(g)
            var spins = 0
            while linli_atomic_load(done) != Int64(n) {
                spins += 1
                if spins < 4096 { linli_cpu_relax() } else { sched_yield() }
            }
            // Close the pass before the task goes: late claims now fail.
            linli_atomic_store(claim, g << 32 | Shared.exhausted)
            task = nil
        }

        /// Claims and runs chunks of pass g until none are left.
        private func drain(_ g: Int64) {
            while true {
                let word = linli_atomic_load(claim)
                let c = word & Shared.exhausted
                guard Shared.gen(word) == g, c != Shared.exhausted, c < linli_atomic_load(chunks) else { return }
                guard linli_atomic_cas(claim, word, word + 1) else { continue }
                task!.runChunk(Int(c))
                linli_atomic_fetch_add(done, 1)
            }
        }

        func workerLoop() {
            var seen: Int64 = 0
            while true {
                // Spin, then yield, then sleep until the next pass.
                var spins = 0
                while Shared.gen(linli_atomic_load(claim)) == seen && linli_atomic_load(stopFlag) == 0 && spins < 200_000 {
                    spins += 1
                    if spins < 2048 { linli_cpu_relax() } else { sched_yield() }
                }
                if Shared.gen(linli_atomic_load(claim)) == seen && linli_atomic_load(stopFlag) == 0 {
                    wake.lock()
                    while Shared.gen(linli_atomic_load(claim)) == seen && linli_atomic_load(stopFlag) == 0 { wake.wait() }
                    wake.unlock()
                }
                if linli_atomic_load(stopFlag) != 0 { return }
                seen = Shared.gen(linli_atomic_load(claim))
                drain(seen)
            }
        }

        func stop() {
            wake.lock()
            linli_atomic_store(stopFlag, 1)
            wake.broadcast()
            wake.unlock()
        }
    }
}
