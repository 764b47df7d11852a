import Foundation
import Testing
@testable import Linli

/// Scenario loading and validation: one test per error kind (exact line and
/// column plus a message fragment), one-pass collection, suggestions,
/// resolution of levers and parameters, and `--set`.
@Suite struct ScenarioValidation {
    // MARK: Helpers

    /// A minimal valid scenario; line 5 is `    - name: A` (the community mapping starts at 5:7).
    static let base = """
        name: test
        days: 30
        population:
          communities:
            - name: A
              type: old_compound
              households: 100

        """

    /// The errors a text must produce (records an issue when it loads).
    func errors(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ScenarioError] {
        do {
            _ = try ScenarioLoader.parse(text: yaml, path: "s.yaml")
            Issue.record("expected the scenario to be rejected", sourceLocation: sourceLocation)
            return []
        } catch let e as ScenarioErrors {
            return e.errors
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Exactly one error, at line:column, whose message contains every fragment.
    func expectSingle(_ yaml: String, _ line: Int, _ column: Int, _ fragments: String...,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let errs = errors(yaml, sourceLocation: sourceLocation)
        #expect(errs.count == 1, "\(errs)", sourceLocation: sourceLocation)
        guard let e = errs.first else { return }
        #expect(e.file == "s.yaml", sourceLocation: sourceLocation)
        #expect(e.line == line && e.column == column, "at \(e.line):\(e.column): \(e.message)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(e.message.contains(f), "`\(e.message)` lacks `\(f)`", sourceLocation: sourceLocation)
        }
        #expect(e.description.hasPrefix("s.yaml:\(line):\(column): "), sourceLocation: sourceLocation)
    }

    static var lever: LeverSpec { LeverRegistry.all.first! }

    /// A real-valued registry parameter outside levers and community types.
    static var realSpec: ParamSpec {
        let leverKeys = Set(LeverRegistry.all.flatMap { $0.parameters.map(\.key) })
        return ParameterRegistry.all.first {
            $0.kind == .real && !leverKeys.contains($0.key) && !$0.key.hasPrefix("community.") && $0.range.upperBound.isFinite
        }!
    }

    /// A value in the spec's range that differs from its default.
    static func otherValue(_ s: ParamSpec) -> Double {
        s.defaultValue != s.range.lowerBound ? s.range.lowerBound : s.range.upperBound
    }

    // MARK: File-level errors

    @Test func emptyFileIsAnErrorAtOneOne() {
        expectSingle("", 1, 1, "empty")
        expectSingle("# only a comment\n\n# and another\n", 1, 1, "empty")
    }

    @Test func yamlSyntaxErrorCarriesYamsMark() {
        // A mapping value where none may start: libyaml flags the second colon.
        expectSingle("name: test\ndays: 30: 40\n", 2, 9, "YAML syntax error", "mapping values are not allowed")
        // An unclosed flow sequence.
        expectSingle("name: test\ndays: [1, 2\n", 3, 1, "YAML syntax error")
    }

    @Test func duplicateKeysInOneMappingAreReported() {
        // Yams rejects the mapping; the error points at the repeat.
        expectSingle(Self.base + "days: 40\n", 8, 1, "duplicate key `days`", "first at line 2")
        expectSingle(Self.base + "      households: 5\n", 8, 7, "duplicate key `households`", "first at line 7")
        // In a flow mapping the repeat is not searched for: the first occurrence is marked.
        expectSingle(Self.base + "levers: {a: 1, a: 2}\n", 8, 10, "duplicate key `a`")
    }

    @Test func topLevelMustBeAMapping() {
        expectSingle("- name: test\n- days: 30\n", 1, 1, "top level must be a mapping", "found a sequence")
        expectSingle("just a sentence\n", 1, 1, "top level must be a mapping", "\"just a sentence\"")
    }

    @Test func unreadableFileIsAClearError() throws {
        let missing = NSTemporaryDirectory() + "linli-no-such-\(UUID().uuidString).yaml"
        do {
            _ = try ScenarioLoader.load(path: missing)
            Issue.record("expected failure")
        } catch let e as ScenarioErrors {
            #expect(e.errors.count == 1)
            #expect(e.description == "\(missing): cannot read the scenario: no such file")
        }
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "linli-\(UUID().uuidString).yaml")
        try Self.base.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let s = try ScenarioLoader.load(path: url.path)
        #expect(s.sourcePath == url.path)
        #expect(s.sourceText == Self.base)
    }

