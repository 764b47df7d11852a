/// Why a report could not be made; every case says what to do instead.
public enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    case notADirectory(String)
    case notAnOutput(String)
    case incompleteRun(String)
    case unreadable(String, String)
    case malformed(String, String)
    case mixedKinds
    case severalSweeps
    case unknownMetric(String, suggestion: String?, available: [String])
    case unknownFactor(String, suggestion: String?, available: [String])
    case baselineNotARun(String)
    case calibrationAlone(String)

    public var description: String {
        switch self {
        case .notADirectory(let p): return "\(p): no such directory"
        case .notAnOutput(let p):
            return "\(p): neither a run directory (manifest.json, from `linli run`) nor a sweep directory (sweep-manifest.json, runs.csv or points.csv, from `linli sweep`) nor a calibration directory (calibration-manifest.json, from `linli calibrate`)"
        case .incompleteRun(let p):
            return "\(p): incomplete run (no manifest.json; `linli run` writes it last) — rerun it or pass a finished run"
        case .unreadable(let p, let why): return "\(p): cannot read: \(why)"
        case .malformed(let p, let why): return "\(p): \(why)"
        case .mixedKinds: return "cannot mix run and sweep directories in one report; report the sweep alone, and the runs together"
        case .severalSweeps: return "one sweep per report: run `linli report` once per sweep directory"
        case .unknownMetric(let m, let s, let all):
            return "unknown metric `\(m)`" + (s.map { "; did you mean `\($0)`?" } ?? "") + " (available: \(all.prefix(40).joined(separator: ", "))\(all.count > 40 ? ", …" : ""))"
        case .unknownFactor(let f, let s, let all):
            return "unknown factor `\(f)`" + (s.map { "; did you mean `\($0)`?" } ?? "") + " (factors: \(all.joined(separator: ", ")))"
        case .calibrationAlone(let p): return "\(p) is a calibration directory: report it alone (`linli report \(p)`)"
        case .baselineNotARun(let p): return "--baseline \(p): not a run directory (needs manifest.json, summary.csv)"
        }
    }
}
