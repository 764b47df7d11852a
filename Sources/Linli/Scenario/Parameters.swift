/// One model parameter: its key, default, unit, admissible range, meaning and
/// source. Every number the model uses lives in `ParameterRegistry.all`, so
/// `linli params` can print it and a scenario can override it by key.
public struct ParamSpec: Sendable, Hashable {
    public enum Kind: String, Sendable { case real, integer, boolean }

    public let key: String
    public let kind: Kind
    public let defaultValue: Double
    public let unit: String
    public let range: ClosedRange<Double>
    public let meaning: String
    /// A seed file (`seeds/001`) or a literature reference; "assumption" when neither.
    public let source: String

    public init(_ key: String, _ kind: Kind = .real, _ defaultValue: Double, unit: String,
                range: ClosedRange<Double>, _ meaning: String, source: String) {
        self.key = key; self.kind = kind; self.defaultValue = defaultValue; self.unit = unit
        self.range = range; self.meaning = meaning; self.source = source
    }

    /// Shorthand for a real in [0,1].
    public static func share(_ key: String, _ value: Double, _ meaning: String, source: String) -> ParamSpec {
        ParamSpec(key, .real, value, unit: "share", range: 0...1, meaning, source: source)
    }
    public static func flag(_ key: String, _ value: Bool, _ meaning: String, source: String) -> ParamSpec {
        ParamSpec(key, .boolean, value ? 1 : 0, unit: "bool", range: 0...1, meaning, source: source)
    }
    public static func days(_ key: String, _ value: Double, max: Double = 100_000, _ meaning: String, source: String) -> ParamSpec {
        ParamSpec(key, .integer, value, unit: "days", range: 0...max, meaning, source: source)
    }

    /// Text form of a value of this parameter (booleans as true/false, integers without a point).
    public func format(_ v: Double) -> String {
        switch kind {
        case .boolean: return v != 0 ? "true" : "false"
        case .integer: return String(Int(v))
        case .real: return formatNumber(v)
        }
    }
}

/// Resolved parameter values: every registry key with its default unless a
/// scenario, a lever block or `--set` overrode it. Built once per run; the
/// model copies what it needs into typed structs, so no dictionary is read in
/// the daily loop.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: Double]

    public init() {
        var v: [String: Double] = [:]
        for spec in ParameterRegistry.all { v[spec.key] = spec.defaultValue }
        values = v
    }

    public subscript(key: String) -> Double {
        get {
            guard let v = values[key] else { preconditionFailure("unknown parameter \(key)") }
            return v
        }
        set {
            precondition(values[key] != nil, "unknown parameter \(key)")
            values[key] = newValue
        }
    }

    public func int(_ key: String) -> Int { Int(self[key]) }
    public func bool(_ key: String) -> Bool { self[key] != 0 }
    public func float(_ key: String) -> Float { Float(self[key]) }

    /// Keys sorted, for manifests and diffs.
    public var sortedKeys: [String] { values.keys.sorted() }
}

/// Shortest decimal that reads back as the same Double, without exponent
/// noise for ordinary magnitudes; integral values print without a point.
public func formatNumber(_ v: Double) -> String {
    if v.isNaN { return "NA" }
    if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}
