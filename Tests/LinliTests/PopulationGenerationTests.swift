import Foundation
import Testing
@testable import Linli

/// Issue "City scale": communities described by counts (`population.generate`),
/// the shipped city and district built from them, and every mistake in a
/// generate block located at its line and column.
@Suite struct PopulationGenerationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func scenario(_ generate: String, listed: String = "", seed: Int = 3) -> String {
        """
        name: gen
        seed: \(seed)
        days: 30
        population:
        \(listed)  generate:
        \(generate)
        """
    }

    static let two = """
            districts:
              - name: North
                streets: 3
                mix:
                  - {type: old_compound, count: 4, households: 1000, spread: 0.25}
                  - {type: village, count: 2, households: 400}
              - name: South
                streets: [Riverside, Hillside]
                mix:
                  - {type: commercial_estate, count: 3, households: 2000, overrides: {tenant_share: 0.5}}
        """

    @Test func countsNamesLevelsAndSizesFollowTheBlock() throws {
        let sc = try ScenarioLoader.parse(text: Self.scenario(Self.two), path: "gen.yaml")
        #expect(sc.communities.count == 3 * 6 + 2 * 3)
        #expect(sc.generation?.communityCount == 24)
        #expect(sc.communities.first?.name == "North-01-old-1")
        #expect(sc.communities.last?.name == "Hillside-estate-3")
        #expect(Set(sc.communities.map(\.street)) == ["North-01", "North-02", "North-03", "Riverside", "Hillside"])
        #expect(Set(sc.communities.filter { $0.street == "Riverside" }.map(\.district)) == ["South"])
        #expect(Set(sc.communities.map(\.name)).count == sc.communities.count)
        for c in sc.communities {
            let (typical, spread): (Double, Double) = switch c.type {
            case .oldCompound: (1000, 0.25)
            case .village: (400, 0.2)
            default: (2000, 0.2)
            }
            #expect(Double(c.households) >= typical * (1 - spread) - 0.5 && Double(c.households) <= typical * (1 + spread) + 0.5, "\(c.name): \(c.households)")
        }
        #expect(sc.communities.filter { $0.type == .commercialEstate }.allSatisfy { $0.overrides == ["tenant_share": 0.5] })
        // Sizes really vary (a spread of 0.25 over 12 old compounds).
        #expect(Set(sc.communities.filter { $0.type == .oldCompound }.map(\.households)).count >= 8)
    }

    @Test func sizesDependOnlyOnTheFileSeedAndTheirDistrict() throws {
        func households(_ text: String) throws -> [String: Int] {
            let sc = try ScenarioLoader.parse(text: text, path: "gen.yaml")
            return Dictionary(uniqueKeysWithValues: sc.communities.map { ($0.name, $0.households) })
        }
        let a = try households(Self.scenario(Self.two))
        #expect(try households(Self.scenario(Self.two)) == a)
        let otherSeed = try households(Self.scenario(Self.two, seed: 4))
        #expect(otherSeed != a)
        #expect(Set(otherSeed.keys) == Set(a.keys))
        // `generate.seed` wins over the scenario's seed.
        let pinned = Self.two.replacingOccurrences(of: "    districts:", with: "    seed: 3\n    districts:")
        #expect(try households(Self.scenario(pinned, seed: 99)) == a)
        // A district added at the end leaves the others' sizes unchanged.
        let more = Self.two + "\n      - {name: East, streets: 1, mix: [{type: village, count: 5, households: 300}]}"
        let extended = try households(Self.scenario(more))
        #expect(extended.count == a.count + 5)
        for (name, h) in a { #expect(extended[name] == h, "\(name)") }
        // The mean size is near the typical size (uniform ± spread: sd of the mean of n is spread·h/√(3n)).
        let big = try ScenarioLoader.parse(text: Self.scenario("""
                districts:
                  - {name: Big, streets: 50, mix: [{type: old_compound, count: 20, households: 1000, spread: 0.5}]}
            """), path: "gen.yaml")
        let n = Double(big.communities.count)
        let mean = big.communities.reduce(0.0) { $0 + Double($1.households) } / n
        let sd = 0.5 * 1000 / (3 * n).squareRoot()
        #expect(abs(mean - 1000) < 4 * sd, "mean \(mean), sd of the mean \(sd)")
    }

    @Test func listedCommunitiesComeFirstAndMixWithGeneratedOnes() throws {
        let listed = """
              communities:
                - {name: Hongyuan, type: old_compound, households: 900, street: Jiaxing Road, district: Hongkou}

            """
        let sc = try ScenarioLoader.parse(text: Self.scenario(Self.two, listed: listed), path: "gen.yaml")
        #expect(sc.communities.count == 25)
        #expect(sc.communities[0].name == "Hongyuan")
        #expect(sc.communities[0].district == "Hongkou")
        // A generated world carries streets and districts.
        let world = World(scenario: sc, replicate: 0)
        #expect(world.communities.districts.count == 25)
        #expect(world.communities.districts[0] == "Hongkou")
        #expect(world.communities.districts[1] == "North")
    }

    /// Each mistake: (generate block, listed communities, expected line, fragment of the message).
    static let mistakes: [(String, String, Int, String)] = [
        ("    districts:\n      - {name: A, streets: 2, mix: [{type: old_compund, count: 1, households: 10}]}", "", 7, "did you mean `old_compound`"),
        ("    districts:\n      - {name: A, streets: 2, mix: [{type: village, count: 1, houseolds: 10}]}", "", 7, "did you mean `households`"),
        ("    districts:\n      - {name: A, streets: 0, mix: [{type: village, count: 1, households: 10}]}", "", 7, "streets: expected an integer in 1...10000"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: -1, households: 10}]}", "", 7, "count: expected an integer in 0...10000"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 1, households: 10, spread: 1.5}]}", "", 7, "spread: expected a number in 0...0.9"),
        ("    districts:\n      - {name: '=HYPERLINK(1)', streets: 1, mix: [{type: village, count: 1, households: 10}]}", "", 7, "formula"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 1, households: 10}]}\n      - {name: A, streets: 1, mix: [{type: village, count: 1, households: 10}]}", "", 8, "duplicate district `A`"),
        ("    districts:\n      - {name: A, streets: [x, x], mix: [{type: village, count: 1, households: 10}]}", "", 7, "duplicate street `x`"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 1, households: 10}, {type: village, count: 2, households: 10}]}", "", 7, "already in this mix"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 1, households: 10, overrides: {share_child: 0.9}}]}", "", 7, "age shares must sum to 1"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 0, households: 10}]}", "", 6, "generates no community"),
        ("    districts: []", "", 6, "non-empty sequence of districts"),
        ("    district:\n      - {name: A, streets: 1, mix: []}", "", 6, "did you mean `districts`"),
        ("    districts:\n      - {name: A, streets: 1, mix: [{type: village, count: 3, households: 10}]}",
         "  communities:\n    - {name: A-01-village-2, type: village, households: 50}\n", 9, "generates the community `A-01-village-2`, a name already used (first at line 6)"),
        ("    districts:\n      - {name: A, streets: 10000, mix: [{type: village, count: 100, households: 10}]}", "", 6, "more than the 200000 allowed"),
    ]

    @Test(arguments: mistakes.indices)
    func mistakesAreLocatedAndExplained(_ i: Int) {
        let (generate, listed, line, fragment) = Self.mistakes[i]
        let text = Self.scenario(generate, listed: listed)
        do {
            _ = try ScenarioLoader.parse(text: text, path: "gen.yaml")
            Issue.record("accepted: \(generate)")
        } catch let e as ScenarioErrors {
            #expect(e.errors.contains { $0.line == line && $0.column >= 1 && $0.message.contains(fragment) },
                    "expected line \(line) «\(fragment)», got \(e.description)")
        } catch { Issue.record("\(error)") }
    }

    @Test func populationNeedsCommunitiesOrGenerate() {
        #expect(throws: ScenarioErrors.self) { try ScenarioLoader.parse(text: "name: x\ndays: 3\npopulation: {}\n", path: "x.yaml") }
        do { _ = try ScenarioLoader.parse(text: "name: x\ndays: 3\npopulation: {}\n", path: "x.yaml") } catch let e as ScenarioErrors {
            #expect(e.description.contains("`communities`") && e.description.contains("`generate`"))
        } catch {}
    }

    // MARK: The shipped city and district

    @Test func cityIsShanghaiSizedWithEveryTypeAndTheProgrammeLevers() throws {
        let sc = try ScenarioLoader.load(path: Self.root + "/scenarios/city.yaml")
        let g = try #require(sc.generation)
        #expect(g.districts.count == 16)
        let streets = Set(sc.communities.map(\.street))
        #expect((200...230).contains(streets.count), "\(streets.count) streets")
        #expect((5_500...6_500).contains(sc.communities.count), "\(sc.communities.count) communities")
        #expect(Set(sc.communities.map(\.type)) == Set(CommunityType.allCases))
        let residents = MemoryEstimate.residents(of: sc)
        #expect((24e6...26e6).contains(residents), "expected residents \(residents)")
        #expect(Set(sc.leversOn) == ["subdivision", "office_hours", "posts", "red_list", "crowdfunding"])
        #expect(sc.parameters["subdivision.start_day"] == 0 && sc.parameters["office_hours.start_day"] == 0)
        #expect(sc.days == 1095)
    }

    @Test func districtIsGeneratedFromCounts() throws {
        let sc = try ScenarioLoader.load(path: Self.root + "/scenarios/district.yaml")
        #expect(sc.generation != nil)
        #expect(sc.communities.count == 15 * 16)
        #expect(Set(sc.communities.map(\.street)).count == 15)
    }
}
