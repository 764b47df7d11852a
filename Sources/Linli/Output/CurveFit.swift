import CGSL
import Foundation

/// Unconstrained minimisation with GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`): for growth-curve fits and calibration's restarts.
public enum NelderMead {
    private final class Box {
        let f: ([Double]) -> Double
        let n: Int
        init(_ f: @escaping ([Double]) -> Double, _ n: Int) { self.f = f; self.n = n }
    }

    /// Minimises `f` from `x0` with initial simplex steps `step`; stops when
    /// the simplex's characteristic size falls below `tolerance`, after
    /// `maxIterations`, or when `stop` (asked before each iteration: an
    /// evaluation budget, a failure inside `f`) says so. Non-finite values of
    /// `f` count as the largest finite one. Returns the best point and its value.
    public static func minimise(_ f: @escaping ([Double]) -> Double, x0: [Double], step: [Double],
                                tolerance: Double = 1e-7, maxIterations: Int = 10_000,
                                stop: (() -> Bool)? = nil) -> (x: [Double], value: Double) {
        let n = x0.count
        precondition(n > 0 && step.count == n)
        let box = Box(f, n)
        let ctx = Unmanaged.passRetained(box)
        defer { ctx.release() }
        var fn = gsl_multimin_function(
            f: { v, params in
                let b = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                var x = [Double](repeating: 0, count: b.n)
                for i in 0..<b.n { x[i] = gsl_vector_get(v, i) }
                let y = b.f(x)
                return y.isFinite ? y : Double.greatestFiniteMagnitude
            },
            n: n, params: ctx.toOpaque())
        let x = gsl_vector_alloc(n)!, s = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x); gsl_vector_free(s) }
        for i in 0..<n { gsl_vector_set(x, i, x0[i]); gsl_vector_set(s, i, step[i]) }
        let m = gsl_multimin_fminimizer_alloc(linli_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(m) }
        gsl_multimin_fminimizer_set(m, &fn, x, s)
        for _ in 0..<maxIterations {
            if stop?() == true { break }
            if gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS { break }
            if gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), tolerance) == GSL_SUCCESS { break }
        }
        var best = [Double](repeating: 0, count: n)
        for i in 0..<n { best[i] = gsl_vector_get(m.pointee.x, i) }
        return (best, gsl_multimin_fminimizer_minimum(m))
    }
}

/// Least-squares fits of growth curves to a trajectory y(t), t = 0, 1, …:
/// the logistic (S-shaped, with an inflection), the saturating exponential
/// (fast first, no inflection) and the straight line. Used to tell an
/// S-shaped cluster (P2, complex contagion) from growth by one recruiter.
public enum GrowthCurve {
    public struct Fit: Sendable {
        /// Sum of squared residuals.
        public let sse: Double
        /// Fitted parameters: logistic (K, r, t0); exponential (K, r); linear (a, b).
        public let parameters: [Double]
    }

    /// y = K / (1 + exp(−r (t − t0))), K > 0, r > 0; t0 is the inflection day.
    public static func logistic(_ y: [Double]) -> Fit {
        let n = Double(y.count), top = max(y.max() ?? 1, 1)
        let f: ([Double]) -> Double = { p in
            let k = exp(p[0]), r = exp(p[1]), t0 = p[2]
            var s = 0.0
            for (t, v) in y.enumerated() { let e = v - k / (1 + exp(-r * (Double(t) - t0))); s += e * e }
            return s
        }
        var best = (x: [log(top), log(8 / n), n / 2], value: Double.infinity)
        // A few starts for the inflection day: the fit is not convex in t0.
        for start in [0.2, 0.5, 0.8] {
            let r = NelderMead.minimise(f, x0: [log(top), log(8 / n), start * n], step: [0.3, 0.5, n / 10])
            if r.value < best.value { best = r }
        }
        return Fit(sse: best.value, parameters: [exp(best.x[0]), exp(best.x[1]), best.x[2]])
    }

    /// y = y0 + (K − y0)(1 − exp(−r t)) with y0 = y(0), K > 0, r > 0.
    public static func saturatingExponential(_ y: [Double]) -> Fit {
        let n = Double(y.count), y0 = y.first ?? 0, top = max(y.max() ?? 1, 1)
        let f: ([Double]) -> Double = { p in
            let k = exp(p[0]), r = exp(p[1])
            var s = 0.0
            for (t, v) in y.enumerated() { let e = v - (y0 + (k - y0) * (1 - exp(-r * Double(t)))); s += e * e }
            return s
        }
        var best = (x: [log(top), log(1 / n)], value: Double.infinity)
        for start in [0.3, 1.0, 3.0, 10.0] {
            let r = NelderMead.minimise(f, x0: [log(top), log(start / n)], step: [0.3, 0.5])
            if r.value < best.value { best = r }
        }
        return Fit(sse: best.value, parameters: [exp(best.x[0]), exp(best.x[1])])
    }

    /// Ordinary least squares y = a + b t (GSL's `gsl_fit_linear`).
    public static func linear(_ y: [Double]) -> Fit {
        let t = (0..<y.count).map(Double.init)
        var a = 0.0, b = 0.0, c00 = 0.0, c01 = 0.0, c11 = 0.0, sse = 0.0
        _ = t.withUnsafeBufferPointer { tp in
            y.withUnsafeBufferPointer { yp in
                gsl_fit_linear(tp.baseAddress, 1, yp.baseAddress, 1, y.count, &a, &b, &c00, &c01, &c11, &sse)
            }
        }
        return Fit(sse: sse, parameters: [a, b])
    }
}
