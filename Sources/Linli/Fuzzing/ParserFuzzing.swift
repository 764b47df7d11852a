import Foundation

/// The checks behind `linli-fuzz` (issue "Robustness", item 1), in the library
/// so that `swift test` replays the committed corpus through exactly what the
/// fuzzer runs. Each target feeds one input to one parser; the input must
/// either load or be refused with `ScenarioErrors` that a user can act on:
/// every error located (`file:line:column`, line and column ≥ 1, the line
/// inside the input), or — only where a parser has no position to give — a
/// file-level error with line 0. A crash is caught by the fuzzer itself; a
/// wrongly shaped rejection is caught here and returned as a violation, which
/// the fuzz target turns into a trap.
public enum ParserFuzzing {
    /// One parser under fuzzing; the raw value names it on the command line
    /// (`linli-fuzz TARGET FILE...`, `LINLI_FUZZ_TARGET`, `scripts/fuzz.sh TARGET`).
    public enum Target: String, CaseIterable, Sendable {
        case scenario, sweep, calibration, set
        case where_ = "where"
    }

    /// Where a fuzzed file pretends to live, below `root` (the package
    /// directory): next to the shipped files of its kind, so that the
    /// `scenario:` references of the seed corpus (`small-compound.yaml`,
    /// `../baseline.yaml`) resolve to real scenarios and the validators go
    /// past the base scenario into designs, factors and targets. No file is
    /// written there; only the referenced scenarios are read.
    public static func virtualPath(_ target: Target, root: String) -> String {
        switch target {
        case .scenario: return root + "/scenarios/fuzz-input.yaml"
        case .sweep: return root + "/scenarios/sweeps/fuzz-input.yaml"
        case .calibration: return root + "/scenarios/calibration/fuzz-input.yaml"
        case .set: return "--set"
        case .where_: return "--where"
        }
    }

    /// Runs `input` through `target`'s parser; nil when it loaded or was
    /// refused as promised, else what was wrong (the fuzz target traps on it).
    public static func check(_ target: Target, _ input: Data, root: String) -> String? {
        switch target {
        case .scenario:
            return yamlFile(input, path: virtualPath(target, root: root), what: "scenario") {
                _ = try ScenarioLoader.parse(text: $0, path: $1)
            }
        case .sweep:
            return yamlFile(input, path: virtualPath(target, root: root), what: "sweep") {
                _ = try SweepLoader.parse(text: $0, path: $1)
            }
        case .calibration:
            return yamlFile(input, path: virtualPath(target, root: root), what: "calibration file") {
                _ = try CalibrationLoader.parse(text: $0, path: $1)
            }
        case .set:
            return sets(input)
        case .where_:
            return whereExpression(input)
        }
    }

    // MARK: YAML files

    /// Decodes `input` as the loaders do (UTF-8, no NUL) and parses it.
    static func yamlFile(_ input: Data, path: String, what: String,
                         _ parse: (String, String) throws -> Void) -> String? {
        let text: String
        do {
            text = try YAMLFile.decode(input, path: path, what: what)
            try parse(text, path)
            return nil
        } catch let e as ScenarioErrors {
            // A decoding error is located in the raw bytes; count lines there.
            let lines = lineCount(String(decoding: input, as: UTF8.self))
            return violation(e, path: path, lines: lines)
        } catch {
            return "threw \(type(of: error)), not ScenarioErrors: \(error)"
        }
    }

