import Foundation
import Testing
@testable import Linli

/// Pins the model's results: the summary statistics (every `_final` and
/// `_mean` metric of the `all` row) of a fixed two-community scenario with
/// every lever on, for a fixed seed, against Tests/Fixtures/regression-pin.csv.
///
/// Performance work must leave these unchanged. A change to the model that
/// alters them on purpose regenerates the fixture and says why in its commit:
///
///     scripts/regenerate-regression-pin.sh
///
/// (which runs this suite with LINLI_REGENERATE_PIN=1, rewriting the fixture,
/// then runs it again to check), and commit the new fixture with the change.
@Suite struct RegressionPinTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/regression-pin.csv")

    /// The pinned scenario: two communities, every lever of `LeverRegistry`
    /// on from day 30. Changing it (or adding a lever) means regenerating the fixture.
    static func scenario() -> Scenario {
        var sets: [String: Double] = [:]
        for lever in LeverRegistry.all {
            sets["\(lever.name).on"] = 1
            sets["\(lever.name).start_day"] = 30
        }
        var sc = testScenario("regression-pin", households: 600, days: 365, replicates: 2, seed: 20261123, sets)
        sc.communities.append(CommunitySpec(name: "c1", type: .relocation, households: 400))
        return sc
    }

    /// (replicate, metric, value) for the `all` row, replicates ascending, metrics in summary order.
    static func current() -> [(replicate: Int, metric: String, value: Double)] {
        let table = RunOutput.summaryTable(series: Runner.run(scenario(), jobs: 2))
        var out: [(Int, String, Double)] = []
        for row in table.rows where row.community == "all" {
            for (m, v) in zip(table.metrics, row.values) { out.append((row.replicate, m, v)) }
        }
        return out
    }

    @Test func summaryStatisticsMatchThePinnedFixture() throws {
        let now = Self.current()
        if ProcessInfo.processInfo.environment["LINLI_REGENERATE_PIN"] == "1" {
            var text = "# Regression pin: summary statistics (community `all`) of RegressionPinTests.scenario().\n"
            text += "# Regenerate with scripts/regenerate-regression-pin.sh and say why in the commit.\n"
            text += "replicate,metric,value\n"
            for (r, m, v) in now { text += "\(r),\(m),\(String(format: "%.17g", v))\n" }
            try FileManager.default.createDirectory(at: Self.fixture.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: Self.fixture, atomically: true, encoding: .utf8)
            return
        }
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        var pinned: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("replicate,") {
            let f = line.split(separator: ",")
            pinned["\(f[0]),\(f[1])"] = Double(f[2])
        }
        #expect(pinned.count == now.count, "fixture has \(pinned.count) values, the model gives \(now.count): regenerate (see this file's header)")
        var changed: [String] = []
        for (r, m, v) in now {
            guard let p = pinned["\(r),\(m)"] else { changed.append("\(r),\(m): not pinned"); continue }
            // Same platform and build: equal up to rounding of the printed value.
            let same = (p.isNaN && v.isNaN) || abs(p - v) <= 1e-9 * max(1, abs(p))
            if !same { changed.append("replicate \(r) \(m): pinned \(p), now \(v)") }
        }
        let report = changed.prefix(20).joined(separator: "\n")
        #expect(changed.isEmpty, "model results changed (\(changed.count) values); if intended, regenerate the pin and say why:\n\(report)")
    }
}
