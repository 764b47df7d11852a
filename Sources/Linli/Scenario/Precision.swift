import Foundation
import Yams

/// `replicates: auto` with `precision: {metric, half_width, max, batch, min}`:
/// run replicates until the 95% CI half-width of `metric` (a summary metric of
/// community `all`, e.g. `participation_rate_final`) is at most `halfWidth`,
/// or `max` replicates have run.
///
/// The stopping rule is sequential in replicate order, so the answer does not
/// depend on how replicates are executed: the count used is the first n in
/// `min...max` at which the half-width over replicates 0..<n reaches the
/// target (else `max`). Replicates are computed in batches of `batch` (in
/// parallel), the rule is checked at every n the batch completed, and
/// replicates beyond the stopping n are discarded: `batch` and `--jobs` change
/// only the work wasted in the last batch, never the replicates kept or the bytes.
public struct Precision: Sendable, Equatable {
    public var metric: String
    public var halfWidth: Double
    public var max: Int
    /// Replicates computed before the rule is checked again (wasted work only).
    public var batch: Int
    /// Fewest replicates before the rule may stop (a t interval over 2 or 3
    /// replicates is too unstable to stop on: a lucky small sd ends it early).
    public var min: Int

    public static let defaultBatch = 4
    public static let defaultMin = 5

    public init(metric: String, halfWidth: Double, max: Int, batch: Int = Precision.defaultBatch, min: Int? = nil) {
        self.metric = metric; self.halfWidth = halfWidth; self.max = max; self.batch = batch
        self.min = Swift.min(min ?? Precision.defaultMin, max)
    }

    /// Half-width of the t-based 95% CI of the mean of `values` (NaNs dropped); NaN below 2 values.
    public static func halfWidth(_ values: [Double]) -> Double {
        let s = Summary(values)
        return (s.ciHigh - s.ciLow) / 2
    }

    /// The first n in `max(min, from)...results.count` at which `halfWidth(prefix n) <= target`, or nil.
    public func stoppingCount<T>(_ results: [T], from: Int = 0, halfWidth: ([T]) -> Double) -> Int? {
        let lower = Swift.max(self.min, from, 2)
        guard lower <= results.count else { return nil }
        for n in lower...results.count where halfWidth(Array(results[0..<n])) <= self.halfWidth { return n }
        return nil
    }

    /// Runs replicates 0, 1, … batch by batch (`compute` gets a range of replicate
    /// indices and returns their results in order) until the rule stops them or
    /// `max` is reached; returns the kept results (replicates 0..<n) and the outcome.
    public func run<T>(halfWidth: ([T]) -> Double, compute: (Range<Int>) -> [T]) -> ([T], PrecisionOutcome) {
        var results: [T] = []
        var checked = 0
        while results.count < max {
            let next = results.count..<Swift.min(max, results.count + batch)
            results += compute(next)
            if let n = stoppingCount(results, from: checked + 1, halfWidth: halfWidth) {
                let kept = Array(results[0..<n])
                return (kept, PrecisionOutcome(self, replicates: n, halfWidthReached: halfWidth(kept), computed: results.count))
            }
            checked = results.count
        }
        return (results, PrecisionOutcome(self, replicates: results.count, halfWidthReached: halfWidth(results),
                                          computed: results.count))
    }
}

/// How a `replicates: auto` run ended, for manifests and messages.
public struct PrecisionOutcome: Sendable, Equatable, Codable {
    public var metric: String
    public var halfWidthTarget: Double
    public var max: Int
    public var batch: Int
    public var min: Int
    /// Replicates kept (used in every output).
    public var replicates: Int
    /// The half-width over the kept replicates (NaN written as null).
    public var halfWidthReached: Double?
    /// True when `max` stopped the run before the target was reached.
    public var hitMax: Bool
    /// Replicates computed, including those discarded from the last batch (not in the manifest:
    /// it depends on the batch size, the outputs do not).
    public var computed: Int

    public init(_ p: Precision, replicates: Int, halfWidthReached: Double, computed: Int) {
        metric = p.metric; halfWidthTarget = p.halfWidth; max = p.max; batch = p.batch; min = p.min
        self.replicates = replicates
        self.halfWidthReached = halfWidthReached.isFinite ? halfWidthReached : nil
        hitMax = !(halfWidthReached <= p.halfWidth)
        self.computed = computed
    }

