/// Text-to-HTML escaping and a small page builder. Everything that reaches a
/// page from a file (scenario names, descriptions, CSV cells, factor names)
/// goes through `HTML.escape`, so a scenario named `<script>…` renders as text.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` so `text` is inert both as element
    /// content and inside a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A fragment identifier made of `[a-z0-9-]` only, for section anchors.
    public static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for ch in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) {
                out.unicodeScalars.append(ch); dash = false
            } else if !dash, !out.isEmpty {
                out += "-"; dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "s" : out
    }
}

/// A table cell: its text (escaped when rendered) and whether it holds a number
/// (right-aligned, tabular figures).
public struct Cell: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var numeric: Bool
    public var note: String?
    /// Prose that should wrap at a readable width rather than squeeze the column.
    public var wide: Bool

    public init(_ text: String, numeric: Bool = false, note: String? = nil, wide: Bool = false) {
        self.text = text; self.numeric = numeric; self.note = note; self.wide = wide
    }
    public init(stringLiteral value: String) { self.init(value) }

    /// A number formatted like the CSV files (`formatCell`).
    public static func number(_ v: Double) -> Cell { Cell(formatCell(v), numeric: true) }

    /// A CSV cell shown verbatim; numeric when it parses as a number (or is NA/Inf).
    public static func csv(_ text: String) -> Cell { Cell(text, numeric: Double(text) != nil || text == "NA" || text == "Inf" || text == "-Inf") }
}

/// An HTML page assembled from sections, each appended already escaped. It
/// counts the charts it holds (`<svg class="chart">`) and writes the count
/// into `<meta name="linli-charts">` so a test can compare it with the DOM.
public struct HTMLPage {
    public let title: String
    public let kind: String
    private var headerHTML = ""
    private var body = ""
    private var toc: [(id: String, title: String)] = []
    private var usedIDs: Set<String> = []
    public private(set) var chartCount = 0

    public init(title: String, kind: String) { self.title = title; self.kind = kind }

    /// Appends raw, already-safe HTML.
    public mutating func raw(_ html: String) { body += html }

    /// `<h1>` plus an optional lead paragraph.
    public mutating func header(_ heading: String, lead: String? = nil) {
        headerHTML = "<header><p class=\"kicker\">Linli \(HTML.escape(kind))</p><h1>\(HTML.escape(heading))</h1>"
        if let lead, !lead.isEmpty { headerHTML += "<p class=\"lead\">\(HTML.escape(lead))</p>" }
        headerHTML += "</header>\n"
    }

    /// Starts a `<section>` with an `<h2>`, listed in the contents; returns its id.
    @discardableResult
    public mutating func section(_ heading: String, intro: String? = nil) -> String {
        var id = HTML.slug(heading)
        var k = 2
        while usedIDs.contains(id) { id = HTML.slug(heading) + "-\(k)"; k += 1 }
        usedIDs.insert(id)
        toc.append((id, heading))
        body += "<section id=\"\(id)\"><h2>\(HTML.escape(heading))</h2>\n"
        if let intro { paragraph(intro) }
        return id
    }

    public mutating func endSection() { body += "</section>\n" }

    public mutating func subheading(_ text: String) { body += "<h3>\(HTML.escape(text))</h3>\n" }

    public mutating func paragraph(_ text: String, className: String? = nil) {
        let cls = className.map { " class=\"\(HTML.escape($0))\"" } ?? ""
        body += "<p\(cls)>\(HTML.escape(text))</p>\n"
    }

    /// A two-column definition list (term, value).
    public mutating func definitions(_ items: [(String, String)]) {
        body += "<dl class=\"facts\">"
        for (k, v) in items {
            // Hashes and other long unbroken values wrap anywhere, in a smaller face.
            let long = v.count > 24 && !v.contains(" ")
            body += "<div><dt>\(HTML.escape(k))</dt><dd\(long ? " class=\"long\"" : "")>\(HTML.escape(v))</dd></div>"
        }
        body += "</dl>\n"
    }

    /// A table in a horizontally scrollable wrapper. `caption` is escaped.
    public mutating func table(_ header: [String], _ rows: [[Cell]], caption: String? = nil, className: String = "data") {
        body += "<div class=\"table-wrap\"><table class=\"\(HTML.escape(className))\">"
        if let caption { body += "<caption>\(HTML.escape(caption))</caption>" }
        body += "<thead><tr>"
        for h in header { body += "<th scope=\"col\">\(HTML.escape(h))</th>" }
        body += "</tr></thead><tbody>\n"
        for row in rows {
            body += "<tr>"
            for c in row {
                let title = c.note.map { " title=\"\(HTML.escape($0))\"" } ?? ""
                body += c.numeric ? "<td class=\"num\"\(title)>" : c.wide ? "<td class=\"prose\"\(title)>" : "<td\(title)>"
                body += HTML.escape(c.text)
                body += "</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody></table></div>\n"
    }

    /// One chart in a `<figure>` with an escaped caption.
    public mutating func figure(_ chart: Chart, caption: String? = nil, wide: Bool = false) {
        body += "<figure class=\"\(wide ? "fig wide" : "fig")\">"
        body += chart.svg
        chartCount += 1
        if !chart.legend.isEmpty { body += "<ul class=\"legend\">" + chart.legend.map(\.html).joined() + "</ul>" }
        if let caption { body += "<figcaption>\(HTML.escape(caption))</figcaption>" }
        body += "</figure>\n"
    }

    /// Several charts side by side (a grid that collapses to one column on a phone).
    public mutating func grid(_ charts: [(Chart, String?)], className: String = "grid") {
        body += "<div class=\"\(HTML.escape(className))\">\n"
        for (chart, caption) in charts { figure(chart, caption: caption) }
        body += "</div>\n"
    }

    /// Opens a `<details open>` block (open so that it prints).
    public mutating func beginDetails(_ summary: String, open: Bool = true) {
        body += "<details\(open ? " open" : "")><summary>\(HTML.escape(summary))</summary>\n"
    }
    public mutating func endDetails() { body += "</details>\n" }

    /// The whole document: one file, inline CSS, no scripts, no external resources.
    public func render(footer: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"linli \(HTML.escape(LinliVersion.current))\">\n"
        out += "<meta name=\"linli-report\" content=\"\(HTML.escape(kind))\">\n"
        out += "<meta name=\"linli-charts\" content=\"\(chartCount)\">\n"
        out += "<title>\(HTML.escape(title))</title>\n<style>\n\(Stylesheet.css)</style>\n</head>\n<body>\n<main>\n"
        out += headerHTML
        if toc.count > 2 {
            out += "<nav class=\"toc\" aria-label=\"Contents\"><ol>"
            for t in toc { out += "<li><a href=\"#\(t.id)\">\(HTML.escape(t.title))</a></li>" }
            out += "</ol></nav>\n"
        }
        out += body
        out += "<footer>\(HTML.escape(footer))</footer>\n</main>\n</body>\n</html>\n"
        return out
    }
}
