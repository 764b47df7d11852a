/// Calendar and availability (MODEL.md §3 step 1, §4 "office hours"): the chance
/// that a resident of an age group can come to something on a weekday during
/// office hours, on a weekday evening, or at the weekend. Working adults are
/// out during office hours, which is why office-hours scheduling decides reach (P8).
public enum Availability {
    /// Slots: weekday office hours, weekday evening, weekend (any band).
    static let slots = ["weekday_office", "weekday_evening", "weekend"]

    static let defaults: [AgeGroup: [Double]] = [
        .child: [0.05, 0.30, 0.50],
        .teen: [0.05, 0.30, 0.50],
        .working: [0.05, 0.45, 0.55],
        .flexible: [0.40, 0.50, 0.55],
        .retiree: [0.75, 0.50, 0.60],
    ]

    public static let parameters: [ParamSpec] = AgeGroup.allCases.flatMap { age in
        zip(slots, defaults[age]!).map { slot, v in
            ParamSpec.share("availability.\(age.label).\(slot)", v,
                            "chance a \(age.label) resident is free for community activities (\(slot.replacingOccurrences(of: "_", with: " ")))",
                            source: "seeds/000 (residents work the same hours as staff); time-use assumption")
        }
    }

    /// Flat table indexed by `age * 3 + slot`.
    public struct Params: Sendable {
        var table: ContiguousArray<Float>
        init(_ p: Parameters) {
            table = []
            for age in AgeGroup.allCases {
                for slot in Availability.slots { table.append(p.float("availability.\(age.label).\(slot)")) }
            }
        }
        @inline(__always) func chance(age: UInt8, weekend: Bool, band: HourBand) -> Float {
            let slot = weekend ? 2 : band.rawValue
            return table[Int(age) * 3 + slot]
        }
    }
}
