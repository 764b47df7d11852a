/// A grid of coloured cells: x categories across, y categories up, each cell
/// the value of a metric (viridis, low = dark purple, high = yellow) with its
/// value printed when the cells are large enough; empty cells are hatched
/// grey. A colour key with ticks sits on the right.
public struct HeatMap: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var valueLabel: String
    public var xCategories: [String]
    public var yCategories: [String]
    /// values[y][x]; NaN for a cell without data.
    public var values: [[Double]]
    public var width: Double = 560
    public var height: Double = 340
    public var fontSize: Double = 12

    public init(title: String, xLabel: String, yLabel: String, valueLabel: String,
                xCategories: [String], yCategories: [String], values: [[Double]]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.valueLabel = valueLabel
        self.xCategories = xCategories; self.yCategories = yCategories; self.values = values
    }

    public func render() -> Chart {
        let keyWidth = 74.0
        let longest = Double(yCategories.map { min($0.count, 12) }.max() ?? 1)
        let frame = Frame(width: width, height: height, left: fontSize * 1.9 + 10 + longest * fontSize * 0.6, right: keyWidth + 10, top: fontSize * 2.4, bottom: 48, fontSize: fontSize)
        let (lo, hi) = extent(values) ?? (0, 1)
        let span = hi > lo ? hi - lo : 1
        let nx = max(1, xCategories.count), ny = max(1, yCategories.count)
        let cw = (frame.plotRight - frame.plotLeft) / Double(nx)
        let ch = (frame.plotBottom - frame.plotTop) / Double(ny)
        let showValues = cw >= fontSize * 3.2 && ch >= fontSize * 1.4

        var s = frame.open(title: title)
        for (yi, row) in values.enumerated() where yi < ny {
            for xi in 0..<min(nx, row.count) {
                let v = row[xi]
                let x = frame.plotLeft + cw * Double(xi)
                let y = frame.plotBottom - ch * Double(yi + 1)
                let label = "\(xLabel) \(xCategories[xi]), \(yLabel) \(yCategories[yi]): \(v.isFinite ? formatCell(v) : "no runs")"
                if v.isFinite {
                    let t = (v - lo) / span
                    s += "<rect class=\"cell\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cw))\" height=\"\(n(ch))\" fill=\"\(Palette.sequential(t))\"><title>\(HTML.escape(label))</title></rect>"
                    if showValues {
                        let fill = Palette.darkTextOnSequential(t) ? "#000000" : "#ffffff"
                        s += "<text x=\"\(n(x + cw / 2))\" y=\"\(n(y + ch / 2 + fontSize * 0.35))\" text-anchor=\"middle\" style=\"fill:\(fill)\">\(HTML.escape(TickFormat.short(v)))</text>"
                    }
                } else {
                    s += "<rect class=\"cell empty\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cw))\" height=\"\(n(ch))\"><title>\(HTML.escape(label))</title></rect>"
                }
            }
        }
        // Category labels.
        s += "<g class=\"axis\">"
        for (xi, name) in xCategories.enumerated() {
            s += "<text x=\"\(n(frame.plotLeft + cw * (Double(xi) + 0.5)))\" y=\"\(n(frame.plotBottom + 6 + fontSize))\" text-anchor=\"middle\">\(HTML.escape(BarChart.clip(name, 12)))</text>"
        }
        for (yi, name) in yCategories.enumerated() {
            s += "<text x=\"\(n(frame.plotLeft - 5))\" y=\"\(n(frame.plotBottom - ch * (Double(yi) + 0.5) + fontSize * 0.35))\" text-anchor=\"end\">\(HTML.escape(BarChart.clip(name, 12)))</text>"
        }
        s += frame.xTitle(xLabel)
        let cy = (frame.plotTop + frame.plotBottom) / 2
        s += "<text class=\"alabel\" transform=\"translate(\(n(fontSize + 1)) \(n(cy))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        s += "</g>"
        // Colour key: 24 steps from low to high.
        let kx = frame.plotRight + 12, kw = 14.0
        let steps = 24
        let kh = (frame.plotBottom - frame.plotTop) / Double(steps)
        for k in 0..<steps {
            let t = (Double(k) + 0.5) / Double(steps)
            s += "<rect x=\"\(n(kx))\" y=\"\(n(frame.plotBottom - kh * Double(k + 1)))\" width=\"\(n(kw))\" height=\"\(n(kh + 0.5))\" fill=\"\(Palette.sequential(t))\"/>"
        }
        var keyScale = LinearScale(domain: (lo, hi > lo ? hi : lo + 1), range: (frame.plotBottom, frame.plotTop))
        let step = keyScale.tickStep(count: 4)
        keyScale.domain = (lo, hi > lo ? hi : lo + 1)
        for t in keyScale.ticks(step: step) {
            let y = keyScale(t)
            s += "<line class=\"tick\" x1=\"\(n(kx + kw))\" x2=\"\(n(kx + kw + 3))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            s += "<text x=\"\(n(kx + kw + 5))\" y=\"\(n(y + fontSize * 0.35))\">\(HTML.escape(TickFormat.label(t, step: step)))</text>"
        }
        s += "<text class=\"alabel\" transform=\"translate(\(n(width - 4)) \(n(cy))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(valueLabel))</text>"
        s += "</svg>"
        return Chart(svg: s)
    }
}
