import Foundation

/// A linear map from a data interval to a pixel interval, with "nice" ticks
/// (steps of 1, 2 or 5 × 10^k, Heckbert 1990).
public struct LinearScale: Sendable {
    public var domain: (lo: Double, hi: Double)
    public var range: (lo: Double, hi: Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        var lo = domain.0, hi = domain.1
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if lo == hi { let pad = lo == 0 ? 1 : abs(lo) * 0.1; lo -= pad; hi += pad }
        self.domain = (lo, hi)
        self.range = range
    }

    public func callAsFunction(_ v: Double) -> Double {
        range.lo + (v - domain.lo) / (domain.hi - domain.lo) * (range.hi - range.lo)
    }

    /// Widens the domain to the outermost nice ticks and returns the ticks
    /// and their step (label ticks with this step, not `tickStep` of the widened domain).
    public mutating func nice(count: Int = 5) -> (ticks: [Double], step: Double) {
        let step = Self.niceStep((domain.hi - domain.lo) / Double(max(1, count)))
        domain = ((domain.lo / step).rounded(.down) * step, (domain.hi / step).rounded(.up) * step)
        return (ticks(step: step), step)
    }

    /// Ticks at multiples of `step` inside the domain.
    public func ticks(step: Double) -> [Double] {
        var out: [Double] = []
        var k = (domain.lo / step).rounded(.up)
        while k * step <= domain.hi + step * 1e-9, out.count < 50 {
            let v = k * step
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return out
    }

    /// Tick step of the ticks `nice` would choose for the current domain.
    public func tickStep(count: Int = 5) -> Double { Self.niceStep((domain.hi - domain.lo) / Double(max(1, count))) }

    /// The nice number (1, 2, 5 × 10^k) nearest to `raw` (Heckbert's rounding thresholds 1.5, 3, 7).
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let e = (log10(raw)).rounded(.down)
        let f = raw / pow(10, e)
        let n: Double = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        return n * pow(10, e)
    }
}

/// Tick and value labels: short, locale-free.
public enum TickFormat {
    /// `v` with as many decimals as `step` needs; thousands as `12k`/`1.5M`
    /// when |v| ≥ 10,000.
    public static func label(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e4 {
            for (div, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= div {
                let s = step / div
                let decimals = s >= 1 ? 0 : min(3, Int((-log10(s)).rounded(.up)))
                return String(format: "%.\(decimals)f", v / div) + suffix
            }
        }
        let decimals = step >= 1 ? 0 : min(6, Int((-log10(step) - 1e-9).rounded(.up)))
        return String(format: "%.\(decimals)f", v)
    }

    /// Two significant digits (bin bounds).
    public static func brief(_ v: Double) -> String {
        if v == 0 || !v.isFinite { return short(v) }
        if abs(v) >= 100 { return short(v) }
        return String(format: "%.2g", v)
    }

    /// A value on its own (legends, cell labels): 3 significant digits.
    public static func short(_ v: Double) -> String {
        if v.isNaN { return "NA" }
        if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e4 { return label(v, step: pow(10, (log10(a)).rounded(.down) - 2)) }
        if a >= 100 { return String(format: "%.0f", v) }
        let s = String(format: "%.3g", v)
        return s
    }
}
