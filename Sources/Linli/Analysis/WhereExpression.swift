import Foundation

/// A condition on a sweep's summary metrics, as `linli discover --where` takes
/// it: comparisons (`< <= > >= == !=`) of a metric name with a number (either
/// side), combined with `and`, `or`, `not` and parentheses (`not` binds
/// tightest, then `and`, then `or`). Numbers may have an exponent (`2e5`).
///
///     participation_rate_final >= 0.15 and lever_cost_total_final <= 2e5
///
/// Parsed by hand (recursive descent) so that every error names its column
/// (1-based character position in the expression) and, for an unknown name,
/// the nearest metric. A comparison with an undefined value (NaN, `NA` in the
/// CSVs) is false, so `not (m > 1)` holds where `m` is NA.
public indirect enum WhereExpression: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable { case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!=" }

    case compare(metric: String, Comparison, Double)
    /// Number on the left (`0.1 < m`): kept as written for `description`.
    case compareReversed(Double, Comparison, metric: String)
    case and(WhereExpression, WhereExpression)
    case or(WhereExpression, WhereExpression)
    case not(WhereExpression)

    /// A parse error at a 1-based column of the expression.
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public var column: Int
        public var message: String
        public var expression: String
        public var description: String {
            "--where: column \(column): \(message)\n  \(expression)\n  \(String(repeating: " ", count: max(0, column - 1)))^"
        }
    }

    /// The metrics the expression reads, in order of first use.
    public var metrics: [String] {
        var out: [String] = []
        func walk(_ e: WhereExpression) {
            switch e {
            case .compare(let m, _, _), .compareReversed(_, _, let m): if !out.contains(m) { out.append(m) }
            case .and(let a, let b), .or(let a, let b): walk(a); walk(b)
            case .not(let a): walk(a)
            }
        }
        walk(self)
        return out
    }

    /// Whether the condition holds for `value(metric)`.
    public func evaluate(_ value: (String) -> Double) -> Bool {
        switch self {
        case .compare(let m, let op, let c): return Self.holds(value(m), op, c)
        case .compareReversed(let c, let op, let m): return Self.holds(c, op, value(m))
        case .and(let a, let b): return a.evaluate(value) && b.evaluate(value)
        case .or(let a, let b): return a.evaluate(value) || b.evaluate(value)
        case .not(let a): return !a.evaluate(value)
        }
    }

    static func holds(_ a: Double, _ op: Comparison, _ b: Double) -> Bool {
        guard !a.isNaN, !b.isNaN else { return false }
        switch op {
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .eq: return a == b
        case .ne: return a != b
        }
    }

    /// Canonical text, fully parenthesised where operators mix.
    public var description: String {
        switch self {
        case .compare(let m, let op, let c): return "\(m) \(op.rawValue) \(formatCell(c))"
        case .compareReversed(let c, let op, let m): return "\(formatCell(c)) \(op.rawValue) \(m)"
        case .and(let a, let b): return "(\(a) and \(b))"
        case .or(let a, let b): return "(\(a) or \(b))"
        case .not(let a): return "not \(a)"
        }
    }

    /// Parses `text`; names must be among `metrics` (an unknown one is an
    /// error at its column with the nearest metric suggested).
    public static func parse(_ text: String, metrics: [String]) throws -> WhereExpression {
        // Bounds keep the recursive parser and the recursive tree walks
        // (evaluate, description) far from the stack's end on any input.
        if text.count > maxLength {
            throw ParseError(column: maxLength + 1, message: "the condition is longer than \(maxLength) characters", expression: String(text.prefix(maxLength)))
        }
        var p = Parser(text: text, metrics: metrics)
        let e = try p.parseOr()
        if let t = p.peek() { throw p.error(at: t.column, "unexpected `\(t.text)` after a complete condition; join conditions with `and` or `or`") }
        return e
    }

    /// Longest expression accepted, in characters.
    public static let maxLength = 10_000
    /// Deepest nesting of `(` and `not` accepted.
    public static let maxDepth = 100

    struct Token {
        enum Kind { case name, number, op, lparen, rparen }
        var kind: Kind
        var text: String
        var column: Int
        var number: Double = 0
    }

    struct Parser {
        let text: String
        let metrics: [String]
        var tokens: [Token] = []
        var index = 0
        var tokenizeError: ParseError?
        var depth = 0

        init(text: String, metrics: [String]) {
            self.text = text; self.metrics = metrics
            do { tokens = try Self.tokenize(text) } catch let e as ParseError { tokenizeError = e } catch {}
        }

        func error(at column: Int, _ message: String) -> ParseError { ParseError(column: column, message: message, expression: text) }

        func peek() -> Token? { index < tokens.count ? tokens[index] : nil }
        var endColumn: Int { text.count + 1 }

        static func tokenize(_ text: String) throws -> [Token] {
            let chars = Array(text)
            var out: [Token] = []
            var i = 0
            func err(_ c: Int, _ m: String) -> ParseError { ParseError(column: c + 1, message: m, expression: text) }
            while i < chars.count {
                let c = chars[i]
                if c.isWhitespace { i += 1; continue }
                let start = i
                if c.isLetter || c == "_" {
                    while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
                    out.append(Token(kind: .name, text: String(chars[start..<i]), column: start + 1))
                } else if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber)
                            || ((c == "-" || c == "+") && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) {
                    if c == "-" || c == "+" { i += 1 }
                    while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                    if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                        var j = i + 1
                        if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                        if j < chars.count, chars[j].isNumber {
                            i = j
                            while i < chars.count, chars[i].isNumber { i += 1 }
                        }
                    }
                    if i < chars.count, chars[i].isLetter || chars[i] == "_" {
                        throw err(start, "`\(String(chars[start...min(i, chars.count - 1)]))…` is not a number (expected digits, an optional decimal point and exponent, e.g. 0.15 or 2e5)")
                    }
                    let word = String(chars[start..<i])
                    guard let v = Double(word), v.isFinite else { throw err(start, "`\(word)` is not a number (expected e.g. 0.15 or 2e5)") }
                    out.append(Token(kind: .number, text: word, column: start + 1, number: v))
                } else if "<>=!".contains(c) {
                    if i + 1 < chars.count, chars[i + 1] == "=" { i += 2 } else { i += 1 }
                    let op = String(chars[start..<i])
                    guard Comparison(rawValue: op) != nil else {
                        throw err(start, op == "=" ? "`=` is not a comparison; use `==`" : "`\(op)` is not a comparison (expected one of < <= > >= == !=)")
                    }
                    out.append(Token(kind: .op, text: op, column: start + 1))
                } else if c == "(" { i += 1; out.append(Token(kind: .lparen, text: "(", column: start + 1))
                } else if c == ")" { i += 1; out.append(Token(kind: .rparen, text: ")", column: start + 1))
                } else if c == "&" || c == "|" {
                    throw err(start, "`\(c)` is not an operator here; use `\(c == "&" ? "and" : "or")`")
                } else {
                    throw err(start, "unexpected character `\(c)` (expected a metric name, a number, a comparison, `and`, `or`, `not` or parentheses)")
                }
            }
            return out
        }

        static func isKeyword(_ t: Token, _ word: String) -> Bool { t.kind == .name && t.text.lowercased() == word }

        mutating func parseOr() throws -> WhereExpression {
            if let e = tokenizeError { throw e }
            var left = try parseAnd()
            while let t = peek(), Self.isKeyword(t, "or") { index += 1; left = .or(left, try parseAnd()) }
            return left
        }

        mutating func parseAnd() throws -> WhereExpression {
            var left = try parseUnary()
            while let t = peek(), Self.isKeyword(t, "and") { index += 1; left = .and(left, try parseUnary()) }
            return left
        }

        mutating func parseUnary() throws -> WhereExpression {
            guard let t = peek() else { throw error(at: endColumn, "the condition ends early: expected a metric name, a number, `not` or `(`") }
            if Self.isKeyword(t, "not") || t.kind == .lparen {
                depth += 1
                if depth > WhereExpression.maxDepth {
                    throw error(at: t.column, "`(` and `not` nested more than \(WhereExpression.maxDepth) deep")
                }
            }
            defer { if Self.isKeyword(t, "not") || t.kind == .lparen { depth -= 1 } }
            if Self.isKeyword(t, "not") { index += 1; return .not(try parseUnary()) }
            if t.kind == .lparen {
                index += 1
                let inner = try parseOr()
                guard let close = peek() else { throw error(at: endColumn, "missing `)` to close the `(` at column \(t.column)") }
                guard close.kind == .rparen else { throw error(at: close.column, "expected `)` (to close the `(` at column \(t.column)), found `\(close.text)`") }
                index += 1
                return inner
            }
            return try parseComparison()
        }

        mutating func parseComparison() throws -> WhereExpression {
            let first = peek()!
            index += 1
            switch first.kind {
            case .name:
                if ["and", "or"].contains(first.text.lowercased()) {
                    throw error(at: first.column, "`\(first.text)` needs a condition before it")
                }
                try checkMetric(first)
                let (op, value) = try operatorAndOperand(after: first, wantNumber: true)
                return .compare(metric: first.text, op, value.number)
            case .number:
                let (op, name) = try operatorAndOperand(after: first, wantNumber: false)
                try checkMetric(name)
                return .compareReversed(first.number, op, metric: name.text)
            default:
                throw error(at: first.column, "expected a metric name, a number, `not` or `(`, found `\(first.text)`")
            }
        }

        mutating func operatorAndOperand(after left: Token, wantNumber: Bool) throws -> (Comparison, Token) {
            guard let opToken = peek() else {
                throw error(at: endColumn, "the condition ends after `\(left.text)`: expected a comparison (< <= > >= == !=)")
            }
            guard opToken.kind == .op, let op = Comparison(rawValue: opToken.text) else {
                throw error(at: opToken.column, "expected a comparison (< <= > >= == !=) after `\(left.text)`, found `\(opToken.text)`")
            }
            index += 1
            let what = wantNumber ? "a number" : "a metric name"
            guard let operand = peek() else { throw error(at: endColumn, "the condition ends after `\(opToken.text)`: expected \(what)") }
            if wantNumber && operand.kind == .name {
                throw error(at: operand.column, "expected a number after `\(opToken.text)`, found the name `\(operand.text)` (compare a metric with a number)")
            }
            guard operand.kind == (wantNumber ? .number : .name) else {
                throw error(at: operand.column, "expected \(what) after `\(opToken.text)`, found `\(operand.text)`")
            }
            index += 1
            return (op, operand)
        }

        func checkMetric(_ t: Token) throws {
            guard !metrics.contains(t.text) else { return }
            let near = NearestKey.nearest(to: t.text, in: metrics)
                ?? (metrics.contains(t.text + "_final") ? t.text + "_final" : nil)
            let hint = near.map { "; did you mean `\($0)`?" } ?? ""
            let list = metrics.prefix(30).joined(separator: ", ") + (metrics.count > 30 ? ", …" : "")
            throw error(at: t.column, "unknown metric `\(t.text)`\(hint) (this sweep's metrics: \(list))")
        }
    }
}
