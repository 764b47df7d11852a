import Foundation
import Yams

/// Reads and validates scenario files.
///
/// A scenario is a YAML mapping:
///
/// ```yaml
/// name: baseline                # required string
/// description: "..."            # optional string
/// seed: 42                      # optional non-negative integer (UInt64), default 1
/// replicates: 10                # optional integer 1...100000, default 1, or `auto` with `precision:`
/// precision:                    # only with `replicates: auto` (see `Precision`)
///   metric: participation_rate_final   # a summary metric of community all
///   half_width: 0.01            # target 95% CI half-width, > 0
///   max: 200                    # most replicates, 2...100000
///   batch: 4                    # optional: replicates computed between checks (work only, never output)
///   min: 5                      # optional: fewest replicates before stopping, 2...max
/// days: 365                     # required integer 1...36500
/// population:
///   communities:                # at least one, unless `generate:` is given
///     - name: Hongyuan          # required, unique
///       type: old_compound      # required, a CommunityType raw value
///       households: 1200        # required integer 1...2000000
///       buildings: 40           # optional integer 1...households
///       street: Jiaxing Road    # optional, default "street"
///       district: Yangpu        # optional, default "district"
///       overrides:              # optional: CommunityType field -> number in the field's range
///         tenant_share: 0.3
///   generate:                   # optional: districts of streets by counts (`PopulationGeneration`)
///     districts:
///       - {name: Huangpu, streets: 10, mix: [{type: old_compound, count: 12, households: 1500}]}
/// observe:                      # optional: which rows and days the outputs hold
///   level: street               # community | street | district | all (default: community up to 500 communities, else street)
///   every: 7                    # optional: write every 7th day and the last (default 1)
/// levers:                       # optional: lever name -> block of that lever's fields
///   posts:
///     on: true
///     start_day: 60
/// parameters:                   # optional: full registry key -> value
///   decision.beta0: -4.0
/// ```
///
/// Resolution into `Scenario.parameters`: registry defaults, then
/// `parameters:`, then the `levers:` blocks (key `<lever>.<field>`), so a
/// lever block wins over the same key under `parameters:`.
///
/// **A lever block that is present but has no `on` field switches the lever
/// on**: writing `posts: {start_day: 60}` (or an empty `posts:`) means
/// `posts.on: true`. Write `on: false` to keep a block but leave the lever off.
///
/// Validation is strict and collects every problem in one pass: unknown keys
/// (with "did you mean" suggestions), wrong types, values out of range,
/// missing required fields, duplicate community names, and per-community
/// consistency (age shares sum to 1, tenant + sub-landlord shares ≤ 1,
/// migrant + foreign shares ≤ 1). Booleans are YAML `true`/`false` only.
/// Any problem makes the load throw `ScenarioErrors`, each error located as
/// `PATH:LINE:COLUMN: message` and sorted in file order.
public enum ScenarioLoader {
    /// Reads `path` (UTF-8) and parses it; an unreadable file is a `ScenarioErrors` too.
    public static func load(path: String) throws -> Scenario {
        let text = try YAMLFile.readText(path, what: "scenario")
        return try parse(text: text, path: path)
    }

    /// Validates scenario YAML `text`; `path` is used in error locations and kept as `sourcePath`.
    public static func parse(text: String, path: String) throws -> Scenario {
        let validator = Validator(path: path, text: text)
        let scenario = validator.run()
        if !validator.errors.isEmpty { throw ScenarioErrors(validator.sortedErrors) }
        guard let scenario else {
            throw ScenarioErrors([ScenarioError(file: path, line: 1, column: 1, message: "invalid scenario")])
        }
        return scenario
    }

