/// The page for one run directory: what was run (scenario, levers, manifest),
/// the main observations over time with 95% bands, participation by age
/// group and by tenure, a small-multiples panel per community, and
/// aggregate.csv in full.
enum RunPage {
    static func build(_ run: RunData, columns: [String], title: String?) -> HTMLPage {
        let m = run.manifest
        var page = HTMLPage(title: title ?? "Linli run: \(m.scenario)", kind: "run report")
        page.header(title ?? m.scenario, lead: m.scenarioDescription)

        page.section("Run")
        page.definitions(manifestFacts(m))
        page.endSection()

        page.section("Main observations over time",
                     intro: "Community “all” (every community together). Lines are means across the \(m.replicates) replicates; the shaded band is the 95% confidence interval of the mean (t-based, as in aggregate.csv).")
        var charts: [(Chart, String?)] = []
        for c in columns {
            guard let chart = RunCharts.overTime(c, runs: [run]) else { continue }
            charts.append((chart, lastDayCaption(run, c)))
        }
        page.grid(charts)
        page.endSection()

        familySection(run, ObservationCatalog.ageFamily(run.columns), heading: "Participation by age group", group: "age group",
                      intro: "Share of each age group (aged 13 and over) who took part on any of the last 30 days; bars are the last day, whiskers its 95% CI.",
                      into: &page)
        familySection(run, ObservationCatalog.tenureFamily(run.columns), heading: "Participation by tenure", group: "tenure",
                      intro: "Owners, tenants and sub-landlords aged 13 and over; bars are the last day, whiskers its 95% CI.",
                      into: &page)

        page.section("Levers", intro: run.levers.isEmpty ? nil : "Each lever switched on, and every one of its settings as the run resolved them (scenario, then --set).")
        leverTable(run, into: &page)
        page.endSection()

        let (communityRows, groupRows) = LargeRun.split(run.communities)
        if run.communities.count <= LargeRun.panelLimit {
            communityPanels([run], columns: columns, communities: run.communities, into: &page)
            aggregateSection(run, rows: nil, into: &page)
        } else {
            LargeRun.groupPanels(run, columns: columns, groups: groupRows, into: &page)
            if communityRows.isEmpty {
                LargeRun.groupDistributions(run, columns: columns, groups: groupRows, into: &page)
            } else {
                LargeRun.distributions(run, columns: columns, communities: communityRows, into: &page)
            }
            aggregateSection(run, rows: ["all"] + (groupRows.count <= LargeRun.panelLimit ? groupRows : []), into: &page)
        }
        return page
    }

    /// aggregate.csv in full, or (a large run) only `rows`, with a link to the file.
    static func aggregateSection(_ run: RunData, rows: [String]?, into page: inout HTMLPage) {
        let m = run.manifest
        let link = run.directory.appendingPathComponent(RunOutput.aggregateFile).absoluteString
        var intro = "aggregate.csv as written by linli run: each metric across replicates (\(m.replicates)), per community and for “all”; metric names ending in _final are the last day, in _mean the mean over days."
        var shown = run.aggregate.rows
        if let rows {
            let keep = Set(rows)
            shown = shown.filter { keep.contains($0[0]) }
            intro += " Too many rows for a page: shown here for \(rows.count == 1 ? "“all”" : "“all”, the streets and the districts"); every row is in the file."
        }
        page.section("Aggregate statistics", intro: intro)
        if rows != nil { page.raw("<p><a href=\"\(HTML.escape(link))\">aggregate.csv</a> (\(run.aggregate.rows.count) rows)</p>\n") }
        page.table(run.aggregate.header, shown.map { $0.map(Cell.csv) }, caption: "aggregate.csv")
        page.endSection()
    }

