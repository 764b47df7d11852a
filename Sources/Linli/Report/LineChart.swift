import Foundation

/// One line of a line chart, optionally with a shaded band (e.g. the 95% CI
/// of the mean across replicates) and point markers.
public struct LineSeries: Sendable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var low: [Double]?
    public var high: [Double]?
    /// Index into `Palette` (colour and dash); keeps a scenario's colour across charts.
    public var style: Int
    public var markers: Bool

    public init(name: String, x: [Double], y: [Double], low: [Double]? = nil, high: [Double]? = nil,
                style: Int, markers: Bool = false) {
        self.name = name; self.x = x; self.y = y; self.low = low; self.high = high
        self.style = style; self.markers = markers
    }
}

/// Lines with optional bands over a shared numeric x axis. Long series are
/// thinned to at most `maxPoints` points (evenly strided, the last point kept)
/// so a ten-year run does not bloat the page; NaN values break the line.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    public var width: Double = 480
    public var height: Double = 270
    public var fontSize: Double = 12
    public var maxPoints = 400
    /// Forces this y range (shared axes in small multiples).
    public var yDomain: (Double, Double)?
    public var legend = true
    /// A logarithmic x axis (for factors swept on a log scale); x values must be positive.
    public var xLog = false

    public init(title: String, xLabel: String, yLabel: String, series: [LineSeries]) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series
    }

    /// The y range the data needs: values and bands, including 0 when all
    /// values are non-negative and the minimum is below half the maximum.
    public func dataYDomain() -> (Double, Double) {
        var arrays: [[Double]] = []
        for s in series { arrays.append(s.y); if let l = s.low { arrays.append(l) }; if let h = s.high { arrays.append(h) } }
        guard var (lo, hi) = extent(arrays) else { return (0, 1) }
        if lo >= 0, lo <= hi / 2 { lo = 0 }
        if lo == hi { hi = lo + (lo == 0 ? 1 : abs(lo) * 0.1) }
        return (lo, hi)
    }

    public func render() -> Chart {
        // The y ticks depend only on the plot's height, the left margin on the tick labels.
        let probe = Frame(width: width, height: height, top: fontSize * 2.4, fontSize: fontSize)
        var yScale = LinearScale(domain: yDomain ?? dataYDomain(), range: (probe.plotBottom, probe.plotTop))
        let (yTicks, yStep) = yDomain == nil ? yScale.nice(count: 5)
            : (yScale.ticks(step: yScale.tickStep(count: 5)), yScale.tickStep(count: 5))
        let frame = Frame(width: width, height: height, left: Frame.leftMargin(ticks: yTicks, step: yStep, fontSize: fontSize),
                          top: fontSize * 2.4, fontSize: fontSize)
        let xs = extent(series.map { $0.x.map(xPosition) }) ?? (0, 1)
        let xScale = LinearScale(domain: xs, range: (frame.plotLeft, frame.plotRight))
        let xStep = xLog ? 1 : xScale.tickStep(count: max(2, Int(width / 90)))
        var xTicks = xScale.ticks(step: xStep)
        if xLog, xTicks.count < 2 {
            // Less than a decade: ticks at 1, 2 and 5 × 10^k inside the range.
            let lo = (xs.0).rounded(.down), hi = (xs.1).rounded(.up)
            xTicks = stride(from: lo, through: hi, by: 1).flatMap { k in [1.0, 2, 5].map { log10($0) + k } }
                .filter { $0 >= xs.0 - 1e-9 && $0 <= xs.1 + 1e-9 }
        }

        var s = frame.open(title: title)
        s += frame.yAxis(yScale, ticks: yTicks, step: yStep, label: yLabel)
        if xLog {
            s += frame.xAxis(xScale, ticks: xTicks, label: xLabel) { TickFormat.short(pow(10, $0)) }
        } else {
            s += frame.xAxis(xScale, ticks: xTicks, step: xStep, label: xLabel)
        }
        // Bands first, lines over them.
        for line in series {
            guard let low = line.low, let high = line.high else { continue }
            let idx = thinned(line.x.count)
            for segment in segments(idx, { low[$0].isFinite && high[$0].isFinite && xPosition(line.x[$0]).isFinite }) where segment.count > 1 {
                var d = ""
                for (k, i) in segment.enumerated() { d += (k == 0 ? "M" : "L") + n(xScale(xPosition(line.x[i]))) + " " + n(yScale(high[i])) }
                for i in segment.reversed() { d += "L" + n(xScale(xPosition(line.x[i]))) + " " + n(yScale(low[i])) }
                s += "<path class=\"band\" d=\"\(d)Z\" fill=\"\(Palette.colour(line.style))\"/>"
            }
        }
        for line in series {
            let idx = thinned(line.x.count)
            let dash = Palette.dash(line.style)
            let dashAttr = dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""
            for segment in segments(idx, { line.y[$0].isFinite && xPosition(line.x[$0]).isFinite }) {
                if segment.count > 1 {
                    var d = ""
                    for (k, i) in segment.enumerated() { d += (k == 0 ? "M" : "L") + n(xScale(xPosition(line.x[i]))) + " " + n(yScale(line.y[i])) }
                    s += "<path class=\"line\" d=\"\(d)\" stroke=\"\(Palette.colour(line.style))\"\(dashAttr)/>"
                }
                if line.markers || segment.count == 1 {
                    for i in segment {
                        s += "<circle cx=\"\(n(xScale(xPosition(line.x[i]))))\" cy=\"\(n(yScale(line.y[i])))\" r=\"3\" fill=\"\(Palette.colour(line.style))\"/>"
                    }
                }
            }
        }
        s += "</svg>"
        var items: [LegendItem] = []
        if legend {
            for line in series { items.append(LegendItem(label: line.name, colour: Palette.colour(line.style), mark: .line(dash: Palette.dash(line.style)))) }
            if series.contains(where: { $0.low != nil }) {
                items.append(LegendItem(label: "95% CI", colour: "#555555", mark: .band))
            }
        }
        return Chart(svg: s, legend: items)
    }

    /// Where an x value sits on the axis: itself, or its log10 on a log axis (NaN for x ≤ 0).
    func xPosition(_ x: Double) -> Double { xLog ? (x > 0 ? log10(x) : .nan) : x }

    /// Indices kept after thinning a series of `count` points.
    func thinned(_ count: Int) -> [Int] {
        guard count > maxPoints, maxPoints > 1 else { return Array(0..<count) }
        let step = Double(count - 1) / Double(maxPoints - 1)
        var out: [Int] = []
        var last = -1
        for k in 0..<maxPoints {
            let i = min(count - 1, Int((Double(k) * step).rounded()))
            if i != last { out.append(i); last = i }
        }
        return out
    }

    /// Runs of consecutive kept indices where `ok` holds; a run also ends
    /// where `ok` fails at an index thinned away, so gaps survive thinning.
    func segments(_ idx: [Int], _ ok: (Int) -> Bool) -> [[Int]] {
        var out: [[Int]] = []
        var cur: [Int] = []
        var previous = -1
        for i in idx {
            if previous >= 0, i > previous + 1, !cur.isEmpty, ((previous + 1)..<i).contains(where: { !ok($0) }) {
                out.append(cur); cur = []
            }
            previous = i
            if ok(i) { cur.append(i) } else if !cur.isEmpty { out.append(cur); cur = [] }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }
}
