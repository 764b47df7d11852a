import Foundation

/// The registry as a table (`linli params`).
public enum ParameterTable {
    public enum Format { case markdown, csv }

    public static func render(_ format: Format) -> String {
        let header = ["key", "default", "unit", "range", "meaning", "source"]
        let rows = ParameterRegistry.all.map { s in
            [s.key, s.format(s.defaultValue), s.unit, "\(s.format(s.range.lowerBound))..\(s.format(s.range.upperBound))", s.meaning, s.source]
        }
        switch format {
        case .csv:
            func cell(_ v: String) -> String {
                v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
            }
            return ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n")
        case .markdown:
            func cell(_ v: String) -> String { v.replacingOccurrences(of: "|", with: "\\|") }
            var lines = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
            lines += rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n")
        }
    }
}
