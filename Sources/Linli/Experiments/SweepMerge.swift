import Foundation

/// Combines the directories of a sweep's shards into one directory that is
/// indistinguishable from an unsharded sweep's: the same `runs.csv` and
/// `points.csv` bytes, the records of every run in `records/merged.log`, the
/// copies of the sweep and scenario, and any kept time series. Refuses inputs
/// of different sweeps, and runs missing or recorded twice, listing them.
public enum SweepMerge {
    public static let mergedLog = "merged.log"

    public struct Result: Sendable {
        public var plan: SweepPlan
        public var runs: Int
        public var files: [URL]
    }

    public static func merge(_ inputs: [URL], into out: URL) throws -> Result {
        let start = Date()
        guard !inputs.isEmpty else { throw RunStoreError("nothing to merge: give the shard directories") }
        let outPath = out.standardizedFileURL.path
        var seen = Set<String>()
        for dir in inputs where !seen.insert(dir.standardizedFileURL.path).inserted {
            throw RunStoreError("\(dir.path) is given twice")
        }
        if let same = inputs.first(where: { $0.standardizedFileURL.path == outPath }) {
            throw RunStoreError("--out \(same.path) is one of the directories being merged; give a new directory")
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(RunLog.directoryName).path)) ?? []
        if let other = existing.first(where: { $0.hasSuffix(".log") && $0 != mergedLog }) {
            throw RunStoreError("--out \(out.path) holds a sweep's own runs (\(RunLog.directoryName)/\(other)); merge into a new directory")
        }

        var sweep: Sweep?
        var records: [RunRecord] = []
        var origins: [String] = []
        var first = ""
        for dir in inputs {
            let s = try SweepOutput.loadSweep(in: dir)
            if let sweep, s.fingerprint != sweep.fingerprint {
                throw RunStoreError("\(dir.path) holds another sweep than \(first) (sweep `\(s.name)`, fingerprint \(s.fingerprint.prefix(12))…, against `\(sweep.name)`, \(sweep.fingerprint.prefix(12))…)")
            }
            if sweep == nil { sweep = s; first = dir.path }
            let store = try RunStore.read(directory: dir)
            if let fp = store.fingerprint, fp != s.fingerprint {
                throw RunStoreError("\(dir.path): its records belong to another sweep than its \(SweepOutput.sweepCopy)")
            }
            records += store.records
            origins += store.origins.map { "\(dir.path)/\(RunLog.directoryName)/\($0)" }
        }
        let plan = SweepPlan(sweep!)
        let coverage = RunCoverage(plan: plan, records: records, origins: origins)
        if let problems = coverage.problems() {
            throw RunStoreError("cannot merge: \(problems)")
        }

        try SweepOutput.writeCopies(plan.sweep, to: out)
        let header = RunLog.header(fingerprint: plan.sweep.fingerprint, metrics: plan.sweep.metrics)
        try AtomicFile.stream(to: out.appendingPathComponent(RunLog.directoryName).appendingPathComponent(mergedLog)) { w in
            try w.write(header)
            for r in coverage.records { try w.write(r.line) }
        }
        try copyTimeseries(from: inputs, to: out)
        let info = SweepInfo(jobs: 1, start: start, end: Date(), mergedFrom: inputs.map(\.path))
        let files = try SweepOutput.write(plan, records: coverage.records, info: info, to: out)
        return Result(plan: plan, runs: coverage.records.count, files: files)
    }

    /// Copies every `runs/RUN_ID/` of the inputs into `out/runs/`.
    static func copyTimeseries(from inputs: [URL], to out: URL) throws {
        let fm = FileManager.default
        let target = out.appendingPathComponent(SweepOutput.runsDirectory)
        for dir in inputs {
            let runs = dir.appendingPathComponent(SweepOutput.runsDirectory)
            guard let ids = try? fm.contentsOfDirectory(atPath: runs.path) else { continue }
            try fm.createDirectory(at: target, withIntermediateDirectories: true)
            for id in ids where Int(id) != nil {
                let destination = target.appendingPathComponent(id)
                if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
                try fm.copyItem(at: runs.appendingPathComponent(id), to: destination)
            }
        }
    }
}
