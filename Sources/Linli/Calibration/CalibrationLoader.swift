import Foundation
import Yams

/// Reads and validates calibration files as strictly as sweeps: every problem
/// in one pass, each as `PATH:LINE:COLUMN: message` with "did you mean" hints.
///
/// ```yaml
/// name: recover-beta                # required; names results/<name>/
/// description: "..."                # optional
/// seed: 7                           # optional, default 1
/// replicates: 4                     # per case per evaluation (common random numbers), default 1
/// parameters:                       # the free parameters, at least one
///   - key: decision.beta0           # a registry key (`linli params`), or x1… of a test function
///     range: [-5, -2]
///     scale: linear                 # linear | log (log: searched in log space, 0 < low)
/// targets:                          # at least one
///   - scenario: ../baseline.yaml    # relative to this file (or `model: rosenbrock`)
///     days: 180                     # optional: overrides the scenario's days
///     set: {posts.on: false}        # optional: fixed overrides of the scenario
///     metric: participation_rate_mean   # a summary.csv metric
///     community: all                # optional, default all
///     value: 0.05                   # with tolerance > 0 …
///     tolerance: 0.01
///     # interval: [-.inf, 0.10]     # … or an interval; a side may be ±.inf or ~ (open)
///     weight: 1                     # optional, > 0, default 1
///     name: baseline-participation  # optional column name, default <scenario name>:<metric>
///     relative_to: other-target     # optional: the value is this mean / that target's mean
///                                   # (a target named so may omit value/interval: a reference)
/// method:                           # exactly one of:
///   nelder_mead: {starts: 3, max_evaluations: 200, simplex_size: 0.01, step: 1}
///   # abc: {samples: 256, design: sobol, accept: {quantile: 0.1}, smc: {generations: 3, quantile: 0.5}}
/// ```
///
/// Targets naming the same scenario with the same `days:` and `set:` share
/// one case: its runs are simulated once per evaluation and replicate.
public enum CalibrationLoader {
    public static func load(path: String) throws -> Calibration {
        try parse(text: SweepLoader.readText(path, what: "calibration file"), path: path)
    }

    /// Validates calibration YAML `text` as if read from `path` (error
    /// locations, relative `scenario:`); only target scenarios are read from
    /// disk. The fuzz target's entry point.
    public static func parse(text: String, path: String) throws -> Calibration {
        let validator = CalibrationValidator(path: path, text: text)
        let cal = validator.runCalibration()
        let errors = validator.sortedErrors + validator.scenarioErrors
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        guard let cal else { throw ScenarioErrors([ScenarioError(file: path, line: 1, column: 1, message: "invalid calibration file")]) }
        return cal
    }

    /// Largest number of model runs a calibration may plan.
    public static let maxRuns = 50_000_000
}

private final class CalibrationValidator: SweepValidator {
    init(path: String, text: String) { super.init(path: path, text: text, scenarioFile: nil) }

    static let calibrationTopKeys = ["name", "description", "seed", "replicates", "parameters", "targets", "method"]
    static let targetKeys = ["name", "scenario", "model", "days", "set", "metric", "community", "value", "tolerance", "interval",
                             "weight", "relative_to"]
    static let nelderMeadKeys = ["starts", "max_evaluations", "simplex_size", "step"]
    static let abcKeys = ["samples", "design", "accept", "smc"]

    /// Scenario files already read, by resolved path (a file named by several targets is read once).
    private var loaded: [String: Scenario?] = [:]
    /// The first target's valid scenario or test function, even when the
    /// target has other problems: the parameter keys are checked against it.
    private var firstSource: SweepSource?
    /// The `days:`/`set:` text of the case `caseSource` last returned.
    private var lastVariant = ""

