import Foundation

/// Names a request may use for files: a case (`baseline.yaml`) under
/// `--scenarios` or a run directory (`baseline-20261128-101500-3f2a`) under
/// `--results`. Anything that could leave those folders (`..`, a slash, an
/// absolute path, a NUL, percent-encoded forms once decoded, a symlink out)
/// is refused, so the studio never reads or writes outside them.
enum SafePath {
    struct Refused: Error, CustomStringConvertible {
        let name: String
        var description: String { "refused: \"\(name)\" is not a name inside the studio's folders" }
    }

    /// A plain file or folder name: `[A-Za-z0-9._-]`, at most 200 characters,
    /// not starting with a dot (so neither `.` nor `..` nor hidden files).
    static func isPlainName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200, name.first != "." else { return false }
        return name.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-"
        }
    }

    /// `root/name` if `name` is plain and the result (symlinks resolved) is still inside `root`.
    static func resolve(_ name: String, in root: URL) throws -> URL {
        guard isPlainName(name) else { throw Refused(name: name) }
        let base = root.standardizedFileURL.resolvingSymlinksInPath()
        let url = base.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath()
        guard url.deletingLastPathComponent().path == base.path else { throw Refused(name: name) }
        return url
    }
}
