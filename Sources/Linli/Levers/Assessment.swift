/// Residents' assessment of the residential area's work (seeds/000, 003, 001).
///
/// seeds/000 (Jiaxing Road): "做得好不好，问效于民" — whether the work was done
/// well is asked of the residents; the 54 part-time deputies "在居民区年度考核
/// 评分中占有相当比重" (weigh heavily in the residential area's annual
/// assessment score), and "这一创新机制，意味着基层治理将更注重居民感受，更考验
/// 居民区的常态化工作水平" (governance will attend more to residents' feelings
/// and test the area's routine work). The incentive modelled: a residential
/// area whose residents score it low moves staff time from administration to
/// face-to-face work the next year. seeds/003 (Yangpu): "更新过程居民督、更新效果
/// 居民评" — residents supervise the work and evaluate its effect. seeds/001:
/// "共谋、共建、共管、共评、共享" (plan, build, manage, evaluate and share together).
///
/// Mechanisms, each switchable off by a field:
/// 1. *Survey* (`outreach_shift`, 0 = off): at each budget year's end a sample
///    of adults (and every post holder, with a weight) scores the area's work
///    from what they have seen — their satisfaction (which rises when a
///    project in their scope finishes), their trust τ, and whether staff
///    reached them in the past year — blended with the year's project
///    ratings. Next year a share `outreach_shift` × (1 − score) of the admin
///    hours goes to household visits instead.
/// 2. *Project rating* (`rating_weight`, 0 = off): residents of the scope rate
///    each finished project from its quality and their own satisfaction; the
///    published rating moves credibility κ up when above `rating_neutral`,
///    down when below.
/// 3. *Resident supervision* (`supervision`, 0 = off): a supervisor drawn from
///    the residents of the scope (who accepts through the participation
///    decision, a duty) watches each project: while supervised, disputes that
///    stall work (`work.stall_rate`) happen less often, and on each work day
///    the supervisor inspects, adding quality.
/// Costs: survey money per respondent and staff hours per survey, staff hours
/// per project rating and per supervisor recruited.
public enum AssessmentLever {
    public static let spec = LeverSpec(
        name: "assessment", summary: "residents score the area's work yearly, rate and supervise projects", source: "seeds/000, seeds/003, seeds/001",
        fields: [
            ParamSpec("assessment.sample", .integer, 100, unit: "respondents/community/year", range: 0...100_000, "adults surveyed at each year's end", source: "assumption"),
            ParamSpec("assessment.post_weight", .real, 5, unit: "ratio", range: 0...1000, "weight of a part-time post holder's score against a sampled resident's (every holder is asked)", source: "seeds/000 (deputies weigh heavily in the annual assessment); assumption"),
            .share("assessment.weight_satisfaction", 1.0 / 3, "weight of a respondent's satisfaction (projects finished, problems solved) in their score", source: "seeds/000 (问效于民); assumption"),
            .share("assessment.weight_trust", 1.0 / 3, "weight of a respondent's trust τ in their score", source: "assumption"),
            .share("assessment.weight_contact", 1.0 / 3, "weight of having been reached by staff (visited or informed) in the past year", source: "seeds/000 (face-to-face work); assumption"),
            .share("assessment.rating_share", 0.3, "weight of the year's mean project rating in the yearly score (when projects were rated)", source: "seeds/003 (更新效果居民评); assumption"),
            .share("assessment.outreach_shift", 0.3, "share of admin hours moved to visits next year, times (1 − score); 0 switches the staff-time incentive off", source: "seeds/000 (assessment tests routine work); assumption"),
            ParamSpec("assessment.raters", .integer, 5, unit: "residents/project", range: 0...1000, "residents of the scope who rate a finished project", source: "assumption"),
            .share("assessment.rating_weight", 0.02, "κ moved per finished project at a rating of 1 (or 0): share of the gap closed; 0 switches the rating's effect on κ off", source: "seeds/003; seeds/004 (credibility); assumption"),
            .share("assessment.rating_neutral", 0.5, "rating at which a project leaves κ unchanged", source: "assumption"),
            .share("assessment.supervision", 1, "chance a project starting work gets a resident supervisor (if one accepts); 0 switches supervision off", source: "seeds/003 (更新过程居民督)"),
            ParamSpec("assessment.supervisor_tries", .integer, 5, unit: "residents", range: 1...100, "residents of the scope asked in turn to supervise a project", source: "assumption"),
            .share("assessment.supervision_stall_cut", 0.5, "share by which supervision cuts the hazard that work stalls", source: "seeds/003; assumption"),
            .share("assessment.supervision_quality", 0.02, "quality added by each work-day inspection of the supervisor", source: "seeds/003; assumption"),
            ParamSpec("assessment.cost_per_respondent", .real, 10, unit: "yuan/respondent", range: 0...10_000, "money per survey respondent (forms, small gift), government", source: "assumption"),
            ParamSpec("assessment.survey_hours", .real, 16, unit: "hours/survey", range: 0...1000, "staff hours to run one yearly survey in a community", source: "assumption"),
            ParamSpec("assessment.rating_hours", .real, 1, unit: "hours/project", range: 0...100, "staff hours to collect and publish one project's rating", source: "assumption"),
            ParamSpec("assessment.supervisor_hours", .real, 1, unit: "hours/project", range: 0...100, "staff hours to recruit and brief a project's supervisor", source: "assumption"),
        ])

