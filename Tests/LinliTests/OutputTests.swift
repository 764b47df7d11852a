import Foundation
import Testing
@testable import Linli

// MARK: fixtures

private func tempDir() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("linli-output-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func lines(_ url: URL) throws -> [String] {
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.hasSuffix("\n"))
    return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
}

private func fileNames(_ dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
}

/// A value that differs by replicate, day, row and column.
private func cell(_ rep: Int, _ day: Int, _ row: Int, _ col: Int) -> Double {
    Double(rep * rep) * 0.5 + Double(day) * 1.25 + Double(row) * 10 + Double(col) * 100 + (rep == 3 ? 0.1 : 0)
}

private func makeSeries(replicates: Int = 5, days: Int = 4) -> [ReplicateSeries] {
    (0..<replicates).map { rep in
        var s = ReplicateSeries(replicate: rep, days: days, rowNames: ["A", "B", "all"], columns: ["x", "y"])
        for d in 0..<days { for r in 0..<3 { for c in 0..<2 { s[d, r, c] = cell(rep, d, r, c) } } }
        s.residents = 100
        return s
    }.reversed()  // out of order on purpose: outputs sort by replicate
}

private func makeInfo() -> RunInfo {
    let p = Parameters()
    let scenario = Scenario(name: "unit", description: "test", seed: 42, replicates: 5, days: 4,
                            communities: [CommunitySpec(name: "A", type: .village, households: 10),
                                          CommunitySpec(name: "B", type: .oldCompound, households: 20)],
                            parameters: p, sourcePath: "scenarios/unit.yaml", sourceText: "abc")
    return RunInfo(scenario: scenario, jobs: 2, start: Date(timeIntervalSince1970: 1_700_000_000),
                   end: Date(timeIntervalSince1970: 1_700_000_010), version: "0.1.0",
                   residentDays: 2000, gitCommit: "0123456789abcdef0123456789abcdef01234567")
}

// MARK: formatCell

@Test func formatCellCases() {
    #expect(formatCell(0) == "0")
    #expect(formatCell(-0.0) == "0")
    #expect(formatCell(3) == "3")
    #expect(formatCell(-42) == "-42")
    #expect(formatCell(1_000_000) == "1000000")
    #expect(formatCell(12.5) == "12.5")
    #expect(formatCell(-0.5) == "-0.5")
    #expect(formatCell(1.0 / 12.0) == "0.0833333")
    #expect(formatCell(1.0 / 3.0) == "0.333333")
    #expect(formatCell(200.0 / 3.0) == "66.6667")
    #expect(formatCell(0.1 + 0.2) == "0.3")
    #expect(formatCell(123456.7) == "123457")
    #expect(formatCell(1e-7) == "1e-07")
    #expect(formatCell(.nan) == "NA")
    #expect(formatCell(.infinity) == "Inf")
    #expect(formatCell(-.infinity) == "-Inf")
}

/// The byte appender writes what the earlier String path wrote (`String(Int64)`
/// for integral values, C's `%.6g` through `String(format:)` otherwise) for
/// 200,000 values over every magnitude, both signs, integers near 1e15 and
/// values that round across a digit (9.999995…).
@Test func appendCellMatchesPrintf() {
    func reference(_ v: Double) -> String {
        if v.isNaN { return "NA" }
        if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let t = String(format: "%.6g", v)
        return t == "-0" ? "0" : t
    }
    var rng = SystemRandomNumberGenerator()
    var special: [Double] = [0, -0.0, 1e15, -1e15, 1e15 - 1, 999_999_999_999_999, 1e15 + 2, 9.9999949, 9.999995, 0.00009999995,
                             Double.leastNonzeroMagnitude, -Double.leastNormalMagnitude, Double.greatestFiniteMagnitude,
                             Double(Int64.max), Double(Int64.min), 0.5, -1.5, 123456.5, 1234567.5]
    // Shortest digits that end in a 5 after the sixth (the fallback to printf) and
    // values just either side of a six-digit rounding boundary.
    for _ in 0..<20_000 {
        let mantissa = Int.random(in: 1_000_000...9_999_999, using: &rng) / 10 * 10 + 5
        let e = Int.random(in: -30...30, using: &rng)
        let t = Double("\(mantissa)e\(e)")!
        special += [t, t.nextUp, t.nextDown, -t]
    }
    for _ in 0..<200_000 {
        let e = Double.random(in: -320...308, using: &rng)
        let v = Double.random(in: 1..<10, using: &rng) * pow(10, e) * (Bool.random(using: &rng) ? 1 : -1)
        special.append(Bool.random(using: &rng) ? v : v.rounded())
    }
    var bad: [Double] = []
    var line: [UInt8] = []
    for v in special {
        line.removeAll(keepingCapacity: true)
        appendCell(v, to: &line)
        if String(decoding: line, as: UTF8.self) != reference(v) || formatCell(v) != reference(v) { bad.append(v) }
    }
    #expect(bad.isEmpty, "differ at \(bad.prefix(5))")
    var ints: [UInt8] = []
    for x: Int64 in [0, 7, -7, 10, -10, 1_000_000, Int64.max, Int64.min] {
        ints.removeAll(); appendInteger(x, to: &ints)
        #expect(String(decoding: ints, as: UTF8.self) == String(x))
    }
}

