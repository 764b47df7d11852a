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
/// `out`'s own growth): integers digit by digit, other values as C's
/// `%.6g` from Swift's shortest digits (`appendG6`), or from printf into a
/// stack buffer where those cannot decide (the C locale: Swift never calls
/// setlocale, so the radix is '.').
@inline(__always)
public func appendCell(_ v: Double, to out: inout [UInt8]) {
    if v.isNaN { out.append(UInt8(ascii: "N")); out.append(UInt8(ascii: "A")); return }
    if v.isInfinite {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        out.append(UInt8(ascii: "I")); out.append(UInt8(ascii: "n")); out.append(UInt8(ascii: "f"))
        return
    }
    if v == v.rounded(), abs(v) < 1e15 { appendInteger(Int64(v), to: &out); return }
    if appendG6(v, to: &out) { return }
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { p in
        let n = Int(max(0, min(linli_format_g6(p.baseAddress!, 40, v), 39)))
        if n == 2, p[0] == 45, p[1] == 48 { out.append(UInt8(ascii: "0")); return }  // "-0"
        for i in 0..<n { out.append(UInt8(bitPattern: p[i])) }
    }
}

/// Where `Double.write(to:)` puts a value's shortest round-trip digits:
/// the standard library hands a text stream its ASCII bytes directly
/// (`_writeASCII`), so they land in this fixed buffer without a String.
/// Anything longer than the buffer leaves it empty (the caller then uses
/// printf).
struct ShortestDigits: TextOutputStream {
    var bytes = InlineArray<40, UInt8>(repeating: 0)
    var count = 0
    private var spoiled = false

    mutating func write(_ string: String) {
        for c in string.utf8 { append(c) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        for c in buffer { append(c) }
    }

    private mutating func append(_ c: UInt8) {
        guard !spoiled, count < 40 else { spoiled = true; count = 0; return }
        bytes[count] = c
        count += 1
    }
}

/// C's `%.6g` of a finite `v`, from Swift's shortest round-trip digits
/// (`description`'s, written to a stack buffer), without printf's exact decimal expansion. Rounding those digits to
/// six gives printf's digits except when they end in exactly one 5 after
/// the sixth (a tie between the shortest and the exact binary value may
/// fall either way): then it writes nothing and returns false, and the
/// caller uses printf (as it does for subnormals).
@inline(__always)
func appendG6(_ v: Double, to out: inout [UInt8]) -> Bool {
    // Subnormals carry fewer than six significant digits: their shortest
    // digits say less than printf's exact ones.
    if v.isSubnormal { return false }
    // The shortest digits as ASCII on the stack: `description` would be a
    // String, on the heap past 15 bytes (most fractions).
    var text = ShortestDigits()
    v.write(to: &text)
    guard text.count > 0 else { return false }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { raw in
        var n = 0, beforePoint = -1, exponent = 0, negative = false
        var inExponent = false, expNegative = false, expDigits = 0
        for k in 0..<text.count {
            let c = text.bytes[k]
            if inExponent {
                if c == UInt8(ascii: "-") { expNegative = true } else if c == UInt8(ascii: "+") { continue }
                else { exponent = exponent * 10 + Int(c &- 48); expDigits += 1 }
                continue
            }
            switch c {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): beforePoint = n
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard n < 32 else { return false }
                raw[n] = c &- 48; n += 1
            default: return false
            }
        }
        if inExponent && expDigits == 0 { return false }
        if expNegative { exponent = -exponent }
        if beforePoint < 0 { beforePoint = n }
        var z = 0
        while z < n, raw[z] == 0 { z += 1 }
        guard z < n else { return false }
        var end = n
        while end > z, raw[end - 1] == 0 { end -= 1 }
        // value = d.ddd… × 10^x10 with d = raw[z]
        var x10 = beforePoint - z - 1 + exponent
        var count = min(6, end - z)
        if end - z > 6 {
            let next = raw[z + 6]
            var up = next > 5
            if next == 5 {
                guard end - z > 7 else { return false }  // exactly a 5: a tie, printf decides
                up = true
            }
            if up {
                var i = z + 5
                while true {
                    if raw[i] < 9 { raw[i] += 1; break }
                    raw[i] = 0
                    if i == z { raw[z] = 1; x10 += 1; break }  // 999999x → 1000000
                    i -= 1
                }
            }
        }
        while count > 1, raw[z + count - 1] == 0 { count -= 1 }
        if negative { out.append(UInt8(ascii: "-")) }
        if x10 < -4 || x10 >= 6 {
            out.append(raw[z] + 48)
            if count > 1 {
                out.append(UInt8(ascii: "."))
                for i in 1..<count { out.append(raw[z + i] + 48) }
            }
            out.append(UInt8(ascii: "e"))
            out.append(x10 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let e = abs(x10)
            if e < 10 { out.append(UInt8(ascii: "0")) }
            appendInteger(Int64(e), to: &out)
        } else if x10 >= 0 {
            for i in 0...x10 { out.append(i < count ? raw[z + i] + 48 : UInt8(ascii: "0")) }
            if count > x10 + 1 {
                out.append(UInt8(ascii: "."))
                for i in (x10 + 1)..<count { out.append(raw[z + i] + 48) }
            }
        } else {
            out.append(UInt8(ascii: "0")); out.append(UInt8(ascii: "."))
            for _ in 0..<(-x10 - 1) { out.append(UInt8(ascii: "0")) }
            for i in 0..<count { out.append(raw[z + i] + 48) }
        }
        return true
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
