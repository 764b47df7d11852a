import Foundation
import Yams

/// The shared machinery of Linli's strict YAML files (scenarios, sweeps): one
/// pass over the tree that collects every problem as `PATH:LINE:COLUMN:
/// message`, with typed scalar checks and "did you mean" hints for unknown
/// keys. A file's own validator subclasses it and walks its schema.
class YAMLValidator {
    typealias L = ScenarioLoader

    let path: String
    let text: String
    private(set) var errors: [ScenarioError] = []

    init(path: String, text: String) { self.path = path; self.text = text }

    /// The root node of `text`, or nil after reporting a YAML syntax error, an
    /// empty file (`emptyMessage`) or a root that is not a mapping (`rootMessage`
    /// followed by "; found …").
    func composeRoot(emptyMessage: String, rootMessage: String) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
            if let r = root, !guardTree(r) { return nil }
        } catch let error as YamlError {
            reportYaml(error)
            return nil
        } catch {
            report(line: 1, column: 1, "YAML error: \(error)")
            return nil
        }
        guard let root, !isNull(root) else {
            report(line: 1, column: 1, emptyMessage)
            return nil
        }
        guard case .mapping = root else {
            report(root, "\(rootMessage); found \(L.describe(root))")
            return nil
        }
        return root
    }

    /// Most YAML nodes a file may expand to. Linli's largest shipped file has a
    /// few thousand; aliases can make a 600-byte file stand for 10⁹ nodes
    /// ("billion laughs"), which every later walk would visit.
    static let maxNodes = 1_000_000

    /// YAML's own types (and the implicit and non-specific tags); any other
    /// explicit tag (`!!python/object:…`, `!custom`) means the file was
    /// written for another program, which Linli will not pretend to be.
    static let coreTags: Set<String> = ["str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge",
                                        "binary", "omap", "pairs", "set", "value"]
        .reduce(into: ["", "!"]) { $0.insert("tag:yaml.org,2002:" + $1) }

    /// Walks the composed tree once, breadth-first with a node budget, so a
    /// file that expands past `maxNodes` through aliases is refused in bounded
    /// time; reports every foreign tag at its location. False if refused.
    func guardTree(_ root: Node) -> Bool {
        var queue: [Node] = [root], head = 0, ok = true
        while head < queue.count {
            if queue.count > Self.maxNodes {
                report(root, "the file expands to more than \(Self.maxNodes) YAML nodes (aliases that repeat aliases?); Linli files are far smaller: write the values out or remove the alias chain")
                return false
            }
            let node = queue[head]
            head += 1
            let tag = node.tag.description
            if !Self.coreTags.contains(tag) {
                report(node, "unsupported YAML tag `\(tag.replacingOccurrences(of: "tag:yaml.org,2002:", with: "!!"))`: Linli reads plain values only")
                ok = false
            }
            switch node {
            case .mapping(let m): for (k, v) in m { queue.append(k); queue.append(v) }
            case .sequence(let q): queue.append(contentsOf: q)
            default: break
            }
        }
        return ok
    }

    /// The keys scenarios and sweeps share: `name` (required), `description`,
    /// `seed` (default 1) and `replicates` (1...100000, default 1); nil fields were reported.
    /// With `allowAuto`, `replicates: auto` passes with a placeholder count of
    /// 1: the caller reads `precision:` (`precisionSetting`) and sets the count.
    func header(_ top: [String: Entry], in root: Node, nameWhat: String, allowAuto: Bool = false)
        -> (name: String?, description: String, seed: UInt64?, replicates: Int?) {
        let name = required(top, "name", in: root, "", nameWhat).flatMap { label($0.value, "name") }
        var description = ""
        if let e = top["description"], !isNull(e.value) { description = string(e.value, "description", nonEmpty: false) ?? "" }
        var seed: UInt64? = 1
        if let e = top["seed"] { seed = self.seed(e.value) }
        var replicates: Int? = 1
        if let e = top["replicates"], !(allowAuto && isAuto(top)) { replicates = integer(e.value, "replicates", 1...100_000) }
        return (name, description, seed, replicates)
    }

    /// Errors in file order (line, column), ties in the order found.
    var sortedErrors: [ScenarioError] {
        errors.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    func report(line: Int, column: Int, _ message: String) {
        errors.append(ScenarioError(file: path, line: max(line, 1), column: max(column, 1), message: message))
    }

    func report(_ node: Node, _ message: String) {
        report(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message)
    }

    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: Shapes

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, case .null = L.classify(s) { return true }
        return false
    }

    /// The entries of a mapping node, or nil (reported) when it is not one.
    /// `allowNull` treats an empty value as an empty mapping.
    func mapping(_ node: Node, _ path: String, allowNull: Bool = false, expected: String = "a mapping") -> [Entry]? {
        if allowNull && isNull(node) { return [] }
        guard case .mapping(let m) = node else {
            report(node, "\(path): expected \(expected), found \(L.describe(node))")
            return nil
        }
        var entries: [Entry] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else {
                report(k, "\(path.isEmpty ? "top level" : path): keys must be plain names, found \(L.describe(k))")
                continue
            }
            entries.append(Entry(key: s.string, keyNode: k, value: v))
        }
        return entries
    }

    /// Splits entries into known ones (by key) and reports the unknown ones.
    func known(_ entries: [Entry], _ path: String, allowed: [String],
               unknown: (Entry) -> String = { "unknown key `\($0.key)`" }, extraHint: (Entry) -> String = { _ in "" }) -> [String: Entry] {
        var result: [String: Entry] = [:]
        for e in entries {
            if allowed.contains(e.key) {
                result[e.key] = e
                continue
            }
            var hint = NearestKey.hint(e.key, allowed)
            let extra = extraHint(e)
            if !extra.isEmpty { hint = "; " + extra }
            else if hint.isEmpty && allowed.count <= 10 {
                hint = "; valid keys here: " + allowed.map { "`\($0)`" }.joined(separator: ", ")
            }
            report(e.keyNode, "\(Self.join(path, e.key)): \(unknown(e))\(hint)")
        }
        return result
    }

    func required(_ fields: [String: Entry], _ key: String, in parent: Node, _ path: String, _ what: String) -> Entry? {
        if let e = fields[key] { return e }
        report(parent, "\(path.isEmpty ? "top level" : path): missing required field `\(key)` (\(what))")
        return nil
    }

    // MARK: Scalars

    func scalarValue(_ node: Node) -> (ScenarioLoader.ScalarValue, String) {
        guard case .scalar(let s) = node else { return (.string(""), L.describe(node)) }
        return (L.classify(s), s.string)
    }

    func number(_ node: Node, _ path: String, integer: Bool, range: ClosedRange<Double>?, rangeNote: String = "") -> Double? {
        let (value, raw) = scalarValue(node)
        switch L.number(value, raw: raw, described: L.describe(node), integer: integer, range: range, rangeNote: rangeNote) {
        case .success(let d): return d
        case .failure(let p): report(node, "\(path): \(p.message)"); return nil
        }
    }

    func integer(_ node: Node, _ path: String, _ range: ClosedRange<Int>, rangeNote: String = "") -> Int? {
        number(node, path, integer: true, range: Double(range.lowerBound)...Double(range.upperBound), rangeNote: rangeNote)
            .map { Int($0) }
    }

    func string(_ node: Node, _ path: String, nonEmpty: Bool = true) -> String? {
        guard case .scalar(let s) = node, !isNull(node) else {
            report(node, "\(path): expected a string, found \(L.describe(node))")
            return nil
        }
        if nonEmpty && s.string.trimmingCharacters(in: .whitespaces).isEmpty {
            report(node, "\(path): expected a non-empty string, found \(L.quote(s.string))")
            return nil
        }
        return s.string
    }

    /// A name that lands in a CSV cell (scenario, sweep, community, street,
    /// target): a string that cannot start a spreadsheet formula. Excel,
    /// LibreOffice and Sheets run a cell beginning `=`, `+`, `-` or `@` (and
    /// strip a leading tab or carriage return first), so `=HYPERLINK(…)` as a
    /// community name would be a live link in everyone's summary.csv.
    func label(_ node: Node, _ path: String) -> String? {
        guard let s = string(node, path) else { return nil }
        if let why = Self.formulaHazard(s) {
            report(node, "\(path): \(L.quote(s)) \(why); names are written into CSV files, where a spreadsheet would run it as a formula (start the name with a letter or digit)")
            return nil
        }
        return s
    }

    /// Why a CSV cell holding `s` could start a formula, or nil.
    static func formulaHazard(_ s: String) -> String? {
        guard let c = s.unicodeScalars.first else { return nil }
        switch c {
        case "=", "+", "-", "@": return "begins with `\(c)`"
        case "\t": return "begins with a tab"
        case "\r": return "begins with a carriage return"
        default: return nil
        }
    }

    func parameter(_ node: Node, _ path: String, _ spec: ParamSpec) -> Double? {
        let (value, raw) = scalarValue(node)
        switch L.typedValue(value, raw: raw, described: L.describe(node), spec: spec) {
        case .success(let d): return d
        case .failure(let p): report(node, "\(path): \(p.message)"); return nil
        }
    }

    func seed(_ node: Node, _ path: String = "seed") -> UInt64? {
        let range = "0...\(UInt64.max)"
        guard case .scalar(let s) = node, case .number(let d) = L.classify(s) else {
            report(node, "\(path): expected a non-negative integer, found \(L.describe(node))")
            return nil
        }
        var digits = s.string.replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("+") { digits.removeFirst() }
        if let u = UInt64(digits) { return u }
        if d.isFinite && d == d.rounded() {
            report(node, "\(path): expected an integer in \(range), found \(s.string)")
        } else {
            report(node, "\(path): expected a non-negative integer, found \(s.string)")
        }
        return nil
    }

    // MARK: YAML errors

    func reportYaml(_ error: YamlError) {
        func where_(_ c: YamlError.Context?) -> String {
            guard let c else { return "" }
            return " (\(c.text) at \(c.mark.line):\(c.mark.column))"
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            report(line: mark.line, column: mark.column, "YAML syntax error: \(problem)\(where_(context))")
        case let .reader(problem, offset, _, _):
            var line = 1, column = 1
            if let offset {
                for ch in text.prefix(offset) {
                    if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += 1 }
                }
            }
            report(line: line, column: column, "YAML cannot read the text: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams marks the first occurrence; point at the repeat when it can be found.
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            let mark = context.mark
            if let first = duplicates.first, let line = repeatLine(of: first, after: mark) {
                report(line: line, column: mark.column,
                       "duplicate key \(keys): a key may appear only once in a mapping (first at line \(mark.line))")
            } else {
                report(line: mark.line, column: mark.column, "duplicate key \(keys): a key may appear only once in a mapping")
            }
        default:
            report(line: 1, column: 1, "YAML error: \(error)")
        }
    }

    /// The line of the next `key:` at the same column as `mark` in the same
    /// block mapping (stops where the indentation drops below it), if any.
    func repeatLine(of key: String, after mark: Mark) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let indent = mark.column - 1
        guard mark.line >= 1, mark.line < lines.count else { return nil }
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard let firstContent = scalars.firstIndex(where: { $0 != " " && $0 != "\r" && $0 != "\t" }),
                  scalars[firstContent] != "#" else { continue }
            if firstContent < indent { return nil }
            guard firstContent == indent else { continue }
            var rest = String(String.UnicodeScalarView(scalars[indent...]))[...]
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                rest = rest.dropFirst(candidate.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix(":") { return index + 1 }
                break
            }
        }
        return nil
    }
}

