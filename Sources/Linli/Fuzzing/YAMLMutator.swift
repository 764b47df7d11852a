import Foundation
import Yams

/// The structure-aware half of `linli-fuzz`'s mutator: parses a YAML input,
/// changes its tree the way a hand edit goes wrong, and re-emits it. Byte
/// mutations (libFuzzer's own) mostly break the YAML syntax, so they test the
/// parser's error path again and again; these keep the file well formed and
/// push the validators: a number becomes a string, a bool, a list or a
/// mapping; a key is misspelt or replaced by another valid key; a subtree is
/// copied elsewhere, swapped, duplicated or deleted.
public enum YAMLMutator {
    /// Mutated `text` (1-3 tree edits chosen by `seed`), or nil when it is not
    /// YAML with a root, or too large to copy around (aliases expanded).
    public static func mutate(_ text: String, seed: UInt64) -> String? {
        guard let root = try? Yams.compose(yaml: text), count(root, limit: 20_000) <= 20_000 else { return nil }
        var rng = SplitMix64(seed: seed)
        var node = root
        for _ in 0...Int(rng.next() % 3) { node = mutateOnce(node, &rng) }
        return try? Yams.serialize(node: node)
    }

    /// `--set` lines (one `KEY=VALUE` a line) with one line's key or value
    /// replaced: a registry key or a near miss, an edge value, or a new line.
    public static func mutateSets(_ text: String, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let i = Int(rng.next() % UInt64(lines.count))
        let parts = lines[i].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let key = parts[0], value = parts.count > 1 ? parts[1] : ""
        let anyKey = ParameterRegistry.all[Int(rng.next() % UInt64(ParameterRegistry.all.count))].key
        let anyValue = scalars[Int(rng.next() % UInt64(scalars.count))]
        switch rng.next() % 5 {
        case 0: lines[i] = anyKey + "=" + value
        case 1: lines[i] = nearMiss(key, &rng) + "=" + value
        case 2: lines[i] = key + "=" + anyValue
        case 3: lines.insert(anyKey + "=" + anyValue, at: Int(rng.next() % UInt64(lines.count + 1)))
        default: lines[i] = key + (rng.next() % 2 == 0 ? " = " : "==") + value
        }
        return lines.joined(separator: "\n")
    }

    /// A small deterministic generator: the mutation is a function of libFuzzer's seed.
    public struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One step from a node to a child: a mapping's i-th key or value, or a sequence's i-th item.
    enum Step: Equatable { case key(Int), value(Int), item(Int) }

    static func count(_ node: Node, limit: Int) -> Int {
        var n = 1
        switch node {
        case .mapping(let m): for (k, v) in m where n <= limit { n += count(k, limit: limit) + count(v, limit: limit) }
        case .sequence(let s): for x in s where n <= limit { n += count(x, limit: limit) }
        default: break
        }
        return n
    }

    /// Every path in preorder (the root is `[]`).
    static func paths(_ node: Node, _ prefix: [Step] = [], into out: inout [[Step]]) {
        out.append(prefix)
        switch node {
        case .mapping(let m):
            for (i, (k, v)) in m.enumerated() {
                paths(k, prefix + [.key(i)], into: &out)
                paths(v, prefix + [.value(i)], into: &out)
            }
        case .sequence(let s):
            for (i, x) in s.enumerated() { paths(x, prefix + [.item(i)], into: &out) }
        default: break
        }
    }

    static func node(at path: ArraySlice<Step>, in node: Node) -> Node? {
        guard let step = path.first else { return node }
        switch (node, step) {
        case (.mapping(let m), .key(let i)) where i < m.count: return self.node(at: path.dropFirst(), in: Array(m)[i].key)
        case (.mapping(let m), .value(let i)) where i < m.count: return self.node(at: path.dropFirst(), in: Array(m)[i].value)
        case (.sequence(let s), .item(let i)) where i < s.count: return self.node(at: path.dropFirst(), in: Array(s)[i])
        default: return nil
        }
    }

