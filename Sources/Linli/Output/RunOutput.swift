import Foundation

/// One row of `summary.csv`: a replicate's output row (community or `all`)
/// with, per observation column, its value on the last day and its mean over
/// all days (`SummaryTable.metrics` gives the order).
public struct SummaryRow: Sendable, Equatable {
    public var replicate: Int
    public var community: String
    public var values: [Double]

    public init(replicate: Int, community: String, values: [Double]) {
        self.replicate = replicate; self.community = community; self.values = values
    }
}

/// The per-replicate summary: metric names (`<col>_final`, `<col>_mean` for
/// each column in order) and the rows, replicate ascending then row order.
public struct SummaryTable: Sendable, Equatable {
    public var metrics: [String]
    public var rows: [SummaryRow]

    public init(metrics: [String], rows: [SummaryRow]) { self.metrics = metrics; self.rows = rows }
}

/// One row of `aggregate.csv`: a metric of one output row summarised across replicates.
public struct AggregateRow: Sendable, Equatable {
    public var community: String
    public var metric: String
    public var summary: Summary

    public init(community: String, metric: String, summary: Summary) {
        self.community = community; self.metric = metric; self.summary = summary
    }
}

public enum RunOutputError: Error, CustomStringConvertible, Sendable {
    case inconsistentSeries(String)
    public var description: String {
        switch self { case .inconsistentSeries(let why): return "inconsistent replicate series: \(why)" }
    }
}

/// Writes a run's output directory: `timeseries.csv`, `summary.csv`,
/// `aggregate.csv` and, last, `manifest.json` (its presence marks a complete
/// run). Every file is written atomically.
public enum RunOutput {
    public static let timeseriesFile = "timeseries.csv"
    public static let summaryFile = "summary.csv"
    public static let aggregateFile = "aggregate.csv"
    public static let manifestFile = "manifest.json"

    /// Writes all four files into `directory` (created if missing) and returns
    /// their URLs in write order, the manifest last.
    @discardableResult
    public static func write(series: [ReplicateSeries], info: RunInfo, to directory: URL) throws -> [URL] {
        try validate(series)
        let sorted = sortedByReplicate(series)
        let ts = directory.appendingPathComponent(timeseriesFile)
        let su = directory.appendingPathComponent(summaryFile)
        let ag = directory.appendingPathComponent(aggregateFile)
        let ma = directory.appendingPathComponent(manifestFile)

        // All four are staged first and renamed together, the manifest last
        // (an older manifest is removed before the first rename): a full disk
        // leaves an earlier run's files as they were.
        var batch = AtomicFile.Batch()
        try batch.stage(to: ts) { w in try writeTimeseriesRows(series: sorted, to: &w, threads: Runner.defaultJobs) }
        let table = summaryTable(series: sorted)
        try batch.stage(summaryCSV(table), to: su)
        try batch.stage(aggregateCSV(aggregateRows(summary: table, rowNames: sorted.first?.rowNames)), to: ag)
        try batch.stage(Manifest(info: info).jsonData(), to: ma)
        try batch.commit(marker: ma)
        return [ts, su, ag, ma]
    }

    /// A run's outputs written while its replicates finish: `timeseries.csv`
    /// grows one replicate at a time (in replicate order) in a staged
    /// temporary file, and only the summary rows are kept, so memory for
    /// outputs does not grow with replicates. `finish` stages summary,
    /// aggregate and manifest and renames all four into place together; a
    /// run that fails or is killed before leaves the directory as it was.
    public struct Stream {
        public let directory: URL
        private var batch = AtomicFile.Batch()
        public private(set) var rows: [SummaryRow] = []
        public private(set) var rowNames: [String]?
        public private(set) var columns: [String]?
        public private(set) var residentDays = 0.0

        public init(directory: URL) { self.directory = directory }

        /// Stages `timeseries.csv`: `produce` hands replicates (ascending) to the `add` it is given.
        public mutating func timeseries(_ produce: ((ReplicateSeries) throws -> Void) throws -> Void) throws {
            var collected: (rows: [SummaryRow], names: [String]?, columns: [String]?, residentDays: Double, last: Int) = ([], nil, nil, 0, -1)
            try batch.stage(to: directory.appendingPathComponent(timeseriesFile)) { w in
                try produce { s in
                    if let names = collected.names {
                        guard s.rowNames == names, s.columns == collected.columns else {
                            throw RunOutputError.inconsistentSeries("rows or columns differ in replicate \(s.replicate)")
                        }
                        guard s.replicate > collected.last else { throw RunOutputError.inconsistentSeries("replicate \(s.replicate) out of order") }
                    } else {
                        try w.writeCSVLine(timeseriesHeader(columns: s.columns))
                        collected.names = s.rowNames; collected.columns = s.columns
                    }
                    try validate([s])
                    try writeTimeseriesBody(s, to: &w, threads: Runner.defaultJobs)
                    collected.rows += summaryTable(series: [s]).rows
                    collected.residentDays += Double(s.residents) * Double(s.simulatedDays)
                    collected.last = s.replicate
                }
                if collected.names == nil { try w.writeCSVLine(timeseriesHeader(columns: [])) }
            }
            rows = collected.rows; rowNames = collected.names; columns = collected.columns
            residentDays = collected.residentDays
        }