    // MARK: Unknown keys and suggestions

    @Test func unknownTopLevelKeySuggestsNearest() {
        expectSingle(Self.base + "replicats: 3\n", 8, 1, "replicats: unknown key `replicats`", "did you mean `replicates`?")
    }

    @Test func unknownKeyWithoutCloseMatchListsValidKeys() {
        expectSingle(Self.base + "zzzzzzzz: 3\n", 8, 1, "unknown key `zzzzzzzz`", "valid keys here:", "`replicates`")
        #expect(NearestKey.nearest(to: "zzzzzzzz", in: ["replicates", "days"]) == nil)
        #expect(NearestKey.nearest(to: "replicats", in: ["days", "replicates"]) == "replicates")
        #expect(NearestKey.distance("kitten", "sitting") == 3)
    }

    @Test func unknownLeverSuggestsNearest() {
        let name = Self.lever.name
        let mangled = String(name.dropLast())
        expectSingle(Self.base + "levers:\n  \(mangled):\n    on: true\n", 9, 3,
                     "levers.\(mangled): unknown lever `\(mangled)`", "did you mean `\(name)`?")
    }

    @Test func unknownLeverFieldSuggestsNearest() {
        let name = Self.lever.name
        expectSingle(Self.base + "levers:\n  \(name):\n    strat_day: 5\n", 10, 5,
                     "levers.\(name).strat_day: unknown field `strat_day` of lever `\(name)`", "did you mean `start_day`?")
    }

    @Test func unknownParameterSuggestsRegistryKey() {
        let key = Self.realSpec.key
        var mangled = key
        mangled.insert("x", at: mangled.index(mangled.endIndex, offsetBy: -2))
        expectSingle(Self.base + "parameters:\n  \(mangled): 1\n", 9, 3,
                     "parameters.\(mangled): unknown parameter `\(mangled)`", "did you mean `\(key)`?")
    }

    @Test func unknownOverrideFieldSuggestsCommunityField() {
        expectSingle(Self.base + "      overrides:\n        tenant_shar: 0.3\n", 9, 9,
                     "population.communities[0].overrides.tenant_shar: unknown community field", "did you mean `tenant_share`?")
    }

    @Test func unknownCommunityTypeSuggestsNearest() {
        let yaml = Self.base.replacingOccurrences(of: "type: old_compound", with: "type: old_compund")
        expectSingle(yaml, 6, 13, "population.communities[0].type: unknown community type `old_compund`",
                     "did you mean `old_compound`?")
    }

    // MARK: Types

    @Test func wrongTypeInteger() {
        let yaml = Self.base.replacingOccurrences(of: "days: 30", with: "days: a year")
        expectSingle(yaml, 2, 7, "days: expected an integer, found \"a year\"")
        let quoted = Self.base.replacingOccurrences(of: "days: 30", with: "days: \"30\"")
        expectSingle(quoted, 2, 7, "days: expected an integer, found \"30\" (a quoted string)")
        let fractional = Self.base.replacingOccurrences(of: "days: 30", with: "days: 2.5")
        expectSingle(fractional, 2, 7, "days: expected an integer, found 2.5")
    }

    @Test func wrongTypeBoolean() {
        let name = Self.lever.name
        expectSingle(Self.base + "levers:\n  \(name):\n    on: yes\n", 10, 9,
                     "levers.\(name).on: expected a boolean (true or false), found \"yes\"")
        expectSingle(Self.base + "levers:\n  \(name):\n    on: 1\n", 10, 9, "expected a boolean (true or false), found 1")
    }

