/// Saltelli's sampling scheme for first-order and total Sobol indices
/// (Saltelli et al. 2010): N rows of two independent matrices A and B, taken
/// as the first and last k coordinates of a 2k-dimensional Sobol sequence,
/// and for each factor i the matrix AB⁽ⁱ⁾ = A with column i from B. The model
/// is evaluated N·(k + 2) times.
///
/// Point order is by row: row j occupies points j·(k+2) ..< (j+1)·(k+2) as
/// A_j, AB⁽¹⁾_j, …, AB⁽ᵏ⁾_j, B_j (SALib's order without second-order terms).
public enum SaltelliDesign {
    /// Largest k: the 2k-dimensional sequence must fit GSL's Sobol limit.
    public static let maxFactors = SobolSequence.maxDimensions / 2

    public static func units(baseSamples n: Int, dimensions k: Int, skip: Int) -> [[Double]] {
        let base = SobolSequence.points(n, dimensions: 2 * k, skip: skip)
        var out: [[Double]] = []
        out.reserveCapacity(n * (k + 2))
        for row in base {
            let a = Array(row[0..<k]), b = Array(row[k..<(2 * k)])
            out.append(a)
            for i in 0..<k {
                var ab = a
                ab[i] = b[i]
                out.append(ab)
            }
            out.append(b)
        }
        return out
    }

    /// Where the evaluations of row j sit among the points.
    public struct Layout: Sendable {
        public let factors: Int
        public init(factors: Int) { self.factors = factors }
        public var stride: Int { factors + 2 }
        public func a(_ row: Int) -> Int { row * stride }
        public func ab(_ row: Int, factor i: Int) -> Int { row * stride + 1 + i }
        public func b(_ row: Int) -> Int { row * stride + factors + 1 }
    }
}