    func runCalibration() -> Calibration? {
        guard let root = composeRoot(
            emptyMessage: "the calibration file is empty; it needs at least `name`, `parameters`, `targets` and `method`",
            rootMessage: "the top level must be a mapping with keys such as `name`, `parameters`, `targets`, `method`") else { return nil }
        let top = known(mapping(root, "") ?? [], "", allowed: Self.calibrationTopKeys, extraHint: { e in
            if ParameterRegistry.spec(e.key) != nil { return "`\(e.key)` is a parameter: make it a free parameter under `parameters:`, or fix it with a target's `set:`" }
            if ["scenario", "model", "metric"].contains(e.key) { return "`\(e.key)` belongs to a target: put it under `targets:` (`- \(e.key): …`)" }
            return ""
        })
        let (name, description, seed, replicates) = header(top, in: root, nameWhat: "names the results directory")

        var cases: [CalibrationCase] = []
        var caseKeys: [String] = []
        var targets: [CalibrationTarget]?
        if let e = required(top, "targets", in: root, "", "a list of targets (`- scenario: …`)") {
            targets = self.targets(e.value, cases: &cases, keys: &caseKeys)
        }
        // Parameters are checked against the first case's kind (registry keys, or a test function's inputs).
        var parameters: [SweepFactor]?
        if let e = required(top, "parameters", in: root, "", "a list of free parameters (`- key: …`)") {
            parameters = self.parameters(e.value, source: firstSource)
        }
        let method = required(top, "method", in: root, "", "`nelder_mead:` or `abc:` with its settings").flatMap { self.method($0.value) }

        guard let name, let seed, let replicates, let parameters, let targets, let method, errors.isEmpty else { return nil }
        let cal = Calibration(name: name, description: description, seed: seed, replicates: replicates, parameters: parameters,
                              cases: cases, targets: targets, method: method, sourcePath: path, sourceText: text)
        checkSize(cal, node: top["method"]!.value)
        checkCases(cal, node: top["parameters"]!.value)
        return errors.isEmpty ? cal : nil
    }

    // MARK: Parameters