    @Test func wrongTypeNumber() {
        let key = Self.realSpec.key
        expectSingle(Self.base + "parameters:\n  \(key): high\n", 9, 5 + key.count, "parameters.\(key): expected a number, found \"high\"")
    }

    @Test func wrongTypeString() {
        let yaml = Self.base.replacingOccurrences(of: "name: test", with: "name: [a, b]")
        expectSingle(yaml, 1, 7, "name: expected a string, found a sequence")
    }

    @Test func wrongTypeMappingAndSequence() {
        expectSingle("name: test\ndays: 30\npopulation: 12\n", 3, 13, "population: expected a mapping, found 12")
        expectSingle("name: test\ndays: 30\npopulation:\n  communities:\n    name: A\n", 5, 5,
                     "population.communities: expected a sequence", "found a mapping")
        expectSingle(Self.base + "levers: [a]\n", 8, 9, "levers: expected a mapping, found a sequence")
    }

    // MARK: Ranges

    @Test func outOfRangeHouseholds() {
        let yaml = Self.base.replacingOccurrences(of: "households: 100", with: "households: -5")
        expectSingle(yaml, 7, 19, "population.communities[0].households: expected an integer in 1...2000000, found -5")
    }

    @Test func outOfRangeBuildingsAboveHouseholds() {
        expectSingle(Self.base + "      buildings: 101\n", 8, 18,
                     "population.communities[0].buildings: expected an integer in 1...100", "found 101")
    }

    @Test func outOfRangeTopLevel() {
        let yaml = Self.base.replacingOccurrences(of: "days: 30", with: "days: 36501")
        expectSingle(yaml, 2, 7, "days: expected an integer in 1...36500, found 36501")
        expectSingle(Self.base + "replicates: 0\n", 8, 13, "replicates: expected an integer in 1...100000, found 0")
        expectSingle(Self.base + "seed: -1\n", 8, 7, "seed: expected an integer in 0...18446744073709551615, found -1")
        expectSingle(Self.base + "seed: 18446744073709551616\n", 8, 7, "seed: expected an integer in 0...")
    }

    @Test func outOfRangeParameterUsesSpecRange() {
        let spec = Self.realSpec
        let bad = spec.range.upperBound + 1
        expectSingle(Self.base + "parameters:\n  \(spec.key): \(formatNumber(bad))\n", 9, 5 + spec.key.count,
                     "parameters.\(spec.key): expected a number in \(formatNumber(spec.range.lowerBound))...\(formatNumber(spec.range.upperBound)), found \(formatNumber(bad))")
    }

    @Test func integerParameterMustBeIntegral() {
        let name = Self.lever.name
        expectSingle(Self.base + "levers:\n  \(name):\n    start_day: 2.5\n", 10, 16,
                     "levers.\(name).start_day: expected an integer, found 2.5")
    }

    @Test func outOfRangeOverride() {
        expectSingle(Self.base + "      overrides:\n        tenant_share: 1.5\n", 9, 23,
                     "population.communities[0].overrides.tenant_share: expected a number in 0...1, found 1.5")
    }

    // MARK: Missing fields, duplicates, consistency

    @Test func missingRequiredTopLevelFieldAtRootMark() {
        let yaml = Self.base.replacingOccurrences(of: "days: 30\n", with: "")
        expectSingle(yaml, 1, 1, "missing required field `days`")
    }

    @Test func missingRequiredCommunityFieldAtCommunityMark() {
        let yaml = Self.base.replacingOccurrences(of: "      households: 100\n", with: "")
        expectSingle(yaml, 5, 7, "population.communities[0]: missing required field `households`")
    }

    @Test func emptyCommunityListIsAnError() {
        expectSingle("name: test\ndays: 30\npopulation:\n  communities: []\n", 4, 16, "expected at least one community")
    }

    @Test func duplicateCommunityNames() {
        let yaml = Self.base + "    - name: B\n      type: village\n      households: 10\n"
            + "    - name: A\n      type: village\n      households: 10\n"
        expectSingle(yaml, 11, 13, "population.communities[2].name: duplicate community name `A`", "first at line 5")
    }

