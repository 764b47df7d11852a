/// Colours that people with the common colour-vision deficiencies can tell
/// apart. Categorical series use the Okabe–Ito palette (Okabe & Ito 2008,
/// "Color Universal Design"), ordered so the first colours also differ in
/// lightness, and series beyond the first also differ in dash pattern so the
/// charts survive greyscale printing. Heat maps use viridis (perceptually
/// uniform, monotone in lightness).
public enum Palette {
    /// Okabe–Ito without yellow (too light on white): blue, vermillion,
    /// bluish green, orange, reddish purple, sky blue, black.
    public static let categorical = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"]

    /// SVG `stroke-dasharray` values, one per series index (cycled).
    public static let dashes = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4", "4 2 1 2"]

    public static func colour(_ i: Int) -> String { categorical[((i % categorical.count) + categorical.count) % categorical.count] }
    public static func dash(_ i: Int) -> String { dashes[(i / categorical.count + i) % dashes.count] }

    /// Viridis at nine evenly spaced stops (from matplotlib's table).
    static let viridis: [(Double, Double, Double)] = [
        (0.267004, 0.004874, 0.329415), (0.282623, 0.140926, 0.457517), (0.253935, 0.265254, 0.529983),
        (0.206756, 0.371758, 0.553117), (0.163625, 0.471133, 0.558148), (0.127568, 0.566949, 0.550556),
        (0.134692, 0.658636, 0.517649), (0.266941, 0.748751, 0.440573), (0.477504, 0.821444, 0.318195),
        (0.741388, 0.873449, 0.149561), (0.993248, 0.906157, 0.143936),
    ]

    /// Viridis at t ∈ [0, 1] (clamped) as `#rrggbb`, linearly interpolated between stops.
    public static func sequential(_ t: Double) -> String {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let x = t * Double(viridis.count - 1)
        let i = min(viridis.count - 2, Int(x))
        let f = x - Double(i)
        let a = viridis[i], b = viridis[i + 1]
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// Whether text on the viridis colour at t should be dark (light background).
    public static func darkTextOnSequential(_ t: Double) -> Bool { t > 0.55 }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [r, g, b] {
            let v = Int((min(1, max(0, c)) * 255).rounded())
            s.append(digits[v >> 4]); s.append(digits[v & 15])
        }
        return s
    }
}
