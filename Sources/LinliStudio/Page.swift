import Foundation
import HTTPTypes
import Hummingbird
import Linli

/// The studio's HTML: plain server-rendered pages in the report's style,
/// a small stylesheet and script of their own (Assets.swift), nothing
/// fetched from elsewhere. Every text that comes from a file or a request
/// goes through `HTML.escape`.
enum Page {
    static func e(_ s: String) -> String { HTML.escape(s) }

    /// A whole studio page.
    static func document(title: String, csrf: String, body: String, refreshWithoutScript: Bool = false) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"csrf-token\" content=\"\(e(csrf))\">\n"
        if refreshWithoutScript { out += "<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>\n" }
        out += "<title>\(e(title)) · Linli studio</title>\n"
        out += "<link rel=\"stylesheet\" href=\"/static/report.css\">\n<link rel=\"stylesheet\" href=\"/static/studio.css\">\n"
        out += "<script src=\"/static/studio.js\" defer></script>\n</head>\n<body>\n"
        out += nav + "<main>\n" + body + "</main>\n</body>\n</html>\n"
        return out
    }

    static let nav = "<nav class=\"studio-nav\" aria-label=\"Studio\"><a class=\"brand\" href=\"/\">Linli studio</a> <a href=\"/\">Cases</a> <a href=\"/runs\">Runs</a></nav>\n"

    /// A run or comparison page from `Report.build`, with the studio's bar above it.
    static func report(_ html: String, bar: String) -> String {
        var page = html
        let links = "<link rel=\"stylesheet\" href=\"/static/studio.css\">\n"
        if let head = page.range(of: "</head>") { page.replaceSubrange(head, with: links + "</head>") }
        if let body = page.range(of: "<body>\n") { page.replaceSubrange(body, with: "<body>\n" + nav + bar) }
        return page
    }

    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(e(name))\" value=\"\(e(value))\">"
    }

    /// A one-button POST form (cancel, compare with levers off).
    static func button(_ action: String, _ label: String, csrf: String, id: String, extra: String = "") -> String {
        "<form class=\"inline\" method=\"post\" action=\"\(e(action))\">\(hidden("csrf", csrf))\(extra)<button type=\"submit\" id=\"\(e(id))\">\(e(label))</button></form>"
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// An error page that still has the navigation.
    static func error(_ status: HTTPResponse.Status, _ message: String, csrf: String) -> Response {
        response(document(title: "\(status.code)", csrf: csrf,
                          body: "<h1>\(status.code) \(e(status.reasonPhrase))</h1>\n<p class=\"problem\">\(e(message))</p>\n<p><a href=\"/\">Back to the cases</a></p>\n"),
                 status: status)
    }

    static func duration(_ s: Double?) -> String {
        guard let s, s.isFinite else { return "–" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }
}
