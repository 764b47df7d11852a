import Foundation
@testable import Linli

/// Output directories for the report tests: small real runs (two
/// communities, simulated in-process) and a hand-written sweep directory in
/// the formats of issue 5. Built once per test process and shared.
enum ReportFixtures {
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("linli-report-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A two-community scenario, short and small so the suite stays fast.
    static func scenario(_ name: String, description: String = "", _ sets: [String: Double] = [:]) -> Scenario {
        var p = Parameters()
        for (k, v) in sets { p[k] = v }
        return Scenario(name: name, description: description, seed: 11, replicates: 4, days: 120,
                        communities: [CommunitySpec(name: "east-lane", type: .oldCompound, households: 250),
                                      CommunitySpec(name: "west-court", type: .commercialEstate, households: 200)],
                        parameters: p, sourcePath: "scenarios/\(name).yaml", sourceText: "name: \(name)\n")
    }

    /// Runs `scenario` and writes its four files into root/dir.
    static func write(_ scenario: Scenario, to dir: String) -> URL {
        let url = root.appendingPathComponent(dir)
        let series = Runner.run(scenario, jobs: 2)
        let info = RunInfo(scenario: scenario, jobs: 2, start: Date(timeIntervalSince1970: 1_700_000_000),
                           end: Date(timeIntervalSince1970: 1_700_000_002), version: LinliVersion.current,
                           residentDays: RunInfo.residentDays(of: series), gitCommit: nil)
        try! RunOutput.write(series: series, info: info, to: url)
        return url
    }

    /// Baseline and a levers run (office hours and paid participation from day 20, so it costs money).
    static let runs: (baseline: URL, levers: URL) = (
        write(scenario("fixture-baseline", description: "Two small compounds, no levers."), to: "baseline"),
        write(scenario("fixture-levers", description: "Evening office hours and paid participation from day 20.",
                       ["office_hours.on": 1, "office_hours.start_day": 20, "office_hours.evening_share": 0.6,
                        "paid_participation.on": 1, "paid_participation.start_day": 20]), to: "levers")
    )

    static let factors = ["posts.per_community", "office_hours.evening_share", "red_list.on"]
    static let sweepMetrics = ["participation_rate_final", "active_share_final"]

    /// A Latin-hypercube-like sweep: 20 points × 2 replicates, one integer,
    /// one continuous (20 distinct values, so binned) and one boolean factor;
    /// Sobol sensitivity with CIs; points.csv in wide format.
    static let sweep: URL = makeSweep(name: "sweep", morris: false)

    static func makeSweep(name: String, morris: Bool) -> URL {
        let url = root.appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var runs = "run_id,point,replicate,seed," + factors.joined(separator: ",") + "," + sweepMetrics.joined(separator: ",") + "\n"
        var points = "point," + factors.joined(separator: ",") + ",replicates," + sweepMetrics.flatMap { ["\($0)_mean", "\($0)_sd", "\($0)_ci95_low", "\($0)_ci95_high"] }.joined(separator: ",") + "\n"
        var id = 0
        for p in 0..<20 {
            let posts = p % 5, share = (Double(p) + 0.5) / 20, red = p % 2 == 0 ? "1" : "0"
            var values: [[Double]] = [[], []]
            for r in 0..<2 {
                let noise = Double((p * 7 + r * 3) % 5) * 0.001
                let rate = 0.05 + 0.01 * Double(posts) + 0.02 * share + (red == "1" ? 0.005 : 0) + noise
                let active = 0.001 + 0.0004 * Double(posts) + noise / 10
                values[0].append(rate); values[1].append(active)
                runs += "\(id),\(p),\(r),\(1000 + id),\(posts),\(formatCell(share)),\(red),\(formatCell(rate)),\(formatCell(active))\n"
                id += 1
            }
            points += "\(p),\(posts),\(formatCell(share)),\(red),2"
            for v in values { let s = Summary(v); points += ",\(formatCell(s.mean)),\(formatCell(s.sd)),\(formatCell(s.ciLow)),\(formatCell(s.ciHigh))" }
            points += "\n"
        }
        var sens: String
        if morris {
            sens = "metric,factor,mu_star,mu_star_ci_low,mu_star_ci_high,mu,sigma\n"
            for m in sweepMetrics { for (k, f) in factors.enumerated() { sens += "\(m),\(f),\(0.03 / Double(k + 1)),\(0.02 / Double(k + 1)),\(0.04 / Double(k + 1)),\(0.025 / Double(k + 1)),\(0.01 / Double(k + 1))\n" } }
        } else {
            sens = "metric,factor,S1,S1_ci_low,S1_ci_high,ST,ST_ci_low,ST_ci_high\n"
            for m in sweepMetrics { for (k, f) in factors.enumerated() { let s1 = [0.61, 0.22, 0.05][k]; sens += "\(m),\(f),\(s1),\(s1 - 0.07),\(s1 + 0.06),\(s1 + 0.04),\(s1 - 0.01),\(s1 + 0.1)\n" } }
        }
        let manifest = """
        {
          "complete" : true,
          "description" : "the base scenario's description, not the sweep's",
          "design" : "\(morris ? "morris" : "latin_hypercube")",
          "factors" : [
            { "key" : "posts.per_community", "scale" : "integer", "range" : [0, 4] },
            { "key" : "office_hours.evening_share", "scale" : "linear", "range" : [0, 1] },
            { "key" : "red_list.on", "scale" : "boolean" }
          ],
          "linli_version" : "\(LinliVersion.current)",
          "metrics" : ["participation_rate_final", "active_share_final"],
          "parameters" : { "decision.beta0" : -3.4 },
          "points" : 20,
          "runs" : \(id),
          "runs_done" : \(id),
          "seed" : 5,
          "sweep" : "fixture <sweep> & co",
          "sweep_sha256" : "\(SHA256.hex("sweep"))"
        }

        """
        try! runs.write(to: url.appendingPathComponent("runs.csv"), atomically: true, encoding: .utf8)
        try! points.write(to: url.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
        try! sens.write(to: url.appendingPathComponent("sensitivity.csv"), atomically: true, encoding: .utf8)
        try! manifest.write(to: url.appendingPathComponent("sweep-manifest.json"), atomically: true, encoding: .utf8)
        return url
    }
}

/// Reading pages back: the cells of a table by caption, unescaped.
enum PageText {
    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Rows (header first) of the first table whose caption is `caption`, or of the first table after `after`.
    static func table(_ html: String, caption: String) -> [[String]]? {
        guard let c = html.range(of: "<caption>\(caption)</caption>") else { return nil }
        let rest = html[c.upperBound...]
        guard let end = rest.range(of: "</table>") else { return nil }
        let body = rest[..<end.lowerBound]
        let cell = try! NSRegularExpression(pattern: "<t[hd][^>]*>(.*?)</t[hd]>", options: [.dotMatchesLineSeparators])
        var rows: [[String]] = []
        for tr in body.components(separatedBy: "<tr>").dropFirst() {
            let ns = tr as NSString
            rows.append(cell.matches(in: tr, range: NSRange(location: 0, length: ns.length)).map { unescape(ns.substring(with: $0.range(at: 1))) })
        }
        return rows
    }

    /// Number of `<svg class="chart"` in a document.
    static func chartCount(_ html: String) -> Int { html.components(separatedBy: "<svg class=\"chart\"").count - 1 }
}
