import Foundation
import Linli
import Yams

/// What the scenario editor shows and posts: a case's name, seed, replicates,
/// days, its listed communities and every lever's fields, as text.
///
/// Why text: the studio validates through the same `ScenarioLoader` as the
/// CLI, so whatever the analyst typed is written into scenario YAML as it is
/// (a value that is not a number becomes a quoted string, never YAML
/// syntax) and the loader's located errors are mapped back to the fields
/// by line. Everything the editor does not show (community overrides,
/// buildings, `precision:`, `observe:`, a generated population, other
/// parameters) comes from the case file on the server, never from the page.
struct Editor: Sendable {
    struct Community: Sendable, Equatable {
        var name: String
        var type: String
        var households: String
        var street: String
        var buildings: Int?
        var district: String
        var overrides: [String: Double]
    }

    /// The case file this editor started from (a plain name under `--scenarios`).
    var base: String
    /// Where the scenario came from, for the YAML's first comment line.
    var origin: String
    var name: String
    var description: String
    var seed: String
    var replicates: String
    var days: String
    var communities: [Community]
    /// The population block copied as it is when the case generates its communities.
    var generatedPopulation: String?
    var generatedCount = 0
    /// Lever parameter key → text (`posts.on` → "true").
    var levers: [String: String]
    var precision: Precision?
    var observe: ObserveSettings
    /// Non-lever parameters the case sets away from their defaults.
    var otherParameters: [(String, Double)]

    /// Field ids the page uses: `name`, `c0.households`, `posts.start_day`, …
    static func communityField(_ i: Int, _ part: String) -> String { "c\(i).\(part)" }

    init(scenario sc: Scenario, base: String, origin: String? = nil) {
        self.base = base
        self.origin = origin ?? "scenarios/\(base)"
        name = sc.name
        description = sc.description
        seed = String(sc.seed)
        replicates = sc.precision == nil ? String(sc.replicates) : "auto"
        days = String(sc.days)
        precision = sc.precision
        observe = sc.observe
        if sc.generation != nil {
            communities = []
            generatedPopulation = Self.populationBlock(of: sc.sourceText)
            generatedCount = sc.communities.count
        } else {
            communities = sc.communities.map {
                Community(name: $0.name, type: $0.type.rawValue, households: String($0.households), street: $0.street,
                          buildings: $0.buildings, district: $0.district, overrides: $0.overrides)
            }
        }
        var lv: [String: String] = [:]
        var leverKeys = Set<String>()
        for lever in LeverRegistry.all {
            for p in lever.parameters {
                lv[p.key] = p.format(sc.parameters[p.key])
                leverKeys.insert(p.key)
            }
        }
        levers = lv
        otherParameters = ParameterRegistry.all.filter { !leverKeys.contains($0.key) && sc.parameters[$0.key] != $0.defaultValue }
            .map { ($0.key, sc.parameters[$0.key]) }
    }

    /// The `population:` mapping of a case, re-serialised (for generated populations).
    static func populationBlock(of text: String) -> String? {
        guard let node = try? Yams.compose(yaml: text), let pop = node.mapping?["population"] else { return nil }
        return try? Yams.serialize(node: Node.mapping(Node.Mapping([(Node("population"), pop)])))
    }

    /// Takes what the page posted: every field it knows, rows added or removed.
    mutating func apply(_ form: FormData) {
        for key in ["name", "description", "seed", "replicates", "days"] {
            // Browsers send a textarea's line ends as CRLF; the file gets LF.
            guard let v = form[key]?.replacingOccurrences(of: "\r\n", with: "\n") else { continue }
            switch key {
            case "name": name = v
            case "description": description = v
            case "seed": seed = v
            case "replicates": replicates = v
            default: days = v
            }
        }
        if generatedPopulation == nil {
            let count = min(Int(form["community_count"] ?? "") ?? communities.count, 2_000)
            var rows: [Community] = []
            for i in 0..<count {
                var row = i < communities.count ? communities[i]
                    : Community(name: "", type: "old_compound", households: "", street: "street", buildings: nil, district: "district", overrides: [:])
                if let v = form[Self.communityField(i, "name")] { row.name = v }
                if let v = form[Self.communityField(i, "type")] { row.type = v }
                if let v = form[Self.communityField(i, "households")] { row.households = v }
                if let v = form[Self.communityField(i, "street")] { row.street = v }
                if form[Self.communityField(i, "remove")] == "true" { continue }
                rows.append(row)
            }
            if let n = form["new.name"]?.trimmingCharacters(in: .whitespaces), !n.isEmpty {
                rows.append(Community(name: n, type: form["new.type"] ?? "old_compound", households: form["new.households"] ?? "",
                                      street: (form["new.street"]?.isEmpty ?? true) ? "street" : form["new.street"]!,
                                      buildings: nil, district: "district", overrides: [:]))
            }
            communities = rows
        }
        for key in levers.keys { if let v = form[key] { levers[key] = v } }
    }

    // MARK: YAML