    struct Params: LeverParameters {
        let lever: LeverSwitch
        let sample, raters, supervisorTries: Int
        let postWeight, wSat, wTrust, wContact, ratingShare, outreachShift: Double
        let ratingWeight, ratingNeutral: Float
        let supervision, supervisionStallCut: Double
        let supervisionQuality: Float
        let costPerRespondent, surveyHours, ratingHours, supervisorHours: Double
        init(_ p: Parameters) {
            lever = LeverSwitch(p, "assessment")
            sample = p.int("assessment.sample"); raters = p.int("assessment.raters")
            supervisorTries = max(1, p.int("assessment.supervisor_tries"))
            postWeight = p["assessment.post_weight"]
            wSat = p["assessment.weight_satisfaction"]; wTrust = p["assessment.weight_trust"]; wContact = p["assessment.weight_contact"]
            ratingShare = p["assessment.rating_share"]; outreachShift = p["assessment.outreach_shift"]
            ratingWeight = p.float("assessment.rating_weight"); ratingNeutral = p.float("assessment.rating_neutral")
            supervision = p["assessment.supervision"]; supervisionStallCut = p["assessment.supervision_stall_cut"]
            supervisionQuality = p.float("assessment.supervision_quality")
            costPerRespondent = p["assessment.cost_per_respondent"]; surveyHours = p["assessment.survey_hours"]
            ratingHours = p["assessment.rating_hours"]; supervisorHours = p["assessment.supervisor_hours"]
        }
    }
}

/// State of the assessment and social-organisation levers: per community,
/// per issue and per group (grown as issues and groups are created).
public struct Oversight: Sendable {
    /// Last yearly score (−1 before the first survey) and the share of admin hours moved to visits.
    public var score = ContiguousArray<Double>()
    public var outreachShift = ContiguousArray<Double>()
    /// This year's project ratings: sum and count.
    public var ratingSum = ContiguousArray<Double>()
    public var ratingCount = ContiguousArray<Double>()
    /// Projects whose work stalled (cumulative), and projects an organisation supervises now.
    public var workStalls = ContiguousArray<Double>()
    public var orgLoad = ContiguousArray<Int32>()
    /// Home-grown organisations alive (refreshed at each month end and incubation).
    public var homeGrown = ContiguousArray<Int32>()
    /// Per issue: resident supervisor (−1 none), supervising organisation
    /// (0 none, 1 outside, 2 home-grown), asked during work (four asks).
    public var supervisor = ContiguousArray<Int32>()
    public var org = ContiguousArray<UInt8>()
    public var askedDuring = ContiguousArray<Bool>()
    /// Per group: incubated into a home-grown social organisation.
    public var isOrg = ContiguousArray<Bool>()