    /// `node` with the subtree at `path` replaced by `change(old)`; nil from `change` deletes it
    /// (the whole pair when the path ends at a mapping key or value).
    static func replacing(_ path: ArraySlice<Step>, in node: Node, _ change: (Node) -> Node?) -> Node? {
        guard let step = path.first else { return change(node) }
        switch (node, step) {
        case (.mapping(let m), .key(let i)), (.mapping(let m), .value(let i)):
            var pairs = m.map { ($0.key, $0.value) }
            guard i < pairs.count else { return node }
            let isKey = step == .key(i)
            if let new = replacing(path.dropFirst(), in: isKey ? pairs[i].0 : pairs[i].1, change) {
                if isKey { pairs[i].0 = new } else { pairs[i].1 = new }
            } else {
                pairs.remove(at: i)
            }
            return .mapping(Node.Mapping(pairs, m.tag, m.style))
        case (.sequence(let s), .item(let i)):
            var items = Array(s)
            guard i < items.count else { return node }
            if let new = replacing(path.dropFirst(), in: items[i], change) { items[i] = new } else { items.remove(at: i) }
            return .sequence(Node.Sequence(items, s.tag, s.style))
        default:
            return node
        }
    }

    static func plain(_ s: String) -> Node { .scalar(Node.Scalar(s, Tag(.implicit), .plain)) }
    static func quoted(_ s: String) -> Node { .scalar(Node.Scalar(s, Tag(.implicit), .doubleQuoted)) }

    /// Values a hand edit or a careless generator writes: edge numbers, wrong types, YAML 1.1 booleans.
    static let scalars = ["0", "-1", "1", "2", "0.5", "1.5", "-0.0", "1e308", "-1e308", "1e-320", "36500", "36501",
                          "100000", "100001", "2000000", "18446744073709551615", "18446744073709551616",
                          "9223372036854775807", ".inf", "-.inf", ".nan", "0x10", "1_000", "+3", "true", "false",
                          "yes", "no", "on", "off", "~", "null", "", "x", "all", "=cmd", "-", "@x", "é", "a b"]

    /// Keys worth trying anywhere: the fields of scenario, sweep and calibration files,
    /// design and method names, and every registry key and lever name.
    static let vocabulary: [String] = {
        var words = ["name", "description", "seed", "replicates", "days", "population", "communities", "type",
                     "households", "buildings", "street", "overrides", "levers", "parameters", "scenario", "model",
                     "set", "design", "factors", "metrics", "community", "common_random_numbers", "points", "skip",
                     "base_samples", "trajectories", "levels", "key", "scale", "range", "count", "targets", "method",
                     "metric", "value", "tolerance", "interval", "weight", "relative_to", "nelder_mead", "abc",
                     "starts", "max_evaluations", "simplex_size", "step", "samples", "accept", "smc", "quantile",
                     "generations", "factorial", "latin_hypercube", "sobol", "saltelli", "morris", "linear", "log",
                     "integer", "boolean", "categorical", "ishigami", "g_function", "rosenbrock", "old_compound",
                     "village", "tenant_share", "share_child", "on", "start_day"]
        words += ParameterRegistry.all.map(\.key)
        words += LeverRegistry.all.map(\.name)
        return words
    }()

    /// A near miss of `s`: a letter dropped, doubled, swapped or changed in case, `_` for `-`, a plural.
    static func nearMiss(_ s: String, _ rng: inout SplitMix64) -> String {
        var c = Array(s)
        guard !c.isEmpty else { return "x" }
        let i = Int(rng.next() % UInt64(c.count))
        switch rng.next() % 6 {
        case 0: c.remove(at: i)
        case 1: c.insert(c[i], at: i)
        case 2: if i + 1 < c.count { c.swapAt(i, i + 1) } else { c.append("s") }
        case 3:
            // Case changes can change the length ("ß" → "SS"): keep one-character ones.
            let flipped = c[i].isUppercase ? c[i].lowercased() : c[i].uppercased()
            if flipped.count == 1 { c[i] = Character(flipped) }
        case 4: return s.contains("_") ? s.replacingOccurrences(of: "_", with: "-") : s + "s"
        default:
            // A key of dots alone splits into nothing (found by the fuzzer after 479,461 inputs).
            return s.contains(".") ? (s.split(separator: ".").last.map(String.init) ?? "x") : s + ".x"
        }
        return String(c)
    }

