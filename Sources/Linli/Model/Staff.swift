/// Community workers as a stock (MODEL.md §2 party organisation: "staff
/// (community workers) with a daily time budget, training tier"; seeds/001:
/// a career ladder "so that people stay and work well", i.e. turnover is the
/// problem it answers; seeds/002: new workers' "weak skills and unstable
/// relations with residents", backbone workers have 2+ years).
///
/// Each community has a number of workers wanted in post W (`staff_per_1000`
/// × its residents / 1,000; the staffing lever changes it) and a quota of
/// posts planned for the base turnover, T = W·(1 + h·D), so that with normal
/// turnover and vacancies W are in post; a headcount S in post,
/// and the workers' mean proficiency q, mean experience and mean training
/// level. Every day, in expected (mean-field) flows, so the stock draws
/// nothing from the random streams:
///
///   leavers = h·S (turnover hazard h; the training lever's ladder, incentives
///             and training lower it); leavers are a random draw of workers,
///             so they take the mean proficiency, experience and training;
///   hires   = max(0, target − S) / `staff.vacancy_days` (vacancies filled
///             after a mean delay); hires start at proficiency 0, experience
///             0, untrained;
///   stayers learn: q ← q + (1 − q)/`staff.learning_days`; experience + 1 day.
///
/// A worker of proficiency q works at effectiveness n₀ + (1 − n₀)·q (n₀ =
/// `staff.novice_effectiveness`). The model's rates (hours per visit,
/// discovery chances, event reach) are calibrated for the scenario's
/// steady-state workforce, so the stock enters them as the ratio of today's
/// effectiveness to that steady state's: 1 while nothing moves the stock.
/// The stock starts at its steady state (S = W = T/(1 + h·D)), so with every
/// lever off the party organisation has the same staff as a constant would give.
public enum StaffStock {
    public static let parameters: [ParamSpec] = [
        .share("staff.turnover_per_year", 0.15, "share of community workers who leave in a year (turnover hazard × 365), before the training lever lowers it",
               source: "seeds/001 (the career ladder is to make workers stay); assumption"),
        .days("staff.vacancy_days", 90, max: 3650, "mean days to fill a vacant post (hires per day = vacancies / this)", source: "assumption"),
        .days("staff.learning_days", 365, max: 36500, "time constant of a new worker's proficiency approaching an experienced worker's", source: "seeds/002 (backbone workers: 2+ years); assumption"),
        .share("staff.novice_effectiveness", 0.5, "effectiveness of a new worker relative to a fully proficient one (visits per hour, discovery, event reach)",
               source: "seeds/002 (new workers: weak skills, unstable relations with residents); assumption"),
    ]

    struct Params: Sendable {
        /// Daily turnover hazard, vacancy delay and learning time (days), novice effectiveness.
        let hazard, vacancyDays, learningDays, novice: Double
        /// Effectiveness of the steady-state workforce under the base hazard.
        let referenceEffect: Double
        /// Posts per worker wanted in post: 1 + h·D (the vacancy gap of the steady state).
        let postsPerWorker: Double
        init(_ p: Parameters) {
            hazard = min(0.999, p["staff.turnover_per_year"] / 365)
            vacancyDays = max(1, p["staff.vacancy_days"]); learningDays = max(1, p["staff.learning_days"])
            novice = p["staff.novice_effectiveness"]
            referenceEffect = novice + (1 - novice) * StaffStock.steadyProficiency(hazard: hazard, learningDays: learningDays)
            postsPerWorker = 1 + hazard * vacancyDays
        }
        /// Effectiveness of a workforce of mean proficiency q.
        @inline(__always) func effect(_ q: Double) -> Double { novice + (1 - novice) * q }
    }

    /// Mean proficiency at the steady state of the daily update (leave, learn, hire at 0).
    static func steadyProficiency(hazard h: Double, learningDays l: Double) -> Double {
        let stay = (1 - h) / l
        return stay / (1 - (1 - h) * (1 - 1 / l))
    }

    /// Mean experience (years) at the steady state.
    static func steadyExperience(hazard h: Double) -> Double {
        h > 0 ? (1 - h) / (365 * h) : 0
    }
}

/// Per-community state of the staff stock (struct-of-arrays over communities).
public struct StaffState: Sendable {
    /// Workers wanted in post without the staffing lever (`staff_per_1000` ×
    /// residents / 1,000) at setup, then the quota of posts W·(1 + h·D).
    public var baseTarget = ContiguousArray<Double>()
    /// Today's quota of posts (the staffing lever may change it).
    public var target = ContiguousArray<Double>()
    /// Mean proficiency q, experience (years) and training level of the workers in post.
    public var proficiency = ContiguousArray<Double>()
    public var experience = ContiguousArray<Double>()
    public var trained = ContiguousArray<Double>()
    /// Added street-office staff supporting the community (staffing lever), in post.
    public var street = ContiguousArray<Double>()
    /// The community's share of its street office's added staff.
    public var streetShare = ContiguousArray<Double>()
}

