import CGSL
import Foundation

/// Mean-field model of the participation core (issue 17; docs/ODD.md §8
/// "Mean-field check"): the decision of Decision.swift, the weekly events and
/// party day of PartyOrganisation.swift, and the day close of
/// SlowVariables.swift, for one community with no problems, no levers, no
/// talents, no visits and a well-mixed social pull (`ties.well_mixed`).
///
/// The ABM is a daily map. Its continuous limit is taken within each day:
/// every linear relaxation of the day close becomes an exponential whose rate
/// is −ln(daily keep factor), so that a day of the ODE at a constant
/// participation chance reproduces the map's daily factor exactly; the
/// day-level inputs the ABM holds fixed over a day (whether an event or
/// party day is held, yesterday's active share in the social pull) stay
/// piecewise constant. The active status (4+ days of the last 30) is a count
/// over a 30-day window, a delay no finite ODE carries, so each day's
/// participation share, integrated by the ODE, enters a 30-day register from
/// which the active share is the Poisson-binomial tail P(count ≥ 4).
///
/// Static heterogeneity (θ, μ and the initial b and τ are Beta draws; age,
/// party membership and tenure set availability and the Beta means) is kept
/// as classes: Gauss–Jacobi nodes of each Beta (GSL's fixed quadrature, exact
/// for polynomials of degree 2n − 1 against the Beta density) crossed with
/// the resident groups. Within a class the closure is first order: the
/// participation chance is taken at the class's mean fatigue, belonging and
/// trust, and days are independent in the window count. The ODE is solved
/// with GSL's `gsl_odeiv2` driver (rk8pd).
public struct MeanFieldModel: Sendable {
    /// One class of residents: a share of the population with the same fixed
    /// attributes and starting state.
    public struct Class: Sendable {
        public var weight: Double
        public var age: AgeGroup
        public var party: Bool
        public var mu, theta, belonging0, trust0: Double
    }

    /// Decision coefficients (Decision.swift).
    public var beta0, betaMotivation, betaBelonging, betaTrust, betaSocial, betaFatigue: Double
    public var costEvent, costPartyDay: Double
    /// Effects and day close (Decision.swift, SlowVariables.swift).
    public var belongingGain, trustGain, fatigueGain, fatigueRecovery, engagementHalfLife: Double
    public var relaxRate, decayRate: Double
    /// The community's baselines b₀ and τ₀ the means decay to.
    public var belongingBase, trustBase: Double
    /// Opportunities (PartyOrganisation.swift, Availability.swift).
    public var eventsPerWeek, eventWeekday, partyDay: Int
    public var eventReach: Double
    /// Availability by age group and slot (weekday office, weekday evening, weekend).
    public var availability: [[Double]]
    public var classes: [Class]

    /// Quadrature nodes per Beta: θ, μ, b, τ.
    public struct Nodes: Sendable {
        public var theta = 24, motivation = 4, belonging = 3, trust = 3
        public init(theta: Int = 24, motivation: Int = 4, belonging: Int = 3, trust: Int = 3) {
            self.theta = theta; self.motivation = motivation; self.belonging = belonging; self.trust = trust
        }
    }

