import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A quantity over days, across replicates: per day the number of finite
/// replicate values, their mean and the t-based 95% confidence interval of
/// the mean (NaN when fewer than two values), the same definition as
/// `Summary` in aggregate.csv.
public struct Band: Sendable, Equatable {
    public var days: [Double]
    public var n: [Int]
    public var mean: [Double]
    public var low: [Double]
    public var high: [Double]
}

/// Reads `timeseries.csv` in chunks (it can be gigabytes) and keeps, for the
/// requested columns only, running means and squared deviations per
/// (community row, column, day) — Welford's update, so memory is
/// rows × columns × days, not × replicates.
public struct TimeseriesBands: Sendable {
    /// Observation columns of the file (after `replicate,day,community`).
    public private(set) var columns: [String] = []
    /// Row names in first-appearance order (communities, then `all`).
    public private(set) var rowNames: [String] = []
    public private(set) var dayCount = 0
    private var wanted: [Int] = []          // indices into columns
    private var wantedNames: [String] = []
    // acc[row][(w * dayCapacity + day) * 3 + {0: n, 1: mean, 2: m2}]
    private var acc: [[Double]] = []
    private var dayCapacity = 0
    /// Days that have any row in the file: with `observe.every` > 1 the
    /// others were not written, and a band skips them instead of showing a gap.
    private var written: [Bool] = []