    /// A participation family (by age group, by tenure) over time and on the last day; nothing when the run lacks it.
    static func familySection(_ run: RunData, _ columns: [String], heading: String, group: String, intro: String,
                              into page: inout HTMLPage) {
        guard !columns.isEmpty else { return }
        page.section(heading, intro: intro)
        var pair: [(Chart, String?)] = []
        if let c = RunCharts.family(columns, run: run, title: "participation by \(group)") { pair.append((c, nil)) }
        if let c = RunCharts.familyBars(columns, runs: [run], title: "by \(group), last day") { pair.append((c, nil)) }
        page.grid(pair)
        page.endSection()
    }

    /// The manifest as label/value pairs.
    static func manifestFacts(_ m: Manifest) -> [(String, String)] {
        var f: [(String, String)] = [
            ("scenario", m.scenario), ("seed", String(m.seed)), ("replicates", String(m.replicates)), ("days", String(m.days)),
            ("communities", m.communities.count <= LargeRun.panelLimit ? m.communities.joined(separator: ", ")
                : "\(m.communities.count): " + m.communities.prefix(8).joined(separator: ", ") + ", …"),
            ("scenario file", m.scenarioPath),
            ("Linli version", m.linliVersion), ("started", m.startTime),
            ("wall time", formatCell(m.wallSeconds) + " s on \(m.jobs) \(m.jobs == 1 ? "job" : "jobs")"),
        ]
        if let speed = m.residentDaysPerSecond { f.append(("speed", formatCell(speed / 1e6) + " M resident-days/s")) }
        f += [("scenario sha256", m.scenarioSHA256), ("git commit", m.gitCommit ?? "unknown"),
              ("levers on", m.leversOn.isEmpty ? "none" : m.leversOn.joined(separator: ", "))]
        return f
    }

    static func leverTable(_ run: RunData, into page: inout HTMLPage) {
        let levers = run.levers
        guard !levers.isEmpty else { page.paragraph("No levers switched on: baseline conditions."); return }
        var rows: [[Cell]] = []
        for lever in levers {
            let settings = lever.fields.map { f in
                "\(f.key) = \(formatCell(f.value))\(f.unit.isEmpty || f.unit == "bool" ? "" : " \(f.unit)")\(f.changed ? " *" : "")"
            }.joined(separator: "; ")
            rows.append([Cell(lever.name), Cell(lever.summary), Cell(settings)])
        }
        page.table(["lever", "what it does", "settings (* = changed from default)"], rows)
    }

    /// "last day: mean 0.0656 [0.0619, 0.0693] (aggregate.csv)" from the CSV text.
    static func lastDayCaption(_ run: RunData, _ column: String, community: String = "all") -> String? {
        guard let r = run.aggregateRow(column + "_final", community: community) else { return nil }
        return "Last day: mean \(r[3]), 95% CI [\(r[5]), \(r[6])], n = \(r[2])."
    }

    /// For each community, the chosen observations as small multiples (one line per run).
    static func communityPanels(_ runs: [RunData], columns: [String], communities: [String], into page: inout HTMLPage) {
        guard !communities.isEmpty else { return }
        page.section("Communities",
                     intro: "Each community on its own, one small chart per observation; within an observation the y axes are shared across communities so panels compare at a glance.")
        var domains: [String: (Double, Double)] = [:]
        for c in columns { domains[c] = RunCharts.sharedDomain(c, runs: runs, rows: communities) }
        for community in communities {
            page.subheading(community)
            var charts: [(Chart, String?)] = []
            for c in columns {
                guard let chart = RunCharts.overTime(c, runs: runs, row: community, small: true, yDomain: domains[c]) else { continue }
                charts.append((chart, nil))
            }
            page.grid(charts, className: "multiples")
            if runs.count > 1 {
                page.raw("<ul class=\"legend\">" + runs.enumerated().map { i, r in
                    LegendItem(label: r.label, colour: Palette.colour(i), mark: .line(dash: Palette.dash(i))).html
                }.joined() + "</ul>\n")
            }
        }
        page.endSection()
    }
}
