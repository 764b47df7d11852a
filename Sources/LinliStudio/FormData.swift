import Foundation

/// An `application/x-www-form-urlencoded` body (or query string), in order.
/// A key given twice keeps its last value: the editor sends a hidden
/// `false` before each checkbox, so an unticked box still says `false`.
struct FormData: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(kv[0]), value = kv.count > 1 ? Self.decode(kv[1]) : ""
            pairs.append((key, value))
        }
    }

    init(pairs: [(String, String)]) { self.pairs = pairs }

    static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    subscript(key: String) -> String? { pairs.last(where: { $0.0 == key })?.1 }

    var keys: [String] { pairs.map(\.0) }

    /// Encodes pairs as a form body (for tests and redirects).
    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return pairs.map { k, v in
            (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "="
                + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }
}
