import Foundation
import Linli

/// LB-1, the Linli throughput benchmark model (/work/shared/BENCHMARK.md,
/// summarised in Benchmarks/README.md), on the engine's primitives:
/// residents as `Column`s (struct of arrays), ties as a `CSRGraph`, active
/// flags as double-buffered `BitColumn`s, one `XoshiroStream` per
/// `ChunkPlan` chunk, the day as one `WorkerPool` pass, and the monthly
/// recognition as a `TopKSelector`.
///
/// Results depend on (residents, seed) only, never on the thread count: each
/// fixed chunk of residents has its own stream and its own partial sums,
/// which are combined in chunk order.
public final class LB1: ChunkTask {
    public static let neighbourhoodSize = 40
    public static let localTies = 6
    public static let globalTies = 2
    /// d = 2^(−1/30): engagement half-life of 30 days.
    public static let decay = Float(pow(2.0, -1.0 / 30.0))

    public let residents: Int
    public let seed: UInt64
    public let plan: ChunkPlan
    public let pool: WorkerPool

    // Per-resident constants of the decision rule, fixed at setup:
    // −2.75 + 2μ + (1 if leader), and 1/(K·θ) (0 when K = 0).
    let logitBase: Column<Float>
    let pullScale: Column<Float>
    /// Retirees (eligible on weekdays too), one bit per resident, a word per
    /// block of 64 (the residents the day loop asks on a weekday).
    let retireeWords: Column<UInt64>
    public let ties: CSRGraph

    // State.
    public let engagement: Column<Float>
    public let fatigue: Column<Float>
    let recognisedUntil: Column<Int32>
    /// Yesterday's active flags (read by the social pull) and today's (written).
    public private(set) var activePrev: BitColumn
    var activeNext: BitColumn

    // Per chunk: the random stream and the day's partial sums.
    let streams: Column<XoshiroStream>
    let chunkParticipants: Column<Int>
    let chunkActive: Column<Int>
    let chunkEngagement: Column<Double>
    let topK = TopKSelector()

    /// One row per simulated day (capacity reserved by `reserveDays`).
    public private(set) var participants: ContiguousArray<Int> = []
    public private(set) var activeShare: ContiguousArray<Double> = []
    public private(set) var meanEngagement: ContiguousArray<Double> = []

    /// Residents per chunk for N residents: about 32 chunks for small N (so
    /// that threads share the work evenly), at most 4,096 residents a chunk.
    /// A function of N only, so results never depend on the thread count.
    public static func chunkSize(residents n: Int) -> Int {
        let perChunk = (n / 32 + 63) / 64 * 64
        return max(256, min(4096, perChunk))
    }