    /// The mean-field model of community `community` of scenario `sc`, with
    /// the expected population composition of Population.swift.
    public init(scenario sc: Scenario, community: Int = 0, nodes: Nodes = Nodes()) {
        let p = sc.parameters
        let spec = sc.communities[community]
        func f(_ name: String) -> Double { spec.field(name, p) }
        beta0 = p["decision.beta0"]; betaMotivation = p["decision.beta_motivation"]
        betaBelonging = p["decision.beta_belonging"]; betaTrust = p["decision.beta_trust"]
        betaSocial = p["decision.beta_social"]; betaFatigue = p["decision.beta_fatigue"]
        costEvent = p["decision.cost_event"]; costPartyDay = p["decision.cost_party_day"]
        belongingGain = p["decision.belonging_gain"]; trustGain = p["slow.participation_trust"]
        fatigueGain = p["decision.fatigue_gain"]; fatigueRecovery = p["slow.fatigue_recovery"]
        engagementHalfLife = p["decision.engagement_half_life"]
        relaxRate = p["slow.relax_rate"]; decayRate = p["slow.decay_rate"]
        belongingBase = f("belonging0"); trustBase = f("trust0")
        eventsPerWeek = p.int("party.events_per_week"); eventWeekday = p.int("party.event_weekday")
        partyDay = p.int("party.party_day"); eventReach = min(1, p["party.event_reach"])
        availability = AgeGroup.allCases.map { age in
            Availability.slots.map { p["availability.\(age.label).\($0)"] }
        }

        // Expected composition (Population.swift): the first member of a household
        // is an adult, the others follow all five shares; size 1 + Poisson(m − 1).
        let mix = ["share_child", "share_teen", "share_working", "share_flexible", "share_retiree"].map(f)
        let allSum = mix.reduce(0, +)
        let adultSum = mix[2] + mix[3] + mix[4]
        let extra = max(0, f("household_size") - 1)
        let ageShare: [Double] = (0..<5).map { g in
            let adult = g >= 2 && adultSum > 0 ? mix[g] / adultSum : 0
            let any = allSum > 0 ? mix[g] / allSum : 0
            return (adult + extra * any) / (1 + extra)
        }
        let pp = p
        let partyShare = f("party_share")
        let retireeFactor = pp["population.party_retiree_factor"]
        let meanFactor = adultSum > 0 ? (mix[2] + mix[3] + mix[4] * retireeFactor) / adultSum : 1
        let partyOther = min(1, partyShare / max(meanFactor, 1e-9))
        let partyRetiree = min(1, partyOther * retireeFactor)
        let renter = min(1, f("tenant_share") + f("sublandlord_share"))
        let k = pp["population.state_concentration"]
        let thetaNodes = MeanFieldModel.betaNodes(pp["population.theta_a"], pp["population.theta_b"], nodes.theta)
            .map { (max(0.01, $0.x), $0.w) }
        func around(_ m: Double, _ n: Int) -> [(x: Double, w: Double)] {
            let m = min(0.95, max(0.05, m))
            return MeanFieldModel.betaNodes(m * k, (1 - m) * k, n)
        }
        var cls: [Class] = []
        for age in AgeGroup.allCases where ageShare[Int(age.rawValue)] > 0 {
            let adult = age.rawValue >= AgeGroup.working.rawValue
            let partyChance = adult ? (age == .retiree ? partyRetiree : partyOther) : 0
            for party in [false, true] {
                let wp = party ? partyChance : 1 - partyChance
                guard wp > 0 else { continue }
                for rents in [false, true] {
                    let wr = rents ? renter : 1 - renter
                    guard wr > 0 else { continue }
                    let w0 = ageShare[Int(age.rawValue)] * wp * wr
                    let muMean = pp["population.motivation_mean"] + (party ? pp["population.motivation_party_bonus"] : 0)
                        + (age == .retiree ? pp["population.motivation_retiree_bonus"] : 0)
                    let b = belongingBase * (rents ? pp["population.tenant_belonging_factor"] : 1)
                    let t = trustBase + (party ? 0.1 : 0)
                    for th in thetaNodes {
                        for mu in around(muMean, nodes.motivation) {
                            for bn in around(b, nodes.belonging) {
                                for tn in around(t, nodes.trust) {
                                    cls.append(Class(weight: w0 * th.1 * mu.w * bn.w * tn.w, age: age, party: party,
                                                     mu: mu.x, theta: th.0, belonging0: bn.x, trust0: tn.x))
                                }
                            }
                        }
                    }
                }
            }
        }
        let total = cls.reduce(0) { $0 + $1.weight }
        classes = cls.map { var c = $0; c.weight /= total; return c }
    }

    /// Gauss–Jacobi nodes and normalised weights of Beta(a, b) on [0, 1]
    /// (GSL: weight (1 − x)^α x^β with α = b − 1, β = a − 1). One node is the mean.
    public static func betaNodes(_ a: Double, _ b: Double, _ n: Int) -> [(x: Double, w: Double)] {
        if n <= 1 { return [(a / (a + b), 1)] }
        guard let ws = gsl_integration_fixed_alloc(linli_integration_jacobi(), n, 0, 1, b - 1, a - 1) else {
            return [(a / (a + b), 1)]
        }
        defer { gsl_integration_fixed_free(ws) }
        let x = gsl_integration_fixed_nodes(ws)!, w = gsl_integration_fixed_weights(ws)!
        var sum = 0.0
        for i in 0..<n { sum += w[i] }
        return (0..<n).map { (x[$0], w[$0] / sum) }
    }

    // MARK: daily inputs

    /// Chance a resident of age `age` is offered today's weekly event (0 without one):
    /// heard (notice reach) × free in office hours.
    func eventOffer(_ day: Int, _ age: AgeGroup) -> Double {
        let today = CalendarDay(day)
        if today.isWeekend { return 0 }
        var held = false
        for k in 0..<eventsPerWeek where (eventWeekday + 2 * k) % 5 == today.weekday { held = true }
        return held ? eventReach * availability[Int(age.rawValue)][0] : 0
    }

