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
