import Foundation
import Yams

/// Reads and validates sweep files, as strictly as scenarios: every problem in
/// one pass, each as `PATH:LINE:COLUMN: message` with "did you mean" hints.
///
/// ```yaml
/// name: office-hours-grid         # required; names results/<name>/
/// description: "..."              # optional
/// scenario: ../baseline.yaml      # the base scenario, relative to this file
/// # model: ishigami               # …or an analytic test function (ishigami, g_function)
/// seed: 7                         # optional, default 1
/// replicates: 3                   # per point, 1...100000, default 1; or `auto` with `precision:`
/// precision:                      # with `replicates: auto`: per point, until the metric's 95% CI
///   metric: participation_rate_final  #   half-width reaches half_width (metric: one of `metrics`)
///   half_width: 0.01
///   max: 50                       #   runs are numbered over max replicates per point
///   batch: 4                      #   optional; min optional (default 5)
/// days: 90                        # optional: overrides the scenario's days
/// set:                            # optional: fixed overrides of the base, registry key -> value
///   posts.on: true
/// design:
///   type: factorial               # factorial | latin_hypercube | sobol | saltelli | morris
///   points: 64                    # latin_hypercube, sobol
///   base_samples: 64              # saltelli (N; runs N·(k+2) points)
///   trajectories: 10              # morris (r; runs r·(k+1) points)
///   levels: 4                     # morris grid levels, even (default 4)
///   skip: 0                       # sobol, saltelli: sequence points skipped first
/// factors:                        # at least one; keys unique
///   - key: office_hours.evening_share
///     scale: linear               # linear | log | integer | boolean | categorical
///     range: [0.2, 0.8]           # linear, log, integer
///     count: 4                    # factorial: evenly spaced levels of the range
///   - key: posts.per_community
///     levels: [1, 2, 4]           # explicit levels (any scale; categorical needs them)
/// metrics: [participation_rate_final]   # optional; default every summary metric
/// community: all                  # optional: output row of the metrics, default all
/// common_random_numbers: false    # optional: replicate r of every point shares a seed
/// ```
///
/// A factor's scale defaults to `boolean` for a boolean parameter,
/// `categorical` when it lists levels, `integer` for an integer parameter and
/// `linear` otherwise. Values are checked against the parameter's kind and
/// range; linear and log scales are refused for integer parameters (use
/// `integer`). Every point of the design is checked like a scenario (e.g. age
/// shares of a swept community type must still sum to 1).
public enum SweepLoader {
    /// Reads a sweep file. `scenarioFile`, when given, is read as the base
    /// scenario instead of the file the sweep names (a sweep directory keeps
    /// copies of both, and merging or analysing it uses them).
    public static func load(path: String, scenarioFile: String? = nil) throws -> Sweep {
        try parse(text: readText(path, what: "sweep"), path: path, scenarioFile: scenarioFile)
    }

    /// Validates sweep YAML `text` as if read from `path` (used in error
    /// locations and to resolve a relative `scenario:`); only the base
    /// scenario is read from disk. The fuzz target's entry point.
    public static func parse(text: String, path: String, scenarioFile: String? = nil) throws -> Sweep {
        let validator = SweepValidator(path: path, text: text, scenarioFile: scenarioFile)
        let sweep = validator.run()
        let errors = validator.sortedErrors + validator.scenarioErrors
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        guard let sweep else { throw ScenarioErrors([ScenarioError(file: path, line: 1, column: 1, message: "invalid sweep")]) }
        return sweep
    }

    /// The UTF-8 text of a file, or a located error saying why it cannot be read.
    static func readText(_ path: String, what: String) throws -> String { try YAMLFile.readText(path, what: what) }

    /// Largest number of runs a sweep may have.
    public static let maxRuns = 50_000_000
}

// MARK: - The validator

/// Internal and open to subclassing: calibration files (`CalibrationLoader`)
/// reuse its base-scenario, `set:`/`days:` and factor checks.
class SweepValidator: YAMLValidator {
    let scenarioFile: String?
    /// Problems of the base scenario file, in its own locations.
    var scenarioErrors: [ScenarioError] = []