/// ObservationSums' inline arrays have the sizes of the enums they count
/// (a new lever, issue type or payer must resize them).
@Test func observationSumsSizesMatchTheirEnums() {
    #expect(ObservationSums.sizesMatch)
    let s = ObservationSums()
    #expect(s.leverMoney.count == LeverID.allCases.count && s.payerMoney.count == Payer.allCases.count)
    #expect(s.byType.count == IssueType.allCases.count && s.byPath.count == DiscoveryPath.allCases.count)
}

@Test func csvFieldQuoting() {
    #expect(csvField("plain") == "plain")
    #expect(csvField("a,b") == "\"a,b\"")
    #expect(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(csvLine(["a", "b,c"]) == "a,\"b,c\"\n")
}

// MARK: SHA-256

@Test func sha256NISTVectors() {
    #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256PaddingBoundaries() {
    // 55, 56 and 64 bytes straddle the one/two padding-block boundary.
    #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    #expect(SHA256.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
}

// MARK: statistics

@Test func summaryAgainstFormulas() {
    let x = [2.0, 4.0, 4.0, 5.0, 9.0]
    let s = Summary(x)
    let n = Double(x.count)
    let mean = x.reduce(0, +) / n
    let sd = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
    let half = 2.776445105 * sd / n.squareRoot()
    #expect(s.n == 5)
    #expect(abs(s.mean - 4.8) < 1e-12)
    #expect(abs(s.sd - sd) < 1e-12)
    #expect(abs(s.ciLow - (mean - half)) < 1e-8)
    #expect(abs(s.ciHigh - (mean + half)) < 1e-8)
    // Linear interpolation at f·(n−1): 0.2 → 2 + 0.2·2, 2 → 4, 3.8 → 5 + 0.8·4.
    #expect(abs(s.q05 - 2.4) < 1e-12)
    #expect(s.q50 == 4)
    #expect(abs(s.q95 - 8.2) < 1e-12)
}

@Test func tQuantileAndQuantiles() {
    #expect(abs(Statistics.tQuantile(0.975, df: 4) - 2.776445) < 1e-6)
    #expect(abs(Statistics.tQuantile(0.975, df: 1) - 12.7062047) < 1e-6)
    #expect(Statistics.tQuantile(0.975, df: 0).isNaN)
    let q = Statistics.quantiles([10, 1, 7, 3], [0, 0.25, 0.5, 1])  // sorted 1,3,7,10
    #expect(q == [1, 2.5, 5, 10])
    #expect(Statistics.quantiles([], [0.5])[0].isNaN)
}

@Test func summaryOfOneAndNone() {
    let one = Summary([3.5])
    #expect(one.n == 1 && one.mean == 3.5 && one.q05 == 3.5 && one.q50 == 3.5 && one.q95 == 3.5)
    #expect(one.sd.isNaN && one.ciLow.isNaN && one.ciHigh.isNaN)
    #expect(one.cells == ["1", "3.5", "NA", "NA", "NA", "3.5", "3.5", "3.5", "0"])
    let none = Summary([])
    #expect(none.n == 0 && none.mean.isNaN && none.q50.isNaN)
    let withNaN = Summary([1, .nan, 3])
    #expect(withNaN.n == 2 && withNaN.mean == 2)
    // Undefined values are counted, not silently dropped.
    #expect(withNaN.missing == 1 && withNaN.cells.last == "1")
    #expect(Summary([.nan, .nan]).missing == 2 && Summary([.nan, .nan]).n == 0)
}