    /// `--set KEY=VALUE` overrides after loading: KEY is any registry key
    /// (e.g. `posts.on=true`, `decision.beta0=-3`), VALUE is typed and
    /// range-checked by the key's `ParamSpec` (booleans `true`/`false`).
    /// Unlike a lever block, setting `posts.start_day` does not switch the
    /// lever on; set `posts.on=true` for that. Community consistency rules are
    /// checked again afterwards. Errors read `--set KEY=VALUE: message`, with
    /// nearest-key suggestions, all collected; on any error `scenario` is left
    /// unchanged.
    public static func applySets(_ sets: [String], to scenario: inout Scenario) throws {
        var parameters = scenario.parameters
        var errors: [ScenarioError] = []
        var touched: [(type: String, origin: String)] = []
        for set in sets {
            let origin = "--set \(set)"
            func fail(_ message: String) { errors.append(ScenarioError(file: origin, line: 0, column: 0, message: message)) }
            guard let eq = set.firstIndex(of: "=") else {
                fail("expected KEY=VALUE, e.g. `posts.on=true` or `decision.beta0=-3`")
                continue
            }
            let key = set[..<eq].trimmingCharacters(in: .whitespaces)
            let text = set[set.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let spec = ParameterRegistry.spec(key) else {
                fail(key.isEmpty ? "missing KEY before `=`"
                     : "unknown parameter `\(key)`" + ParameterRegistry.keyCandidates.hint(key))
                continue
            }
            switch typedValue(classify(plain: text), raw: text, described: describe(plain: text), spec: spec) {
            case .success(let v):
                parameters[key] = v
                if key.hasPrefix("community.") {
                    touched.append((String(key.split(separator: ".")[1]), origin))
                }
            case .failure(let problem):
                fail("`\(key)` " + problem.message)
            }
        }
        if errors.isEmpty {
            for (i, c) in scenario.communities.enumerated() {
                let problems = consistencyProblems(c, parameters)
                guard !problems.isEmpty else { continue }
                let origins = touched.filter { $0.type == c.type.rawValue }.map(\.origin)
                let origin = origins.isEmpty ? "--set" : origins.joined(separator: ", ")
                for p in problems {
                    errors.append(ScenarioError(file: origin, line: 0, column: 0,
                                                message: "population.communities[\(i)] (\(c.name)): \(p)"))
                }
            }
        }
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        scenario.parameters = parameters
    }

    // MARK: - Consistency of a community's type fields

    static let ageShareFields = ["share_child", "share_teen", "share_working", "share_flexible", "share_retiree"]

    /// Problems with a community's resolved fields (overrides over type defaults), as messages.
    static func consistencyProblems(_ c: CommunitySpec, _ p: Parameters) -> [String] {
        let known = Set(CommunityType.fieldNames)
        var problems: [String] = []
        let ages = ageShareFields.filter(known.contains)
        if ages.count == ageShareFields.count {
            let values = ages.map { c.field($0, p) }
            let sum = values.reduce(0, +)
            if abs(sum - 1) > 0.001 {
                problems.append("the age shares must sum to 1 (within 0.001), but "
                                + ages.joined(separator: " + ") + " = "
                                + values.map(formatNumber).joined(separator: " + ") + " = \(formatShort(sum))")
            }
        }
        for (a, b) in [("tenant_share", "sublandlord_share"), ("migrant_share", "foreign_share")]
        where known.contains(a) && known.contains(b) {
            let va = c.field(a, p), vb = c.field(b, p)
            if va + vb > 1 + 1e-9 {
                problems.append("\(a) + \(b) must be at most 1, but \(formatNumber(va)) + \(formatNumber(vb)) = \(formatShort(va + vb))")
            }
        }
        return problems
    }

    static func formatShort(_ v: Double) -> String { formatNumber((v * 1e9).rounded() / 1e9) }

    // MARK: - Scalars

    /// What a plain YAML scalar denotes (YAML 1.2 core schema; booleans `true`/`false` only).
    enum ScalarValue {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
    }

    static func classify(plain t: String) -> ScalarValue {
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        let allowed = Set("0123456789+-._eE")
        guard t.contains(where: \.isASCII), t.contains(where: { $0.isNumber }), t.allSatisfy(allowed.contains),
              let d = Double(t.replacingOccurrences(of: "_", with: ""))
        else { return .string(t) }
        return .number(d)
    }

    static func classify(_ s: Node.Scalar) -> ScalarValue {
        switch s.style {
        case .plain, .any: return classify(plain: s.string)
        default: return .string(s.string)
        }
    }

    static func quote(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\n", with: "\\n")
        if t.count > 40 { t = String(t.prefix(39)) + "…" }
        return "\"\(t)\""
    }

    static func describe(plain t: String) -> String {
        switch classify(plain: t) {
        case .null: return "nothing (an empty value)"
        case .string(let s): return quote(s)
        case .bool, .number: return t
        }
    }

    /// How a node reads in "found …".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .alias: return "an alias"
        case .scalar(let s):
            switch s.style {
            case .plain, .any: return describe(plain: s.string)
            default:
                if case .string = classify(plain: s.string) { return quote(s.string) }
                return quote(s.string) + " (a quoted string)"
            }
        }
    }

    struct Problem: Error { let message: String }

    static func rangeText(_ r: ClosedRange<Double>) -> String { "\(formatNumber(r.lowerBound))...\(formatNumber(r.upperBound))" }

    /// A number (integral if `integer`) within `range`, or the message saying why not
    /// ("expected … found …", without the key path).
    static func number(_ value: ScalarValue, raw: String, described: String,
                       integer: Bool, range: ClosedRange<Double>?, rangeNote: String = "") -> Result<Double, Problem> {
        let what = integer ? "an integer" : "a number"
        guard case .number(let d) = value else { return .failure(Problem(message: "expected \(what), found \(described)")) }
        guard d.isFinite else { return .failure(Problem(message: "expected a finite number, found \(raw)")) }
        if integer && d != d.rounded() { return .failure(Problem(message: "expected an integer, found \(raw)")) }
        if let range, !range.contains(d) {
            return .failure(Problem(message: "expected \(what) in \(rangeText(range))\(rangeNote), found \(raw)"))
        }
        return .success(d)
    }

    /// A value for a registry parameter, typed by its spec.
    static func typedValue(_ value: ScalarValue, raw: String, described: String, spec: ParamSpec) -> Result<Double, Problem> {
        switch spec.kind {
        case .boolean:
            if case .bool(let b) = value { return .success(b ? 1 : 0) }
            return .failure(Problem(message: "expected a boolean (true or false), found \(described)"))
        case .integer:
            return number(value, raw: raw, described: described, integer: true, range: spec.range)
        case .real:
            return number(value, raw: raw, described: described, integer: false, range: spec.range)
        }
    }
}

