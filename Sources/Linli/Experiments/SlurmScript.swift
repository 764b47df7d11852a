import Foundation

/// The sbatch script of `linli sweep --emit-slurm`: an array job whose task K
/// of N runs shard K/N of the sweep (the shard comes from
/// `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`) with `--resume` into
/// `OUT/shards/K`, so a task that dies or is requeued continues where it
/// stopped; and a one-task merge script to run after it (`afterok`).
public struct SlurmScript: Sendable {
    /// Absolute paths: the linli binary, the sweep file, the output directory, the working directory.
    public var binary: String
    public var sweepPath: String
    public var out: String
    public var workingDirectory: String
    public var jobName: String
    public var arraySize: Int
    /// `HH:MM:SS` wall-time limit per task.
    public var time: String
    public var cpusPerTask: Int
    public var keepTimeseries: Bool

    public init(binary: String, sweepPath: String, out: String, workingDirectory: String, jobName: String,
                arraySize: Int, time: String, cpusPerTask: Int, keepTimeseries: Bool) {
        self.binary = binary; self.sweepPath = sweepPath; self.out = out; self.workingDirectory = workingDirectory
        self.jobName = jobName; self.arraySize = arraySize; self.time = time; self.cpusPerTask = cpusPerTask
        self.keepTimeseries = keepTimeseries
    }

    public static let arrayScript = "sweep.sbatch"
    public static let mergeScript = "merge.sbatch"
    public static let shardsDirectory = "shards"
    public static let logDirectory = "slurm"

    /// `HH:MM:SS` (hours may exceed 24; minutes and seconds below 60).
    public static func isValidTime(_ t: String) -> Bool {
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let m = Int(parts[1]), let s = Int(parts[2]), parts[1].count == 2, parts[2].count == 2 else { return false }
        return m < 60 && s < 60
    }

    static func quote(_ s: String) -> String { Shell.quote(s) }

    /// Why `path` cannot be the output directory of an sbatch script, or nil.
    /// `#SBATCH` lines are not shell: sbatch splits them at white space and
    /// reads `%` as a file-name pattern (`%A`, `%j`), so `--output=` cannot
    /// carry a path with blanks, quotes, backslashes, `%` or control
    /// characters. Refusing is clearer than a log that lands elsewhere.
    public static func unsupportedOutputPath(_ path: String) -> String? {
        let bad = path.unicodeScalars.filter(directiveUnsafe)
        guard let first = bad.first else { return nil }
        let shown = first.properties.isWhitespace ? (first == " " ? "a space" : "white space") :
            (first.value < 0x20 || first.value == 0x7F) ? "a control character" : "`\(first)`"
        return "the output directory \(Shell.quote(path)) holds \(shown), which an `#SBATCH --output=` line cannot carry (sbatch splits directives at blanks and reads % as a pattern); choose --out without blanks, quotes, backslashes or %"
    }

    /// `name` as one `#SBATCH` word: blanks, quotes, backslashes and `%` become `_`.
    static func directiveWord(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { directiveUnsafe($0) ? "_" : $0 }))
    }

    /// Characters an `#SBATCH` directive's value cannot carry.
    static func directiveUnsafe(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || c.value < 0x20 || c.value == 0x7F || "%\\\"'`".unicodeScalars.contains(c)
    }

    var shards: String { out + "/" + Self.shardsDirectory }

    /// The merge command to run once every task has finished.
    public var mergeCommand: String {
        "\(Self.quote(binary)) merge \(Self.quote(shards))/* --out \(Self.quote(out))"
    }

    private func header(name: String, output: String) -> String {
        """
        #!/bin/bash
        #SBATCH --job-name=\(Self.directiveWord(name))
        #SBATCH --ntasks=1
        #SBATCH --output=\(out)/\(Self.logDirectory)/\(output)
        """
    }

    public var arrayText: String {
        var command = "\(Self.quote(binary)) sweep \(Self.quote(sweepPath)) --out \(Self.quote(shards))/\"${SLURM_ARRAY_TASK_ID}\" --resume --jobs \"${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}\""
        if keepTimeseries { command += " --keep-timeseries" }
        return header(name: jobName, output: "%A_%a.out") + """

        #SBATCH --array=0-\(arraySize - 1)
        #SBATCH --cpus-per-task=\(cpusPerTask)
        #SBATCH --time=\(time)
        # Written by `linli sweep --emit-slurm`. Task K of \(arraySize) runs the sweep's runs
        # whose index is K mod \(arraySize) (linli reads SLURM_ARRAY_TASK_ID and
        # SLURM_ARRAY_TASK_COUNT) into \(shards)/K, recording each run as it
        # finishes; --resume skips runs already recorded, so a resubmitted or
        # requeued task continues where it stopped.
        #   submit:  sbatch \(Self.quote(out + "/" + Self.arrayScript))
        #   then:    \(mergeCommand)
        #   (or submit \(Self.mergeScript) with --dependency=afterok:<array job id>)
        set -euo pipefail
        cd \(Self.quote(workingDirectory))
        exec \(command) --quiet

        """
    }

    public var mergeText: String {
        header(name: jobName + "-merge", output: "%j-merge.out") + """

        #SBATCH --cpus-per-task=1
        #SBATCH --time=\(time)
        #SBATCH --kill-on-invalid-dep=yes
        # Written by `linli sweep --emit-slurm`: merges the array job's shards into \(out).
        #   sbatch --dependency=afterok:<array job id> \(Self.quote(out + "/" + Self.mergeScript))
        set -euo pipefail
        cd \(Self.quote(workingDirectory))
        exec \(mergeCommand)

        """
    }

    /// Writes both scripts (executable) and the log directory; returns the script paths.
    @discardableResult
    public func write() throws -> (array: URL, merge: URL) {
        if let why = Self.unsupportedOutputPath(out) { throw SlurmScriptError(message: why) }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(Self.logDirectory), withIntermediateDirectories: true)
        let array = dir.appendingPathComponent(Self.arrayScript), merge = dir.appendingPathComponent(Self.mergeScript)
        try AtomicFile.write(arrayText, to: array)
        try AtomicFile.write(mergeText, to: merge)
        for url in [array, merge] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        return (array, merge)
    }
}

/// A sweep output directory that an sbatch script cannot use.
public struct SlurmScriptError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Quoting for text the user pastes into a shell.
public enum Shell {
    /// `s` as one single-quoted shell word (a `'` inside becomes `'\''`):
    /// `$(…)`, backquotes, globs and blanks stay literal when pasted.
    public static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
