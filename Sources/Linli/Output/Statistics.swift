import CGSL

/// Descriptive statistics of one quantity across replicates (or sweep points):
/// mean, sample standard deviation, a t-based 95% confidence interval of the
/// mean, and the 5%, 50% and 95% quantiles (GSL's interpolated quantiles of the
/// sorted sample). NaN observations (undefined values, `NA` in the CSVs) are
/// not used but counted: `n` is the number of values used, `missing` the
/// number left out, and both are written, so a mean over 3 of 20 replicates
/// cannot pass for one over 20. With n = 0 everything is NaN; with n = 1 the
/// sd and the interval are NaN (printed `NA`).
public struct Summary: Sendable, Equatable {
    public var n: Int
    /// Observations that were NaN (undefined) and so not used.
    public var missing: Int
    public var mean: Double
    public var sd: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var q05: Double
    public var q50: Double
    public var q95: Double

    public init(_ values: [Double]) {
        let x = values.filter { !$0.isNaN }
        n = x.count
        missing = values.count - x.count
        mean = Statistics.mean(x)
        sd = Statistics.sd(x)
        (ciLow, ciHigh) = Statistics.meanCI(x)
        let q = Statistics.quantiles(x, [0.05, 0.5, 0.95])
        q05 = q[0]; q50 = q[1]; q95 = q[2]
    }

    /// Column names matching `cells`, as in `aggregate.csv`.
    public static let columnNames = ["n", "mean", "sd", "ci95_low", "ci95_high", "q05", "q50", "q95", "missing"]

    /// The statistics as CSV cells, in `columnNames` order.
    public var cells: [String] {
        [String(n), formatCell(mean), formatCell(sd), formatCell(ciLow), formatCell(ciHigh),
         formatCell(q05), formatCell(q50), formatCell(q95), String(missing)]
    }
}

/// Thin wrappers over GSL's statistics, sorting and t distribution. All take
/// plain arrays; callers drop NaNs if they need to (`Summary` does).
public enum Statistics {
    /// Arithmetic mean; NaN for an empty sample.
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        return x.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, $0.count) }
    }

    /// Sample standard deviation (denominator n − 1); NaN when n < 2.
    public static func sd(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        return x.withUnsafeBufferPointer { gsl_stats_sd($0.baseAddress, 1, $0.count) }
    }

    /// Two-sided quantile of Student's t with `df` degrees of freedom, e.g.
    /// `tQuantile(0.975, df: 4)` = 2.776445. NaN unless df > 0.
    public static func tQuantile(_ p: Double, df: Double) -> Double {
        guard df > 0, df.isFinite, p > 0, p < 1 else { return .nan }
        return gsl_cdf_tdist_Pinv(p, df)
    }

    /// Confidence interval of the mean, mean ± t(1 − α/2, n − 1)·sd/√n; NaNs when n < 2.
    public static func meanCI(_ x: [Double], level: Double = 0.95) -> (low: Double, high: Double) {
        guard x.count >= 2 else { return (.nan, .nan) }
        let m = mean(x)
        let half = tQuantile(0.5 + level / 2, df: Double(x.count - 1)) * sd(x) / Double(x.count).squareRoot()
        return (m - half, m + half)
    }

    /// Quantiles (GSL's linear interpolation between order statistics) for each
    /// fraction in `fractions`; NaNs for an empty sample.
    public static func quantiles(_ x: [Double], _ fractions: [Double]) -> [Double] {
        guard !x.isEmpty else { return fractions.map { _ in .nan } }
        var sorted = x
        sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        return sorted.withUnsafeBufferPointer { p in
            fractions.map { gsl_stats_quantile_from_sorted_data(p.baseAddress, 1, p.count, $0) }
        }
    }

    /// One quantile; see `quantiles`.
    public static func quantile(_ x: [Double], _ fraction: Double) -> Double { quantiles(x, [fraction])[0] }

    /// Welch's two-sample confidence interval for mean(a) − mean(b), unequal
    /// variances, with Welch–Satterthwaite degrees of freedom. Needs at least
    /// two values in each sample (NaN otherwise); when both variances are zero
    /// the interval collapses to the difference. NaN values are dropped.
    public static func welchDifference(a: [Double], b: [Double], level: Double = 0.95)
        -> (diff: Double, low: Double, high: Double) {
        let a = a.filter { !$0.isNaN }, b = b.filter { !$0.isNaN }
        let diff = mean(a) - mean(b)
        guard a.count >= 2, b.count >= 2 else { return (diff, .nan, .nan) }
        let sa = x2(sd(a)) / Double(a.count), sb = x2(sd(b)) / Double(b.count)
        let se2 = sa + sb
        guard se2 > 0 else { return (diff, diff, diff) }
        let df = se2 * se2 / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
        let half = tQuantile(0.5 + level / 2, df: df) * se2.squareRoot()
        return (diff, diff - half, diff + half)
    }

    /// Welch–Satterthwaite degrees of freedom for two samples (NaN if either has < 2 values).
    public static func welchDF(a: [Double], b: [Double]) -> Double {
        guard a.count >= 2, b.count >= 2 else { return .nan }
        let sa = x2(sd(a)) / Double(a.count), sb = x2(sd(b)) / Double(b.count)
        return (sa + sb) * (sa + sb) / (sa * sa / Double(a.count - 1) + sb * sb / Double(b.count - 1))
    }

    @inline(__always) private static func x2(_ v: Double) -> Double { v * v }
}