    /// Builds the population and ties of BENCHMARK.md "Setup".
    public init(residents n: Int, seed: UInt64, threads: Int, chunkSize: Int? = nil) {
        precondition(n >= 1, "LB-1 needs at least one resident")
        residents = n
        self.seed = seed
        plan = ChunkPlan(residents: n, size: chunkSize ?? LB1.chunkSize(residents: n))
        pool = WorkerPool(threads: threads)

        // Attributes: retiree 0.3, θ ~ Beta(2,5), μ ~ U(0,1), leader 0.01.
        let attrs = RandomStream(seed: seed, replicate: 0, stream: 1)
        let theta = Column<Float>(repeating: 0, count: n)
        logitBase = Column(repeating: 0, count: n)
        retireeWords = Column(repeating: 0, count: (n + 63) / 64)
        for i in 0..<n {
            let isRetiree = attrs.uniform() < 0.3
            let th = attrs.beta(2, 5)
            let mu = attrs.uniform()
            let leader = attrs.uniform() < 0.01
            if isRetiree { retireeWords[i >> 6] |= 1 << UInt64(i & 63) }
            theta[i] = Float(th)
            logitBase[i] = Float(-2.75 + 2 * mu + (leader ? 1 : 0))
        }

        // Ties: 6 distinct from the own neighbourhood (all when fewer), then 2 from anyone else.
        var tieRNG = XoshiroStream(seed: seed, replicate: 0, stream: 2)
        var builder = CSRGraph.Builder(nodes: n, expectedEdges: n * (LB1.localTies + LB1.globalTies))
        var picked = ContiguousArray<Int32>()
        picked.reserveCapacity(LB1.localTies + LB1.globalTies)
        for i in 0..<n {
            picked.removeAll(keepingCapacity: true)
            let lo = (i / LB1.neighbourhoodSize) * LB1.neighbourhoodSize
            let hi = min(n, lo + LB1.neighbourhoodSize)
            let others = hi - lo - 1
            if others <= LB1.localTies {
                for j in lo..<hi where j != i { picked.append(Int32(j)) }
            } else {
                while picked.count < LB1.localTies {
                    let j = lo + tieRNG.below(hi - lo)
                    if j != i && !picked.contains(Int32(j)) { picked.append(Int32(j)) }
                }
            }
            if n > 1 {
                for _ in 0..<LB1.globalTies {
                    var j = tieRNG.below(n - 1)
                    if j >= i { j += 1 }
                    picked.append(Int32(j))
                }
            }
            builder.appendNode(picked)
        }
        ties = builder.build()
        pullScale = Column(repeating: 0, count: n)
        for i in 0..<n {
            let k = ties.degree(i)
            pullScale[i] = k == 0 ? 0 : 1 / (Float(k) * theta[i])
        }

        engagement = Column(repeating: 0, count: n)
        fatigue = Column(repeating: 0, count: n)
        recognisedUntil = Column(repeating: -1, count: n)
        activePrev = BitColumn(count: n)
        activeNext = BitColumn(count: n)
        let chunks = plan.count
        streams = Column((0..<chunks).map { XoshiroStream(seed: seed, replicate: 0, stream: 1000 + UInt64($0)) })
        chunkParticipants = Column(repeating: 0, count: chunks)
        chunkActive = Column(repeating: 0, count: chunks)
        chunkEngagement = Column(repeating: 0, count: chunks)
    }

    /// Reserves the daily records so that `step` never allocates.
    public func reserveDays(_ days: Int) {
        participants.reserveCapacity(days)
        activeShare.reserveCapacity(days)
        meanEngagement.reserveCapacity(days)
    }

    /// Day t of BENCHMARK.md: decisions from yesterday's flags, new flags,
    /// recognition at month end, the day's record.
    public func step(day t: Int) {
        today = t
        pool.run(self, chunks: plan.count)
        var took = 0, active = 0, sumE = 0.0
        for c in 0..<plan.count {
            took += chunkParticipants[c]; active += chunkActive[c]; sumE += chunkEngagement[c]
        }
        swap(&activePrev, &activeNext)
        if t % 30 == 29 {
            let until = Int32(t + 60)
            let k = (residents + 99) / 100   // ⌈0.01·N⌉
            let r = recognisedUntil
            topK.select(engagement.base, count: residents, k: k) { i in r[i] = until }
        }
        participants.append(took)
        activeShare.append(Double(active) / Double(residents))
        meanEngagement.append(sumE / Double(residents))
    }

    /// The participation decision of BENCHMARK.md, over the columns it reads
    /// (a value holding their addresses, made once per chunk so that the loop
    /// keeps them in registers).
    public struct Decision {
        let ties: CSRGraph
        let activePrev: BitColumn
        let logitBase: UnsafeMutablePointer<Float>
        let pullScale: UnsafeMutablePointer<Float>
        let recognisedUntil: UnsafeMutablePointer<Int32>

        /// Whether resident i, with fatigue φ, takes part on day t:
        /// S = min(1, k/(K·θ)), x = −2.75 + 2μ + 3S − 2φ + leader + 0.5·recognised,
        /// with probability 1/(1 + e^−x).
        @inline(__always)
        public func takesPart(_ i: Int, day t: Int32, fatigue phi: Float, rng: inout XoshiroStream) -> Bool {
            let k = ties.countFlagged(i, in: activePrev)
            let s = min(1, Float(k) * pullScale[i])
            var x = logitBase[i] + 3 * s - 2 * phi
            if t <= recognisedUntil[i] { x += 0.5 }
            // u < 1/(1+e^−x)  ⇔  u·(1+e^−x) < 1
            return Float(rng.uniform()) * (1 + expf(-x)) < 1
        }
    }

