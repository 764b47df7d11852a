import Foundation
import Testing
@testable import Linli

/// scenarios/district.yaml, the full-model benchmark (Benchmarks/fullmodel.sh):
/// a district of about 1.2 million residents, every community type, every
/// lever, three years. Checked without simulating it.
@Suite struct DistrictScenarioTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/district.yaml").path

    @Test func districtIsLargeMixedAndHasEveryLeverOn() throws {
        let sc = try ScenarioLoader.load(path: Self.path)
        #expect(sc.days == 1095)
        #expect(Set(sc.communities.map(\.type)) == Set(CommunityType.allCases))
        #expect(Set(sc.communities.map(\.street)).count >= 10)
        #expect(Set(sc.leversOn) == Set(LeverRegistry.all.map(\.name)))
        let expected = sc.communities.reduce(0.0) { $0 + Double($1.households) * $1.field("household_size", sc.parameters) }
        #expect((1_100_000...1_300_000).contains(expected), "expected residents \(expected)")
    }
}
