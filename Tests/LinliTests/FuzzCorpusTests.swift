import Foundation
import Testing
import Yams
@testable import Linli

/// Issue "Robustness" item 1: the parsers' fuzz corpus, replayed on every
/// `swift test` through the same checks `linli-fuzz` runs under libFuzzer
/// (`ParserFuzzing.check`), so an input the fuzzer once found — or any input
/// of the minimised corpus — that starts crashing, hanging or giving an
/// unlocated error fails the suite without sanitizers or libFuzzer.
@Suite struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func files(_ dir: String) -> [String] {
        let path = root + "/" + dir
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
    }

    /// The committed corpus of a target and the shipped files it was seeded from.
    static func inputs(_ target: ParserFuzzing.Target) -> [String] {
        let seeds: [String]
        switch target {
        case .scenario: seeds = files("scenarios").filter { $0.hasSuffix(".yaml") }
        case .sweep: seeds = files("scenarios/sweeps")
        case .calibration: seeds = files("scenarios/calibration")
        case .set: seeds = files("Fuzz/seeds/set")
        case .where_: seeds = files("Fuzz/seeds/where")
        }
        return seeds + files("Fuzz/corpus/\(target.rawValue)")
            + files("Fuzz/regressions").filter { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(target.rawValue + "-") }
    }

    @Test(arguments: ParserFuzzing.Target.allCases)
    func corpusLoadsOrIsRefusedWithLocatedErrors(_ target: ParserFuzzing.Target) throws {
        let inputs = Self.inputs(target)
        #expect(inputs.count >= 5, "the \(target) corpus is missing")
        var slowest = (seconds: 0.0, file: "")
        for file in inputs {
            let data = try #require(FileManager.default.contents(atPath: file))
            let start = Date()
            let violation = ParserFuzzing.check(target, data, root: Self.root)
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (seconds, file) }
            #expect(violation == nil, "\(file): \(violation ?? "")")
        }
        // libFuzzer's -timeout=1 holds under sanitizers; without them every input is far quicker.
        #expect(slowest.seconds < 0.5, "slowest \(target) input \(slowest.file): \(slowest.seconds) s")
        print("FuzzCorpusTests \(target): \(inputs.count) inputs, slowest \(String(format: "%.3f", slowest.seconds)) s")
    }

    /// The check is not vacuous: it rejects unlocated errors in the input,
    /// lines past its end, and file-level errors with no located partner.
    @Test func checkFlagsBadRejections() {
        let path = "/x/in.yaml"
        func errors(_ e: [ScenarioError]) -> ScenarioErrors { ScenarioErrors(e) }
        let located = ScenarioError(file: path, line: 2, column: 3, message: "days: expected an integer")
        #expect(ParserFuzzing.violation(errors([located]), path: path, lines: 3) == nil)
        #expect(ParserFuzzing.violation(errors([]), path: path, lines: 3) != nil)
        #expect(ParserFuzzing.violation(errors([ScenarioError(file: path, line: 0, column: 0, message: "invalid")]), path: path, lines: 3) != nil)
        #expect(ParserFuzzing.violation(errors([ScenarioError(file: path, line: 5, column: 1, message: "x")]), path: path, lines: 3) != nil)
        #expect(ParserFuzzing.violation(errors([ScenarioError(file: path, line: 1, column: 0, message: "x")]), path: path, lines: 3) != nil)
        #expect(ParserFuzzing.violation(errors([ScenarioError(file: path, line: 1, column: 1, message: " ")]), path: path, lines: 3) != nil)
        let missing = ScenarioError(file: "/x/base.yaml", line: 0, column: 0, message: "cannot read the scenario: no such file")
        #expect(ParserFuzzing.violation(errors([missing]), path: path, lines: 3) != nil)
        #expect(ParserFuzzing.violation(errors([located, missing]), path: path, lines: 3) == nil)
        #expect(ParserFuzzing.lineCount("a\r\nb\rc\nd\u{2028}e") == 5)
    }

    /// The structure-aware mutator keeps files YAML and reaches the
    /// validators (type, key and shape errors, not only syntax errors); a
    /// few hundred of its mutants of the shipped files are checked here —
    /// a small fuzz run inside the suite.
    @Test func mutantsOfShippedFilesAreAcceptedOrRefusedWithLocatedErrors() throws {
        var mutants = 0, refusedByValidator = 0, accepted = 0
        for target in [ParserFuzzing.Target.scenario, .sweep] {
            let seeds = Self.inputs(target).filter { $0.hasSuffix(".yaml") && !$0.contains("/Fuzz/") }
            for (i, file) in seeds.enumerated() {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for s in 0..<20 {
                    let seed = UInt64(i * 1000 + s)
                    let mutant = try #require(YAMLMutator.mutate(text, seed: seed), "\(file) seed \(seed)")
                    // Well-formed YAML, or a duplicated key (one of the mutations).
                    do { _ = try Yams.compose(yaml: mutant) } catch YamlError.duplicatedKeysInMapping {
                    } catch { Issue.record("mutant of \(file) seed \(seed) is not YAML: \(error)") }
                    mutants += 1
                    #expect(ParserFuzzing.check(target, Data(mutant.utf8), root: Self.root) == nil, "\(file) seed \(seed)")
                    do {
                        let path = ParserFuzzing.virtualPath(target, root: Self.root)
                        if target == .scenario { _ = try ScenarioLoader.parse(text: mutant, path: path) }
                        else { _ = try SweepLoader.parse(text: mutant, path: path) }
                        accepted += 1
                    } catch let e as ScenarioErrors {
                        if !e.errors.contains(where: { $0.message.hasPrefix("YAML") }) { refusedByValidator += 1 }
                    }
                }
            }
        }
        print("FuzzCorpusTests mutator: \(mutants) mutants, \(accepted) accepted, \(refusedByValidator) refused by the validators")
        #expect(refusedByValidator > mutants / 2, "the mutator should mostly produce well-formed YAML the validators refuse")
        #expect(accepted > 0, "some mutants (value swaps within range, deletions of optional keys) should still load")
        let sets = YAMLMutator.mutateSets("posts.on=true", seed: 3)
        #expect(sets != "posts.on=true")
    }

    /// The pruned "did you mean" search gives the same suggestion as the full
    /// one (every candidate's Levenshtein distance) on near misses of every
    /// registry key and on random words.
    @Test func nearestKeyPruningKeepsTheSuggestions() {
        let keys = ParameterRegistry.all.map(\.key)
        func bruteForce(_ word: String) -> String? {
            if keys.contains(word) { return nil }
            var best: (String, Int)?
            for k in keys {
                let d = k.lowercased() == word.lowercased() ? 0 : NearestKey.distance(word, k)
                if best == nil || d < best!.1 { best = (k, d) }
            }
            return best.flatMap { $0.1 <= NearestKey.threshold(for: word) ? $0.0 : nil }
        }
        var rng = YAMLMutator.SplitMix64(seed: 11)
        var words: [String] = []
        for k in keys { words.append(YAMLMutator.nearMiss(k, &rng)); words.append(YAMLMutator.nearMiss(YAMLMutator.nearMiss(k, &rng), &rng)) }
        for _ in 0..<200 { words.append(String((0..<Int(rng.next() % 30)).map { _ in "abcdeiost._".randomElement(using: &rng)! })) }
        words += ["DECISION.BETA0", "Posts.On", "", "x", "décision.beta0", "posts.ön", "office_hours.évening_share", "楼长.on"]
        var suggested = 0
        for w in words {
            let expected = bruteForce(w)
            #expect(NearestKey.nearest(to: w, in: keys) == expected, "\(w)")
            #expect(ParameterRegistry.keyCandidates.nearest(to: w) == expected, "\(w) (prepared candidates)")
            if expected != nil { suggested += 1 }
        }
        #expect(suggested > keys.count, "near misses should mostly get a suggestion")
    }

    /// Fuzzer finding: "did you mean" compared a mistyped key with every
    /// registry key by full Levenshtein distance, so one 4,000-character
    /// `--set` key took 10 s under the fuzzer's instrumentation and a file of
    /// hundreds of long unknown keys grew without bound. Now both are refused
    /// quickly, each error still located.
    @Test func longUnknownKeysAreRefusedQuickly() throws {
        var sc = try ScenarioLoader.parse(text: ParserFuzzing.setBase, path: "base.yaml")
        let long = "decision.beta" + String(repeating: "x", count: 100_000)
        var start = Date()
        #expect(throws: ScenarioErrors.self) { try ScenarioLoader.applySets([long + "=1"], to: &sc) }
        let setSeconds = Date().timeIntervalSince(start)
        #expect(setSeconds < 0.5, "a 100,000-character --set key took \(setSeconds) s")

        var lines = ["name: x", "days: 10", "population:", "  communities:", "    - {name: c, type: old_compound, households: 10}", "parameters:"]
        for i in 0..<3000 { lines.append("  decision.\(String(repeating: "q", count: 50))_\(i): 1") }
        start = Date()
        do {
            _ = try ScenarioLoader.parse(text: lines.joined(separator: "\n"), path: "many.yaml")
            Issue.record("3,000 unknown parameters were accepted")
        } catch let e as ScenarioErrors {
            #expect(e.errors.count == 3000)
            #expect(e.errors.allSatisfy { $0.line >= 7 && $0.column == 3 && $0.message.contains("unknown parameter") })
        }
        let fileSeconds = Date().timeIntervalSince(start)
        #expect(fileSeconds < 2, "3,000 long unknown keys took \(fileSeconds) s")
        print("FuzzCorpusTests long keys: --set \(String(format: "%.3f", setSeconds)) s, 3,000 keys \(String(format: "%.3f", fileSeconds)) s")
    }
}