    @Test func ageSharesMustSumToOne() {
        expectSingle(Self.base + "      overrides:\n        share_child: 0.5\n", 5, 7,
                     "population.communities[0] (A): the age shares must sum to 1")
    }

    @Test func tenantAndSublandlordSharesAtMostOne() {
        expectSingle(Self.base + "      overrides:\n        tenant_share: 0.9\n        sublandlord_share: 0.2\n", 5, 7,
                     "tenant_share + sublandlord_share must be at most 1", "0.9 + 0.2")
    }

    @Test func migrantAndForeignSharesAtMostOne() {
        // Via a type default under `parameters:`: the check uses resolved values.
        expectSingle(Self.base + "      overrides:\n        migrant_share: 0.7\nparameters:\n  community.old_compound.foreign_share: 0.5\n",
                     5, 7, "migrant_share + foreign_share must be at most 1")
    }

    // MARK: One pass

    @Test func allErrorsComeBackInOnePassInFileOrder() {
        let lever = Self.lever.name
        let yaml = """
            name: test
            replicats: 3
            days: a year
            population:
              communities:
                - name: A
                  type: villag
                  households: -5
                - name: A
                  type: village
                  households: 10
                  overrides:
                    share_child: 2
            levers:
              \(lever):
                on: maybe
            parameters:
              nonsense.key: 1

            """
        let errs = errors(yaml)
        let got = errs.map { "\($0.line):\($0.column)" }
        #expect(got == ["2:1", "3:7", "7:13", "8:19", "9:13", "13:22", "16:9", "18:3"], "\(errs)")
        #expect(errs.count == 8)
        if errs.count == 8 {
            #expect(errs[0].message.contains("did you mean `replicates`"))
            #expect(errs[1].message.contains("expected an integer"))
            #expect(errs[2].message.contains("did you mean `village`"))
            #expect(errs[3].message.contains("1...2000000"))
            #expect(errs[4].message.contains("duplicate community name"))
            #expect(errs[5].message.contains("0...1"))
            #expect(errs[6].message.contains("boolean"))
            #expect(errs[7].message.contains("unknown parameter"))
        }
        // The combined description is one error per line, each `PATH:LINE:COLUMN: message`.
        let text = ScenarioErrors(errs).description
        #expect(text.split(separator: "\n").count == 8)
        #expect(text.hasPrefix("s.yaml:2:1: replicats: unknown key"))
    }

    // MARK: Resolution