/// A mean over nobody is NA, never 0: with no problem arising, nothing is raised or
/// resolved, so the mean days to raise and to resolve are undefined on every day,
/// their summary `_mean` is NA, and aggregate.csv counts every replicate as missing.
@Test func meanColumnsAreNAWhenTheirDenominatorIsZero() throws {
    var sets: [String: Double] = [:]
    for t in IssueType.allCases { sets["issues.\(t.label).rate"] = 0 }
    let sc = testScenario("na", households: 200, days: 60, replicates: 3, sets)
    let runs = Runner.run(sc, jobs: 1)
    for r in runs {
        for d in [0, 30, 59] {
            #expect(r.all("mean_raise_days", day: d).isNaN)
            #expect(r.all("mean_resolution_days", day: d).isNaN)
            #expect(r.all("quality_mean", day: d).isNaN)
            #expect(r.all("participation_rate", day: d).isFinite)
        }
    }
    let table = RunOutput.summaryTable(series: runs)
    let k = try #require(table.metrics.firstIndex(of: "mean_raise_days_mean"))
    #expect(table.rows.allSatisfy { $0.values[k].isNaN })
    let agg = RunOutput.aggregateRows(series: runs).first { $0.community == "all" && $0.metric == "mean_raise_days_final" }
    #expect(agg?.summary.n == 0 && agg?.summary.missing == 3)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("linli-na-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let info = RunInfo(scenario: sc, jobs: 1, start: Date(), end: Date(), version: LinliVersion.current,
                       residentDays: 0, gitCommit: nil)
    _ = try RunOutput.write(series: runs, info: info, to: dir)
    let ts = try String(contentsOf: dir.appendingPathComponent("timeseries.csv"), encoding: .utf8)
    let header = ts.split(separator: "\n")[0].split(separator: ",", omittingEmptySubsequences: false)
    let col = try #require(header.firstIndex(of: "mean_raise_days"))
    let firstRow = ts.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
    #expect(firstRow[col] == "NA")
}

/// A `_mean` over days skips the days on which the column is undefined: the mean
/// days to raise averages the days after the first raise, not zeros before it.
@Test func summaryMeanSkipsUndefinedDays() {
    let runs = Runner.run(testScenario("na2", households: 300, days: 120, replicates: 2), jobs: 1)
    let table = RunOutput.summaryTable(series: runs)
    let k = table.metrics.firstIndex(of: "mean_raise_days_mean")!
    for (i, r) in runs.enumerated() {
        let defined = (0..<r.days).map { r.all("mean_raise_days", day: $0) }.filter { !$0.isNaN }
        #expect(!defined.isEmpty && defined.count < r.days)
        let row = table.rows.first { $0.replicate == r.replicate && $0.community == "all" }!
        #expect(abs(row.values[k] - defined.reduce(0, +) / Double(defined.count)) < 1e-9)
        _ = i
    }
}

@Test func welchKnownExample() {
    // Welch's t-test example (Wikipedia, "Welch's t-test", example 1);
    // reference from scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval().
    let a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    let b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    let w = Statistics.welchDifference(a: a, b: b)
    #expect(abs(w.diff - -2.166666666666668) < 1e-9)
    #expect(abs(w.low - -3.984096267140929) < 1e-6)
    #expect(abs(w.high - -0.3492370661924069) < 1e-6)
    #expect(abs(Statistics.welchDF(a: a, b: b) - 24.988529290231416) < 1e-6)
    let degenerate = Statistics.welchDifference(a: [1], b: [2, 3])
    #expect(degenerate.diff == -1.5 && degenerate.low.isNaN && degenerate.high.isNaN)
}

// MARK: tables