        /// The summary of every replicate seen.
        public var summary: SummaryTable {
            SummaryTable(metrics: summaryMetrics(columns: columns ?? []), rows: rows)
        }

        /// Aggregate rows across the replicates seen.
        public var aggregate: [AggregateRow] { aggregateRows(summary: summary, rowNames: rowNames) }

        /// Stages the other three files and renames all four into place, the manifest last.
        @discardableResult
        public mutating func finish(info: RunInfo) throws -> [URL] {
            let su = directory.appendingPathComponent(summaryFile)
            let ag = directory.appendingPathComponent(aggregateFile)
            let ma = directory.appendingPathComponent(manifestFile)
            do {
                let table = summary
                try batch.stage(summaryCSV(table), to: su)
                try batch.stage(aggregateCSV(aggregateRows(summary: table, rowNames: rowNames)), to: ag)
                try batch.stage(Manifest(info: info).jsonData(), to: ma)
                try batch.commit(marker: ma)
            } catch {
                batch.discard()
                throw error
            }
            return [directory.appendingPathComponent(timeseriesFile), su, ag, ma]
        }

        /// Removes what was staged (a run that will not finish).
        public mutating func discard() { batch.discard() }
    }

    // MARK: timeseries

    /// Header of `timeseries.csv` for the given observation columns.
    public static func timeseriesHeader(columns: [String]) -> [String] {
        ["replicate", "day", "community"] + columns
    }

    /// Streams `timeseries.csv`: replicate ascending, then day, then row
    /// (communities in order, then `all`). One formatting thread by default:
    /// a sweep writes each run's file from one of its parallel jobs.
    public static func writeTimeseries(series: [ReplicateSeries], to url: URL, threads: Int = 1) throws {
        try validate(series)
        let sorted = sortedByReplicate(series)
        try AtomicFile.stream(to: url) { w in try writeTimeseriesRows(series: sorted, to: &w, threads: threads) }
    }

    /// The rows of `timeseries.csv` for `sorted` (replicate order).
    static func writeTimeseriesRows(series sorted: [ReplicateSeries], to w: inout BufferedWriter, threads: Int) throws {
        try w.writeCSVLine(timeseriesHeader(columns: sorted.first?.columns ?? []))
        for s in sorted { try writeTimeseriesBody(s, to: &w, threads: threads) }
    }

    /// The rows of one replicate (no header). Blocks of days are formatted
    /// on `threads` threads at once, a few blocks at a time, and written in
    /// order, so the bytes are those of one sequential pass (`linli run`
    /// formats on every core once the replicates are done: formatting was the
    /// serial part after a one-replicate run, 4 s of the district's 110).
    static func writeTimeseriesBody(_ s: ReplicateSeries, to w: inout BufferedWriter, threads: Int) throws {
        let names = s.rowNames.map { Array(csvField($0).utf8) }
        let rowsPerBlock = 2048
        let daysPerBlock = max(1, rowsPerBlock / max(1, names.count))
        let blocks = (s.days + daysPerBlock - 1) / daysPerBlock
        let perBatch = max(1, 2 * threads)
        var first = 0
        while first < blocks {
            let count = min(perBatch, blocks - first)
            let start = first
            let formatted = parallelMap(count: count, jobs: threads > 1 && count > 1 ? threads : 1) { k in
                let lo = (start + k) * daysPerBlock
                return timeseriesLines(s, names: names, days: lo..<min(s.days, lo + daysPerBlock))
            }
            for bytes in formatted { try w.write(bytes: bytes) }
            first += count
        }
    }

    /// The lines of `days` of one replicate, as bytes: each cell appended
    /// without a heap allocation (`appendCell`).
    static func timeseriesLines(_ s: ReplicateSeries, names: [[UInt8]], days: Range<Int>) -> [UInt8] {
        let cols = s.columns.count
        var line: [UInt8] = []
        line.reserveCapacity(days.count * names.count * (64 + 12 * cols))
        for day in days {
            for row in 0..<names.count {
                appendInteger(Int64(s.replicate), to: &line); line.append(UInt8(ascii: ","))
                appendInteger(Int64(s.dayNumber(day)), to: &line); line.append(UInt8(ascii: ","))
                line.append(contentsOf: names[row])
                let base = s.index(day: day, row: row, column: 0)
                for c in 0..<cols {
                    line.append(UInt8(ascii: ","))
                    appendCell(s.values[base + c], to: &line)
                }
                line.append(UInt8(ascii: "\n"))
            }
        }
        return line
    }

