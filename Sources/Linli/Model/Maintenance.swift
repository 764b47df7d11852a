import Foundation

/// Maintenance (MODEL.md §3 step 11). Finished work wears: its condition
/// falls each day (conduct problems come back sooner than repaired fabric,
/// fabric faster under a poor property service), conduct more slowly under a convention; rota duties under the convention restore
/// it. Below a threshold the problem recurs as a new issue in the same scope
/// and the old one closes.
public enum Maintenance {
    public static let parameters: [ParamSpec] = [
        ParamSpec("maintenance.conduct_life", .real, 365, unit: "days", range: 1...36500, "mean life of a fix to a conduct problem (clutter, garbage, noise, parking, charging)", source: "seeds/001, seeds/003 (problems return without conventions); assumption"),
        ParamSpec("maintenance.fabric_life", .real, 1825, unit: "days", range: 1...36500, "mean life of repaired fabric and services", source: "assumption"),
        .share("maintenance.recur_threshold", 0.3, "condition below which the problem recurs", source: "assumption"),
    ]

    struct Params: Sendable {
        let conductDecay, fabricDecay: Float
        let recurThreshold: Float
        init(_ p: Parameters) {
            // Condition falls from 1 to the threshold over the mean life.
            let th = p.float("maintenance.recur_threshold")
            conductDecay = (1 - th) / p.float("maintenance.conduct_life")
            fabricDecay = (1 - th) / p.float("maintenance.fabric_life")
            recurThreshold = th
        }
    }
}

extension World {
    mutating func maintain(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let mp = params.maintenance, cv = params.conventions
        let convention = cv.active(today.day)
        let slow: Float = convention ? 1 - cv.decayCut : 1
        let rotaDay = convention && cv.rota && today.weekday == 6
        let fabricWear = mp.fabricDecay * Float(fabricStress(c))
        recurring.removeAll(keepingCapacity: true)
        for idx in issues.live[c].indices {
            let k = Int(issues.live[c][idx])
            guard stage(k) == .done else { continue }
            let t = IssueType(rawValue: issues.type[k])!
            issues.condition[k] -= t.isConduct ? mp.conductDecay * slow : (t.isFabric ? fabricWear : mp.fabricDecay)
            if rotaDay && t.isConduct { rotaDuties(k, today, rng) }
            if issues.condition[k] < mp.recurThreshold {
                setStage(k, .closed, today.day)
                recurring.append(Int32(k))
            }
        }
        // Each recurs as a new issue of its type and unit (the closed one keeps both).
        for r in recurring.indices {
            let k = Int(recurring[r])
            newIssue(IssueType(rawValue: issues.type[k])!, community: c, unit: Int(issues.unit[k]), today, rng)
        }
    }

    /// Rota duties (seeds/001 conventions, seeds/003 residents' rota): a few
    /// residents in scope are asked to take a turn; each turn restores condition.
    mutating func rotaDuties(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let cv = params.conventions
        let scope = scopeRange(k)
        guard !scope.isEmpty else { return }
        for _ in 0..<cv.rotaAsked {
            let i = scope.lowerBound + rng.below(scope.count)
            guard residents.age[i] != AgeGroup.child.rawValue else { continue }
            let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
            if rng.uniform() < a && offer(i, .duty, day: today.day, rng: rng) {
                issues.condition[k] = min(1, issues.condition[k] + cv.rotaRestore)
                residents.contributions[i] &+= 1
            }
        }
    }
}