    /// What is wrong with the errors a YAML loader threw for the file `path` of `lines` lines, or nil.
    ///
    /// Rules: at least one error; every message non-empty; an error in `path`
    /// has line 1...lines+1 (libyaml may point just past the last line break)
    /// and column ≥ 1; an error in another file (a referenced base scenario)
    /// has line ≥ 1 and column ≥ 1, or is that file's file-level error (line
    /// and column 0, "cannot read …") — and then a located error in `path`
    /// points at the reference, so the user sees which line names the file.
    static func violation(_ e: ScenarioErrors, path: String, lines: Int) -> String? {
        guard !e.errors.isEmpty else { return "threw ScenarioErrors with no error" }
        let locatedHere = e.errors.contains { $0.file == path && $0.line >= 1 }
        for error in e.errors {
            if error.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return "an empty message: \(error)"
            }
            if error.line == 0 {
                guard error.column == 0, error.message.hasPrefix("cannot read"), locatedHere else {
                    return "an unlocated error (line 0) that is not a referenced file's file-level error beside a located one: \(error)"
                }
                continue
            }
            guard error.line >= 1, error.column >= 1 else { return "a bad location \(error.line):\(error.column): \(error)" }
            if error.file == path && error.line > lines + 1 {
                return "line \(error.line) is past the input's \(lines) lines: \(error)"
            }
        }
        return nil
    }

    /// Lines as libyaml counts them: breaks are LF, CR, CR LF, NEL, LS and PS.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previousCR = false
        for u in text.unicodeScalars {
            switch u {
            case "\n": if !previousCR { count += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
            default: break
            }
            previousCR = u == "\r"
        }
        return count
    }

    // MARK: --set

    /// The base of the `--set` target: two community types, so the
    /// consistency rules (age shares, tenant and migrant shares) are
    /// re-checked for the type a `community.<type>.…` key touches.
    static let setBase = """
        name: set-base
        days: 30
        population:
          communities:
            - {name: a, type: old_compound, households: 100}
            - {name: b, type: village, households: 50, overrides: {tenant_share: 0.5}}
        """

    /// `setBase` parsed once: parsing it per input was most of the target's time.
    static let parsedSetBase = Result { try ScenarioLoader.parse(text: setBase, path: "set-base.yaml") }

    /// Each input line is one `--set KEY=VALUE` argument (at most 64).
    /// Accepted: the scenario's parameters now hold the values. Refused:
    /// every error is `--set …: message` with line 0 (a command-line
    /// argument has no position) and the scenario is unchanged.
    static func sets(_ input: Data) -> String? {
        let text = String(decoding: input, as: UTF8.self)
        let sets = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64).map(String.init)
        let base: Scenario
        switch parsedSetBase {
        case .success(let s): base = s
        case .failure(let error): return "the --set base scenario is invalid: \(error)"
        }
        var scenario = base
        do {
            try ScenarioLoader.applySets(sets, to: &scenario)
            return nil
        } catch let e as ScenarioErrors {
            guard !e.errors.isEmpty else { return "threw ScenarioErrors with no error" }
            if scenario.parameters != base.parameters { return "a refused --set changed the scenario" }
            for error in e.errors {
                guard error.line == 0, error.column == 0, error.file.hasPrefix("--set"),
                      !error.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    return "a --set error not of the form `--set KEY=VALUE: message`: \(error)"
                }
            }
            return nil
        } catch {
            return "threw \(type(of: error)), not ScenarioErrors: \(error)"
        }
    }

    // MARK: --where

    /// The metrics a fuzzed `--where` may name: the real model's summary
    /// columns (what `linli discover` offers on a scenario sweep).
    static let whereMetrics = ScenarioModel.metricNames

    /// The whole input (decoded as the shell hands an argument over, invalid
    /// UTF-8 replaced) is one `--where` expression. Accepted: its canonical
    /// text parses again to the same canonical text, and it evaluates on
    /// values that include NaN without trapping. Refused: a `ParseError`
    /// with a non-empty message whose column lies inside the expression or
    /// just past its end (where "ends early" errors point).
    static func whereExpression(_ input: Data) -> String? {
        let text = String(decoding: input, as: UTF8.self)
        do {
            let e = try WhereExpression.parse(text, metrics: whereMetrics)
            let canonical = e.description
            let again: WhereExpression
            do { again = try WhereExpression.parse(canonical, metrics: whereMetrics) } catch {
                return "the canonical form `\(canonical)` of an accepted expression is refused: \(error)"
            }
            if again.description != canonical { return "canonical form not stable: `\(canonical)` → `\(again.description)`" }
            var k = 0
            _ = e.evaluate { _ in k += 1; return k % 3 == 0 ? .nan : Double(k) / 7 }
            return nil
        } catch let error as WhereExpression.ParseError {
            guard error.column >= 1, error.column <= text.count + 1 else {
                return "column \(error.column) outside the expression's \(text.count) characters: \(error.message)"
            }
            guard !error.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return "an empty message at column \(error.column)" }
            return nil
        } catch {
            return "threw \(type(of: error)), not WhereExpression.ParseError: \(error)"
        }
    }
}
