import Foundation

/// One problem found in a scenario: where (file, 1-based line and column of
/// the offending YAML node) and what. Problems with no position in a file
/// (an unreadable file, a `--set` override) have `line == 0`, and then
/// `file` names the origin (the path, or `--set KEY=VALUE`).
public struct ScenarioError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// `PATH:LINE:COLUMN: message`, or `ORIGIN: message` when there is no position.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

/// Every problem found in one pass over a scenario (or a list of `--set`
/// overrides), in file order. Thrown by `ScenarioLoader`; never empty.
public struct ScenarioErrors: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    public var errors: [ScenarioError]

    public init(_ errors: [ScenarioError]) { self.errors = errors }

    /// One problem per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
    public var errorDescription: String? { description }
}