@Test func summaryFinalAndMean() {
    var s = ReplicateSeries(replicate: 7, days: 3, rowNames: ["A", "all"], columns: ["x"])
    s[0, 0, 0] = 1; s[1, 0, 0] = 2; s[2, 0, 0] = 6
    s[0, 1, 0] = 0.5; s[1, 1, 0] = 0.25; s[2, 1, 0] = 0
    let t = RunOutput.summaryTable(series: [s])
    #expect(t.metrics == ["x_final", "x_mean"])
    #expect(t.rows == [SummaryRow(replicate: 7, community: "A", values: [6, 3]),
                       SummaryRow(replicate: 7, community: "all", values: [0, 0.25])])
    #expect(RunOutput.summaryRows(series: [s]) == t.rows)
}

@Test func aggregateAgainstIndependentStatistics() {
    let series = makeSeries()
    let rows = RunOutput.aggregateRows(series: series)
    #expect(rows.count == 3 * 4)
    #expect(rows.map(\.community) == ["A", "A", "A", "A", "B", "B", "B", "B", "all", "all", "all", "all"])
    #expect(rows.prefix(4).map(\.metric) == ["x_final", "x_mean", "y_final", "y_mean"])
    for row in rows {
        let r = ["A", "B", "all"].firstIndex(of: row.community)!
        let c = row.metric.hasPrefix("x") ? 0 : 1
        let isFinal = row.metric.hasSuffix("_final")
        let values: [Double] = (0..<5).map { rep in
            isFinal ? cell(rep, 3, r, c) : (0..<4).map { cell(rep, $0, r, c) }.reduce(0, +) / 4
        }
        let mean = values.reduce(0, +) / 5
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4).squareRoot()
        let half = 2.776445105 * sd / 5.0.squareRoot()
        let sorted = values.sorted()
        func q(_ f: Double) -> Double {
            let h = f * 4, lo = Int(h.rounded(.down)), hi = min(lo + 1, 4)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        let s = row.summary
        #expect(s.n == 5)
        #expect(abs(s.mean - mean) < 1e-9)
        #expect(abs(s.sd - sd) < 1e-9)
        #expect(abs(s.ciLow - (mean - half)) < 1e-6)
        #expect(abs(s.ciHigh - (mean + half)) < 1e-6)
        #expect(abs(s.q05 - q(0.05)) < 1e-9)
        #expect(abs(s.q50 - q(0.5)) < 1e-9)
        #expect(abs(s.q95 - q(0.95)) < 1e-9)
    }
}

// MARK: run output files

@Test func runOutputFilesHeadersAndCounts() throws {
    let dir = try tempDir().appendingPathComponent("run")  // does not exist yet
    defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
    let urls = try RunOutput.write(series: makeSeries(), info: makeInfo(), to: dir)
    #expect(urls.map(\.lastPathComponent) == ["timeseries.csv", "summary.csv", "aggregate.csv", "manifest.json"])
    #expect(try fileNames(dir) == ["aggregate.csv", "manifest.json", "summary.csv", "timeseries.csv"])

    let ts = try lines(dir.appendingPathComponent("timeseries.csv"))
    #expect(ts.first == "replicate,day,community,x,y")
    #expect(ts.count - 1 == 5 * 4 * 3)
    #expect(ts[1] == "0,0,A,0,100")
    #expect(ts[2] == "0,0,B,10,110")
    #expect(ts[3] == "0,0,all,20,120")
    #expect(ts[4] == "0,1,A,1.25,101.25")
    #expect(ts[1 + 3 * 4 * 3] == "3,0,A,4.6,104.6")
    #expect(ts.last == "4,3,all,31.75,131.75")

    let su = try lines(dir.appendingPathComponent("summary.csv"))
    #expect(su.first == "replicate,community,x_final,x_mean,y_final,y_mean")
    #expect(su.count - 1 == 5 * 3)
    #expect(su[1] == "0,A,3.75,1.875,103.75,101.875")
    #expect(su.last?.hasPrefix("4,all,") == true)

    let ag = try lines(dir.appendingPathComponent("aggregate.csv"))
    #expect(ag.first == "community,metric,n,mean,sd,ci95_low,ci95_high,q05,q50,q95,missing")
    #expect(ag.count - 1 == 3 * 2 * 2)
    #expect(ag[1].hasPrefix("A,x_final,5,"))
    #expect(ag.last?.hasPrefix("all,y_mean,5,") == true)
}

