import Foundation
import HTTPTypes
import Hummingbird
import Linli

/// Who may use the studio and how a POST proves it came from its own page.
///
/// - Token: when the studio listens beyond this machine (or `--token` is
///   given), every request must carry it: `Authorization: Bearer T`, the
///   `linli_token` cookie, or `?token=T` once (which sets the cookie).
///   Without it: 401.
/// - Host: on loopback, a request naming another host is refused (a page on
///   another site that re-points its DNS name at 127.0.0.1 cannot reach the studio).
/// - CSRF: every page has a per-session token (HMAC-like: SHA-256 of a
///   per-process secret and the session cookie); a POST without the matching
///   form field or `X-CSRF-Token` header gets 403.
struct Access: Sendable {
    let token: String?
    let loopback: Bool
    let port: Int
    private let secret: String

    static let sessionCookie = "linli_session"
    static let tokenCookie = "linli_token"

    init(token: String?, loopback: Bool, port: Int, secret: String = Access.randomHex(32)) {
        self.token = token
        self.loopback = loopback
        self.port = port
        self.secret = secret
    }

    static func randomHex(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// The CSRF token of a session.
    func csrf(session: String) -> String { String(SHA256.hex(secret + ":" + session).prefix(40)) }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// Hosts a loopback studio answers to.
    func hostAllowed(_ host: String?) -> Bool {
        guard loopback, let host else { return true }
        let name: Substring
        if host.hasPrefix("[") { name = host.prefix(through: host.firstIndex(of: "]") ?? host.endIndex) }
        else { name = host.split(separator: ":", maxSplits: 1).first ?? "" }
        return ["127.0.0.1", "localhost", "[::1]"].contains(String(name).lowercased())
    }

    func tokenOK(_ request: Request) -> Bool {
        guard let token else { return true }
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer "),
           Self.constantTimeEqual(String(auth.dropFirst(7)), token) { return true }
        if let c = request.cookies[Self.tokenCookie]?.value, Self.constantTimeEqual(c, token) { return true }
        if let q = request.uri.queryParameters["token"], Self.constantTimeEqual(String(q), token) { return true }
        return false
    }
}

/// The per-request state handlers need: the session and its CSRF token.
struct StudioContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var session = ""
    var newSession = false
    var csrf = ""

    init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// Applies `Access` to every request and sets the session cookie and the
/// security headers on every response.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = StudioContext
    let access: Access

    func handle(_ request: Request, context: StudioContext, next: (Request, StudioContext) async throws -> Response) async throws -> Response {
        guard access.hostAllowed(request.head.authority) else {
            return Page.plain(.forbidden, "refused: this studio answers only to 127.0.0.1 and localhost")
        }
        guard access.tokenOK(request) else {
            return Page.plain(.unauthorized, "401: this studio needs its access token (the one `linli serve` printed): open the URL it printed, or send `Authorization: Bearer TOKEN`")
        }
        var context = context
        if let s = request.cookies[Access.sessionCookie]?.value, s.count == 32, SafePath.isPlainName(s) {
            context.session = s
        } else {
            context.session = Access.randomHex(16)
            context.newSession = true
        }
        context.csrf = access.csrf(session: context.session)
        // A POST from a browser that never loaded a page has no session, so
        // it cannot carry the session's token: refuse before reading its body.
        // (The handlers compare the token itself: `Routes.form`.)
        if request.method == .post, context.newSession, request.headers[HTTPField.Name("X-CSRF-Token")!] == nil {
            return Page.plain(.forbidden, "403: this request lacks the page's CSRF token; reload the page and try again")
        }
        var response = try await next(request, context)
        if context.newSession {
            response.setCookie(Cookie(name: Access.sessionCookie, value: context.session, path: "/", httpOnly: true, sameSite: .strict))
        }
        if let token = access.token, request.uri.queryParameters["token"] != nil {
            response.setCookie(Cookie(name: Access.tokenCookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}
