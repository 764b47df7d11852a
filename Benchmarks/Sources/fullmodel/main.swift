import Foundation
import Linli

// Full-model benchmarks (the real model, not LB-1):
//
//   fullmodel baseline [--residents 100000] [--days 365] [--seed S]
//       copies of the baseline compound (scenarios/baseline.yaml) until there
//       are at least --residents residents; one replicate on one thread.
//   fullmodel district [--jobs 2] [--threads 1] [--days D] [--replicates R] [--scenario FILE]
//       scenarios/district.yaml through the parallel replicate runner, each
//       replicate on --threads threads (street shards).
//   fullmodel chart SCALING_CSV OUT_SVG
//       the scaling chart of Benchmarks/scaling.sh's CSV (seconds per million
//       resident-days against residents, 1 and 2 threads), drawn by Linli's
//       report code (LineChart).
//
// Each simulation mode prints setup seconds, day-loop seconds, resident-days per second and
// peak RSS (whole process, and per resident in memory at once); the last
// line is `resident_days_per_second=<number>`.

let usage = """
    usage: fullmodel baseline [--residents N] [--days D] [--seed S]
           fullmodel district [--jobs J] [--threads T] [--days D] [--replicates R] [--scenario FILE]
           fullmodel chart SCALING_CSV OUT_SVG
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("fullmodel: \(message)\n\(usage)\n".utf8))
    exit(1)
}

/// The repository root (this file is Benchmarks/Sources/fullmodel/main.swift).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// Peak and current resident set size in bytes (Linux /proc; 0 elsewhere).
func rss() -> (peak: Int, now: Int) {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Int {
        guard let line = s.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0) * 1024
    }
    return (field("VmHWM"), field("VmRSS"))
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func load(_ path: String) -> Scenario {
    do { return try ScenarioLoader.load(path: path) } catch { fail("\(path): \(error)") }
}

var args = Array(CommandLine.arguments.dropFirst())
guard let mode = args.first else { fail("missing mode") }
args.removeFirst()
if mode == "chart" {
    guard args.count == 2, let text = try? String(contentsOfFile: args[0], encoding: .utf8) else { fail("chart needs SCALING_CSV OUT_SVG") }
    let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    guard let header = lines.first, let r = header.firstIndex(of: "residents"), let t = header.firstIndex(of: "threads"),
          let y = header.firstIndex(of: "seconds_per_million_resident_days") else { fail("\(args[0]): not a scaling.sh CSV") }
    let rows = lines.dropFirst().filter { $0.count == header.count }
    let series = [1, 2].map { threads in
        let mine = rows.filter { Int($0[t]) == threads }
        return LineSeries(name: threads == 1 ? "1 thread" : "2 threads", x: mine.map { Double($0[r])! },
                          y: mine.map { Double($0[y])! }, style: threads - 1, markers: true)
    }
    var chart = LineChart(title: "Cost per resident-day by size (solid: 1 thread, dashed: 2 threads)",
                          xLabel: "residents", yLabel: "seconds per million resident-days", series: series)
    chart.xLog = true
    chart.width = 640; chart.height = 360
    do { try chart.render().standaloneSVG.write(toFile: args[1], atomically: true, encoding: .utf8) } catch { fail("\(args[1]): \(error)") }
    exit(0)
}
let options: [String: String] = {
    var o: [String: String] = [:]
    while !args.isEmpty {
        let key = args.removeFirst()
        guard key.hasPrefix("--"), !args.isEmpty else { fail("bad argument \(key)") }
        o[String(key.dropFirst(2))] = args.removeFirst()
    }
    return o
}()
@MainActor func int(_ key: String, _ fallback: Int) -> Int {
    guard let v = options[key] else { return fallback }
    guard let n = Int(v), n >= 1 else { fail("--\(key) expects a positive integer") }
    return n
}

let startRSS = rss().now
switch mode {
case "baseline":
    var sc = load(root.appendingPathComponent("scenarios/baseline.yaml").path)
    let want = int("residents", 100_000)
    let template = sc.communities[0]
    let perCopy = Double(template.households) * template.field("household_size", sc.parameters)
    let copies = max(1, Int((Double(want) / perCopy).rounded(.up)))
    sc.communities = (1...copies).map { k in
        var c = template
        c.name = "\(template.name)-\(k)"
        return c
    }
    sc.days = int("days", sc.days)
    if let s = options["seed"] { sc.seed = UInt64(s) ?? sc.seed }
    let t0 = now()
    let series = Simulation.run(sc, replicate: 0)
    let wall = now() - t0
    let n = series.residents
    let peak = rss().peak
    print("fullmodel baseline: \(copies) copies of the baseline compound, \(n) residents, \(sc.days) days, 1 thread")
    print(String(format: "setup_seconds=%.3f loop_seconds=%.3f", wall - series.loopSeconds, series.loopSeconds))
    print(String(format: "peak_rss_mb=%.1f bytes_per_resident=%.0f bytes_per_resident_net=%.0f",
                 Double(peak) / 1e6, Double(peak) / Double(n), Double(peak - startRSS) / Double(n)))
    print(String(format: "resident_days_per_second=%.0f", Double(n) * Double(sc.days) / series.loopSeconds))

case "district":
    var sc = load(options["scenario"] ?? root.appendingPathComponent("scenarios/district.yaml").path)
    sc.days = int("days", sc.days)
    sc.replicates = int("replicates", sc.replicates)
    let jobs = int("jobs", 2), threads = int("threads", 1)
    let t0 = now()
    let series = Runner.run(sc, jobs: jobs, threads: threads)
    let wall = now() - t0
    let n = series[0].residents
    let inFlight = min(jobs, sc.replicates)
    let peak = rss().peak
    let loop = series.map(\.loopSeconds).reduce(0, +)
    let residentDays = Double(n) * Double(sc.days) * Double(sc.replicates)
    print("fullmodel district: \(sc.communities.count) communities, \(n) residents, \(sc.days) days, \(sc.replicates) replicates, \(jobs) jobs × \(threads) threads")
    print(String(format: "wall_seconds=%.1f setup_seconds_per_replicate=%.2f loop_seconds_per_replicate=%.1f",
                 wall, (wall * Double(inFlight) - loop) / Double(sc.replicates), loop / Double(sc.replicates)))
    print(String(format: "peak_rss_mb=%.1f bytes_per_resident=%.0f (%d replicates in memory at once)",
                 Double(peak) / 1e6, Double(peak) / Double(n * inFlight), inFlight))
    print(String(format: "resident_days_per_second_per_replicate=%.0f", Double(n) * Double(sc.days) / (loop / Double(sc.replicates))))
    print(String(format: "resident_days_per_second=%.0f", residentDays / wall))

default:
    fail("unknown mode \(mode)")
}
