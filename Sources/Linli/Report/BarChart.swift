/// One series of a grouped bar chart: a value per category and, optionally,
/// the ends of its 95% confidence interval (drawn as whiskers).
public struct BarSeries: Sendable {
    public var name: String
    public var values: [Double]
    public var low: [Double]?
    public var high: [Double]?
    public var style: Int

    public init(name: String, values: [Double], low: [Double]? = nil, high: [Double]? = nil, style: Int) {
        self.name = name; self.values = values; self.low = low; self.high = high; self.style = style
    }
}

/// Vertical bars grouped by category, one bar per series in each group, with
/// CI whiskers, a zero line (bars grow from 0, so negative differences point
/// down) and category labels that turn diagonal when they would collide.
public struct BarChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var series: [BarSeries]
    public var width: Double = 480
    public var height: Double = 270
    public var fontSize: Double = 12
    public var legend = true
    /// Forces this y range (shared axes across charts); 0 is always included.
    public var yDomain: (Double, Double)?

    public init(title: String, xLabel: String, yLabel: String, categories: [String], series: [BarSeries]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.categories = categories; self.series = series
    }

    public func render() -> Chart {
        let longest = categories.map(\.count).max() ?? 0
        let slotWidth = (width - 76) / Double(max(1, categories.count))
        let diagonal = Double(longest) * fontSize * 0.58 > slotWidth
        let labelRoom = diagonal ? min(110, Double(min(longest, 22)) * fontSize * 0.45 + 10) : fontSize + 8
        let bottom = labelRoom + fontSize + 14
        let chartHeight = height + (diagonal ? labelRoom - 18 : 0)
        var arrays: [[Double]] = [[0]]
        if let d = yDomain { arrays.append([d.0, d.1]) }
        for s in series { arrays.append(s.values); if let l = s.low { arrays.append(l) }; if let h = s.high { arrays.append(h) } }
        let (lo, hi) = extent(arrays) ?? (0, 1)
        let top = fontSize * 2.4
        var yScale = LinearScale(domain: (lo, hi == lo ? lo + 1 : hi), range: (chartHeight - bottom, top))
        let (yTicks, yStep) = yScale.nice(count: 5)
        let frame = Frame(width: width, height: chartHeight, left: Frame.leftMargin(ticks: yTicks, step: yStep, fontSize: fontSize),
                          top: top, bottom: bottom, fontSize: fontSize)

        var s = frame.open(title: title)
        s += frame.yAxis(yScale, ticks: yTicks, step: yStep, label: yLabel)
        let plotWidth = frame.plotRight - frame.plotLeft
        let slot = plotWidth / Double(max(1, categories.count))
        let groupWidth = slot * 0.78
        let barWidth = groupWidth / Double(max(1, series.count))
        let zero = yScale(0)
        s += "<g class=\"axis x\">"
        for (c, name) in categories.enumerated() {
            let cx = frame.plotLeft + slot * (Double(c) + 0.5)
            let y = frame.plotBottom + 6 + fontSize
            if diagonal {
                s += "<text x=\"\(n(cx))\" y=\"\(n(y))\" text-anchor=\"end\" transform=\"rotate(-35 \(n(cx)) \(n(y)))\">\(HTML.escape(Self.clip(name, 24)))</text>"
            } else {
                s += "<text x=\"\(n(cx))\" y=\"\(n(y))\" text-anchor=\"middle\">\(HTML.escape(name))</text>"
            }
        }
        s += frame.xTitle(xLabel) + "</g>"
        for (k, bars) in series.enumerated() {
            let colour = Palette.colour(bars.style)
            for c in categories.indices where c < bars.values.count {
                let v = bars.values[c]
                let x0 = frame.plotLeft + slot * Double(c) + (slot - groupWidth) / 2 + barWidth * Double(k)
                if v.isFinite {
                    let y = yScale(v)
                    s += "<rect class=\"bar\" x=\"\(n(x0 + 1))\" y=\"\(n(min(y, zero)))\" width=\"\(n(max(1, barWidth - 2)))\" height=\"\(n(abs(zero - y)))\" fill=\"\(colour)\"><title>\(HTML.escape("\(bars.name), \(categories[c]): \(formatCell(v))"))</title></rect>"
                }
                if let low = bars.low, let high = bars.high, c < low.count, c < high.count, low[c].isFinite, high[c].isFinite {
                    let xm = x0 + barWidth / 2, y1 = yScale(low[c]), y2 = yScale(high[c])
                    let cap = min(6, barWidth / 4)
                    s += "<path class=\"whisker\" d=\"M\(n(xm)) \(n(y1))L\(n(xm)) \(n(y2))M\(n(xm - cap)) \(n(y1))L\(n(xm + cap)) \(n(y1))M\(n(xm - cap)) \(n(y2))L\(n(xm + cap)) \(n(y2))\"/>"
                }
            }
        }
        s += "<line class=\"zero\" x1=\"\(n(frame.plotLeft))\" x2=\"\(n(frame.plotRight))\" y1=\"\(n(zero))\" y2=\"\(n(zero))\"/>"
        s += "</svg>"
        var items: [LegendItem] = []
        if legend {
            if series.count > 1 { items = series.map { LegendItem(label: $0.name, colour: Palette.colour($0.style), mark: .box) } }
            if series.contains(where: { $0.low != nil }) { items.append(LegendItem(label: "whiskers: 95% CI", colour: "#222222", mark: .line(dash: ""))) }
        }
        return Chart(svg: s, legend: items)
    }

    static func clip(_ s: String, _ max: Int) -> String { s.count <= max ? s : String(s.prefix(max - 1)) + "…" }
}