    /// The scenario as YAML, and for each line (1-based) the field it came from.
    func yaml() -> (text: String, fieldOfLine: [Int: String]) {
        var lines: [String] = []
        var fields: [Int: String] = [:]
        func add(_ line: String, field: String? = nil) {
            lines.append(line)
            if let field { fields[lines.count] = field }
        }
        add("# Made in the Linli studio from \(origin.replacingOccurrences(of: "\n", with: " ")).")
        add("# `linli validate` checks this file; `linli run` reproduces the studio's run of it byte for byte.")
        add("name: \(Self.quoted(name))", field: "name")
        add("description: \(Self.quoted(description))", field: "description")
        add("seed: \(Self.number(seed))", field: "seed")
        if replicates.trimmingCharacters(in: .whitespaces) == "auto", let p = precision {
            add("replicates: auto", field: "replicates")
            add("precision:")
            add("  metric: \(Self.quoted(p.metric))")
            add("  half_width: \(formatNumber(p.halfWidth))")
            add("  max: \(p.max)")
            add("  batch: \(p.batch)")
            add("  min: \(p.min)")
        } else {
            add("replicates: \(Self.number(replicates))", field: "replicates")
        }
        add("days: \(Self.number(days))", field: "days")
        if let block = generatedPopulation {
            for l in block.split(separator: "\n", omittingEmptySubsequences: false) where !l.isEmpty { add(String(l)) }
        } else {
            add("population:")
            add("  communities:")
            for (i, c) in communities.enumerated() {
                add("    - name: \(Self.quoted(c.name))", field: Self.communityField(i, "name"))
                add("      type: \(Self.word(c.type))", field: Self.communityField(i, "type"))
                add("      households: \(Self.number(c.households))", field: Self.communityField(i, "households"))
                if let b = c.buildings { add("      buildings: \(b)", field: Self.communityField(i, "households")) }
                add("      street: \(Self.quoted(c.street))", field: Self.communityField(i, "street"))
                if c.district != "district" { add("      district: \(Self.quoted(c.district))") }
                if !c.overrides.isEmpty {
                    add("      overrides:")
                    for (k, v) in c.overrides.sorted(by: { $0.key < $1.key }) { add("        \(k): \(formatNumber(v))") }
                }
            }
        }
        if observe.level != nil || observe.every != 1 {
            add("observe:")
            if let level = observe.level { add("  level: \(level.rawValue)") }
            if observe.every != 1 { add("  every: \(observe.every)") }
        }
        var leverLines: [(String, String?)] = []
        for lever in LeverRegistry.all {
            let on = levers["\(lever.name).on"] ?? "false"
            var block: [(String, String?)] = []
            for p in lever.parameters where p.key != "\(lever.name).on" {
                let text = levers[p.key] ?? p.format(p.defaultValue)
                if let v = Double(text.trimmingCharacters(in: .whitespaces)), v == p.defaultValue { continue }
                if p.kind == .boolean, text == p.format(p.defaultValue) { continue }
                let field = String(p.key.dropFirst(lever.name.count + 1))
                block.append(("    \(field): \(Self.value(text, kind: p.kind))", p.key))
            }
            guard on == "true" || !block.isEmpty else { continue }
            leverLines.append(("  \(lever.name):", nil))
            leverLines.append(("    on: \(Self.value(on, kind: .boolean))", "\(lever.name).on"))
            leverLines += block
        }
        if !leverLines.isEmpty {
            add("levers:")
            for (l, f) in leverLines { add(l, field: f) }
        }
        if !otherParameters.isEmpty {
            add("parameters:")
            for (k, v) in otherParameters { add("  \(k): \(formatNumber(v))") }
        }
        return (lines.joined(separator: "\n") + "\n", fields)
    }

    /// A YAML double-quoted string (JSON's escapes are YAML's): text stays text.
    static func quoted(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A number as typed if it is one, else quoted (the loader then says what it expected).
    static func number(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        return isNumber(t) ? t : quoted(s)
    }

    static func value(_ s: String, kind: ParamSpec.Kind) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        if kind == .boolean { return t == "true" || t == "false" ? t : quoted(s) }
        return number(t)
    }

    /// A bare word of `[a-z_]` (community types); anything else quoted.
    static func word(_ s: String) -> String {
        !s.isEmpty && s.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" }) ? s : quoted(s)
    }

    static func isNumber(_ t: String) -> Bool {
        guard !t.isEmpty, t.utf8.count < 40 else { return false }
        var sawDigit = false, sawExp = false, sawDot = false
        var prev: Character = " "
        for (i, ch) in t.enumerated() {
            switch ch {
            case "0"..."9": sawDigit = true
            case "-", "+": guard i == 0 || prev == "e" || prev == "E" else { return false }
            case ".": guard !sawDot, !sawExp else { return false }; sawDot = true
            case "e", "E": guard sawDigit, !sawExp else { return false }; sawExp = true
            default: return false
            }
            prev = ch
        }
        return sawDigit && prev.isNumber
    }

    // MARK: validation

    struct Problems: Sendable {
        var general: [String] = []
        var byField: [String: [String]] = [:]
        var isEmpty: Bool { general.isEmpty && byField.isEmpty }
    }

    /// The scenario the loader makes of the YAML, or the problems located at their fields.
    func validate(path: String) -> Result<(Scenario, String), ProblemsError> {
        let (text, fieldOfLine) = yaml()
        do {
            return .success((try ScenarioLoader.parse(text: text, path: path), text))
        } catch let e as ScenarioErrors {
            var problems = Problems()
            for err in e.errors {
                if let f = fieldOfLine[err.line] { problems.byField[f, default: []].append(err.message) }
                else { problems.general.append("line \(err.line): \(err.message)") }
            }
            return .failure(ProblemsError(problems: problems))
        } catch {
            return .failure(ProblemsError(problems: Problems(general: ["\(error)"])))
        }
    }

    struct ProblemsError: Error { var problems: Problems }
}
