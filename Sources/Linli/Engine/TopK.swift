/// Selection of the k largest values of a float column, ties broken towards
/// the lower index — "the top 1% by engagement" of a recognition step — in
/// O(n) with two radix passes over the values' bits, no sorting and no
/// allocation after construction.
public struct TopKSelector {
    private let histogram: Column<Int32>
    private static let bucketBits = 16

    public init() { histogram = Column(repeating: 0, count: 1 << TopKSelector.bucketBits) }

    /// A key whose unsigned order is the float order (−0 below +0; NaN not supported).
    @inline(__always) static func key(_ x: Float) -> UInt32 {
        let b = x.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    /// Calls `body(i)` for each of the `k` indices in `0..<n` with the
    /// largest `values[i]` (ties to the lower index), in increasing index order.
    public func select(_ values: UnsafePointer<Float>, count n: Int, k: Int, _ body: (Int) -> Void) {
        let k = min(k, n)
        guard k > 0 else { return }
        // Pass 1: high 16 bits of the key; find the bucket holding the k-th largest.
        let h = histogram
        h.fill(0)
        for i in 0..<n { h[Int(TopKSelector.key(values[i]) >> 16)] &+= 1 }
        var above = 0, hi = (1 << 16) - 1
        while above + Int(h[hi]) < k { above += Int(h[hi]); hi -= 1 }
        // Pass 2: low 16 bits within that bucket.
        h.fill(0)
        for i in 0..<n {
            let key = TopKSelector.key(values[i])
            if Int(key >> 16) == hi { h[Int(key & 0xFFFF)] &+= 1 }
        }
        var lo = (1 << 16) - 1
        while above + Int(h[lo]) < k { above += Int(h[lo]); lo -= 1 }
        let threshold = UInt32(hi) << 16 | UInt32(lo)
        // `above` values lie strictly above the threshold; take the rest of k
        // from those equal to it, lowest index first.
        var equalsLeft = k - above
        for i in 0..<n {
            let key = TopKSelector.key(values[i])
            if key > threshold {
                body(i)
            } else if key == threshold && equalsLeft > 0 {
                equalsLeft -= 1
                body(i)
            }
        }
    }
}

/// The k best of a stream of (score, id) pairs, best first: higher score,
/// then lower id — exactly the prefix that sorting all of them by
/// `score != score' ? score > score' : id < id'` would give. A min-heap of
/// size k in a buffer the owner reuses, so a monthly ranking (the red list,
/// posts, station hires, team leaders, the contest) neither sorts everyone
/// nor allocates once the buffer has room for k. (For one pass over a whole
/// column with no ids attached, `TopKSelector` is the tool.)
struct BestK<Score: Comparable & Sendable>: Sendable {
    typealias Entry = (score: Score, id: Int32)
    /// After `finish`, the kept pairs best first; before it, a heap.
    private(set) var items = ContiguousArray<Entry>()
    private var k = 0
    /// Pairs offered since `start` (kept or not).
    private(set) var offered = 0

    mutating func reserve(_ n: Int) { items.reserveCapacity(n) }

    /// Begins a ranking that keeps the best `k`.
    mutating func start(k: Int) {
        items.removeAll(keepingCapacity: true)
        self.k = max(0, k)
        offered = 0
    }

    @inline(__always) static func better(_ a: Entry, _ b: Entry) -> Bool {
        a.score != b.score ? a.score > b.score : a.id < b.id
    }

    mutating func offer(_ score: Score, _ id: Int) {
        offered += 1
        guard k > 0 else { return }
        let x: Entry = (score, Int32(id))
        if items.count < k {
            items.append(x)
            var j = items.count - 1
            while j > 0 {
                let p = (j - 1) / 2
                guard Self.better(items[p], items[j]) else { break }
                items.swapAt(p, j)
                j = p
            }
        } else if Self.better(x, items[0]) {
            items[0] = x
            siftDown(0, items.count)
        }
    }

    /// Orders the kept pairs best first (`items`).
    mutating func finish() {
        var end = items.count - 1
        while end > 0 {
            items.swapAt(0, end)
            siftDown(0, end)
            end -= 1
        }
    }

    /// The heap keeps its worst pair at the root: no parent is better than its children.
    private mutating func siftDown(_ start: Int, _ n: Int) {
        var j = start
        while true {
            var worst = j
            let l = 2 * j + 1, r = l + 1
            if l < n && Self.better(items[worst], items[l]) { worst = l }
            if r < n && Self.better(items[worst], items[r]) { worst = r }
            if worst == j { return }
            items.swapAt(j, worst)
            j = worst
        }
    }
}
