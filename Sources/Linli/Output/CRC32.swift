/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320, reflected): the
/// checksum of each sweep run record, so a torn or altered line is detected.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The checksum of `bytes`; `checksum("123456789")` is 0xCBF43926.
    public static func checksum<S: Sequence>(_ bytes: S) -> UInt32 where S.Element == UInt8 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// The checksum of the UTF-8 bytes of `text`.
    public static func checksum(_ text: String) -> UInt32 { checksum(text.utf8) }

    /// Eight lower-case hex digits.
    public static func hex(_ text: String) -> String {
        let s = String(checksum(text), radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }
}