    init(path: String, text: String, scenarioFile: String?) {
        self.scenarioFile = scenarioFile
        super.init(path: path, text: text)
    }

    static let topKeys = ["name", "description", "scenario", "model", "seed", "replicates", "precision", "days", "set",
                          "design", "factors", "metrics", "community", "common_random_numbers"]
    static let factorKeys = ["key", "scale", "range", "levels", "count"]
    static let designKeys: [String: [String]] = [
        "factorial": [], "latin_hypercube": ["points"], "sobol": ["points", "skip"],
        "saltelli": ["base_samples", "skip"], "morris": ["trajectories", "levels"],
    ]

    func run() -> Sweep? {
        guard let root = composeRoot(
            emptyMessage: "the sweep is empty; it needs at least `name`, `scenario`, `design` and `factors`",
            rootMessage: "the top level must be a mapping with keys such as `name`, `scenario`, `design`, `factors`") else { return nil }
        let top = known(mapping(root, "") ?? [], "", allowed: Self.topKeys, extraHint: { e in
            ParameterRegistry.spec(e.key) != nil ? "`\(e.key)` is a parameter: put it under `set:` or make it a factor" : ""
        })
        let (name, description, seed, fixedReplicates) = header(top, in: root, nameWhat: "names the results directory",
                                                               allowAuto: true)
        var replicates = fixedReplicates
        var crn: Bool? = false
        if let e = top["common_random_numbers"] { crn = boolean(e.value, "common_random_numbers") }

        var source = self.source(top, root)
        if case .scenario(var sc)? = source {
            applyFixed(top, root, to: &sc)
            source = .scenario(sc)
        }
        let design = top["design"].flatMap { self.design($0.value) }
        if top["design"] == nil { report(root, "top level: missing required field `design` (a mapping with `type:`)") }
        var factors: [SweepFactor]?
        if let e = required(top, "factors", in: root, "", "a list of factors (`- key: …`)") {
            factors = self.factors(e.value, source: source, design: design)
        }
        let metrics = self.metrics(top["metrics"], source: source)
        let community = self.community(top["community"], source: source)
        var precision: Precision?? = .some(nil)
        if top["precision"] != nil || isAuto(top) {
            precision = precisionSetting(top, in: root, metrics: metrics ?? [])
            if let p = precision ?? nil {
                replicates = p.max
                switch design {
                case .saltelli?, .morris?:
                    report(top["replicates"]!.value, "replicates: `auto` does not apply to a \(design!.name) design: its indices compare point means across the design's matrices or trajectories, which need the same replicates at every point; give a number")
                    precision = nil
                default: break
                }
            }
        }

        guard let source, let name, let seed, let replicates, let crn, let design, let factors, let metrics, let community,
              let precision
        else { return nil }
        checkSize(design, factors, replicates, node: top["design"]!.value)
        guard errors.isEmpty else { return nil }
        let sweep = Sweep(name: name, description: description, source: source, seed: seed, replicates: replicates,
                          design: design, factors: factors, metrics: metrics, community: community,
                          commonRandomNumbers: crn, sourcePath: path, sourceText: text, precision: precision)
        checkPoints(sweep, node: top["factors"]!.value)
        return errors.isEmpty ? sweep : nil
    }

    // MARK: Base