    /// Chance a party member of age `age` is offered the party day today.
    func partyOffer(_ day: Int, _ age: AgeGroup) -> Double {
        let today = CalendarDay(day)
        guard day % 30 == partyDay else { return 0 }
        return availability[Int(age.rawValue)][today.isWeekend ? 2 : 0]
    }

    // MARK: solution

    /// Curves at the end of each day (after the day close, as the ABM observes).
    public struct Curves: Sendable {
        /// Names of the curves, in `values` order.
        public static let names = ["active_share", "participation_rate", "engagement_mean", "fatigue_mean", "belonging_mean", "trust_mean"]
        /// values[v][day].
        public var values: [[Double]]
        public init(days: Int) { values = Array(repeating: Array(repeating: 0, count: days), count: Curves.names.count) }
        public subscript(_ name: String) -> [Double] { values[Curves.names.firstIndex(of: name)!] }
    }

    /// State variables per class, in y: E, φ, b, τ, and P (today's participation, reset daily).
    static let stride = 5

    /// Solves the ODE day by day with GSL's rk8pd driver for `days` days.
    public func solve(days: Int, epsabs: Double = 1e-10, epsrel: Double = 1e-10) -> Curves {
        let n = classes.count
        let dim = n * MeanFieldModel.stride
        let rhs = MeanFieldRHS(model: self)
        var y = [Double](repeating: 0, count: dim)
        for (k, c) in classes.enumerated() {
            y[k * 5 + 2] = c.belonging0
            y[k * 5 + 3] = c.trust0
        }
        let sys = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        defer { sys.deallocate() }
        let box = Unmanaged.passRetained(rhs)
        defer { box.release() }
        sys.initialize(to: gsl_odeiv2_system(function: meanFieldFunction, jacobian: nil, dimension: dim, params: box.toOpaque()))
        let driver = gsl_odeiv2_driver_alloc_y_new(sys, linli_odeiv2_rk8pd(), 0.05, epsabs, epsrel)!
        defer { gsl_odeiv2_driver_free(driver) }

        // 30-day register of each class's daily participation shares (ring, newest at `head`).
        var register = [Double](repeating: 0, count: n * 30)
        var head = 0
        var out = Curves(days: days)
        var activeYesterday = 0.0
        let over13 = classes.reduce(0) { $0 + ($1.age == .child ? 0 : $1.weight) }
        for day in 0..<days {
            rhs.setDay(day, activeShare: activeYesterday, y: y)
            var t = Double(day)
            let status = gsl_odeiv2_driver_apply(driver, &t, Double(day + 1), &y)
            precondition(status == GSL_SUCCESS, "gsl_odeiv2_driver_apply failed (\(status)) on day \(day)")
            head = (head + 1) % 30
            var active = 0.0, active13 = 0.0, took13 = 0.0
            var e = 0.0, phi = 0.0, b = 0.0, tau = 0.0
            for (k, c) in classes.enumerated() {
                let pDay = min(1, max(0, y[k * 5 + 4]))
                y[k * 5 + 4] = 0
                register[k * 30 + head] = pDay
                let (activeK, tookK) = MeanFieldModel.windowStatus(register[(k * 30)..<(k * 30 + 30)])
                active += c.weight * activeK
                if c.age != .child { active13 += c.weight * activeK; took13 += c.weight * tookK }
                e += c.weight * y[k * 5]; phi += c.weight * y[k * 5 + 1]
                b += c.weight * y[k * 5 + 2]; tau += c.weight * y[k * 5 + 3]
            }
            gsl_odeiv2_driver_reset(driver)
            activeYesterday = active
            out.values[0][day] = over13 > 0 ? active13 / over13 : .nan
            out.values[1][day] = over13 > 0 ? took13 / over13 : .nan
            out.values[2][day] = e; out.values[3][day] = phi; out.values[4][day] = b; out.values[5][day] = tau
        }
        return out
    }

    /// Active (4+ of the 30 days) and took-part (1+) chances of a resident whose
    /// days are independent with these chances: the Poisson-binomial tail.
    static func windowStatus(_ p: ArraySlice<Double>) -> (active: Double, took: Double) {
        // dist[j] = P(count = j) for j < 4; dist[4] = P(count ≥ 4).
        var d0 = 1.0, d1 = 0.0, d2 = 0.0, d3 = 0.0, d4 = 0.0
        var none = 1.0
        for q in p {
            let r = 1 - q
            d4 = d4 + d3 * q
            d3 = d3 * r + d2 * q
            d2 = d2 * r + d1 * q
            d1 = d1 * r + d0 * q
            d0 = d0 * r
            none *= r
        }
        return (d4, 1 - none)
    }
}

