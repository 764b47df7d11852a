import CGSL

/// Sobol's quasi-random sequence as GSL computes it (`gsl_qrng_sobol`, the
/// Bratley–Fox construction, up to 40 dimensions). GSL starts at (½, …, ½):
/// the all-zero point is never returned. Every block of 2^m points starting
/// at index 0 is a (t, m, s)-net: in each dimension each of the 2^m strata
/// holds exactly one point.
public enum SobolSequence {
    /// GSL's limit on dimensions.
    public static let maxDimensions = 40

    /// Points `skip ..< skip + n` of the k-dimensional sequence, `[point][dimension]`.
    public static func points(_ n: Int, dimensions k: Int, skip: Int = 0) -> [[Double]] {
        precondition(k >= 1 && k <= maxDimensions, "Sobol dimensions must be 1...\(maxDimensions)")
        guard let q = gsl_qrng_alloc(linli_qrng_sobol(), UInt32(k)) else { fatalError("gsl_qrng_alloc failed") }
        defer { gsl_qrng_free(q) }
        var v = [Double](repeating: 0, count: k)
        for _ in 0..<skip { _ = v.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) } }
        var out: [[Double]] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            _ = v.withUnsafeMutableBufferPointer { gsl_qrng_get(q, $0.baseAddress) }
            out.append(v)
        }
        return out
    }
}
