/// Training, career ladder and cadre incentives for community workers.
///
/// seeds/002 (Wangzhuang): tiered training, "3 levels × 6 abilities" — new
/// workers learn service and mobilising residents; backbone workers of 2+
/// years project operation and deliberation; leaders coordination and
/// innovation — by courses, study visits and shadowing. seeds/003 (Yangpu):
/// community planners train street and residential-area staff, ~1,000
/// person-times a year, and digital micro-classes. seeds/001 (Wuchang): a
/// career ladder "4 posts, 18 grades", pay above 4,000 yuan a month, "so that
/// people stay and work well". seeds/000 (Jiaxing Road): civil servants and
/// street staff sent down to residential areas, promotion priority for a year
/// or more as residential-area head, pay differentiated by workload.
///
/// Mechanisms (each a field that can switch it off):
/// - courses: each worker takes `courses_per_year` person-times of training;
///   each closes `course_gain` of the gap of the worker's training level ℓ to
///   1 (hires arrive untrained, leavers take the mean ℓ: StaffStock). At level
///   ℓ the three tiers' abilities act: service and mobilising (visits per hour
///   and event reach × (1 + `service_gain`·ℓ)), talent-spotting (discovery
///   chances × (1 + `discovery_gain`·ℓ)), deliberation (+`deliberation_bonus`·ℓ
///   on the logit of consensus); trained workers stay longer (turnover ×
///   (1 − (1 − `trained_turnover_factor`)·ℓ)). A course costs staff hours
///   (outreach lost) and money.
/// - career ladder: turnover × `ladder_turnover_factor`, at `ladder_pay_per_month` per worker.
/// - cadre incentives: promotion priority and pay by workload raise effort
///   (visits per hour × (1 + `effort_gain`)) and lower turnover
///   (× `incentive_turnover_factor`) at `incentive_pay_per_month` per worker;
///   `sent_down` cadres per community join the staff as experienced workers
///   while the lever is on, at `cadre_wage_per_month` each.
public enum TrainingLever {
    public static let spec = LeverSpec(
        name: "training", summary: "community-worker training tiers, career ladder and cadre incentives", source: "seeds/000, seeds/001, seeds/002, seeds/003",
        fields: [
            ParamSpec("training.courses_per_year", .real, 1, unit: "person-times/worker/year", range: 0...50, "training person-times per community worker a year (0 = no courses)", source: "seeds/003 (~1,000 person-times a year in one district); assumption"),
            ParamSpec("training.hours_per_course", .real, 16, unit: "staff hours/person-time", range: 0...200, "staff hours one person-time of training takes from outreach", source: "assumption"),
            ParamSpec("training.cost_per_course", .real, 300, unit: "yuan/person-time", range: 0...100_000, "money cost of one person-time (trainers, study visits), paid by government", source: "assumption"),
            .share("training.course_gain", 0.5, "share of the gap of a worker's training level to 1 that one person-time closes", source: "assumption"),
            ParamSpec("training.service_gain", .real, 0.3, unit: "ratio", range: 0...5, "at full training: extra visits per hour and event reach (level 1: service, mobilising residents)", source: "seeds/002; assumption"),
            ParamSpec("training.discovery_gain", .real, 0.3, unit: "ratio", range: 0...5, "at full training: extra talent-discovery chance on visits and at staff-run activities (level 3: coordination, finding forces)", source: "seeds/002, seeds/004; assumption"),
            ParamSpec("training.deliberation_bonus", .real, 0.3, unit: "logit", range: 0...5, "at full training: added to the logit of consensus (level 2: project operation, deliberation)", source: "seeds/002; assumption"),
            .share("training.trained_turnover_factor", 0.8, "turnover multiplier of a fully trained worker (1 = training does not keep workers)", source: "assumption"),
            .share("training.ladder_turnover_factor", 0.7, "turnover multiplier under the career ladder (1 = no ladder)", source: "seeds/001 ('4 posts, 18 grades', so that people stay); assumption"),
            ParamSpec("training.ladder_pay_per_month", .real, 800, unit: "yuan/worker/month", range: 0...100_000, "pay rise of every worker under the ladder (pay above 4,000 yuan/month; the rise is an assumption)", source: "seeds/001; assumption"),
            .share("training.incentive_turnover_factor", 0.9, "turnover multiplier under cadre incentives (promotion priority; 1 = none)", source: "seeds/000; assumption"),
            ParamSpec("training.effort_gain", .real, 0.1, unit: "ratio", range: 0...5, "extra visits per outreach hour under incentives (pay by workload, promotion priority)", source: "seeds/000; assumption"),
            ParamSpec("training.incentive_pay_per_month", .real, 300, unit: "yuan/worker/month", range: 0...100_000, "workload-based pay per worker", source: "seeds/000; assumption"),
            ParamSpec("training.sent_down", .real, 1, unit: "workers/community", range: 0...100, "civil servants and street staff sent down to each community (experienced, full proficiency)", source: "seeds/000; assumption"),
            ParamSpec("training.cadre_wage_per_month", .real, 6000, unit: "yuan/worker/month", range: 0...100_000, "wage of a sent-down cadre (paid by government)", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let coursesPerDay, hoursPerCourse, costPerCourse, courseGain: Double
        let serviceGain, discoveryGain: Double
        let deliberationBonus: Float
        let trainedTurnover, ladderTurnover, ladderPayPerDay, incentiveTurnover, effortGain, incentivePayPerDay: Double
        let sentDown, cadreWagePerDay: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "training")
            coursesPerDay = p["training.courses_per_year"] / 365; hoursPerCourse = p["training.hours_per_course"]
            costPerCourse = p["training.cost_per_course"]; courseGain = p["training.course_gain"]
            serviceGain = p["training.service_gain"]; discoveryGain = p["training.discovery_gain"]
            deliberationBonus = p.float("training.deliberation_bonus")
            trainedTurnover = p["training.trained_turnover_factor"]; ladderTurnover = p["training.ladder_turnover_factor"]
            ladderPayPerDay = p["training.ladder_pay_per_month"] * 12 / 365
            incentiveTurnover = p["training.incentive_turnover_factor"]; effortGain = p["training.effort_gain"]
            incentivePayPerDay = p["training.incentive_pay_per_month"] * 12 / 365
            sentDown = p["training.sent_down"]; cadreWagePerDay = p["training.cadre_wage_per_month"] * 12 / 365
        }
    }
}

