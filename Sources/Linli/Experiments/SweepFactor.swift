import Foundation

/// One input a sweep varies: a registry key (or a test function's input) and
/// how a design's unit coordinate u ∈ [0, 1] becomes a value of it.
///
/// - `linear`: lo + u·(hi − lo) over `range`.
/// - `log`: lo·(hi/lo)^u over `range` (0 < lo).
/// - `integer`: the integers lo…hi in equal bins, ⌊lo + u·(hi − lo + 1)⌋ (capped at hi).
/// - `boolean`: false for u < ½, true from ½ on (levels 0 and 1).
/// - `categorical`: the explicit `levels` in equal bins, levels[⌊u·k⌋].
///
/// Any scale may list explicit `levels` instead of a range; the factor is then
/// binned like a categorical one. A full factorial design takes
/// `factorialLevels`: the explicit levels, both booleans, every integer of
/// the range, or `count` evenly spaced values (in log space for `log`).
public struct SweepFactor: Sendable, Equatable {
    public enum Scale: String, CaseIterable, Sendable {
        case linear, log, integer, boolean, categorical
    }

    /// The parameter set: a registry key such as `decision.beta0`, or `x1` for a test function.
    public var key: String
    public var scale: Scale
    /// Bounds for linear, log and integer scales without explicit levels.
    public var range: ClosedRange<Double>?
    /// Explicit values (booleans as 0 and 1).
    public var levels: [Double]?
    /// Evenly spaced levels of `range` a factorial design takes (linear, log, integer).
    public var count: Int?

    public init(key: String, scale: Scale, range: ClosedRange<Double>? = nil, levels: [Double]? = nil, count: Int? = nil) {
        self.key = key; self.scale = scale; self.range = range; self.levels = levels; self.count = count
    }

    /// The values the factor is binned over, when it is discrete (explicit levels or boolean).
    public var discreteLevels: [Double]? {
        if let levels { return levels }
        return scale == .boolean ? [0, 1] : nil
    }

    /// The value at unit coordinate `u` (clamped to [0, 1]).
    public func value(unit u: Double) -> Double {
        let u = min(max(u, 0), 1)
        if let levels = discreteLevels {
            return levels[min(levels.count - 1, Int(u * Double(levels.count)))]
        }
        guard let r = range else { preconditionFailure("factor \(key) has neither levels nor a range") }
        let lo = r.lowerBound, hi = r.upperBound
        switch scale {
        case .linear, .boolean, .categorical: return lo + u * (hi - lo)
        case .log: return exp(Foundation.log(lo) + u * (Foundation.log(hi) - Foundation.log(lo)))
        case .integer: return min(hi, (lo + u * (hi - lo + 1)).rounded(.down))
        }
    }

    /// The levels of a full factorial design, in increasing order of index.
    public var factorialLevels: [Double] {
        if let levels = discreteLevels { return levels }
        guard let r = range else { return [] }
        let lo = r.lowerBound, hi = r.upperBound
        guard let n = count else {
            // Only integers may omit `count`: every integer of the range.
            return scale == .integer ? stride(from: lo, through: hi, by: 1).map { $0 } : []
        }
        guard n >= 2 else { return [lo] }
        return (0..<n).map { i in
            let f = Double(i) / Double(n - 1)
            switch scale {
            case .log: return i == n - 1 ? hi : exp(Foundation.log(lo) + f * (Foundation.log(hi) - Foundation.log(lo)))
            case .integer: return (lo + f * (hi - lo)).rounded()
            default: return i == n - 1 ? hi : lo + f * (hi - lo)
            }
        }
    }
}
