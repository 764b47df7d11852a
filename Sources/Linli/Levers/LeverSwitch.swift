/// Whether a lever acts on a given day: switched on and past its start day.
public struct LeverSwitch: Sendable {
    public let on: Bool
    public let startDay: Int
    init(_ p: Parameters, _ name: String) {
        on = p.bool("\(name).on")
        startDay = p.int("\(name).start_day")
    }
    @inline(__always) public func active(_ day: Int) -> Bool { on && day >= startDay }
}

/// A lever's typed parameters: `active(day)` comes from its switch.
protocol LeverParameters: Sendable {
    var lever: LeverSwitch { get }
}

extension LeverParameters {
    @inline(__always) func active(_ day: Int) -> Bool { lever.active(day) }
}
