import Foundation

/// A rendered chart: one inline `<svg class="chart">` (no scripts, no external
/// references, text escaped) and its legend as HTML.
public struct Chart: Sendable {
    public var svg: String
    public var legend: [LegendItem]

    public init(svg: String, legend: [LegendItem] = []) { self.svg = svg; self.legend = legend }

    /// The chart as a file of its own (a figure in docs/): the SVG namespace
    /// and the report's stylesheet inlined, so it draws as on a report page.
    public var standaloneSVG: String {
        guard svg.hasPrefix("<svg "), let close = svg.firstIndex(of: ">") else { return svg }
        let open = "<svg xmlns=\"http://www.w3.org/2000/svg\" " + svg[svg.index(svg.startIndex, offsetBy: 5)...close]
        return open + "<style>" + Stylesheet.css + "</style>" + svg[svg.index(after: close)...] + "\n"
    }
}

/// One legend entry: a line or box swatch in a series colour.
public struct LegendItem: Sendable {
    public enum Mark: Sendable { case line(dash: String), box, band }
    public var label: String
    public var colour: String
    public var mark: Mark

    public init(label: String, colour: String, mark: Mark) { self.label = label; self.colour = colour; self.mark = mark }

    /// `<li>` with a small inline swatch (an SVG of class `key`, not a chart).
    var html: String {
        let swatch: String
        switch mark {
        case .line(let dash):
            let d = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            swatch = "<line x1=\"1\" y1=\"6\" x2=\"25\" y2=\"6\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(d)/>"
        case .box:
            swatch = "<rect x=\"6\" y=\"1\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>"
        case .band:
            swatch = "<rect x=\"1\" y=\"1\" width=\"24\" height=\"10\" fill=\"\(colour)\" fill-opacity=\"0.25\"/>"
        }
        return "<li><svg class=\"key\" width=\"26\" height=\"12\" aria-hidden=\"true\">\(swatch)</svg>\(HTML.escape(label))</li>"
    }
}

/// Geometry and text shared by the charts: the plot frame, axes, grid lines,
/// tick labels and axis titles.
struct Frame {
    let width: Double, height: Double
    let left: Double, right: Double, top: Double, bottom: Double
    let fontSize: Double

    init(width: Double, height: Double, left: Double = 62, right: Double = 14, top: Double = 30, bottom: Double = 46, fontSize: Double = 12) {
        self.width = width; self.height = height; self.left = left; self.right = right
        self.top = top; self.bottom = bottom; self.fontSize = fontSize
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// A left margin wide enough for the y tick labels and the rotated axis title.
    static func leftMargin(ticks: [Double], step: Double, fontSize: Double) -> Double {
        let chars = ticks.map { TickFormat.label($0, step: step).count }.max() ?? 1
        return max(40, fontSize * 1.9 + 8 + Double(chars) * fontSize * 0.6)
    }

    /// `<svg class="chart">` opening tag with an accessible name.
    func open(title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\" style=\"font-size:\(n(fontSize))px\"><title>\(HTML.escape(title))</title>"
            + "<text class=\"ctitle\" x=\"\(n(2))\" y=\"\(n(fontSize + 4))\">\(HTML.escape(title))</text>"
    }

    /// Horizontal grid lines and y tick labels.
    func yAxis(_ scale: LinearScale, ticks: [Double], step: Double, label: String) -> String {
        var s = "<g class=\"axis y\">"
        for t in ticks {
            let y = scale(t)
            s += "<line class=\"grid\" x1=\"\(n(plotLeft))\" x2=\"\(n(plotRight))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            s += "<text x=\"\(n(plotLeft - 5))\" y=\"\(n(y + fontSize * 0.35))\" text-anchor=\"end\">\(HTML.escape(TickFormat.label(t, step: step)))</text>"
        }
        s += yTitle(label)
        return s + "</g>"
    }

    /// Bottom axis line, x tick marks and labels, and the axis title.
    func xAxis(_ scale: LinearScale, ticks: [Double], step: Double, label: String) -> String {
        xAxis(scale, ticks: ticks, label: label) { TickFormat.label($0, step: step) }
    }

    /// Bottom axis with tick labels from `text`.
    func xAxis(_ scale: LinearScale, ticks: [Double], label: String, text: (Double) -> String) -> String {
        var s = "<g class=\"axis x\"><line class=\"base\" x1=\"\(n(plotLeft))\" x2=\"\(n(plotRight))\" y1=\"\(n(plotBottom))\" y2=\"\(n(plotBottom))\"/>"
        for t in ticks {
            let x = scale(t)
            s += "<line class=\"tick\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(plotBottom))\" y2=\"\(n(plotBottom + 4))\"/>"
            s += "<text x=\"\(n(x))\" y=\"\(n(plotBottom + 6 + fontSize))\" text-anchor=\"middle\">\(HTML.escape(text(t)))</text>"
        }
        s += xTitle(label)
        return s + "</g>"
    }

    /// The rotated y axis title, shrunk (to 80%) and then cut with "…" to fit the plot's height.
    func yTitle(_ label: String) -> String {
        let room = plotBottom - plotTop + 10
        var size = fontSize
        var text = label
        if Double(text.count) * size * 0.56 > room { size = max(fontSize * 0.8, room / (Double(text.count) * 0.56)) }
        let fits = Int(room / (size * 0.56))
        if text.count > fits { text = String(text.prefix(max(1, fits - 1))) + "…" }
        let cy = (plotTop + plotBottom) / 2
        let sizeAttr = size == fontSize ? "" : " style=\"font-size:\(n(size))px\""
        return "<text class=\"alabel\"\(sizeAttr) transform=\"translate(\(n(size + 1)) \(n(cy))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(text))</text>"
    }

    func xTitle(_ label: String) -> String {
        "<text class=\"alabel\" x=\"\(n((plotLeft + plotRight) / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\">\(HTML.escape(label))</text>"
    }
}

/// A coordinate with at most two decimals and no trailing zeros.
@inline(__always) func n(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let c = Int((v * 100).rounded())
    let sign = c < 0 ? "-" : ""
    let a = abs(c), whole = a / 100, frac = a % 100
    if frac == 0 { return sign + String(whole) }
    if frac % 10 == 0 { return sign + String(whole) + "." + String(frac / 10) }
    return sign + String(whole) + (frac < 10 ? ".0" : ".") + String(frac)
}

/// Finite extremes of several arrays (nil when none is finite).
func extent(_ arrays: [[Double]]) -> (Double, Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for a in arrays { for v in a where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
    return lo <= hi ? (lo, hi) : nil
}