    /// The base scenario (`scenario:`) or test function (`model:`); exactly one.
    func source(_ top: [String: Entry], _ root: Node) -> SweepSource? {
        switch (top["scenario"], top["model"]) {
        case (nil, nil):
            report(root, "top level: missing required field `scenario` (the base scenario file) or `model` (a test function: \(TestFunction.named.keys.sorted().joined(separator: ", ")))")
            return nil
        case (.some(let s), .some(let m)):
            report(m.keyNode, "model: give either `scenario` (line \(s.keyNode.mark?.line ?? 0)) or `model`, not both")
            return nil
        case (.some(let s), nil):
            guard let file = string(s.value, "scenario") else { return nil }
            let resolved = file.hasPrefix("/") ? file : relative(URL(fileURLWithPath: path).deletingLastPathComponent()
                .appendingPathComponent(file).standardizedFileURL.path)
            let scenarioPath = scenarioFile ?? resolved
            do {
                return .scenario(try ScenarioLoader.load(path: scenarioPath))
            } catch let e as ScenarioErrors {
                report(s.value, "scenario: the base scenario `\(scenarioPath)` is invalid (its problems follow)")
                scenarioErrors = e.errors
            } catch {
                report(s.value, "scenario: cannot read `\(scenarioPath)`: \(error)")
            }
            return nil
        case (nil, .some(let m)):
            guard let name = string(m.value, "model") else { return nil }
            guard let f = TestFunction.named[name] else {
                let names = TestFunction.named.keys.sorted()
                report(m.value, "model: unknown model `\(name)`\(NearestKey.hint(name, names)) (test functions: \(names.joined(separator: ", ")); for Linli give `scenario:`)")
                return nil
            }
            for key in ["set", "days", "community"] {
                if let e = top[key] { report(e.keyNode, "\(key): applies to a scenario, not to the test function `\(name)`") }
            }
            return .function(f)
        }
    }

    /// A path relative to the working directory when it lies below it (shorter messages).
    func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// `days:` and `set:` over the base scenario, then its consistency rules.
    func applyFixed(_ top: [String: Entry], _ root: Node, to sc: inout Scenario) {
        if let e = top["days"], let d = integer(e.value, "days", 1...36_500) { sc.days = d }
        guard let e = top["set"], let entries = mapping(e.value, "set", allowNull: true) else { return }
        for p in entries {
            guard let spec = ParameterRegistry.spec(p.key) else {
                report(p.keyNode, "set.\(p.key): unknown parameter `\(p.key)`\(ParameterRegistry.keyCandidates.hint(p.key))")
                continue
            }
            if let v = parameter(p.value, "set.\(p.key)", spec) { sc.parameters[spec.key] = v }
        }
        for (i, c) in sc.communities.enumerated() {
            for problem in ScenarioLoader.consistencyProblems(c, sc.parameters) {
                report(e.keyNode, "set: population.communities[\(i)] (\(c.name)): \(problem)")
            }
        }
    }

    // MARK: Design

    func design(_ node: Node) -> SweepDesign? {
        guard let entries = mapping(node, "design", expected: "a mapping with `type:` (\(SweepDesign.names.joined(separator: ", ")))") else { return nil }
        var byKey: [String: Entry] = [:]
        for e in entries { byKey[e.key] = e }
        guard let t = required(byKey, "type", in: node, "design", SweepDesign.names.joined(separator: " | ")),
              let type = string(t.value, "design.type") else { return nil }
        guard let allowed = Self.designKeys[type] else {
            report(t.value, "design.type: unknown design `\(type)`\(NearestKey.hint(type, SweepDesign.names)) (designs: \(SweepDesign.names.joined(separator: ", ")))")
            return nil
        }
        let fields = known(entries.filter { $0.key != "type" }, "design", allowed: allowed,
                           unknown: { "`\($0.key)` does not apply to a \(type) design" },
                           extraHint: { _ in allowed.isEmpty ? "a factorial design takes only `type`" : "" })
        func count(_ key: String, _ range: ClosedRange<Int>, _ what: String) -> Int? {
            guard let e = required(fields, key, in: node, "design", what) else { return nil }
            return integer(e.value, "design.\(key)", range)
        }
        func skip() -> Int? { fields["skip"].map { integer($0.value, "design.skip", 0...1_000_000_000) } ?? 0 }
        switch type {
        case "factorial": return .factorial
        case "latin_hypercube":
            return count("points", 1...10_000_000, "the number of points").map { .latinHypercube(points: $0) }
        case "sobol":
            guard let n = count("points", 1...10_000_000, "the number of points"), let s = skip() else { return nil }
            return .sobol(points: n, skip: s)
        case "saltelli":
            guard let n = count("base_samples", 2...1_000_000, "N, the rows of matrices A and B; a power of 2 is best"),
                  let s = skip() else { return nil }
            return .saltelli(baseSamples: n, skip: s)
        default:
            guard let r = count("trajectories", 2...1_000_000, "r, the number of trajectories") else { return nil }
            var levels: Int? = 4
            if let e = fields["levels"] {
                levels = integer(e.value, "design.levels", 2...1000)
                if let l = levels, l % 2 != 0 {
                    report(e.value, "design.levels: expected an even number of grid levels (e.g. 4 or 6), found \(l)")
                    levels = nil
                }
            }
            return levels.map { .morris(trajectories: r, levels: $0) }
        }
    }