    // MARK: summary

    /// Metric names of the summary for the given columns: `<col>_final`, `<col>_mean` per column.
    public static func summaryMetrics(columns: [String]) -> [String] {
        columns.flatMap { ["\($0)_final", "\($0)_mean"] }
    }

    /// The per-replicate summary, replicates ascending then rows in order.
    /// Final = value on the last day; mean = average over the days on which
    /// the column is defined (an undefined day, NA, is one whose denominator
    /// was 0, e.g. `mean_raise_days` before the first raise); NaN when no day is.
    public static func summaryTable(series: [ReplicateSeries]) -> SummaryTable {
        let sorted = sortedByReplicate(series)
        let columns = sorted.first?.columns ?? []
        var rows: [SummaryRow] = []
        rows.reserveCapacity(sorted.reduce(0) { $0 + $1.rowNames.count })
        for s in sorted {
            for (r, name) in s.rowNames.enumerated() {
                var values: [Double] = []
                values.reserveCapacity(2 * s.columns.count)
                for c in 0..<s.columns.count {
                    let daily = (0..<s.days).map { s[$0, r, c] }
                    values.append(daily.last ?? .nan)
                    values.append(Statistics.mean(daily.filter { !$0.isNaN }))
                }
                rows.append(SummaryRow(replicate: s.replicate, community: name, values: values))
            }
        }
        return SummaryTable(metrics: summaryMetrics(columns: columns), rows: rows)
    }

    /// The rows of `summaryTable(series:)`.
    public static func summaryRows(series: [ReplicateSeries]) -> [SummaryRow] { summaryTable(series: series).rows }

    /// Header of `summary.csv`.
    public static func summaryHeader(metrics: [String]) -> [String] { ["replicate", "community"] + metrics }

    /// `summary.csv` text.
    public static func summaryCSV(_ table: SummaryTable) -> String {
        var out = csvLine(summaryHeader(metrics: table.metrics))
        for row in table.rows {
            out += csvLine([String(row.replicate), row.community] + row.values.map(formatCell))
        }
        return out
    }

    // MARK: aggregate

    /// Statistics across replicates: one row per output row (in `rowNames`
    /// order, else first-appearance order in the table) × metric (in the
    /// table's metric order).
    public static func aggregateRows(summary table: SummaryTable, rowNames: [String]? = nil) -> [AggregateRow] {
        var order: [String] = []
        var byRow: [String: [SummaryRow]] = [:]
        for row in table.rows {
            if byRow[row.community] == nil { order.append(row.community) }
            byRow[row.community, default: []].append(row)
        }
        if let rowNames { order = rowNames.filter { byRow[$0] != nil } }
        var out: [AggregateRow] = []
        out.reserveCapacity(order.count * table.metrics.count)
        for name in order {
            let rows = byRow[name]!
            for (m, metric) in table.metrics.enumerated() {
                out.append(AggregateRow(community: name, metric: metric, summary: Summary(rows.map { $0.values[m] })))
            }
        }
        return out
    }

    /// Aggregate rows straight from the replicate series.
    public static func aggregateRows(series: [ReplicateSeries]) -> [AggregateRow] {
        aggregateRows(summary: summaryTable(series: series), rowNames: series.first?.rowNames)
    }

    /// Header of `aggregate.csv`.
    public static let aggregateHeader = ["community", "metric"] + Summary.columnNames

    /// `aggregate.csv` text.
    public static func aggregateCSV(_ rows: [AggregateRow]) -> String {
        var out = csvLine(aggregateHeader)
        for row in rows { out += csvLine([row.community, row.metric] + row.summary.cells) }
        return out
    }

    // MARK: helpers

    static func sortedByReplicate(_ series: [ReplicateSeries]) -> [ReplicateSeries] {
        series.sorted { $0.replicate < $1.replicate }
    }

    /// All series must share rows, columns and horizon, and have distinct replicate numbers.
    public static func validate(_ series: [ReplicateSeries]) throws {
        guard let first = series.first else { return }
        var seen = Set<Int>()
        for s in series {
            guard s.rowNames == first.rowNames else { throw RunOutputError.inconsistentSeries("row names differ in replicate \(s.replicate)") }
            guard s.columns == first.columns else { throw RunOutputError.inconsistentSeries("columns differ in replicate \(s.replicate)") }
            guard s.days == first.days else { throw RunOutputError.inconsistentSeries("days differ in replicate \(s.replicate)") }
            guard s.values.count == s.days * s.rowNames.count * s.columns.count else {
                throw RunOutputError.inconsistentSeries("value count of replicate \(s.replicate)")
            }
            guard seen.insert(s.replicate).inserted else { throw RunOutputError.inconsistentSeries("replicate \(s.replicate) twice") }
        }
    }
}