extension World {
    /// Courses of the day for the workers staying: the training level rises,
    /// staff hours and money are booked. Returns the stayers' new mean level.
    mutating func trainStaff(_ c: Int, _ today: CalendarDay, trained l: Double, workers: Double) -> Double {
        let tp = params.training
        guard tp.active(today.day), tp.coursesPerDay > 0, workers > 0 else { return l }
        let personTimes = tp.coursesPerDay * workers
        useLeverStaffHours(c, .training, personTimes * tp.hoursPerCourse)
        bookLeverMoney(c, .training, personTimes * tp.costPerCourse, payer: .government)
        return l + tp.coursesPerDay * tp.courseGain * (1 - l)
    }

    /// Turnover multiplier of community c's workers today (1 without the lever).
    func staffTurnoverFactor(_ c: Int, _ today: CalendarDay) -> Double {
        let tp = params.training
        var f = 1 - (1 - tp.trainedTurnover) * staff.trained[c]
        if tp.active(today.day) { f *= tp.ladderTurnover * tp.incentiveTurnover }
        return f
    }

    /// Sent-down cadres per community on duty today.
    @inline(__always) func sentDownCadres(_ day: Int) -> Double {
        params.training.active(day) ? params.training.sentDown : 0
    }

    /// Visits per hour and event reach from the service ability of trained workers.
    @inline(__always) func trainingServiceFactor(_ c: Int) -> Double { 1 + params.training.serviceGain * staff.trained[c] }
    /// Discovery chances from trained workers' talent-spotting.
    @inline(__always) func trainingDiscoveryFactor(_ c: Int) -> Double { 1 + params.training.discoveryGain * staff.trained[c] }
    /// Logit of consensus added by trained workers' deliberation skills.
    @inline(__always) func trainingDeliberationBonus(_ c: Int) -> Float { params.training.deliberationBonus * Float(staff.trained[c]) }
    /// Effort under cadre incentives.
    @inline(__always) func trainingEffortFactor(_ day: Int) -> Double { params.training.active(day) ? 1 + params.training.effortGain : 1 }

    /// The ladder's pay rise, workload pay and sent-down cadres' wages (government).
    mutating func payTraining(_ c: Int, _ today: CalendarDay) {
        let tp = params.training
        guard tp.active(today.day) else { return }
        let s = communities.staff[c]
        bookLeverMoney(c, .training, s * (tp.ladderPayPerDay + tp.incentivePayPerDay) + tp.sentDown * tp.cadreWagePerDay, payer: .government)
    }
}
