import Foundation
import LB1Model

// lb1 --residents N --days T --threads K --seed S [--csv FILE]
// Runs LB-1 and prints, last, `resident_days_per_second=<number>`
// (N·T over the seconds of the day loop; setup is timed apart).

let usage = "usage: lb1 --residents N --days T --threads K --seed S [--csv FILE] [--quiet]"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("lb1: \(message)\n\(usage)\n".utf8))
    exit(1)
}

var residents = 10_000, days = 365, threads = 1
var seed: UInt64 = 1
var csvPath: String?
var quiet = false
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    func value() -> String {
        guard let v = args.popFirst() else { fail("\(a) needs a value") }
        return v
    }
    func int(_ min: Int) -> Int {
        let v = value()
        guard let n = Int(v), n >= min else { fail("\(a) expects an integer ≥ \(min), got \"\(v)\"") }
        return n
    }
    switch a {
    case "--residents": residents = int(1)
    case "--days": days = int(1)
    case "--threads": threads = int(1)
    case "--seed":
        let v = value()
        guard let s = UInt64(v) else { fail("--seed expects an unsigned 64-bit integer, got \"\(v)\"") }
        seed = s
    case "--csv": csvPath = value()
    case "--quiet": quiet = true
    case "-h", "--help": print(usage); exit(0)
    default: fail("unknown argument \"\(a)\"")
    }
}

let setupStart = DispatchTime.now().uptimeNanoseconds
let model = LB1(residents: residents, seed: seed, threads: threads)
let setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - setupStart) / 1e9
let loopSeconds = model.run(days: days)

if let csvPath {
    do {
        try model.csv().write(toFile: csvPath, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("lb1: cannot write \(csvPath): \(error)\n".utf8))
        exit(2)
    }
}
if !quiet {
    print("lb1 (Linli engine): residents=\(residents) days=\(days) threads=\(threads) seed=\(seed)")
    print(String(format: "setup_seconds=%.4f loop_seconds=%.4f", setupSeconds, loopSeconds))
    print(String(format: "active_share_last=%.6f mean_engagement_last=%.6f", model.activeShare.last!, model.meanEngagement.last!))
}
print(String(format: "resident_days_per_second=%.0f", Double(residents) * Double(days) / loopSeconds))