    static func randomValue(_ old: Node, _ donor: Node?, _ rng: inout SplitMix64) -> Node {
        let pick = { (n: Int, rng: inout SplitMix64) in Int(rng.next() % UInt64(n)) }
        let scalar = scalars[pick(scalars.count, &rng)]
        switch rng.next() % 8 {
        case 0: return plain(scalar)
        case 1: // a number as a quoted string, or a quoted value as plain
            if case .scalar(let s) = old { return s.style == .plain || s.style == .any ? quoted(s.string) : plain(s.string) }
            return quoted(scalar)
        case 2: return .sequence(Node.Sequence((0..<pick(4, &rng)).map { _ in plain(scalars[pick(scalars.count, &rng)]) }, Tag(.seq)))
        case 3: return .mapping(Node.Mapping([(plain(vocabulary[pick(vocabulary.count, &rng)]), plain(scalar))], Tag(.map)))
        case 4: return .sequence(Node.Sequence([old], Tag(.seq)))      // wrapped in a list
        case 5: return donor ?? plain(scalar)                            // another node's subtree
        case 6:
            if case .scalar(let s) = old, let d = Double(s.string) {   // a nearby or scaled number
                let v = [d + 1, d - 1, -d, d * 10, d / 10, d.rounded(.down), d + 0.5][pick(7, &rng)]
                return plain(v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v))
            }
            return plain(scalar)
        default: return quoted(scalar)
        }
    }

    static func mutateOnce(_ root: Node, _ rng: inout SplitMix64) -> Node {
        var all: [[Step]] = []
        paths(root, into: &all)
        let path = all[Int(rng.next() % UInt64(all.count))]
        let donorPath = all[Int(rng.next() % UInt64(all.count))]
        let donor = node(at: donorPath[...], in: root)
        switch rng.next() % 6 {
        case 0, 1: // change a value's type or value
            guard !path.isEmpty else { return root }
            if case .key? = path.last { // a key: rename it
                return replacing(path[...], in: root) { old in
                    guard case .scalar(let s) = old else { return plain("x") }
                    return rng.next() % 2 == 0 ? plain(nearMiss(s.string, &rng)) : plain(vocabulary[Int(rng.next() % UInt64(vocabulary.count))])
                } ?? root
            }
            return replacing(path[...], in: root) { randomValue($0, donor, &rng) } ?? root
        case 2: // rename a key of a mapping
            let keyPaths = all.filter { if case .key? = $0.last { return true } else { return false } }
            guard !keyPaths.isEmpty else { return root }
            let p = keyPaths[Int(rng.next() % UInt64(keyPaths.count))]
            return replacing(p[...], in: root) { old in
                guard case .scalar(let s) = old else { return plain("x") }
                return rng.next() % 2 == 0 ? plain(nearMiss(s.string, &rng)) : plain(vocabulary[Int(rng.next() % UInt64(vocabulary.count))])
            } ?? root
        case 3: // delete a subtree (a mapping pair or a list item)
            guard !path.isEmpty else { return root }
            return replacing(path[...], in: root) { _ in nil } ?? root
        case 4: // duplicate: a pair repeated in its mapping, an item in its list
            guard let last = path.last else { return root }
            let parent = path.dropLast()
            return replacing(parent[...], in: root) { p in
                switch (p, last) {
                case (.mapping(let m), .key(let i)), (.mapping(let m), .value(let i)):
                    var pairs = m.map { ($0.key, $0.value) }
                    pairs.insert(pairs[i], at: Int(rng.next() % UInt64(pairs.count + 1)))
                    return .mapping(Node.Mapping(pairs, m.tag, m.style))
                case (.sequence(let s), .item(let i)):
                    var items = Array(s)
                    items.insert(items[i], at: Int(rng.next() % UInt64(items.count + 1)))
                    return .sequence(Node.Sequence(items, s.tag, s.style))
                default: return p
                }
            } ?? root
        default: // swap two subtrees when neither contains the other
            guard let a = node(at: path[...], in: root), let b = donor, !path.isEmpty, !donorPath.isEmpty,
                  !path.starts(with: donorPath), !donorPath.starts(with: path) else { return root }
            let once = replacing(path[...], in: root) { _ in b } ?? root
            return replacing(donorPath[...], in: once) { _ in a } ?? once
        }
    }
}
