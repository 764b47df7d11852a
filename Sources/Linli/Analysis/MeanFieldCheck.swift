import Foundation

/// The mean-field check (issue 17): the ABM's mean curves over replicates
/// against the mean-field ODE (MeanField.swift) on the same scenario, and
/// which scenarios the ODE covers.
public enum MeanFieldCheck {
    /// What the ODE cannot follow in a scenario (it refuses) and what it leaves out (it says so).
    public struct Coverage: Sendable {
        public var refusals: [String] = []
        public var ignored: [String] = []
        public var covered: Bool { refusals.isEmpty }
    }

    /// The ODE covers one community with no levers, no problems (issue arrivals
    /// 0), no talents and no visits (no community workers); household turnover
    /// and the tie network (unless `ties.well_mixed`) are left out and named.
    public static func coverage(_ sc: Scenario) -> Coverage {
        var c = Coverage()
        let p = sc.parameters
        if sc.communities.count != 1 {
            c.refusals.append("the scenario has \(sc.communities.count) communities; the mean-field ODE covers one")
        }
        if !sc.leversOn.isEmpty {
            c.refusals.append("levers are on (\(sc.leversOn.joined(separator: ", "))); the ODE covers the core without levers (try --no-levers)")
        }
        for spec in sc.communities {
            let key = "community.\(spec.type.rawValue)"
            if spec.field("issue_rate_factor", p) > 0 {
                c.refusals.append("\(spec.name): issue_rate_factor is \(formatNumber(spec.field("issue_rate_factor", p))); the ODE has no problems submodel (set \(key).issue_rate_factor or the override to 0)")
            }
            if spec.field("talent_share", p) > 0 {
                c.refusals.append("\(spec.name): talent_share is \(formatNumber(spec.field("talent_share", p))); the ODE has no talents or groups (set it to 0)")
            }
            if spec.field("staff_per_1000", p) > 0 {
                c.refusals.append("\(spec.name): staff_per_1000 is \(formatNumber(spec.field("staff_per_1000", p))); the ODE has no household visits (set it to 0: events are still held)")
            }
        }
        if p["talents.engaged0"] > 0 {
            c.refusals.append("talents.engaged0 is \(formatNumber(p["talents.engaged0"])); the ODE has no talents or groups")
        }
        if c.covered {
            let spec = sc.communities[0]
            let renter = min(1, spec.field("tenant_share", p) + spec.field("sublandlord_share", p))
            let hazard = renter / p["slow.tenant_stay_days"] + (1 - renter) / p["slow.owner_stay_days"]
            let moved = 1 - exp(-hazard * Double(sc.days))
            c.ignored.append(String(format: "household turnover: about %.2g%% of residents are replaced by newcomers over %d days in the ABM, none in the ODE", 100 * moved, sc.days))
            if !p.bool("ties.well_mixed") {
                c.ignored.append("the tie network: ties.well_mixed is off, so the ABM's social pull reads each resident's few ties while the ODE uses its mean over uniform ties (the community's active share); set ties.well_mixed=true for the check proper")
            }
        }
        return c
    }

    /// The ABM's curves (MeanFieldModel.Curves.names) of each replicate, run on
    /// `jobs` threads; each replicate draws only from its own streams, so the
    /// result does not depend on `jobs`.
    public static func abmCurves(_ sc: Scenario, jobs: Int) -> [MeanFieldModel.Curves] {
        parallelMap(count: sc.replicates, jobs: jobs) { curves(sc, replicate: $0) }
    }