/// Reading a Linli YAML file (scenario, sweep, calibration) before parsing:
/// refuses what is not a small UTF-8 text file with a located reason, so a
/// wrong file (a CSV export, a binary, a 50 MB log) costs neither time nor
/// memory and says what it is.
enum YAMLFile {
    /// Largest file Linli reads; the largest shipped file is ~25 KB.
    static let maxBytes = 16 << 20

    static func readText(_ path: String, what: String) throws -> String {
        func fail(_ message: String, line: Int = 0, column: Int = 0) -> ScenarioErrors {
            ScenarioErrors([ScenarioError(file: path, line: line, column: column, message: line == 0 ? "cannot read the \(what): \(message)" : message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("no such file") }
        if isDirectory.boolValue { throw fail("it is a directory, not a file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            throw fail(String(format: "the file is %.1f MB; Linli reads files of at most %d MB (is it the right file?)",
                              Double(size) / 1_048_576, maxBytes >> 20))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("unreadable") }
        if data.count > maxBytes { throw fail("the file is larger than \(maxBytes >> 20) MB") }
        return try decode(data, path: path, what: what)
    }

    /// `data` as text, or a located error at the first byte that is not
    /// UTF-8 or is a NUL (the fuzz targets start here, with no file).
    static func decode(_ data: Data, path: String, what: String) throws -> String {
        func fail(_ message: String, line: Int, column: Int) -> ScenarioErrors {
            ScenarioErrors([ScenarioError(file: path, line: line, column: column, message: message)])
        }
        // Locate the first byte that is not UTF-8 text, or a NUL.
        var line = 1, column = 1, offset = 0
        var bytes = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        loop: while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let unit):
                let scalar = Unicode.UTF8.decode(unit)
                if scalar == "\0" {
                    throw fail("cannot read the \(what): the file holds a NUL byte (byte \(offset)): it is binary, not YAML text", line: line, column: column)
                }
                offset += unit.count
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .error(let length):
                _ = length
                throw fail("cannot read the \(what): the file is not valid UTF-8 text from byte \(offset) on; save it as UTF-8", line: line, column: column)
            case .emptyInput:
                break loop
            }
        }
        return String(decoding: data, as: UTF8.self)
    }
}

