import Foundation

/// A CSV file read as text: the header and every row's fields exactly as
/// written (RFC 4180 quoting undone, nothing reformatted), so a report can
/// show the same digits the file holds.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) { self.header = header; self.rows = rows }

    /// Index of a column by name.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The numeric value of row `r`, column `c` (`NA` → NaN, `Inf`/`-Inf`).
    public func number(_ r: Int, _ c: Int) -> Double { CSVTable.number(rows[r][c]) }

    /// The numeric value of a cell's text; NaN when it is not a number.
    public static func number(_ text: String) -> Double {
        switch text {
        case "NA", "": return .nan
        case "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text) ?? .nan
        }
    }

    /// Reads and parses `url`.
    public static func read(_ url: URL) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ReportError.unreadable(url.path, "\(error.localizedDescription)") }
        return try parse(String(decoding: data, as: UTF8.self), source: url.path)
    }

    /// Parses CSV text: fields separated by commas, rows by LF or CRLF,
    /// double-quoted fields may hold commas, quotes (doubled) and newlines.
    /// Every row must have as many fields as the header.
    public static func parse(_ text: String, source: String = "CSV") throws -> CSVTable {
        let records = try records(text, source: source)
        guard let header = records.first else { throw ReportError.malformed(source, "empty file (no header)") }
        let rows = Array(records.dropFirst())
        for (k, r) in rows.enumerated() where r.count != header.count {
            throw ReportError.malformed(source, "line \(k + 2) has \(r.count) fields, the header has \(header.count)")
        }
        return CSVTable(header: header, rows: rows)
    }

    /// The records of CSV text, each a list of fields.
    public static func records(_ text: String, source: String = "CSV") throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() { record.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); afterQuote = false }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false; afterQuote = true }
                } else { field.append(b) }
            } else {
                switch b {
                case UInt8(ascii: "\"") where field.isEmpty && !afterQuote: inQuotes = true
                case UInt8(ascii: ","): endField()
                case UInt8(ascii: "\r"): break
                case UInt8(ascii: "\n"): endField(); records.append(record); record = []
                default: field.append(b)
                }
            }
            i += 1
        }
        if inQuotes { throw ReportError.malformed(source, "unterminated quoted field") }
        if !field.isEmpty || !record.isEmpty || afterQuote { endField(); records.append(record) }
        return records
    }
}