    /// Reads `url`, keeping the columns in `keep` (all columns when nil).
    public static func read(_ url: URL, keep: (([String]) -> [String])? = nil, expectedDays: Int = 0) throws -> TimeseriesBands {
        var t = TimeseriesBands()
        t.dayCapacity = max(1, expectedDays)
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw ReportError.unreadable(url.path, "cannot open") }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        var lineNumber = 0
        var rowIndex: [String: Int] = [:]
        while true {
            let chunk = handle.readData(ofLength: 4 << 20)
            let atEnd = chunk.isEmpty
            var bytes = carry
            bytes.append(contentsOf: chunk)
            if atEnd, let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
            guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else {
                if atEnd { break }
                carry = bytes; continue
            }
            carry = Array(bytes[(lastNewline + 1)...])
            bytes.removeSubrange((lastNewline + 1)...)
            bytes.append(0)  // strtod stops at a NUL at the latest
            try bytes.withUnsafeBufferPointer { buf in
                var start = 0
                while start < lastNewline + 1 {
                    var end = start
                    while buf[end] != UInt8(ascii: "\n") { end += 1 }
                    var lineEnd = end
                    if lineEnd > start, buf[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                    lineNumber += 1
                    if lineNumber == 1 {
                        let header = try CSVTable.parse(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<lineEnd]), as: UTF8.self), source: url.path).header
                        guard header.count >= 3, header[0] == "replicate", header[1] == "day", header[2] == "community" else {
                            throw ReportError.malformed(url.path, "header does not start with replicate,day,community")
                        }
                        t.columns = Array(header.dropFirst(3))
                        t.wantedNames = keep?(t.columns) ?? t.columns
                        t.wanted = t.wantedNames.compactMap { t.columns.firstIndex(of: $0) }
                    } else if lineEnd > start {
                        try t.add(line: buf, start, lineEnd, rowIndex: &rowIndex, source: url.path, lineNumber: lineNumber)
                    }
                    start = end + 1
                }
            }
            if atEnd { break }
        }
        if lineNumber == 0 { throw ReportError.malformed(url.path, "empty file (no header)") }
        return t
    }

    private mutating func add(line buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                              rowIndex: inout [String: Int], source: String, lineNumber: Int) throws {
        // Field starts; community names may be quoted (then parse the line properly).
        var fieldStarts: [Int] = [start]
        fieldStarts.reserveCapacity(columns.count + 3)
        var quoted = false
        var i = start
        while i < end {
            let b = buf[i]
            if b == UInt8(ascii: "\"") { quoted = true; break }
            if b == UInt8(ascii: ",") { fieldStarts.append(i + 1) }
            i += 1
        }
        let community: String
        let day: Int
        var values = [Double](repeating: .nan, count: wanted.count)
        if quoted {
            let line = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
            let fields = try CSVTable.records(line, source: source).first ?? []
            guard fields.count == columns.count + 3 else {
                throw ReportError.malformed(source, "line \(lineNumber) has \(fields.count) fields, the header has \(columns.count + 3)")
            }
            community = fields[2]
            day = Int(fields[1]) ?? -1
            for (k, c) in wanted.enumerated() { values[k] = CSVTable.number(fields[c + 3]) }
        } else {
            guard fieldStarts.count == columns.count + 3 else {
                throw ReportError.malformed(source, "line \(lineNumber) has \(fieldStarts.count) fields, the header has \(columns.count + 3)")
            }
            community = String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStarts[2]..<(fieldStarts[3] - 1)]), as: UTF8.self)
            day = Int(String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStarts[1]..<(fieldStarts[2] - 1)]), as: UTF8.self)) ?? -1
            let base = buf.baseAddress!
            for (k, c) in wanted.enumerated() {
                let p = UnsafeMutablePointer(mutating: base + fieldStarts[c + 3]).withMemoryRebound(to: CChar.self, capacity: 1) { $0 }
                var endPtr: UnsafeMutablePointer<CChar>?
                let v = strtod(p, &endPtr)
                values[k] = endPtr == p ? .nan : v   // "NA" parses as nothing
            }
        }
        guard day >= 0 else { throw ReportError.malformed(source, "line \(lineNumber): day is not a non-negative integer") }
        let row: Int
        if let r = rowIndex[community] { row = r } else {
            row = rowNames.count
            rowIndex[community] = row
            rowNames.append(community)
            acc.append([Double](repeating: 0, count: wanted.count * dayCapacity * 3))
        }
        if day >= dayCapacity { grow(to: max(day + 1, dayCapacity * 2)) }
        dayCount = max(dayCount, day + 1)
        if written.count < dayCount { written += [Bool](repeating: false, count: dayCount - written.count) }
        written[day] = true
        acc[row].withUnsafeMutableBufferPointer { a in
            for k in 0..<values.count {
                let x = values[k]
                guard !x.isNaN else { continue }
                let j = (k * dayCapacity + day) * 3
                let count = a[j] + 1
                let delta = x - a[j + 1]
                a[j] = count
                a[j + 1] += delta / count
                a[j + 2] += delta * (x - a[j + 1])
            }
        }
    }

    private mutating func grow(to capacity: Int) {
        for r in acc.indices {
            var bigger = [Double](repeating: 0, count: wanted.count * capacity * 3)
            for k in 0..<wanted.count {
                for d in 0..<dayCapacity {
                    for z in 0..<3 { bigger[(k * capacity + d) * 3 + z] = acc[r][(k * dayCapacity + d) * 3 + z] }
                }
            }
            acc[r] = bigger
        }
        dayCapacity = capacity
    }

    /// The kept columns, in file order.
    public var keptColumns: [String] { wanted.map { columns[$0] } }

    /// The band of `column` for `row` (a community name or `all`); nil if not kept or absent.
    public func band(_ column: String, row: String) -> Band? {
        guard let k = wanted.firstIndex(where: { columns[$0] == column }), let r = rowNames.firstIndex(of: row) else { return nil }
        var band = Band(days: [], n: [], mean: [], low: [], high: [])
        var tCache: [Int: Double] = [:]
        for d in 0..<dayCount where written[d] {
            let j = (k * dayCapacity + d) * 3
            let count = Int(acc[r][j]), mean = acc[r][j + 1], m2 = acc[r][j + 2]
            band.days.append(Double(d))
            band.n.append(count)
            guard count > 0 else { band.mean.append(.nan); band.low.append(.nan); band.high.append(.nan); continue }
            band.mean.append(mean)
            if count >= 2 {
                let t = tCache[count] ?? Statistics.tQuantile(0.975, df: Double(count - 1))
                tCache[count] = t
                let half = t * (max(0, m2) / Double(count - 1)).squareRoot() / Double(count).squareRoot()
                band.low.append(mean - half); band.high.append(mean + half)
            } else {
                band.low.append(.nan); band.high.append(.nan)
            }
        }
        return band
    }
}