/// The ODE's right-hand side with today's inputs (GSL calls it through
/// `meanFieldFunction`). A class, so GSL's `void *params` can point at it.
final class MeanFieldRHS: @unchecked Sendable {
    let m: MeanFieldModel
    let n: Int
    /// Today's offer chances per class, social pull per class, relaxation targets.
    var eventOffer: [Double], partyOffer: [Double], social: [Double]
    var belongingTarget = 0.0, trustTarget = 0.0
    let kE, kRelax: Double

    init(model: MeanFieldModel) {
        m = model
        n = model.classes.count
        eventOffer = Array(repeating: 0, count: n); partyOffer = eventOffer; social = eventOffer
        kE = log(2) / model.engagementHalfLife
        kRelax = -log(1 - min(model.relaxRate, 0.999999))
    }

    /// Inputs the ABM holds fixed over day `day`: offers, the social pull from
    /// yesterday's active share, and the relaxation targets from the means
    /// observed at the end of yesterday (SlowVariables.swift).
    func setDay(_ day: Int, activeShare a: Double, y: [Double]) {
        var b = 0.0, t = 0.0
        for (k, c) in m.classes.enumerated() {
            eventOffer[k] = m.eventOffer(day, c.age)
            partyOffer[k] = c.party ? m.partyOffer(day, c.age) : 0
            social[k] = min(1, a / c.theta)
            b += c.weight * y[k * 5 + 2]; t += c.weight * y[k * 5 + 3]
        }
        // The mean relaxes to its baseline at δ; residents relax to the drifting mean at r.
        let ratio = m.decayRate / max(m.relaxRate, 1e-6)
        belongingTarget = b + ratio * (m.belongingBase - b)
        trustTarget = t + ratio * (m.trustBase - t)
    }

    @inline(__always) static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    func evaluate(_ y: UnsafePointer<Double>, _ dy: UnsafeMutablePointer<Double>) {
        let gPhi = m.fatigueGain, rPhi = m.fatigueRecovery
        for (k, c) in m.classes.enumerated() {
            let base = k * 5
            let e = y[base], phi = y[base + 1], b = y[base + 2], tau = y[base + 3]
            var q = 0.0
            if eventOffer[k] > 0 || partyOffer[k] > 0 {
                let x = m.beta0 + m.betaMotivation * c.mu + m.betaBelonging * b + m.betaTrust * tau
                    + m.betaSocial * social[k] - m.betaFatigue * phi
                let qe = eventOffer[k] * MeanFieldRHS.logistic(x - m.costEvent)
                let qp = partyOffer[k] * MeanFieldRHS.logistic(x - m.costPartyDay)
                // Events come first; who took part there is not asked again.
                q = qe + (1 - qe) * qp
            }
            // E ← λE + (1 − λ)·took: rate ln 2 / half-life.
            dy[base] = kE * (q - e)
            // φ ← φ + g if took part, else (1 − r)φ: mean daily factor 1 − r(1 − q) and
            // input g·q, as an exponential matched to one day.
            let keep = 1 - rPhi * (1 - q)
            let cPhi = -log(max(keep, 1e-12))
            let lossShare = 1 - keep
            let sPhi = lossShare > 1e-12 ? gPhi * q * cPhi / lossShare : gPhi * q
            dy[base + 1] = sPhi - cPhi * phi
            // b closes γ_b of its gap to 1 on taking part; τ closes γ_τ; both relax at r.
            let gB = -log(max(1 - m.belongingGain * q, 1e-12)), gT = -log(max(1 - m.trustGain * q, 1e-12))
            dy[base + 2] = gB * (1 - b) + kRelax * (belongingTarget - b)
            dy[base + 3] = gT * (1 - tau) + kRelax * (trustTarget - tau)
            dy[base + 4] = q
        }
    }
}

/// GSL's C callback: dy/dt for the mean-field system in `params`.
private let meanFieldFunction: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { _, y, dy, params in
    let rhs = Unmanaged<MeanFieldRHS>.fromOpaque(params!).takeUnretainedValue()
    rhs.evaluate(y!, dy!)
    return Int32(GSL_SUCCESS)
}