    /// One replicate: the world stepped and observed as `Simulation.run` does,
    /// and the means read off the residents after each day.
    static func curves(_ sc: Scenario, replicate r: Int) -> MeanFieldModel.Curves {
        var w = World(scenario: sc, replicate: r)
        var series = ReplicateSeries(replicate: r, days: sc.days, rowNames: sc.communities.map(\.name) + ["all"],
                                     columns: Observation.columns)
        var out = MeanFieldModel.Curves(days: sc.days)
        let res = 0..<w.residents.count
        for day in 0..<sc.days {
            w.step(day: day)
            w.observe(day: day, into: &series)
            var n13 = 0.0, active = 0.0, took = 0.0, e = 0.0, phi = 0.0, b = 0.0, tau = 0.0
            let rs = w.residents
            for i in res {
                if rs.isAdultOrTeen(i) {
                    n13 += 1
                    if rs.isActive(i) { active += 1 }
                    if rs.tookPartLast30(i) { took += 1 }
                }
                e += Double(rs.engagement[i]); phi += Double(rs.fatigue[i])
                b += Double(rs.belonging[i]); tau += Double(rs.trust[i])
            }
            let n = Double(max(1, res.count))
            out.values[0][day] = n13 > 0 ? active / n13 : .nan
            out.values[1][day] = n13 > 0 ? took / n13 : .nan
            out.values[2][day] = e / n; out.values[3][day] = phi / n
            out.values[4][day] = b / n; out.values[5][day] = tau / n
        }
        return out
    }

    /// ODE and ABM curves side by side, with the gaps.
    public struct Comparison: Sendable {
        public let days: Int
        public let replicates: Int
        public let residents: Int
        public let ode: MeanFieldModel.Curves
        /// abm[v][day]: the ABM's curve v across replicates on that day.
        public let abm: [[Summary]]

        public init(ode: MeanFieldModel.Curves, runs: [MeanFieldModel.Curves], residents: Int) {
            self.ode = ode
            days = ode.values[0].count
            replicates = runs.count
            self.residents = residents
            abm = MeanFieldModel.Curves.names.indices.map { v in
                (0..<ode.values[0].count).map { d in Summary(runs.map { $0.values[v][d] }) }
            }
        }

        /// Largest |ABM mean − ODE| over days of curve `v`, and its day.
        public func largestGap(_ v: Int) -> (gap: Double, day: Int) {
            var best = (0.0, 0)
            for d in 0..<days {
                let g = abs(abm[v][d].mean - ode.values[v][d])
                if g > best.0 { best = (g, d) }
            }
            return best
        }

        /// Largest distance from the ODE to the ABM mean's 95% CI (0 where the CI covers it).
        public func largestGapBeyondCI(_ v: Int) -> Double {
            var best = 0.0
            for d in 0..<days {
                let s = abm[v][d], o = ode.values[v][d]
                let g = o < s.ciLow ? s.ciLow - o : (o > s.ciHigh ? o - s.ciHigh : 0)
                best = max(best, g.isNaN ? 0 : g)
            }
            return best
        }
    }

    /// Runs both and compares them.
    public static func compare(_ sc: Scenario, jobs: Int, nodes: MeanFieldModel.Nodes = .init()) -> Comparison {
        let ode = MeanFieldModel(scenario: sc, nodes: nodes).solve(days: sc.days)
        let runs = abmCurves(sc, jobs: jobs)
        let residents = World(scenario: sc, replicate: 0).residents.count
        return Comparison(ode: ode, runs: runs, residents: residents)
    }

    /// The full curves as CSV: day, then per curve the ODE and the ABM's mean and 95% CI.
    public static func csv(_ c: Comparison) -> String {
        var header = ["day"]
        for name in MeanFieldModel.Curves.names {
            header += ["ode_\(name)", "abm_\(name)_mean", "abm_\(name)_ci95_low", "abm_\(name)_ci95_high"]
        }
        var lines = [header.joined(separator: ",")]
        for d in 0..<c.days {
            var row = [String(d)]
            for v in MeanFieldModel.Curves.names.indices {
                let s = c.abm[v][d]
                row += [formatCell(c.ode.values[v][d]), formatCell(s.mean), formatCell(s.ciLow), formatCell(s.ciHigh)]
            }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
