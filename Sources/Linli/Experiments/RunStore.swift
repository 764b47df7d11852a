import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One finished run of a sweep, as recorded in the run store.
public struct RunRecord: Sendable, Equatable {
    public var run: Int
    public var point: Int
    public var replicate: Int
    public var seed: UInt64
    /// Residents × days simulated, and wall seconds the run took (not part of any CSV).
    public var residentDays: Double
    public var seconds: Double
    /// The sweep's metrics, in its metric order.
    public var metrics: [Double]

    public init(run: Int, point: Int, replicate: Int, seed: UInt64, residentDays: Double = 0, seconds: Double = 0, metrics: [Double]) {
        self.run = run; self.point = point; self.replicate = replicate; self.seed = seed
        self.residentDays = residentDays; self.seconds = seconds; self.metrics = metrics
    }

    /// `run,point,replicate,seed,resident_days,seconds,metric…,crc32`: numbers in
    /// shortest round-trip form (so values read back bit for bit), then the
    /// CRC-32 of everything before the last comma.
    public var line: String {
        var body = "\(run),\(point),\(replicate),\(seed),\(residentDays),\(seconds)"
        for m in metrics { body += ","; body += "\(m)" }
        return body + "," + CRC32.hex(body) + "\n"
    }

    /// Parses a line of `line` form (without its newline); nil when the
    /// checksum fails, the field count is not `metrics + 7`, or a field is malformed.
    public init?(line: Substring, metrics count: Int) {
        guard let comma = line.lastIndex(of: ",") else { return nil }
        let body = line[..<comma]
        guard CRC32.hex(String(body)) == line[line.index(after: comma)...] else { return nil }
        let f = body.split(separator: ",", omittingEmptySubsequences: false)
        guard f.count == count + 6, let run = Int(f[0]), let point = Int(f[1]), let rep = Int(f[2]),
              let seed = UInt64(f[3]), let rd = Double(f[4]), let secs = Double(f[5]) else { return nil }
        var metrics: [Double] = []
        metrics.reserveCapacity(count)
        for field in f[6...] {
            guard let v = Double(field) else { return nil }
            metrics.append(v)
        }
        self.init(run: run, point: point, replicate: rep, seed: seed, residentDays: rd, seconds: secs, metrics: metrics)
    }
}

/// A failure of the run store: a directory holding another sweep, a log
/// another process is writing, an unreadable log.
public struct RunStoreError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The run store of a sweep directory: `records/*.log`, append-only logs of
/// finished runs. Each log starts with a header naming the sweep's
/// fingerprint and metrics; then one checksummed line per run, written with
/// a single `write(2)` after the run (and its time series) is complete. A run
/// killed midway therefore leaves no line, or at worst a torn last line that
/// fails its checksum and is cut off before the log is appended to again:
/// it is redone, never half-counted.
///
/// Each process appends to its own log (`shard-K-of-N.log`), holding an
/// exclusive `flock` on it, so shards may share a directory.
public final class RunLog: @unchecked Sendable {
    public static let directoryName = "records"
    static let magic = "# linli sweep records v1"

    public let url: URL
    private let fd: Int32
    private let lock = NSLock()
    private var unsynced = false
    private var lastSync = DispatchTime.now().uptimeNanoseconds

    /// The log's file name for a shard.
    public static func name(for shard: Shard) -> String { "shard-\(shard.index)-of-\(shard.count).log" }

    static func header(fingerprint: String, metrics: [String]) -> String {
        "\(magic) fingerprint=\(fingerprint) metrics=\(metrics.joined(separator: ";"))\n"
    }

    /// Opens (creating) `directory/records/name` for appending. An existing log
    /// must belong to the same sweep; a torn last line is cut off first.
    public init(directory: URL, name: String, fingerprint: String, metrics: [String]) throws {
        let dir = directory.appendingPathComponent(Self.directoryName)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        url = dir.appendingPathComponent(name)
        let path = url.path
        fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(operation: "open", path: path, code: errno) }
        do {
            if flock(fd, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK {
                throw RunStoreError("\(path) is being written by another `linli sweep`; wait for it, or give this one another --out or --shard")
            }
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let header = Self.header(fingerprint: fingerprint, metrics: metrics)
            if data.isEmpty {
                try Self.write(fd, header, path: path)
            } else {
                let existing = try LogContents(data: data, path: path)
                guard existing.fingerprint == fingerprint else {
                    throw RunStoreError("\(directory.path) holds runs of a different sweep (fingerprint \(existing.fingerprint.prefix(12))…, this sweep \(fingerprint.prefix(12))…): the sweep file or its base scenario changed; use another --out")
                }
                if let cut = existing.validLength, cut < data.count {
                    guard ftruncate(fd, off_t(cut)) == 0 else { throw AtomicFileError(operation: "ftruncate", path: path, code: errno) }
                }
            }
            _ = fsync(fd)
        } catch {
            close(fd)
            throw error
        }
    }

