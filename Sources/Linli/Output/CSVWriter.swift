#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Text of a CSV number cell: deterministic and locale-free. Integral values
/// (|v| < 1e15) print as integers, other finite values with up to 6
/// significant digits and no trailing zeros (C `%.6g`, so very large or small
/// magnitudes use an exponent: `1.23457e+06`, `1e-07`), NaN as `NA`, infinities
/// as `Inf` / `-Inf`.
public func formatCell(_ v: Double) -> String {
    if v.isNaN { return "NA" }
    if v.isInfinite { return v > 0 ? "Inf" : "-Inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    // %.6g in the C locale: Swift never calls setlocale, so the radix is '.'.
    var buf = [CChar](repeating: 0, count: 40)
    let n = buf.withUnsafeMutableBufferPointer { p in
        withVaList([v]) { vsnprintf(p.baseAddress!, p.count, "%.6g", $0) }
    }
    let text = String(decoding: buf[0..<Int(max(0, min(n, 39)))].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text == "-0" ? "0" : text
}

/// A CSV field: quoted (RFC 4180) only when it holds a comma, quote, CR or LF.
public func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// One CSV line (fields joined by commas, terminated by `\n`).
public func csvLine(_ fields: [String]) -> String {
    fields.map(csvField).joined(separator: ",") + "\n"
}

extension BufferedWriter {
    /// Writes one CSV line.
    public mutating func writeCSVLine(_ fields: [String]) throws {
        try write(csvLine(fields))
    }
}
