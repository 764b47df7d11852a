import CGSL
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
    var bytes: [UInt8] = []
    appendCell(v, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends `formatCell(v)`'s bytes to `out` without allocating (beyond
/// `out`'s own growth): integers digit by digit, other values through C's
/// `%.6g` into a stack buffer (the C locale: Swift never calls setlocale,
/// so the radix is '.').
@inline(__always)
public func appendCell(_ v: Double, to out: inout [UInt8]) {
    if v.isNaN { out.append(UInt8(ascii: "N")); out.append(UInt8(ascii: "A")); return }
    if v.isInfinite {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        out.append(UInt8(ascii: "I")); out.append(UInt8(ascii: "n")); out.append(UInt8(ascii: "f"))
        return
    }
    if v == v.rounded(), abs(v) < 1e15 { appendInteger(Int64(v), to: &out); return }
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { p in
        let n = Int(max(0, min(linli_format_g6(p.baseAddress!, 40, v), 39)))
        if n == 2, p[0] == 45, p[1] == 48 { out.append(UInt8(ascii: "0")); return }  // "-0"
        for i in 0..<n { out.append(UInt8(bitPattern: p[i])) }
    }
}

/// Appends the decimal digits of `x` (as `String(x)` writes them).
@inline(__always)
public func appendInteger(_ x: Int64, to out: inout [UInt8]) {
    if x < 0 { out.append(UInt8(ascii: "-")) }
    var m = x.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { d in
        var k = 0
        repeat { d[k] = UInt8(ascii: "0") + UInt8(m % 10); m /= 10; k += 1 } while m > 0
        while k > 0 { k -= 1; out.append(d[k]) }
    }
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
