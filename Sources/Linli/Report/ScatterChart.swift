import Foundation

/// One group of points of a scatter chart, optionally with 95% CI whiskers
/// in x and y, and joined by a line in the given order (e.g. a Pareto frontier).
public struct ScatterSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var xLow: [Double]?, xHigh: [Double]?
    public var yLow: [Double]?, yHigh: [Double]?
    public var style: Int
    /// Joins the points with a line, in array order.
    public var connected = false
    /// Marker radius; larger marks stand out (the chosen box, frontier points).
    public var radius = 3.0
    /// Drawn as rings rather than dots.
    public var hollow = false

    public init(name: String, x: [Double], y: [Double], xLow: [Double]? = nil, xHigh: [Double]? = nil,
                yLow: [Double]? = nil, yHigh: [Double]? = nil, style: Int) {
        self.name = name; self.x = x; self.y = y; self.xLow = xLow; self.xHigh = xHigh; self.yLow = yLow; self.yHigh = yHigh; self.style = style
    }
}

/// Points over two numeric axes with CI whiskers: the coverage–density
/// trade-off of `linli discover` and the cost–effect chart of a sweep page.
/// Series are drawn in order, so later ones (highlights) sit on top.
public struct ScatterChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ScatterSeries]
    public var width: Double = 480
    public var height: Double = 300
    public var fontSize: Double = 12
    public var legend = true
    /// Fixed ranges (e.g. [0, 1] for coverage and density); nil = from the data.
    public var xDomain: (Double, Double)?
    public var yDomain: (Double, Double)?
    /// Whether the axes stretch to hold every whisker; when false they fit the
    /// points and whiskers are cut at the plot's edge (wide CIs from few
    /// replicates would otherwise squeeze the points into a corner).
    public var whiskersInDomain = true

    public init(title: String, xLabel: String, yLabel: String, series: [ScatterSeries]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    public func render() -> Chart {
        var ys: [[Double]] = [], xs: [[Double]] = []
        for s in series {
            ys.append(s.y); xs.append(s.x)
            guard whiskersInDomain else { continue }
            if let l = s.yLow { ys.append(l) }; if let h = s.yHigh { ys.append(h) }
            if let l = s.xLow { xs.append(l) }; if let h = s.xHigh { xs.append(h) }
        }
        let probe = Frame(width: width, height: height, top: fontSize * 2.4, fontSize: fontSize)
        var yScale = LinearScale(domain: yDomain ?? extent(ys) ?? (0, 1), range: (probe.plotBottom, probe.plotTop))
        let (yTicks, yStep) = yScale.nice(count: 5)
        let frame = Frame(width: width, height: height, left: Frame.leftMargin(ticks: yTicks, step: yStep, fontSize: fontSize),
                          top: fontSize * 2.4, fontSize: fontSize)
        var xScale = LinearScale(domain: xDomain ?? extent(xs) ?? (0, 1), range: (frame.plotLeft, frame.plotRight))
        let (xTicks, xStep) = xScale.nice(count: max(2, Int(width / 90)))
        var s = frame.open(title: title)
        s += frame.yAxis(yScale, ticks: yTicks, step: yStep, label: yLabel)
        s += frame.xAxis(xScale, ticks: xTicks, step: xStep, label: xLabel)
        let (xLo, xHi) = (min(xScale.range.lo, xScale.range.hi), max(xScale.range.lo, xScale.range.hi))
        let (yLo, yHi) = (min(yScale.range.lo, yScale.range.hi), max(yScale.range.lo, yScale.range.hi))
        func clampX(_ v: Double) -> Double { min(max(v, xLo), xHi) }
        func clampY(_ v: Double) -> Double { min(max(v, yLo), yHi) }
        for line in series {
            let colour = Palette.colour(line.style)
            let ok = line.x.indices.filter { line.x[$0].isFinite && line.y[$0].isFinite }
            // Whiskers in the series colour, light, so that many overlapping ones stay readable.
            let whisker = "style=\"stroke:\(colour);stroke-opacity:.45;stroke-width:1\""
            for i in ok {
                let cx = xScale(line.x[i]), cy = yScale(line.y[i])
                if let l = line.yLow?[i], let h = line.yHigh?[i], l.isFinite, h.isFinite {
                    s += "<line class=\"whisker\" x1=\"\(n(cx))\" x2=\"\(n(cx))\" y1=\"\(n(clampY(yScale(l))))\" y2=\"\(n(clampY(yScale(h))))\" \(whisker)/>"
                }
                if let l = line.xLow?[i], let h = line.xHigh?[i], l.isFinite, h.isFinite {
                    s += "<line class=\"whisker\" x1=\"\(n(clampX(xScale(l))))\" x2=\"\(n(clampX(xScale(h))))\" y1=\"\(n(cy))\" y2=\"\(n(cy))\" \(whisker)/>"
                }
            }
            if line.connected, ok.count > 1 {
                let d = ok.enumerated().map { k, i in (k == 0 ? "M" : "L") + n(xScale(line.x[i])) + " " + n(yScale(line.y[i])) }.joined()
                let dash = Palette.dash(line.style)
                s += "<path class=\"line\" d=\"\(d)\" stroke=\"\(colour)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            }
            for i in ok {
                let fill = line.hollow ? "fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"" : "fill=\"\(colour)\""
                s += "<circle class=\"point\" cx=\"\(n(xScale(line.x[i])))\" cy=\"\(n(yScale(line.y[i])))\" r=\"\(n(line.radius))\" \(fill)/>"
            }
        }
        s += "</svg>"
        var items: [LegendItem] = []
        if legend {
            for line in series { items.append(LegendItem(label: line.name, colour: Palette.colour(line.style), mark: line.connected ? .line(dash: Palette.dash(line.style)) : .box)) }
        }
        return Chart(svg: s, legend: items)
    }
}