    /// The decision over the current state (yesterday's flags).
    public var decision: Decision {
        Decision(ties: ties, activePrev: activePrev, logitBase: logitBase.base,
                 pullScale: pullScale.base, recognisedUntil: recognisedUntil.base)
    }

    /// The day `step` is simulating (read by the chunks).
    private var today = 0

    public func runChunk(_ c: Int) { stepChunk(c, day: today) }

    /// The residents of one chunk, in blocks of 64 (one word of active flags
    /// each), in two passes: the decisions of the block's eligible residents
    /// in order (everyone at weekends, the retirees' bits on weekdays; each
    /// draws as before), into a word of who took part; then every
    /// resident's engagement, fatigue and active flag from that word, with
    /// no branch (branches on "retiree?", true for 30% of residents at
    /// random, and on "took part?" mispredicted often). Same draws and
    /// arithmetic as one loop.
    @inline(__always)
    func stepChunk(_ c: Int, day t: Int) {
        let weekend = t % 7 >= 5
        let range = plan.range(c)
        var rng = streams[c]
        let d = LB1.decay, gain = 1 - LB1.decay
        let e = engagement.base, phi = fatigue.base, retirees = retireeWords.base
        let decide = decision
        let nextWords = activeNext.words.base
        let day32 = Int32(truncatingIfNeeded: t)
        var took = 0, active = 0, sumE = 0.0
        var i0 = range.lowerBound
        while i0 < range.upperBound {
            let n = min(64, range.upperBound - i0)
            let all: UInt64 = n == 64 ? ~0 : (1 << UInt64(n)) &- 1
            var ask = weekend ? all : retirees[i0 >> 6] & all
            var tookWord: UInt64 = 0
            while ask != 0 {
                let b = ask.trailingZeroBitCount
                let yes = decide.takesPart(i0 + b, day: day32, fatigue: phi[i0 + b], rng: &rng)
                tookWord |= UInt64(yes ? 1 : 0) << UInt64(b)
                ask &= ask &- 1
            }
            var word: UInt64 = 0
            var blockE: Float = 0
            for b in 0..<n {
                let i = i0 + b
                let yes = (tookWord >> UInt64(b)) & 1 != 0
                let en = e[i] * d + (yes ? gain : 0)
                let f = phi[i]
                e[i] = en
                phi[i] = yes ? min(1, f + 0.1) : f * 0.9
                word |= UInt64(en > 0.2 ? 1 : 0) << UInt64(b)
                blockE += en
            }
            nextWords[(i0 + n - 1) >> 6] = word
            took += tookWord.nonzeroBitCount
            active += word.nonzeroBitCount
            sumE += Double(blockE)
            i0 += n
        }
        streams[c] = rng
        chunkParticipants[c] = took
        chunkActive[c] = active
        chunkEngagement[c] = sumE
    }

    /// Empties the daily records, keeping their capacity.
    public func clearRecords() {
        participants.removeAll(keepingCapacity: true)
        activeShare.removeAll(keepingCapacity: true)
        meanEngagement.removeAll(keepingCapacity: true)
    }

    /// Runs days 0..<days; returns seconds spent in the day loop.
    @discardableResult
    public func run(days: Int) -> Double {
        reserveDays(days)
        let start = DispatchTime.now().uptimeNanoseconds
        for t in 0..<days { step(day: t) }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// BENCHMARK.md's output: `day,participants,active_share,mean_engagement`.
    public func csv() -> String {
        var s = "day,participants,active_share,mean_engagement\n"
        s.reserveCapacity(48 * (participants.count + 1))
        for t in 0..<participants.count {
            s += "\(t),\(participants[t]),\(activeShare[t]),\(meanEngagement[t])\n"
        }
        return s
    }
}