    /// Limits that depend on design and factors together.
    func checkSize(_ design: SweepDesign, _ factors: [SweepFactor], _ replicates: Int, node: Node) {
        switch design {
        case .sobol where factors.count > SobolSequence.maxDimensions:
            report(node, "design: a sobol design takes at most \(SobolSequence.maxDimensions) factors (GSL's Sobol sequence), found \(factors.count)")
        case .saltelli where factors.count > SaltelliDesign.maxFactors:
            report(node, "design: a saltelli design takes at most \(SaltelliDesign.maxFactors) factors (it needs a \(2 * factors.count)-dimensional Sobol sequence; GSL's stops at \(SobolSequence.maxDimensions)), found \(factors.count)")
        default: break
        }
        // Counted in Double: a factorial can overflow Int.
        var points = 1.0
        if design == .factorial {
            for f in factors { points *= Double(f.factorialLevels.count) }
        } else {
            points = Double(design.pointCount(factors: factors))
        }
        if points * Double(replicates) > Double(SweepLoader.maxRuns) {
            report(node, "design: \(formatNumber(points)) points × \(replicates) replicates is more than \(SweepLoader.maxRuns) runs; use fewer levels, points or replicates")
        }
    }

    // MARK: Factors

    /// The parameter a factor key names: a registry parameter, or a test function's input.
    func spec(_ key: String, source: SweepSource?) -> ParamSpec? {
        switch source {
        case .function(let f)?:
            guard f.inputs.contains(key) else { return nil }
            return ParamSpec(key, .real, 0, unit: "", range: f.domain, "input of \(f.name)", source: "")
        default:
            return ParameterRegistry.spec(key)
        }
    }