    init(communities n: Int) {
        score = ContiguousArray(repeating: -1, count: n)
        outreachShift = ContiguousArray(repeating: 0, count: n)
        ratingSum = ContiguousArray(repeating: 0, count: n); ratingCount = ratingSum
        workStalls = ratingSum
        orgLoad = ContiguousArray(repeating: 0, count: n); homeGrown = orgLoad
    }
    init() { self.init(communities: 0) }

    /// Grows the per-issue arrays to `count` issues.
    mutating func track(issues count: Int) {
        while supervisor.count < count { supervisor.append(-1); org.append(0); askedDuring.append(false) }
    }
    mutating func track(groups count: Int) {
        while isOrg.count < count { isOrg.append(false) }
    }
}

extension World {
    /// Admin hours moved to outreach today by last year's assessment (the
    /// incentive of a low score), at most the admin hours.
    @inline(__always) func assessmentOutreachHours(_ c: Int, _ today: CalendarDay, adminHours: Double) -> Double {
        guard params.assessment.active(today.day), !oversight.outreachShift.isEmpty else { return 0 }
        return min(adminHours, adminHours * oversight.outreachShift[c])
    }

    /// Year end: the residents' survey of community c; sets next year's shift.
    mutating func runAssessment(_ c: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ap = params.assessment
        guard ap.active(today.day), today.dayOfYear == 364 else { return }
        let range = communities.residentRange(c)
        guard !range.isEmpty else { return }
        let contactSince = Int32(today.day - 365 + params.party.informedDays)
        let wSum = max(1e-9, ap.wSat + ap.wTrust + ap.wContact)
        func scoreOf(_ i: Int) -> Double {
            let contact: Double = residents.informedUntil[i] >= contactSince ? 1 : 0
            return (ap.wSat * Double(residents.satisfaction[i]) + ap.wTrust * Double(residents.trust[i]) + ap.wContact * contact) / wSum
        }
        var sum = 0.0, weight = 0.0, respondents = 0
        // Sampled adults: random residents, children and teens skipped (bounded tries).
        var tries = 0
        while respondents < ap.sample && tries < ap.sample * 4 {
            tries += 1
            let i = range.lowerBound + rng.below(range.count)
            guard residents.age[i] > AgeGroup.teen.rawValue else { continue }
            sum += scoreOf(i); weight += 1; respondents += 1
        }
        // Part-time post holders weigh heavily (seeds/000).
        if ap.postWeight > 0 {
            for i in range where residents.role[i] == Role.post.rawValue {
                sum += ap.postWeight * scoreOf(i); weight += ap.postWeight; respondents += 1
            }
        }
        guard weight > 0 else { return }
        var s = sum / weight
        if oversight.ratingCount[c] > 0 {
            s = (1 - ap.ratingShare) * s + ap.ratingShare * oversight.ratingSum[c] / oversight.ratingCount[c]
        }
        oversight.score[c] = s
        oversight.outreachShift[c] = min(1, ap.outreachShift * (1 - s))
        oversight.ratingSum[c] = 0; oversight.ratingCount[c] = 0
        bookLeverMoney(c, .assessment, ap.costPerRespondent * Double(respondents), payer: .government)
        useLeverStaffHours(c, .assessment, ap.surveyHours)
    }