@Test func manifestContent() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let info = makeInfo()
    try RunOutput.write(series: makeSeries(), info: info, to: dir)
    let url = dir.appendingPathComponent("manifest.json")
    let m = try Manifest.read(from: url)
    #expect(m.linliVersion == "0.1.0")
    #expect(m.gitCommit == "0123456789abcdef0123456789abcdef01234567")
    #expect(m.scenario == "unit" && m.scenarioPath == "scenarios/unit.yaml")
    #expect(m.scenarioDescription == "test")
    #expect(m.scenarioSHA256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(m.seed == 42 && m.replicates == 5 && m.days == 4 && m.jobs == 2)
    #expect(m.communities == ["A", "B"])
    #expect(m.startTime == "2023-11-14T22:13:20Z" && m.endTime == "2023-11-14T22:13:30Z")
    #expect(m.wallSeconds == 10 && m.residentDays == 2000 && m.residentDaysPerSecond == 200)
    #expect(m.leversOn == info.scenario.leversOn)
    #expect(m.parameters == info.scenario.parameters.values)
    #expect(m.parameters.count == ParameterRegistry.all.count)

    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.hasPrefix("{\n"))
    let keys = ["\"days\"", "\"end_time\"", "\"git_commit\"", "\"jobs\"", "\"levers_on\"", "\"linli_version\"",
                "\"parameters\"", "\"replicates\"", "\"resident_days\"", "\"resident_days_per_second\"",
                "\"scenario\"", "\"scenario_path\"", "\"scenario_sha256\"", "\"seed\"", "\"start_time\"", "\"wall_seconds\""]
    let positions = keys.map { text.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil })
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())  // sorted keys
    #expect(text.contains("\"scenarios/unit.yaml\""))  // slashes not escaped

    // A missing commit is written as null, not dropped.
    var noCommit = info
    noCommit.gitCommit = nil
    let json = try String(decoding: Manifest(info: noCommit).jsonData(), as: UTF8.self)
    #expect(json.contains("\"git_commit\" : null"))
}

@Test func outputIsDeterministic() throws {
    let a = try tempDir(), b = try tempDir()
    defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
    try RunOutput.write(series: makeSeries(), info: makeInfo(), to: a)
    try RunOutput.write(series: makeSeries().reversed(), info: makeInfo(), to: b)
    for name in ["timeseries.csv", "summary.csv", "aggregate.csv", "manifest.json"] {
        let da = try Data(contentsOf: a.appendingPathComponent(name))
        let db = try Data(contentsOf: b.appendingPathComponent(name))
        #expect(!da.isEmpty)
        #expect(da == db, "\(name) differs")
    }
}

@Test func inconsistentSeriesAreRejectedBeforeWriting() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    var series = makeSeries(replicates: 2)
    series.append(ReplicateSeries(replicate: 9, days: 4, rowNames: ["A", "all"], columns: ["x", "y"]))
    #expect(throws: RunOutputError.self) { try RunOutput.write(series: series, info: makeInfo(), to: dir) }
    #expect(try fileNames(dir).isEmpty)
}

// MARK: atomic files

@Test func atomicWriteReplacesWholeFile() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("sub/dir/file.txt")  // directory created on demand
    try AtomicFile.write("old content\n", to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "old content\n")
    try AtomicFile.write("new", to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "new")
    #expect(try fileNames(url.deletingLastPathComponent()) == ["file.txt"])
}

@Test func streamingWriteInSmallChunks() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("big.csv")
    var expected = ""
    try AtomicFile.stream(to: url, chunkSize: 7) { w in
        for i in 0..<1000 {
            let line = "\(i),\(formatCell(Double(i) / 7))\n"
            expected += line
            try w.write(line)
        }
        try w.write(byte: UInt8(ascii: "#"))
        #expect(w.bytesWritten == expected.utf8.count + 1)
    }
    expected += "#"
    #expect(try String(contentsOf: url, encoding: .utf8) == expected)
    #expect(try fileNames(dir) == ["big.csv"])
}

private struct Boom: Error {}