    enum CodingKeys: String, CodingKey {
        case metric, halfWidthTarget = "half_width_target", max, batch, min, replicates
        case halfWidthReached = "half_width_reached", hitMax = "hit_max"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metric = try c.decode(String.self, forKey: .metric)
        halfWidthTarget = try c.decode(Double.self, forKey: .halfWidthTarget)
        max = try c.decode(Int.self, forKey: .max)
        batch = try c.decode(Int.self, forKey: .batch)
        min = try c.decode(Int.self, forKey: .min)
        replicates = try c.decode(Int.self, forKey: .replicates)
        halfWidthReached = try c.decodeIfPresent(Double.self, forKey: .halfWidthReached)
        hitMax = try c.decode(Bool.self, forKey: .hitMax)
        computed = replicates
    }

    /// Every key, `null` for an undefined half-width; `batch` is recorded because
    /// the file said it, though it changes nothing in the outputs.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(halfWidthTarget, forKey: .halfWidthTarget)
        try c.encode(max, forKey: .max)
        try c.encode(batch, forKey: .batch)
        try c.encode(min, forKey: .min)
        try c.encode(replicates, forKey: .replicates)
        try c.encode(halfWidthReached, forKey: .halfWidthReached)
        try c.encode(hitMax, forKey: .hitMax)
    }

    /// The stderr note when `max` stopped the run.
    public func maxNote(_ what: String) -> String {
        let reached = halfWidthReached.map { formatNumber(($0 * 1e6).rounded() / 1e6) } ?? "undefined"
        return "note: \(what): stopped at max \(max) replicates; the 95% CI half-width of \(metric) is \(reached), above the target \(formatNumber(halfWidthTarget))"
    }
}

// MARK: - Validation (scenarios and sweeps)

extension YAMLValidator {
    static let precisionKeys = ["metric", "half_width", "max", "batch", "min"]

    /// Whether `replicates:` is the plain scalar `auto`.
    func isAuto(_ top: [String: Entry]) -> Bool {
        if let e = top["replicates"], case .scalar(let s) = e.value, s.style == .plain || s.style == .any, s.string == "auto" { return true }
        return false
    }

    /// `precision:` for `replicates: auto` (metric one of `metrics`); `.some(nil)`
    /// when neither is given, nil after reporting a problem.
    func precisionSetting(_ top: [String: Entry], in root: Node, metrics: [String]) -> Precision?? {
        let auto = isAuto(top)
        guard let e = top["precision"] else {
            if auto, let r = top["replicates"] {
                report(r.value, "replicates: `auto` needs `precision: {metric: participation_rate_final, half_width: 0.01, max: 200}` (batch and min optional)")
                return nil
            }
            return .some(nil)
        }
        guard auto else {
            report(e.keyNode, "precision: applies only with `replicates: auto`" + (top["replicates"] == nil ? " (replicates is not given)" : ""))
            return nil
        }
        guard let entries = mapping(e.value, "precision", expected: "a mapping with `metric`, `half_width`, `max`") else { return nil }
        let f = known(entries, "precision", allowed: Self.precisionKeys)
        var metric: String?
        if let m = required(f, "metric", in: e.value, "precision", "a summary metric of community all, e.g. participation_rate_final"),
           let name = string(m.value, "precision.metric") {
            if metrics.contains(name) { metric = name } else {
                let hint = metrics.contains(name + "_final") ? "; metrics are `\(name)_final` (last day) or `\(name)_mean` (mean over days)"
                    : NearestKey.hint(name, metrics)
                report(m.value, "precision.metric: unknown metric `\(name)`\(hint)")
            }
        }
        let half = required(f, "half_width", in: e.value, "precision", "the target 95% CI half-width, a number > 0")
            .flatMap { number($0.value, "precision.half_width", integer: false, range: 0...Double.greatestFiniteMagnitude) }
        if let h = half, h <= 0, let n = f["half_width"] { report(n.value, "precision.half_width: expected a number > 0, found \(formatNumber(h))") }
        let max = required(f, "max", in: e.value, "precision", "the most replicates to run, 2...100000")
            .flatMap { integer($0.value, "precision.max", 2...100_000) }
        var batch: Int? = Precision.defaultBatch
        if let b = f["batch"] { batch = integer(b.value, "precision.batch", 1...100_000) }
        var minimum: Int?? = .some(nil)
        if let m = f["min"] {
            minimum = integer(m.value, "precision.min", 2...100_000, rangeNote: "").map { .some($0) } ?? nil
            if let mm = minimum ?? nil, let max, mm > max, let n = f["min"] {
                report(n.value, "precision.min: expected at most max (\(max)), found \(mm)")
                minimum = nil
            }
        }
        guard let metric, let half, half > 0, let max, let batch, let minimum else { return nil }
        return .some(Precision(metric: metric, halfWidth: half, max: max, batch: batch, min: minimum))
    }
}
