import Foundation
import Testing

let benchmarkSmokeEnabled: Bool = {
    let env = ProcessInfo.processInfo.environment
    return env["CI"] == "true" || env["LINLI_BENCH_SMOKE"] == "1"
}()

/// CI's check that the Benchmarks package keeps compiling and LB-1 keeps
/// running: builds the `lb1` product of Benchmarks/ (only that product: the
/// ordo-one microbenchmarks take too long to build on CI's two cores) and
/// runs LB-1 once at a tiny size. Not a timed test.
///
/// Runs only when CI=true or LINLI_BENCH_SMOKE=1, because it builds a second
/// package (about two minutes on two cores).
@Suite(.serialized, .enabled(if: benchmarkSmokeEnabled, "set CI=true or LINLI_BENCH_SMOKE=1"))
struct BenchmarkSmokeTests {
    static let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Benchmarks")

    struct Failure: Error, CustomStringConvertible { let description: String }

    @discardableResult
    static func sh(_ executable: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(args.joined(separator: " ")) exited \(p.terminationStatus):\n\(text.suffix(4000))")
        }
        return text
    }

    @Test func lb1BuildsAndRunsTiny() throws {
        try Self.sh("swift", ["build", "-c", "release", "--package-path", Self.benchmarks.path, "--product", "lb1"])
        let bin = try Self.sh("swift", ["build", "-c", "release", "--package-path", Self.benchmarks.path, "--show-bin-path"])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("lb1-smoke-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: csv) }
        let out = try Self.sh(bin + "/lb1", ["--residents", "500", "--days", "60", "--threads", "2", "--seed", "3", "--csv", csv.path])
        let last = out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.wholeMatch(of: /resident_days_per_second=[0-9]+/) != nil, "last line: \(last)")
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 61)
        #expect(rows.first == "day,participants,active_share,mean_engagement")
        #expect(rows.last?.hasPrefix("59,") == true)
    }
}