    func factors(_ node: Node, source: SweepSource?, design: SweepDesign?) -> [SweepFactor]? {
        guard case .sequence(let seq) = node else {
            report(node, "factors: expected a sequence of factors (`- key: …`), found \(L.describe(node))")
            return nil
        }
        let items = Array(seq)
        if items.isEmpty { report(node, "factors: expected at least one factor, found an empty sequence"); return nil }
        var out: [SweepFactor] = []
        var ok = true
        var firstLine: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            // Duplicates are found from the keys alone, whether or not the factors are valid.
            if case .mapping(let m) = item, let keyNode = m["key"], case .scalar(let key) = keyNode {
                if let line = firstLine[key.string] {
                    report(keyNode, "factors[\(i)].key: `\(key.string)` is already a factor (line \(line))")
                    ok = false
                    continue
                }
                firstLine[key.string] = keyNode.mark?.line ?? 0
            }
            guard let f = factor(item, "factors[\(i)]", source: source, design: design) else { ok = false; continue }
            out.append(f)
        }
        return ok ? out : nil
    }

    func factor(_ node: Node, _ path: String, source: SweepSource?, design: SweepDesign?) -> SweepFactor? {
        guard let entries = mapping(node, path) else { return nil }
        let f = known(entries, path, allowed: Self.factorKeys)
        guard let k = required(f, "key", in: node, path, "a parameter key, see `linli params`"),
              let key = string(k.value, "\(path).key") else { return nil }
        guard let spec = spec(key, source: source) else {
            if case .function(let fn)? = source {
                report(k.value, "\(path).key: `\(fn.name)` has no input `\(key)`\(NearestKey.hint(key, fn.inputs)) (inputs: \(fn.inputs.joined(separator: ", ")))")
            } else if source != nil {
                var hint = ParameterRegistry.keyCandidates.hint(key)
                if let lever = LeverRegistry.lever(named: key) { hint = "; `\(lever.name)` is a lever: sweep `\(lever.name).on` or one of its fields" }
                report(k.value, "\(path).key: unknown parameter `\(key)`\(hint)")
            }
            return nil
        }

        // Scale, defaulted from the parameter's kind.
        var scale: SweepFactor.Scale
        if let e = f["scale"] {
            guard let s = string(e.value, "\(path).scale") else { return nil }
            guard let parsed = SweepFactor.Scale(rawValue: s) else {
                let names = SweepFactor.Scale.allCases.map(\.rawValue)
                report(e.value, "\(path).scale: unknown scale `\(s)`\(NearestKey.hint(s, names)) (scales: \(names.joined(separator: ", ")))")
                return nil
            }
            scale = parsed
        } else if spec.kind == .boolean {
            scale = .boolean
        } else if f["levels"] != nil {
            scale = .categorical
        } else {
            scale = spec.kind == .integer ? .integer : .linear
        }
        let scaleNode = f["scale"]?.value ?? k.value
        switch (spec.kind, scale) {
        case (.boolean, .linear), (.boolean, .log), (.boolean, .integer):
            report(scaleNode, "\(path).scale: `\(key)` is a boolean; use `scale: boolean` (or `categorical` with levels true/false)")
            return nil
        case (.integer, .linear), (.integer, .log):
            report(scaleNode, "\(path).scale: `\(key)` is an integer parameter; use `scale: integer` (or `categorical` with levels)")
            return nil
        case (.real, .boolean), (.integer, .boolean):
            report(scaleNode, "\(path).scale: `\(key)` is not a boolean parameter; use \(spec.kind == .integer ? "`integer`" : "`linear`, `log`") or `categorical`")
            return nil
        default: break
        }

        var range: ClosedRange<Double>?
        var levels: [Double]?
        var count: Int?
        let before = errors.count
        if let e = f["range"] {
            if f["levels"] != nil {
                report(e.keyNode, "\(path).range: give either `range` or `levels`, not both")
            } else if scale == .boolean || scale == .categorical {
                report(e.keyNode, "\(path).range: a \(scale.rawValue) factor takes `levels`, not a range")
            } else {
                range = self.range(e.value, "\(path).range", spec: spec, scale: scale)
            }
        } else if f["levels"] == nil {
            if case .function(let fn)? = source, scale == .linear || scale == .log {
                range = fn.domain      // a test function's input defaults to its whole domain
            } else if scale == .categorical {
                report(node, "\(path): missing required field `levels` (a categorical factor lists its values)")
            } else if scale != .boolean {
                report(node, "\(path): missing required field `range` (`range: [low, high]`) or `levels` (`levels: [a, b, …]`)")
            }
        }
        if let e = f["levels"] { levels = self.levels(e.value, "\(path).levels", spec: spec) }
        if let e = f["count"] {
            if design != nil && design != .factorial {
                report(e.keyNode, "\(path).count: `count` sets the levels of a factorial design; a \(design!.name) design samples the range itself")
            } else if f["range"] == nil {
                report(e.keyNode, "\(path).count: `count` spreads levels over a `range`; this factor has none")
            } else if range != nil {
                count = integer(e.value, "\(path).count", 2...100_000)
                if let n = count, scale == .integer, let r = range, Double(n) > r.upperBound - r.lowerBound + 1 {
                    report(e.value, "\(path).count: \(n) levels do not fit the \(formatNumber(r.upperBound - r.lowerBound + 1)) integers of the range")
                    count = nil
                }
            }
        } else if design == .factorial, range != nil, scale == .linear || scale == .log {
            report(node, "\(path): a factorial design needs `count` (evenly spaced levels of the range) or explicit `levels` for a \(scale.rawValue) factor")
        }
        guard errors.count == before else { return nil }
        return SweepFactor(key: key, scale: scale, range: range, levels: levels, count: count)
    }

    func range(_ node: Node, _ path: String, spec: ParamSpec, scale: SweepFactor.Scale) -> ClosedRange<Double>? {
        guard case .sequence(let seq) = node, seq.count == 2 else {
            report(node, "\(path): expected `[low, high]`, found \(L.describe(node))")
            return nil
        }
        let items = Array(seq)
        let integral = scale == .integer
        guard let lo = number(items[0], "\(path)[0]", integer: integral, range: spec.range, rangeNote: " (the range of `\(spec.key)`)"),
              let hi = number(items[1], "\(path)[1]", integer: integral, range: spec.range, rangeNote: " (the range of `\(spec.key)`)")
        else { return nil }
        guard lo < hi else {
            report(node, "\(path): the low end must be below the high end, found [\(formatNumber(lo)), \(formatNumber(hi))]")
            return nil
        }
        if scale == .log && lo <= 0 {
            report(items[0], "\(path)[0]: a log scale needs a positive low end, found \(formatNumber(lo))")
            return nil
        }
        return lo...hi
    }

    func levels(_ node: Node, _ path: String, spec: ParamSpec) -> [Double]? {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            report(node, "\(path): expected a non-empty list of values (`[a, b, …]`), found \(L.describe(node))")
            return nil
        }
        var out: [Double] = []
        var ok = true
        for (i, item) in seq.enumerated() {
            guard let v = parameter(item, "\(path)[\(i)]", spec) else { ok = false; continue }
            if out.contains(v) {
                report(item, "\(path)[\(i)]: \(spec.format(v)) is already a level")
                ok = false
            }
            out.append(v)
        }
        return ok ? out : nil
    }

    // MARK: Metrics and community

    func metrics(_ entry: Entry?, source: SweepSource?) -> [String]? {
        let allowed: [String]
        switch source {
        case .function?: allowed = FunctionModel.metricNames
        default: allowed = ScenarioModel.metricNames
        }
        guard let entry else { return allowed }
        guard case .sequence(let seq) = entry.value, !seq.isEmpty else {
            report(entry.value, "metrics: expected a non-empty list of metric names (e.g. `[participation_rate_final]`), found \(L.describe(entry.value))")
            return nil
        }
        var out: [String] = []
        var ok = true
        for (i, item) in seq.enumerated() {
            guard let m = string(item, "metrics[\(i)]") else { ok = false; continue }
            if !allowed.contains(m) {
                let hint = allowed.contains(m + "_final") ? "; metrics are `\(m)_final` (last day) or `\(m)_mean` (mean over days)"
                    : NearestKey.hint(m, allowed)
                report(item, "metrics[\(i)]: unknown metric `\(m)`\(hint)")
                ok = false
            } else if out.contains(m) {
                report(item, "metrics[\(i)]: `\(m)` is listed twice")
                ok = false
            }
            out.append(m)
        }
        return ok ? out : nil
    }

    func community(_ entry: Entry?, source: SweepSource?) -> String? {
        guard let entry else { return "all" }
        guard let name = string(entry.value, "community") else { return nil }
        if case .scenario(let sc)? = source {
            let names = sc.communities.map(\.name) + ["all"]
            if !names.contains(name) {
                report(entry.value, "community: unknown community `\(name)`\(NearestKey.hint(name, names)) (the scenario's: \(names.joined(separator: ", ")))")
                return nil
            }
        }
        return name
    }

    func boolean(_ node: Node, _ path: String) -> Bool? {
        if case .scalar(let s) = node, case .bool(let b) = L.classify(s) { return b }
        report(node, "\(path): expected a boolean (true or false), found \(L.describe(node))")
        return nil
    }

    /// Each point, applied to the base scenario, must pass the scenario's
    /// consistency rules; the first few failures are reported.
    func checkPoints(_ sweep: Sweep, node: Node) {
        guard case .scenario(let base) = sweep.source,
              sweep.factors.contains(where: { $0.key.hasPrefix("community.") }) else { return }
        let plan = SweepPlan(sweep)
        let model = ScenarioModel(base: base, factorKeys: sweep.factors.map(\.key), metrics: [])
        var reported = 0
        for (p, values) in plan.values.enumerated() {
            let sc = model.scenario(values: values, seed: 0)
            for (i, c) in sc.communities.enumerated() {
                for problem in ScenarioLoader.consistencyProblems(c, sc.parameters) where reported < 5 {
                    report(node, "factors: at point \(p) (\(zip(sweep.factors, values).map { "\($0.key)=\(formatNumber($1))" }.joined(separator: ", "))), population.communities[\(i)] (\(c.name)): \(problem)")
                    reported += 1
                }
            }
            if reported >= 5 { break }
        }
    }
}