    @Test func validFileResolvesLeversAndParameters() throws {
        let lever = Self.lever
        let other = LeverRegistry.all.dropFirst().first
        let spec = Self.realSpec
        let value = Self.otherValue(spec)
        var yaml = """
            name: resolved
            description: "a test"
            seed: 18446744073709551615
            replicates: 3
            days: 100
            population:
              communities:
                - name: Hongyuan
                  type: old_compound
                  households: 1200
                  buildings: 40
                  street: Jiaxing Road
                  overrides:
                    tenant_share: 0.3
                - name: Village
                  type: village
                  households: 50
            levers:
              \(lever.name):
                start_day: 60

            """
        if let other { yaml += "  \(other.name):\n    on: false\n    start_day: 5\n" }
        yaml += "parameters:\n  \(spec.key): \(formatNumber(value))\n  \(lever.name).start_day: 10\n"
        let s = try ScenarioLoader.parse(text: yaml, path: "ok.yaml")
        #expect(s.name == "resolved")
        #expect(s.description == "a test")
        #expect(s.seed == UInt64.max)
        #expect(s.replicates == 3)
        #expect(s.days == 100)
        #expect(s.sourcePath == "ok.yaml")
        #expect(s.sourceText == yaml)
        #expect(s.communities == [
            CommunitySpec(name: "Hongyuan", type: .oldCompound, households: 1200, buildings: 40,
                          street: "Jiaxing Road", overrides: ["tenant_share": 0.3]),
            CommunitySpec(name: "Village", type: .village, households: 50),
        ])
        // A block without `on` switches the lever on; levers win over `parameters:`.
        #expect(s.parameters.bool("\(lever.name).on"))
        #expect(s.parameters.int("\(lever.name).start_day") == 60)
        #expect(s.parameters[spec.key] == value)
        if let other {
            #expect(!s.parameters.bool("\(other.name).on"))
            #expect(s.parameters.int("\(other.name).start_day") == 5)
            #expect(s.leversOn == [lever.name])
        }
        // Everything else keeps its default.
        for p in ParameterRegistry.all where p.key != spec.key && !p.key.hasPrefix(lever.name + ".")
            && !(other.map { p.key.hasPrefix($0.name + ".") } ?? false) {
            #expect(s.parameters[p.key] == p.defaultValue, "\(p.key)")
        }
    }

    @Test func defaultsWhenOptionalFieldsAreAbsent() throws {
        let s = try ScenarioLoader.parse(text: Self.base, path: "b.yaml")
        #expect(s.seed == 1 && s.replicates == 1 && s.description == "")
        #expect(s.communities.first?.street == "street")
        #expect(s.communities.first?.buildings == nil)
        #expect(s.parameters == Parameters())
        #expect(s.leversOn.isEmpty)
    }

    // MARK: --set

    @Test func applySetsOverridesRegistryKeys() throws {
        var s = try ScenarioLoader.parse(text: Self.base, path: "b.yaml")
        let lever = Self.lever.name
        let spec = Self.realSpec
        let value = Self.otherValue(spec)
        try ScenarioLoader.applySets(["\(lever).on=true", "\(lever).start_day = 7", "\(spec.key)=\(formatNumber(value))"], to: &s)
        #expect(s.parameters.bool("\(lever).on"))
        #expect(s.parameters.int("\(lever).start_day") == 7)
        #expect(s.parameters[spec.key] == value)
    }

    @Test func applySetsCollectsAllErrorsAndLeavesScenarioUnchanged() throws {
        var s = try ScenarioLoader.parse(text: Self.base, path: "b.yaml")
        let before = s.parameters
        let lever = Self.lever.name
        let mangled = String(lever.dropLast())
        let spec = Self.realSpec
        let sets = ["\(lever).on=true", "\(mangled).on=true", "\(lever).on=maybe", "no-equals-sign",
                    "\(spec.key)=\(formatNumber(spec.range.upperBound + 1))"]
        do {
            try ScenarioLoader.applySets(sets, to: &s)
            Issue.record("expected failure")
        } catch let e as ScenarioErrors {
            #expect(e.errors.count == 4)
            let lines = e.description.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            if lines.count == 4 {
                #expect(lines[0] == "--set \(mangled).on=true: unknown parameter `\(mangled).on`; did you mean `\(lever).on`?")
                #expect(lines[1] == "--set \(lever).on=maybe: `\(lever).on` expected a boolean (true or false), found \"maybe\"")
                #expect(lines[2].hasPrefix("--set no-equals-sign: expected KEY=VALUE"))
                #expect(lines[3].hasPrefix("--set \(spec.key)=") && lines[3].contains("expected a number in"))
            }
        }
        #expect(s.parameters == before)
    }

    @Test func applySetsRechecksCommunityConsistency() throws {
        var s = try ScenarioLoader.parse(text: Self.base, path: "b.yaml")
        #expect(throws: ScenarioErrors.self) {
            try ScenarioLoader.applySets(["community.old_compound.share_child=0.9"], to: &s)
        }
        do {
            try ScenarioLoader.applySets(["community.old_compound.share_child=0.9"], to: &s)
        } catch let e as ScenarioErrors {
            #expect(e.description.hasPrefix("--set community.old_compound.share_child=0.9: population.communities[0] (A): the age shares"))
        }
        // A type no community uses is free to change.
        try ScenarioLoader.applySets(["community.village.share_child=0.9"], to: &s)
        #expect(s.parameters["community.village.share_child"] == 0.9)
    }
}