    deinit {
        sync()
        close(fd)
    }

    /// Appends one record (one `write(2)`; safe from several threads).
    public func append(_ record: RunRecord) throws {
        let line = record.line
        lock.lock(); defer { lock.unlock() }
        try Self.write(fd, line, path: url.path)
        unsynced = true
    }

    /// Flushes appended records to disk (fsync). A killed process loses
    /// nothing without it; a machine that loses power may lose unsynced lines.
    public func sync() {
        lock.lock(); defer { lock.unlock() }
        if unsynced { _ = fsync(fd); unsynced = false }
        lastSync = DispatchTime.now().uptimeNanoseconds
    }

    /// `sync()` when more than a second has passed since the last one, so
    /// short runs do not each pay for an fsync.
    public func syncIfDue() {
        lock.lock()
        let due = DispatchTime.now().uptimeNanoseconds - lastSync > 1_000_000_000
        lock.unlock()
        if due { sync() }
    }

    private static func write(_ fd: Int32, _ text: String, path: String) throws {
        var text = text
        try text.withUTF8 { try writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
    }
}

/// The parsed content of one log.
struct LogContents {
    var fingerprint: String
    var metrics: [String]
    var records: [RunRecord]
    /// Lines that failed their checksum or parse (not counting a torn last line).
    var corrupt: Int
    /// Bytes up to the end of the last complete line, when the file ends in a torn line.
    var validLength: Int?

    init(data: Data, path: String) throws {
        let bytes = [UInt8](data)
        guard let headerEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw RunStoreError("\(path): not a linli sweep record log (no header line)")
        }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        guard header.hasPrefix(RunLog.magic) else {
            throw RunStoreError("\(path): not a linli sweep record log (header `\(header.prefix(60))`)")
        }
        var fingerprint = "", metrics: [String] = []
        for part in header.dropFirst(RunLog.magic.count).split(separator: " ") {
            if part.hasPrefix("fingerprint=") { fingerprint = String(part.dropFirst("fingerprint=".count)) }
            if part.hasPrefix("metrics=") { metrics = part.dropFirst("metrics=".count).split(separator: ";").map(String.init) }
        }
        self.fingerprint = fingerprint
        self.metrics = metrics
        records = []
        corrupt = 0
        var start = headerEnd + 1
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                validLength = start           // torn last line: the write was cut short
                break
            }
            let line = String(decoding: bytes[start..<end], as: UTF8.self)
            if let r = RunRecord(line: line[...], metrics: metrics.count) { records.append(r) } else { corrupt += 1 }
            start = end + 1
        }
    }
}

/// Everything the logs of one sweep directory hold.
public struct RunStore: Sendable {
    public var directory: URL
    public var fingerprint: String?
    public var metrics: [String]
    /// Records in log order (logs by name); a run may appear more than once.
    public var records: [RunRecord]
    /// Where each record came from (log file name), parallel to `records`.
    public var origins: [String]
    /// Checksum or parse failures (ignored, the runs are redone).
    public var corrupt: Int

    /// Reads every `records/*.log` of `directory` (none: an empty store). Logs
    /// of different sweeps in one directory are an error.
    public static func read(directory: URL) throws -> RunStore {
        var store = RunStore(directory: directory, fingerprint: nil, metrics: [], records: [], origins: [], corrupt: 0)
        let dir = directory.appendingPathComponent(RunLog.directoryName)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".log") && !$0.hasPrefix(".") }.sorted()
        for name in names {
            let path = dir.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RunStoreError("\(path): cannot be read")
            }
            if data.isEmpty { continue }
            let log = try LogContents(data: data, path: path)
            if let fp = store.fingerprint, fp != log.fingerprint {
                throw RunStoreError("\(directory.path): its logs belong to different sweeps (\(name) has fingerprint \(log.fingerprint.prefix(12))…, others \(fp.prefix(12))…)")
            }
            store.fingerprint = log.fingerprint
            store.metrics = log.metrics
            store.records += log.records
            store.origins += Array(repeating: name, count: log.records.count)
            store.corrupt += log.corrupt
        }
        return store
    }

    /// Run ids recorded at least once.
    public var done: Set<Int> { Set(records.map(\.run)) }
}