@Test func failedStreamKeepsOldContentAndLeavesNoTemp() throws {
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("timeseries.csv")
    try AtomicFile.write("old\n", to: url)
    #expect(throws: Boom.self) {
        try AtomicFile.stream(to: url, chunkSize: 16) { w in
            for _ in 0..<100 { try w.write("partial,row,that,gets,flushed\n") }  // some chunks reach disk
            throw Boom()
        }
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == "old\n")
    #expect(try fileNames(dir) == ["timeseries.csv"])

    // With no previous file the target stays absent.
    let fresh = dir.appendingPathComponent("fresh.csv")
    #expect(throws: Boom.self) { try AtomicFile.stream(to: fresh) { w in try w.write("x"); throw Boom() } }
    #expect(!FileManager.default.fileExists(atPath: fresh.path))
    #expect(try fileNames(dir) == ["timeseries.csv"])
}

@Test func temporaryNamesAreHiddenAndDistinct() {
    let a = AtomicFile.temporaryName(for: "x.csv"), b = AtomicFile.temporaryName(for: "x.csv")
    #expect(a.hasPrefix(".x.csv.") && a.hasSuffix(".tmp"))
    #expect(a != b)
}

/// Inside a git work tree (tests run in one: a checkout, or CI's fresh
/// clone) the lookup finds HEAD's 40-hex commit; outside one it returns nil.
@Test func gitCommitLookupFindsHeadInsideARepositoryAndNilOutside() throws {
    let fm = FileManager.default
    let insideGit = Process()
    insideGit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    insideGit.arguments = ["git", "rev-parse", "--is-inside-work-tree"]
    insideGit.standardOutput = FileHandle.nullDevice
    insideGit.standardError = FileHandle.nullDevice
    let gitRuns = (try? insideGit.run()) != nil
    if gitRuns { insideGit.waitUntilExit() }
    let inside = gitRuns && insideGit.terminationStatus == 0
    let commit = RunInfo.currentGitCommit()
    #expect(inside == (commit != nil), "git work tree: \(inside), commit: \(commit ?? "nil")")
    if let commit { #expect(commit.count == 40 && commit.allSatisfy(\.isHexDigit)) }
    // Outside any repository: nil, not a crash or garbage.
    let outside = fm.temporaryDirectory.appendingPathComponent("linli-nogit-\(UUID().uuidString)")
    try fm.createDirectory(at: outside, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: outside) }
    #expect(RunInfo.currentGitCommit(in: outside) == nil)
}

/// `largest_group` is the largest live group's size: at most all members, at
/// least their mean per group, and 0 when there are no groups.
@Test func largestGroupIsTheBiggestGroup() {
    let runs = Runner.run(testScenario("largest", households: 400, days: 200, replicates: 2, ["talents.engaged0": 1]), jobs: 1)
    var sawGroups = false
    for r in runs {
        for d in stride(from: 0, to: 200, by: 20) {
            let largest = r.all("largest_group", day: d), members = r.all("group_members", day: d), groups = r.all("groups", day: d)
            if groups == 0 { #expect(largest == 0); continue }
            sawGroups = true
            #expect(largest <= members && largest >= members / groups && largest >= 1)
        }
    }
    #expect(sawGroups)
}

// MARK: timeseries formatted on several threads

/// The body is formatted in blocks of days on several threads and written in
/// order: the bytes must be those of one pass, whatever the thread count,
/// including a last block that is not full and a batch that is not full.
@Test func timeseriesBodyIsTheSameOnAnyThreadCount() throws {
    let rows = 37, days = 1_000   // 55 days a block: 19 blocks, the last one short
    var s = ReplicateSeries(replicate: 3, days: days, rowNames: (0..<rows).map { "c\($0)" }, columns: ["x", "y", "z"])
    for d in 0..<days { for r in 0..<rows { for c in 0..<3 { s[d, r, c] = cell(3, d, r, c) / 7 } } }
    // One pass, line by line, as the reference.
    var expected: [UInt8] = []
    for d in 0..<days {
        for r in 0..<rows {
            expected += Array("3,\(d),c\(r)".utf8)
            for c in 0..<3 { expected.append(UInt8(ascii: ",")); appendCell(s[d, r, c], to: &expected) }
            expected.append(UInt8(ascii: "\n"))
        }
    }
    let dir = try tempDir()
    defer { try? FileManager.default.removeItem(at: dir) }
    for threads in [1, 2, 3] {
        let url = dir.appendingPathComponent("t\(threads).csv")
        try AtomicFile.stream(to: url) { w in try RunOutput.writeTimeseriesBody(s, to: &w, threads: threads) }
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(bytes == expected, "threads \(threads)")
    }
}