    func parameters(_ node: Node, source: SweepSource?) -> [SweepFactor]? {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            report(node, "parameters: expected a non-empty list of free parameters (`- key: …`, `range: [low, high]`), found \(L.describe(node))")
            return nil
        }
        var out: [SweepFactor] = []
        var ok = true
        var firstLine: [String: Int] = [:]
        for (i, item) in seq.enumerated() {
            let path = "parameters[\(i)]"
            if case .mapping(let m) = item {
                if let keyNode = m["key"], case .scalar(let key) = keyNode {
                    if let line = firstLine[key.string] {
                        report(keyNode, "\(path).key: `\(key.string)` is already a free parameter (line \(line))")
                        ok = false
                        continue
                    }
                    firstLine[key.string] = keyNode.mark?.line ?? 0
                }
                // Sweep factors may list levels; a calibration searches a continuous range.
                var discrete = false
                for (k, _) in m {
                    guard case .scalar(let s) = k, ["levels", "count"].contains(s.string) else { continue }
                    report(k, "\(path).\(s.string): a free parameter is searched over `range: [low, high]` (scale linear or log); `\(s.string)` belongs to sweep factors")
                    discrete = true
                }
                if discrete { ok = false; continue }
            }
            // Without a valid target the keys cannot be checked (registry keys or a test function's
            // inputs?); the targets' problems are reported and the parameters wait for them.
            guard source != nil else { continue }
            guard let f = factor(item, path, source: source, design: .sobol(points: 1, skip: 0)) else { ok = false; continue }
            guard f.scale == .linear || f.scale == .log, f.range != nil else {
                let node: Node = { if case .mapping(let m) = item { return m["scale"] ?? m["key"] ?? item }; return item }()
                report(node, "\(path).scale: a free parameter needs scale `linear` or `log` over a `range`, found `\(f.scale.rawValue)` (integer and boolean parameters cannot be fitted)")
                ok = false
                continue
            }
            out.append(f)
        }
        if source == nil { return nil }
        if out.count > SobolSequence.maxDimensions {
            report(node, "parameters: at most \(SobolSequence.maxDimensions) free parameters (GSL's Sobol sequence places the starting points), found \(out.count)")
            ok = false
        }
        return ok ? out : nil
    }

    // MARK: Targets

    func targets(_ node: Node, cases: inout [CalibrationCase], keys: inout [String]) -> [CalibrationTarget]? {
        guard case .sequence(let seq) = node, !seq.isEmpty else {
            report(node, "targets: expected a non-empty list of targets (`- scenario: …`, `metric: …`), found \(L.describe(node))")
            return nil
        }
        var out: [CalibrationTarget] = []
        var ok = true
        var isFunction: Bool?
        var names: [String: Int] = [:]
        // Relative targets are resolved once every name is known.
        var references: [(target: Int, name: String, node: Node)] = []
        var goalless: [(target: Int, node: Node)] = []
        for (i, item) in seq.enumerated() {
            let path = "targets[\(i)]"
            guard let entries = mapping(item, path) else { ok = false; continue }
            let before = errors.count
            let t = known(entries, path, allowed: Self.targetKeys)
            // The case: the scenario (or test function) with its fixed overrides.
            var source: SweepSource?
            var label = ""
            lastVariant = ""
            if t["scenario"] == nil && t["model"] == nil {
                report(item, "\(path): missing required field `scenario` (a scenario file, relative to this file) or `model` (a test function: \(TestFunction.named.keys.sorted().joined(separator: ", ")))")
            } else {
                source = self.caseSource(t, item, path)
                label = t["scenario"].flatMap { if case .scalar(let s) = $0.value { return s.string }; return nil }
                    ?? t["model"].flatMap { if case .scalar(let s) = $0.value { return "model:" + s.string }; return nil } ?? ""
            }
            if firstSource == nil { firstSource = source }
            if let source {
                let fn: Bool = { if case .function = source { return true }; return false }()
                if let f = isFunction, f != fn {
                    report(item, "\(path): every target of one calibration runs Linli scenarios or every one a test function; this one \(fn ? "names a test function" : "names a scenario") and the first does not")
                    ok = false
                    continue
                }
                isFunction = fn
            }
            let metric = t["metric"].flatMap { metricName($0.value, "\(path).metric", source: source) }
            if t["metric"] == nil { report(item, "\(path): missing required field `metric` (a summary.csv metric, e.g. participation_rate_mean)") }
            var community = "all"
            if let e = t["community"] {
                community = string(e.value, "\(path).community") ?? "all"
                if case .scenario(let sc)? = source {
                    let names = sc.communities.map(\.name) + ["all"]
                    if !names.contains(community) {
                        report(e.value, "\(path).community: unknown community `\(community)`\(NearestKey.hint(community, names)) (the scenario's: \(names.joined(separator: ", ")))")
                    }
                } else if case .function? = source {
                    report(e.keyNode, "\(path).community: applies to a scenario, not to a test function")
                }
            }
            let hasGoal = t["value"] != nil || t["interval"] != nil
            let goal: CalibrationTarget.Goal?? = hasGoal ? self.goal(t, item, path).map { .some($0) } : .some(nil)
            if let e = t["tolerance"], !hasGoal {
                report(e.keyNode, "\(path).tolerance: goes with `value`; this target has no `value`")
            }
            var reference: String?
            if let e = t["relative_to"] { reference = string(e.value, "\(path).relative_to") }
            var weight = 1.0
            if let e = t["weight"], let w = number(e.value, "\(path).weight", integer: false, range: nil) {
                if w > 0 { weight = w } else { report(e.value, "\(path).weight: expected a positive number, found \(formatNumber(w))") }
            }
            guard errors.count == before, let source, let metric, let goal else { ok = false; continue }
            // Cases are shared by targets with the same file, days and overrides.
            let key = caseKey(source, label: label)
            let caseIndex: Int
            if let k = keys.firstIndex(of: key) { caseIndex = k } else {
                caseIndex = cases.count
                keys.append(key)
                cases.append(CalibrationCase(label: label, source: source, variant: lastVariant))
            }
            if !cases[caseIndex].outputs.contains(where: { $0.metric == metric && $0.community == community }) {
                cases[caseIndex].outputs.append((metric, community))
            }
            var name = "\(cases[caseIndex].name):\(metric)" + (community == "all" ? "" : "@\(community)")
            if let e = t["name"], let n = self.label(e.value, "\(path).name") { name = n }
            if let first = names[name] {
                report(t["name"]?.value ?? item, "\(path): target name `\(name)` is already used by targets[\(first)]; give each a distinct `name:`")
                ok = false
                continue
            }
            names[name] = i
            if let reference, let e = t["relative_to"] { references.append((out.count, reference, e.value)) }
            if goal == nil { goalless.append((out.count, item)) }
            out.append(CalibrationTarget(name: name, caseIndex: caseIndex, metric: metric, community: community, goal: goal, weight: weight))
        }
        guard ok else { return nil }
        let all = out.map(\.name)
        for r in references {
            guard let k = all.firstIndex(of: r.name) else {
                report(r.node, "targets[\(r.target)].relative_to: no target named `\(r.name)`\(NearestKey.hint(r.name, all)) (targets: \(all.joined(separator: ", ")))")
                ok = false
                continue
            }
            if k == r.target || references.contains(where: { $0.target == k }) {
                report(r.node, "targets[\(r.target)].relative_to: `\(r.name)` \(k == r.target ? "is this target" : "is itself relative"); name a plain target")
                ok = false
                continue
            }
            if out[k].caseIndex == out[r.target].caseIndex && out[k].metric == out[r.target].metric && out[k].community == out[r.target].community {
                report(r.node, "targets[\(r.target)].relative_to: `\(r.name)` reads the same metric of the same case: the ratio is always 1")
                ok = false
                continue
            }
            out[r.target].relativeTo = k
        }
        for g in goalless where !references.contains(where: { $0.name == out[g.target].name }) {
            report(g.node, "targets[\(g.target)]: missing the target: `value:` with `tolerance:`, or `interval: [low, high]` (a target without one must be named by another's `relative_to`)")
            ok = false
        }
        return ok ? out : nil
    }

    /// A target's scenario (read once per file, then `days:`/`set:` applied) or test function.
    func caseSource(_ t: [String: Entry], _ item: Node, _ path: String) -> SweepSource? {
        if let s = t["scenario"], let m = t["model"] {
            report(m.keyNode, "\(path).model: give either `scenario` (line \(s.keyNode.mark?.line ?? 0)) or `model`, not both")
            return nil
        }
        if let m = t["model"] {
            guard let name = string(m.value, "\(path).model") else { return nil }
            guard let f = TestFunction.named[name] else {
                let names = TestFunction.named.keys.sorted()
                report(m.value, "\(path).model: unknown model `\(name)`\(NearestKey.hint(name, names)) (test functions: \(names.joined(separator: ", ")); for Linli give `scenario:`)")
                return nil
            }
            for key in ["set", "days"] {
                if let e = t[key] { report(e.keyNode, "\(path).\(key): applies to a scenario, not to the test function `\(name)`") }
            }
            return .function(f)
        }
        guard let s = t["scenario"], let file = string(s.value, "\(path).scenario") else { return nil }
        let resolved = file.hasPrefix("/") ? file : relative(URL(fileURLWithPath: self.path).deletingLastPathComponent()
            .appendingPathComponent(file).standardizedFileURL.path)
        var scenario: Scenario
        if let cached = loaded[resolved] {
            guard let c = cached else {
                report(s.value, "\(path).scenario: `\(resolved)` is invalid (its problems are listed above)")
                return nil
            }
            scenario = c
        } else {
            do {
                scenario = try ScenarioLoader.load(path: resolved)
                loaded[resolved] = scenario
            } catch let e as ScenarioErrors {
                loaded[resolved] = .some(nil)
                if e.errors.count == 1, e.errors[0].message.contains("no such file") {
                    report(s.value, "\(path).scenario: no such scenario file `\(resolved)` (paths are relative to the calibration file)")
                } else {
                    report(s.value, "\(path).scenario: the scenario `\(resolved)` is invalid (its problems follow)")
                    scenarioErrors += e.errors
                }
                return nil
            } catch {
                loaded[resolved] = .some(nil)
                report(s.value, "\(path).scenario: cannot read `\(resolved)`: \(error)")
                return nil
            }
        }
        let base = scenario
        applyFixed(t, item, to: &scenario)
        var variant: [String] = []
        if scenario.days != base.days { variant.append("days=\(scenario.days)") }
        for (k, v) in scenario.parameters.values.sorted(by: { $0.key < $1.key }) where base.parameters[k] != v {
            variant.append("\(k)=\(ParameterRegistry.spec(k)?.format(v) ?? formatNumber(v))")
        }
        lastVariant = variant.joined(separator: " ")
        return .scenario(scenario)
    }

    func caseKey(_ source: SweepSource, label: String) -> String {
        switch source {
        case .function(let f): return "model:" + f.name
        case .scenario(let sc):
            let params = sc.parameters.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return "\(sc.sourcePath)|\(sc.days)|\(params)"
        }
    }

    func metricName(_ node: Node, _ path: String, source: SweepSource?) -> String? {
        guard let m = string(node, path) else { return nil }
        let allowed: [String]
        if case .function? = source { allowed = FunctionModel.metricNames } else { allowed = ScenarioModel.metricNames }
        guard allowed.contains(m) else {
            let hint = allowed.contains(m + "_final") ? "; metrics are `\(m)_final` (last day) or `\(m)_mean` (mean over days)"
                : NearestKey.hint(m, allowed)
            report(node, "\(path): unknown metric `\(m)`\(hint) (any summary.csv metric; see `linli run` output)")
            return nil
        }
        return m
    }

    /// `value` + `tolerance`, or `interval`.
    func goal(_ t: [String: Entry], _ item: Node, _ path: String) -> CalibrationTarget.Goal? {
        switch (t["value"], t["interval"]) {
        case (nil, nil):
            report(item, "\(path): missing the target: `value:` with `tolerance:`, or `interval: [low, high]`")
            return nil
        case (.some, .some(let i)):
            report(i.keyNode, "\(path).interval: give either `value` (with `tolerance`) or `interval`, not both")
            return nil
        case (.some(let v), nil):
            let value = number(v.value, "\(path).value", integer: false, range: nil)
            guard let tol = t["tolerance"] else {
                report(item, "\(path): missing required field `tolerance` (> 0: the distance from `value` that counts as one unit)")
                return nil
            }
            guard let tv = number(tol.value, "\(path).tolerance", integer: false, range: nil) else { return nil }
            guard tv > 0 else {
                report(tol.value, "\(path).tolerance: expected a positive number, found \(formatNumber(tv))")
                return nil
            }
            return value.map { .value($0, tolerance: tv) }
        case (nil, .some(let i)):
            if let tol = t["tolerance"] {
                report(tol.keyNode, "\(path).tolerance: goes with `value`; an interval's distance is scaled by its width (or |end| when one-sided)")
            }
            return interval(i.value, "\(path).interval")
        }
    }

    func interval(_ node: Node, _ path: String) -> CalibrationTarget.Goal? {
        guard case .sequence(let seq) = node, seq.count == 2 else {
            report(node, "\(path): expected `[low, high]` (a side may be `-.inf`/`.inf` or `~` when open), found \(L.describe(node))")
            return nil
        }
        let items = Array(seq)
        var ends: [Double] = []
        for (k, item) in items.enumerated() {
            if isNull(item) { ends.append(k == 0 ? -.infinity : .infinity); continue }
            guard case .scalar(let s) = item, case .number(let d) = L.classify(s), !d.isNaN else {
                report(item, "\(path)[\(k)]: expected a number, `\(k == 0 ? "-.inf" : ".inf")` or `~`, found \(L.describe(item))")
                return nil
            }
            ends.append(d)
        }
        let (lo, hi) = (ends[0], ends[1])
        if !lo.isFinite && !hi.isFinite {
            report(node, "\(path): at least one end must be finite, found [\(formatNumber(lo)), \(formatNumber(hi))]")
            return nil
        }
        if lo == .infinity || hi == -.infinity || lo >= hi {
            report(node, "\(path): the low end must be below the high end, found [\(formatNumber(lo)), \(formatNumber(hi))]")
            return nil
        }
        return .interval(low: lo, high: hi)
    }

    // MARK: Method

    func method(_ node: Node) -> CalibrationMethod? {
        guard let entries = mapping(node, "method", expected: "a mapping with one key, `nelder_mead` or `abc`") else { return nil }
        let fields = known(entries, "method", allowed: ["nelder_mead", "abc"])
        guard errors.isEmpty || !fields.isEmpty else { return nil }
        if fields.count != 1 {
            if fields.count > 1 { report(node, "method: give one method, `nelder_mead` or `abc`, not both") }
            else if entries.isEmpty { report(node, "method: expected `nelder_mead:` or `abc:` with its settings") }
            return nil
        }
        if let e = fields["nelder_mead"] { return nelderMead(e.value) }
        return fields["abc"].flatMap { abc($0.value) }
    }

    func nelderMead(_ node: Node) -> CalibrationMethod? {
        guard let entries = mapping(node, "method.nelder_mead", allowNull: true) else { return nil }
        let f = known(entries, "method.nelder_mead", allowed: Self.nelderMeadKeys)
        var nm = CalibrationMethod.NelderMead()
        var ok = true
        if let e = f["starts"] { if let v = integer(e.value, "method.nelder_mead.starts", 1...10_000) { nm.starts = v } else { ok = false } }
        if let e = f["max_evaluations"] { if let v = integer(e.value, "method.nelder_mead.max_evaluations", 2...10_000_000) { nm.maxEvaluations = v } else { ok = false } }
        if let e = f["simplex_size"] { if let v = positive(e.value, "method.nelder_mead.simplex_size") { nm.simplexSize = v } else { ok = false } }
        if let e = f["step"] { if let v = positive(e.value, "method.nelder_mead.step") { nm.step = v } else { ok = false } }
        return ok ? .nelderMead(nm) : nil
    }

    func abc(_ node: Node) -> CalibrationMethod? {
        guard let entries = mapping(node, "method.abc") else { return nil }
        let f = known(entries, "method.abc", allowed: Self.abcKeys)
        guard let s = required(f, "samples", in: node, "method.abc", "the prior sample size (and proposals per SMC generation)"),
              let samples = integer(s.value, "method.abc.samples", 2...10_000_000) else { return nil }
        var abc = CalibrationMethod.ABC(samples: samples)
        var ok = true
        if let e = f["design"], let d = string(e.value, "method.abc.design") {
            if let design = CalibrationMethod.ABC.Design(rawValue: d) { abc.design = design } else {
                report(e.value, "method.abc.design: unknown design `\(d)`\(NearestKey.hint(d, ["sobol", "lhs"])) (designs: sobol, lhs)")
                ok = false
            }
        }
        if let e = f["accept"] {
            if let a = accept(e.value) { abc.accept = a } else { ok = false }
        }
        if let e = f["smc"], let m = mapping(e.value, "method.abc.smc") {
            let sf = known(m, "method.abc.smc", allowed: ["generations", "quantile"])
            if let g = required(sf, "generations", in: e.value, "method.abc.smc", "SMC generations after the rejection sample") {
                if let v = integer(g.value, "method.abc.smc.generations", 1...1000) { abc.generations = v } else { ok = false }
            } else { ok = false }
            if let q = sf["quantile"] {
                if let v = fraction(q.value, "method.abc.smc.quantile") { abc.smcQuantile = v } else { ok = false }
            }
        }
        if case .quantile(let q) = abc.accept, Int((q * Double(samples)).rounded()) < 2 {
            report(f["accept"]?.value ?? node, "method.abc.accept: quantile \(formatNumber(q)) of \(samples) samples accepts fewer than 2; raise `samples` or the quantile")
            ok = false
        }
        return ok ? .abc(abc) : nil
    }

    func accept(_ node: Node) -> CalibrationMethod.ABC.Accept? {
        guard let entries = mapping(node, "method.abc.accept", expected: "`{quantile: q}` or `{tolerance: ε}`") else { return nil }
        let f = known(entries, "method.abc.accept", allowed: ["quantile", "tolerance"])
        guard f.count == 1 else {
            if f.count > 1 { report(node, "method.abc.accept: give `quantile` or `tolerance`, not both") }
            else if entries.isEmpty { report(node, "method.abc.accept: expected `{quantile: q}` or `{tolerance: ε}`") }
            return nil
        }
        if let q = f["quantile"] { return fraction(q.value, "method.abc.accept.quantile").map { .quantile($0) } }
        return f["tolerance"].flatMap { positive($0.value, "method.abc.accept.tolerance") }.map { .tolerance($0) }
    }

    func positive(_ node: Node, _ path: String) -> Double? {
        guard let v = number(node, path, integer: false, range: nil) else { return nil }
        guard v > 0 else { report(node, "\(path): expected a positive number, found \(formatNumber(v))"); return nil }
        return v
    }

    func fraction(_ node: Node, _ path: String) -> Double? {
        guard let v = number(node, path, integer: false, range: nil) else { return nil }
        guard v > 0 && v <= 1 else { report(node, "\(path): expected a fraction in (0, 1], found \(formatNumber(v))"); return nil }
        return v
    }

    // MARK: Whole-file checks

    func checkSize(_ cal: Calibration, node: Node) {
        let evaluations: Double
        switch cal.method {
        case .nelderMead(let n): evaluations = Double(n.starts) * Double(n.maxEvaluations)
        case .abc(let a): evaluations = Double(a.samples) * Double(a.generations + 1)
        }
        if evaluations * Double(cal.runsPerEvaluation) > Double(CalibrationLoader.maxRuns) {
            report(node, "method: up to \(formatNumber(evaluations)) evaluations × \(cal.runsPerEvaluation) runs each is more than \(CalibrationLoader.maxRuns) runs; use fewer evaluations, samples or replicates")
        }
    }

    /// Each case at the parameters' range ends must still be a valid scenario
    /// (e.g. age shares of a fitted community type must sum to 1).
    func checkCases(_ cal: Calibration, node: Node) {
        guard cal.parameters.contains(where: { $0.key.hasPrefix("community.") }) else { return }
        for c in cal.cases {
            guard var sc = c.scenario else { continue }
            for u in [0.0, 1.0] {
                for f in cal.parameters { sc.parameters[f.key] = f.value(unit: u) }
                for (i, com) in sc.communities.enumerated() {
                    for problem in ScenarioLoader.consistencyProblems(com, sc.parameters) {
                        report(node, "parameters: at the \(u == 0 ? "low" : "high") ends of the ranges, \(c.label) population.communities[\(i)] (\(com.name)): \(problem)")
                    }
                }
            }
        }
    }
}