// MARK: - The validator

/// One pass over a scenario's YAML tree, collecting every problem.
private final class Validator: YAMLValidator {
    // MARK: The scenario

    static let topKeys = ["name", "description", "seed", "replicates", "precision", "days", "population", "observe", "levers", "parameters"]
    static let communityKeys = ["name", "type", "households", "buildings", "street", "district", "overrides"]

    struct CommunityDraft {
        var node: Node
        var index: Int
        var spec: CommunitySpec?
        var checkable: Bool
    }

    func run() -> Scenario? {
        guard let root = composeRoot(
            emptyMessage: "the scenario is empty; it needs at least `name`, `days` and `population`",
            rootMessage: "the top level must be a mapping with keys such as `name`, `days`, `population`") else { return nil }
        let entries = mapping(root, "") ?? []
        let top = known(entries, "", allowed: Self.topKeys, extraHint: { e in
            if LeverRegistry.lever(named: e.key) != nil { return "`\(e.key)` is a lever: put it under `levers:`" }
            if ParameterRegistry.spec(e.key) != nil { return "`\(e.key)` is a parameter: put it under `parameters:`" }
            return ""
        })

        let (name, description, seed, fixedReplicates) = header(top, in: root, nameWhat: "the scenario's name", allowAuto: true)
        var replicates = fixedReplicates
        let precision = precisionSetting(top, in: root, metrics: ScenarioModel.metricNames)
        if let p = precision ?? nil { replicates = p.max }
        let days = required(top, "days", in: root, "", "the number of days to simulate, 1...36500")
            .flatMap { integer($0.value, "days", 1...36_500) }

        let observe = top["observe"].map { observeSettings($0.value) } ?? ObserveSettings()

        var drafts: [CommunityDraft] = []
        var populationOK = false
        var generation: PopulationGeneration?
        var mixChecks: [MixCheck] = []
        if let pop = required(top, "population", in: root, "", "a mapping with `communities:` or `generate:`"),
           let popEntries = mapping(pop.value, "population") {
            let fields = known(popEntries, "population", allowed: ["communities", "generate"])
            var listedOK = true, generatedOK = true
            if fields["communities"] == nil && fields["generate"] == nil {
                report(pop.value, "population: missing required field `communities` (a list of communities) or `generate` (districts of streets by counts)")
                listedOK = false
            }
            if let c = fields["communities"] { (drafts, listedOK) = communities(c.value) }
            if let g = fields["generate"] {
                (generation, mixChecks) = generate(g.value, defaultSeed: seed ?? 1, listed: drafts)
                generatedOK = generation != nil
            }
            populationOK = listedOK && generatedOK
        }

        var parameters = Parameters()
        if let e = top["parameters"], let entries = mapping(e.value, "parameters", allowNull: true) {
            let keys = ParameterRegistry.all.map(\.key)
            for p in entries {
                let path = "parameters.\(p.key)"
                guard let spec = ParameterRegistry.spec(p.key) else {
                    var hint = ParameterRegistry.keyCandidates.hint(p.key)
                    if case .mapping = p.value, keys.contains(where: { $0.hasPrefix(p.key + ".") }) {
                        hint = "; write full keys such as `\(keys.first { $0.hasPrefix(p.key + ".") }!): …`, not nested mappings"
                    } else if let lever = LeverRegistry.lever(named: p.key) {
                        hint = "; `\(lever.name)` is a lever: put its block under `levers:` or write keys such as `\(lever.name).on`"
                    }
                    report(p.keyNode, "\(path): unknown parameter `\(p.key)`\(hint)")
                    continue
                }
                if let v = parameter(p.value, path, spec) { parameters[spec.key] = v }
            }
        }
        if let e = top["levers"], let entries = mapping(e.value, "levers", allowNull: true) {
            let names = LeverRegistry.all.map(\.name)
            for l in entries {
                let path = "levers.\(l.key)"
                guard let lever = LeverRegistry.lever(named: l.key) else {
                    report(l.keyNode, "\(path): unknown lever `\(l.key)`\(NearestKey.hint(l.key, names)) (levers: \(names.joined(separator: ", ")))")
                    continue
                }
                guard let fields = mapping(l.value, path, allowNull: true,
                                           expected: "a mapping of the lever's settings (`on`, `start_day`, …)") else { continue }
                let specs = Dictionary(lever.parameters.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                let byField = known(fields, path, allowed: lever.fieldNames, unknown: { "unknown field `\($0.key)` of lever `\(lever.name)`" })
                for (field, f) in byField {
                    guard let spec = specs["\(lever.name).\(field)"] ?? ParameterRegistry.spec("\(lever.name).\(field)") else { continue }
                    if let v = parameter(f.value, "\(path).\(field)", spec) { parameters[spec.key] = v }
                }
                if byField["on"] == nil { parameters["\(lever.name).on"] = 1 }
            }
        }

        for d in drafts where d.checkable {
            guard let c = d.spec else { continue }
            for p in L.consistencyProblems(c, parameters) {
                report(d.node, "population.communities[\(d.index)] (\(c.name)): \(p)")
            }
        }

        for m in mixChecks {
            for p in L.consistencyProblems(m.spec, parameters) { report(m.node, "\(m.path) (\(m.spec.type.rawValue)): \(p)") }
        }

        guard errors.isEmpty, populationOK, let name, let seed, let replicates, let days, let precision else { return nil }
        var scenario = Scenario(name: name, description: description, seed: seed, replicates: replicates, days: days,
                                communities: drafts.compactMap(\.spec) + (generation?.generate() ?? []), parameters: parameters,
                                sourcePath: path, sourceText: text, precision: precision)
        scenario.generation = generation
        guard let observe else { return nil }
        scenario.observe = observe
        return scenario
    }

    /// `observe: {level, every}`; nil when anything in it was reported.
    func observeSettings(_ node: Node) -> ObserveSettings? {
        let path = "observe"
        let before = errors.count
        guard let entries = mapping(node, path, expected: "a mapping with `level` and/or `every`") else { return nil }
        let f = known(entries, path, allowed: ["level", "every"])
        var settings = ObserveSettings()
        if let e = f["level"], let raw = string(e.value, "\(path).level") {
            let all = ObserveLevel.allCases.map(\.rawValue)
            if let level = ObserveLevel(rawValue: raw) { settings.level = level } else {
                report(e.value, "\(path).level: unknown level `\(raw)`\(NearestKey.hint(raw, all)) (levels: \(all.joined(separator: ", ")))")
            }
        }
        if let e = f["every"], let k = integer(e.value, "\(path).every", 1...36_500, rangeNote: " (write every K-th day and the last)") { settings.every = k }
        return errors.count == before ? settings : nil
    }

    // MARK: Generated communities

    /// A mix entry whose resolved fields are checked for consistency once
    /// the scenario's parameters are known.
    struct MixCheck {
        var node: Node
        var path: String
        var spec: CommunitySpec
    }

    static let generateKeys = ["seed", "districts"]
    static let districtKeys = ["name", "streets", "mix"]
    static let mixKeys = ["type", "count", "households", "spread", "overrides"]

    /// `population.generate`; nil generation when anything in it was reported.
    func generate(_ node: Node, defaultSeed: UInt64, listed: [CommunityDraft]) -> (PopulationGeneration?, [MixCheck]) {
        let path = "population.generate"
        let before = errors.count
        guard let entries = mapping(node, path, expected: "a mapping with `districts:` (and optionally `seed:`)") else { return (nil, []) }
        let f = known(entries, path, allowed: Self.generateKeys)
        var seed: UInt64? = defaultSeed
        if let e = f["seed"] { seed = self.seed(e.value, "\(path).seed") }
        var districts: [PopulationGeneration.District] = []
        var checks: [MixCheck] = []
        var firstByName: [String: Node] = [:]
        for d in listed { if let s = d.spec { firstByName[s.name] = d.node } }
        var districtNames: [String: Node] = [:]
        var total = 0
        if let e = required(f, "districts", in: node, path, "a list of districts, each `name`, `streets` and `mix`") {
            if case .sequence(let seq) = e.value, !seq.isEmpty {
                for (i, item) in seq.enumerated() {
                    guard let d = district(item, "\(path).districts[\(i)]", &checks) else { continue }
                    total += d.streets.count * d.mix.reduce(0) { $0 + $1.count }
                    if total > PopulationGeneration.maxCommunities { continue }  // reported below, names not built
                    if let first = districtNames[d.name] {
                        let at = first.mark.map { " (first at line \($0.line))" } ?? ""
                        report(item, "\(path).districts[\(i)].name: duplicate district `\(d.name)`\(at)")
                        continue
                    }
                    districtNames[d.name] = item
                    // Generated names must not repeat a listed community's or another district's.
                    let names = PopulationGeneration(seed: 0, districts: [d]).names()
                    if let clash = names.first(where: { firstByName[$0] != nil }) {
                        let at = firstByName[clash]?.mark.map { " (first at line \($0.line))" } ?? ""
                        report(item, "\(path).districts[\(i)]: generates the community `\(clash)`, a name already used\(at); rename the district or its streets")
                        continue
                    }
                    for n in names { firstByName[n] = item }
                    districts.append(d)
                }
            } else {
                report(e.value, "\(path).districts: expected a non-empty sequence of districts (`- name: …`), found \(L.describe(e.value))")
            }
        }
        let generation = seed.map { PopulationGeneration(seed: $0, districts: districts) }
        if total > PopulationGeneration.maxCommunities {
            report(node, "\(path): generates \(total) communities, more than the \(PopulationGeneration.maxCommunities) allowed; use fewer streets or smaller counts")
        }
        if let g = generation, errors.count == before, g.communityCount == 0 {
            report(node, "\(path): generates no community (every `count` is 0)")
        }
        return (errors.count == before ? generation : nil, checks)
    }

    func district(_ node: Node, _ path: String, _ checks: inout [MixCheck]) -> PopulationGeneration.District? {
        let before = errors.count
        guard let entries = mapping(node, path) else { return nil }
        let f = known(entries, path, allowed: Self.districtKeys)
        let name = required(f, "name", in: node, path, "the district's name").flatMap { label($0.value, "\(path).name") }
        var streets: [String]?
        if let e = required(f, "streets", in: node, path, "a count of streets, or a list of street names") {
            if case .sequence(let seq) = e.value {
                var names: [String] = []
                var seen: Set<String> = []
                for (j, s) in seq.enumerated() {
                    guard let n = label(s, "\(path).streets[\(j)]") else { continue }
                    if !seen.insert(n).inserted { report(s, "\(path).streets[\(j)]: duplicate street `\(n)`") }
                    names.append(n)
                }
                if seq.isEmpty { report(e.value, "\(path).streets: expected at least one street, found an empty sequence") }
                streets = names
            } else if let n = integer(e.value, "\(path).streets", 1...10_000, rangeNote: " (a count of streets, or a list of names)"), let name {
                streets = PopulationGeneration.streetNames(district: name, count: n)
            }
        }
        var mix: [PopulationGeneration.MixEntry] = []
        if let e = required(f, "mix", in: node, path, "the communities of each street: a list of `{type, count, households}`") {
            if case .sequence(let seq) = e.value, !seq.isEmpty {
                var seenTypes: [CommunityType: Int] = [:]
                for (j, item) in seq.enumerated() {
                    let mpath = "\(path).mix[\(j)]"
                    guard let m = mixEntry(item, mpath) else { continue }
                    if let first = seenTypes[m.type] {
                        report(item, "\(mpath).type: `\(m.type.rawValue)` is already in this mix at \(path).mix[\(first)] (generated names would repeat); merge the two entries")
                        continue
                    }
                    seenTypes[m.type] = j
                    mix.append(m)
                    checks.append(MixCheck(node: item, path: mpath, spec: CommunitySpec(name: mpath, type: m.type, households: m.households, overrides: m.overrides)))
                }
            } else {
                report(e.value, "\(path).mix: expected a non-empty sequence of `{type, count, households}`, found \(L.describe(e.value))")
            }
        }
        guard errors.count == before, let name, let streets else { return nil }
        return PopulationGeneration.District(name: name, streets: streets, mix: mix)
    }

    func mixEntry(_ node: Node, _ path: String) -> PopulationGeneration.MixEntry? {
        let before = errors.count
        guard let entries = mapping(node, path) else { return nil }
        let f = known(entries, path, allowed: Self.mixKeys)
        var type: CommunityType?
        let all = CommunityType.allCases.map(\.rawValue)
        if let e = required(f, "type", in: node, path, "one of " + all.joined(separator: ", ")),
           let raw = string(e.value, "\(path).type") {
            type = CommunityType(rawValue: raw)
            if type == nil {
                report(e.value, "\(path).type: unknown community type `\(raw)`\(NearestKey.hint(raw, all)) (types: \(all.joined(separator: ", ")))")
            }
        }
        let count = required(f, "count", in: node, path, "communities of this type per street, 0...10000")
            .flatMap { integer($0.value, "\(path).count", 0...10_000) }
        let households = required(f, "households", in: node, path, "typical households, 1...2000000")
            .flatMap { integer($0.value, "\(path).households", 1...2_000_000) }
        var spread: Double? = PopulationGeneration.defaultSpread
        if let e = f["spread"] {
            spread = number(e.value, "\(path).spread", integer: false, range: 0...0.9,
                            rangeNote: " (households vary uniformly within ± spread of the typical size)")
        }
        let overrides = self.overrides(f["overrides"], path)
        guard errors.count == before, let type, let count, let households, let spread, let overrides else { return nil }
        return PopulationGeneration.MixEntry(type: type, count: count, households: households, spread: spread, overrides: overrides)
    }

    /// An `overrides:` block (CommunityType field → number in its range); nil when anything was reported.
    func overrides(_ entry: Entry?, _ path: String) -> [String: Double]? {
        guard let e = entry else { return [:] }
        let before = errors.count
        var overrides: [String: Double] = [:]
        if let entries = mapping(e.value, "\(path).overrides", allowNull: true) {
            let fields = Dictionary(CommunityType.fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let byName = known(entries, "\(path).overrides", allowed: CommunityType.fieldNames,
                               unknown: { "unknown community field `\($0.key)`" })
            for (fieldName, o) in byName {
                guard let field = fields[fieldName] else { continue }
                if let v = number(o.value, "\(path).overrides.\(fieldName)", integer: false, range: field.range) {
                    overrides[fieldName] = v
                }
            }
        }
        return errors.count == before ? overrides : nil
    }

    /// The communities sequence; `ok` when every entry produced a spec.
    func communities(_ node: Node) -> ([CommunityDraft], Bool) {
        let path = "population.communities"
        guard case .sequence(let seq) = node else {
            report(node, "\(path): expected a sequence of communities (`- name: …`), found \(L.describe(node))")
            return ([], false)
        }
        let items = Array(seq)
        if items.isEmpty {
            report(node, "\(path): expected at least one community, found an empty sequence")
            return ([], false)
        }
        var drafts: [CommunityDraft] = []
        var ok = true
        var firstByName: [String: Node] = [:]
        for (i, item) in items.enumerated() {
            let draft = community(item, i, &firstByName)
            if draft.spec == nil { ok = false }
            drafts.append(draft)
        }
        return (drafts, ok)
    }

    func community(_ node: Node, _ i: Int, _ firstByName: inout [String: Node]) -> CommunityDraft {
        let path = "population.communities[\(i)]"
        var draft = CommunityDraft(node: node, index: i, spec: nil, checkable: false)
        guard let entries = mapping(node, path) else { return draft }
        let f = known(entries, path, allowed: Self.communityKeys)

        var name: String?
        if let e = required(f, "name", in: node, path, "unique among communities") {
            name = label(e.value, "\(path).name")
            if let n = name {
                if let first = firstByName[n] {
                    let at = first.mark.map { " (first at line \($0.line))" } ?? ""
                    report(e.value, "\(path).name: duplicate community name `\(n)`\(at)")
                } else {
                    firstByName[n] = e.value
                }
            }
        }
        var type: CommunityType?
        if let e = required(f, "type", in: node, path, "one of " + CommunityType.allCases.map(\.rawValue).joined(separator: ", ")),
           let raw = string(e.value, "\(path).type") {
            type = CommunityType(rawValue: raw)
            if type == nil {
                let all = CommunityType.allCases.map(\.rawValue)
                report(e.value, "\(path).type: unknown community type `\(raw)`\(NearestKey.hint(raw, all)) (types: \(all.joined(separator: ", ")))")
            }
        }
        let households = required(f, "households", in: node, path, "an integer in 1...2000000")
            .flatMap { integer($0.value, "\(path).households", 1...2_000_000) }
        var buildings: Int?
        if let e = f["buildings"] {
            if let h = households {
                buildings = integer(e.value, "\(path).buildings", 1...h, rangeNote: " (at most the households)")
            } else {
                buildings = integer(e.value, "\(path).buildings", 1...2_000_000)
            }
        }
        var street = "street"
        if let e = f["street"], let s = label(e.value, "\(path).street") { street = s }

        var district = "district"
        if let e = f["district"], let s = label(e.value, "\(path).district") { district = s }

        let parsedOverrides = self.overrides(f["overrides"], path)
        let overrides = parsedOverrides ?? [:]
        let overridesOK = parsedOverrides != nil

        // Built whenever name, type and households are valid, so the consistency
        // checks still run; any error elsewhere stops the scenario being returned.
        guard let name, let type, let households else { return draft }
        draft.checkable = overridesOK
        draft.spec = CommunitySpec(name: name, type: type, households: households, buildings: buildings,
                                   street: street, district: district, overrides: overrides)
        return draft
    }
}
