import ArgumentParser
import Foundation
import Linli

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard directories of a sweep into one, as if it had run unsharded.",
        discussion: """
        Example:
          linli merge results/s/0 results/s/1 results/s/2 --out results/s/all
        Refuses shards of different sweeps, and runs missing or recorded twice (listing them).
        runs.csv and points.csv come out byte-identical to an unsharded sweep's.
        Exit status: 0 on success, 1 when the shards cannot be merged, 2 when the output cannot be written.
        """
    )

    @Argument(help: "Shard output directories.") var directories: [String]
    @Option(help: "Output directory (new, or an earlier merge's).") var out: String
    @Flag(help: "Print only the output directory.") var quiet = false

    func run() throws {
        // Shards that cannot be merged: 1; output that cannot be written: 2.
        try orExit(2) { try OutputLock.claim(URL(fileURLWithPath: out)) }
        let result = try orExit({ $0 is RunStoreError || $0 is ScenarioErrors ? 1 : 2 }) {
            try SweepMerge.merge(directories.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: out))
        }
        if quiet { print(out); return }
        print("merged \(directories.count) directories: \(result.runs) runs of sweep \(result.plan.sweep.name)")
        print("results: \(out)/ (runs.csv, points.csv, \(SweepOutput.manifestFile))")
    }
}