    /// Work starts on issue k: the street assigns a social organisation if
    /// one has room, and a resident supervisor is sought.
    mutating func superviseAtStart(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ap = params.assessment, so = params.socialOrgs
        let assess = ap.active(today.day), orgs = so.active(today.day)
        guard assess || orgs else { return }
        oversight.track(issues: issues.count)
        let c = Int(issues.community[k])
        if orgs && oversight.org[k] == 0 { assignOrganisation(k, c, today) }
        guard assess, ap.supervision > 0, oversight.supervisor[k] < 0, rng.uniform() < ap.supervision else { return }
        let scope = scopeRange(k)
        guard !scope.isEmpty else { return }
        useLeverStaffHours(c, .assessment, ap.supervisorHours)
        for _ in 0..<ap.supervisorTries {
            let i = scope.lowerBound + rng.below(scope.count)
            guard residents.age[i] > AgeGroup.teen.rawValue else { continue }
            if offer(i, .duty, day: today.day, rng: rng) { oversight.supervisor[k] = Int32(i); break }
        }
    }

    /// The daily hazard that work on issue k stalls (a dispute over the
    /// work, the contractor stops), cut by supervision; true if it stalls.
    /// Draws only when `work.stall_rate` > 0.
    mutating func workStalls(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) -> Bool {
        let rate = params.work.stallRate
        guard rate > 0 else { return false }
        var h = rate * (0.5 + Double(issues.conflict[k]))
        if k < oversight.supervisor.count {
            if oversight.supervisor[k] >= 0 { h *= 1 - params.assessment.supervisionStallCut }
            if oversight.org[k] != 0 { h *= 1 - params.socialOrgs.stallCut }
        }
        guard rng.uniform() < h else { return false }
        let c = Int(issues.community[k])
        if !oversight.workStalls.isEmpty { oversight.workStalls[c] += 1 }
        releaseSupervision(k)
        setStage(k, .stalled, today.day)
        return true
    }

    /// The work-day inspection of issue k's resident supervisor.
    mutating func inspect(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        guard k < oversight.supervisor.count, oversight.supervisor[k] >= 0, params.assessment.active(today.day) else { return }
        let i = Int(oversight.supervisor[k])
        let a = Double(params.availability.chance(age: residents.age[i], weekend: today.isWeekend, band: .evening))
        guard rng.uniform() < a else { return }
        if residents.tookPart[i] || offer(i, .duty, day: today.day, rng: rng) {
            issues.quality[k] = min(1, issues.quality[k] + params.assessment.supervisionQuality)
        }
    }

    /// Ends the supervision of issue k (completed or stalled).
    mutating func releaseSupervision(_ k: Int) {
        guard k < oversight.supervisor.count else { return }
        oversight.supervisor[k] = -1
        if oversight.org[k] != 0 {
            let c = Int(issues.community[k])
            oversight.orgLoad[c] = max(0, oversight.orgLoad[c] - 1)
            oversight.org[k] = 0
        }
    }

    /// A finished project is rated by residents of its scope; the rating
    /// moves κ and enters the year's score.
    mutating func rateProject(_ k: Int, _ today: CalendarDay, _ rng: RandomStream) {
        let ap = params.assessment
        guard ap.active(today.day), ap.raters > 0 else { return }
        let c = Int(issues.community[k])
        let scope = scopeRange(k)
        guard !scope.isEmpty else { return }
        let q = issues.quality[k]
        var sum: Float = 0, n = 0
        for _ in 0..<(ap.raters * 2) where n < ap.raters {
            let i = scope.lowerBound + rng.below(scope.count)
            guard residents.age[i] != AgeGroup.child.rawValue else { continue }
            sum += 0.5 * (q + residents.satisfaction[i]); n += 1
        }
        useLeverStaffHours(c, .assessment, ap.ratingHours)
        guard n > 0 else { return }
        let r = sum / Float(n)
        oversight.ratingSum[c] += Double(r); oversight.ratingCount[c] += 1
        let kappa = communities.credibility[c]
        if r >= ap.ratingNeutral {
            let d = ap.ratingWeight * (r - ap.ratingNeutral) / max(1e-6, 1 - ap.ratingNeutral)
            communities.credibility[c] = min(1, kappa + d * (1 - kappa))
        } else {
            let d = ap.ratingWeight * (ap.ratingNeutral - r) / max(1e-6, ap.ratingNeutral)
            communities.credibility[c] = max(0, kappa - d * kappa)
        }
    }
}