extension World {
    /// Sets every community's stock at its steady state (called at the end of setup).
    mutating func initialiseStaff() {
        let sp = params.staff
        let q = StaffStock.steadyProficiency(hazard: sp.hazard, learningDays: sp.learningDays)
        let x = StaffStock.steadyExperience(hazard: sp.hazard)
        let nc = communities.count
        communities.staff = staff.baseTarget
        for c in 0..<nc { staff.baseTarget[c] *= sp.postsPerWorker }
        staff.target = staff.baseTarget
        staff.proficiency = ContiguousArray(repeating: q, count: nc)
        staff.experience = ContiguousArray(repeating: x, count: nc)
        staff.trained = ContiguousArray(repeating: 0, count: nc)
        staff.street = ContiguousArray(repeating: 0, count: nc)
        staff.streetShare = ContiguousArray(repeating: 0, count: nc)
        // Residents per street in the scenario; a street office serves at least `street_population`.
        var streetResidents: [String: Int] = [:]
        for c in 0..<nc { streetResidents[communities.streets[c], default: 0] += communities.residentRange(c).count }
        for c in 0..<nc {
            let served = max(params.staffing.streetPopulation, Double(streetResidents[communities.streets[c]] ?? 0))
            staff.streetShare[c] = served > 0 ? Double(communities.residentRange(c).count) / served : 0
        }
    }

    /// Step 4 (before the party organisation's day): one day of the stock —
    /// leavers, learning, hires toward the target; the training and staffing
    /// levers act here (Training.swift, Staffing.swift).
    mutating func updateStaff(_ c: Int, _ today: CalendarDay) {
        let sp = params.staff
        staff.target[c] = staffingTarget(c, today)
        let s0 = communities.staff[c]
        let h = sp.hazard * staffTurnoverFactor(c, today)
        let hires = max(0, staff.target[c] - s0) / sp.vacancyDays
        let stayers = s0 * (1 - h)
        var q = staff.proficiency[c], x = staff.experience[c], l = staff.trained[c]
        q += (1 - q) / sp.learningDays
        x += 1.0 / 365
        l = trainStaff(c, today, trained: l, workers: stayers)
        let s1 = stayers + hires
        if s1 > 0 {
            // Hires arrive with proficiency, experience and training 0.
            let w = stayers / s1
            q *= w; x *= w; l *= w
        }
        communities.staff[c] = s1
        staff.proficiency[c] = q; staff.experience[c] = x; staff.trained[c] = l
        updateStreetStaff(c, today)
        payStaff(c, today)
    }

    /// Experience factor of community c's workforce relative to the steady
    /// state: 1 while nothing has moved the stock. Sent-down cadres count as
    /// fully proficient workers.
    @inline(__always) func staffExperienceFactor(_ c: Int, _ day: Int) -> Double {
        let sp = params.staff
        let s = communities.staff[c], extra = sentDownCadres(day)
        let n = s + extra
        guard n > 0 else { return 1 }
        let e = (sp.effect(staff.proficiency[c]) * s + sp.effect(1) * extra) / n
        return e / sp.referenceEffect
    }

    /// Workers in post including sent-down cadres (headcount whose hours the party organisation has).
    @inline(__always) func staffOnDuty(_ c: Int, _ day: Int) -> Double {
        communities.staff[c] + sentDownCadres(day)
    }

    /// Visits per outreach hour relative to the calibrated rate.
    @inline(__always) func staffVisitFactor(_ c: Int, _ day: Int) -> Double {
        staffExperienceFactor(c, day) * trainingServiceFactor(c) * trainingEffortFactor(day)
    }

    /// Chance of hearing of an event without a personal invitation, scaled by staff effectiveness.
    @inline(__always) func staffEventReach(_ c: Int, _ day: Int) -> Double {
        min(1, params.party.eventReach * staffExperienceFactor(c, day) * trainingServiceFactor(c))
    }

    /// Staff's talent-spotting on visits and at the activities they run (capped at 1).
    @inline(__always) func staffDiscoveryChance(_ base: Double, _ c: Int, _ day: Int) -> Double {
        min(1, base * staffExperienceFactor(c, day) * trainingDiscoveryFactor(c))
    }
}
