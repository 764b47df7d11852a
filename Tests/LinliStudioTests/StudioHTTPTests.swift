import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Linli
@testable import LinliStudio

/// Every route of `linli serve` through HummingbirdTesting's router client:
/// pages, validation beside the fields, runs with progress and cancel, the
/// levers-off comparison, and every refusal (token, CSRF, paths, sizes, queue).
@Suite struct StudioHTTPTests {
    /// A scenarios folder with two small cases and a slow one, and an empty results folder.
    struct Fixture {
        let root: URL
        var scenarios: URL { root.appendingPathComponent("scenarios") }
        var results: URL { root.appendingPathComponent("results") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("linli-studio-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("results"), withIntermediateDirectories: true)
            try Self.tiny.write(to: scenarios.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
            try Self.slow.write(to: scenarios.appendingPathComponent("slow.yaml"), atomically: true, encoding: .utf8)
            try "name: [broken\n".write(to: scenarios.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        }

        func config(_ change: (inout Studio.Configuration) -> Void = { _ in }) -> Studio.Configuration {
            var c = Studio.Configuration(results: results, scenarios: scenarios, jobs: 1, cores: 2)
            change(&c)
            return Studio.prepared(c)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        static let tiny = """
        name: tiny
        description: Two small compounds, office hours on.
        seed: 7
        replicates: 2
        days: 30
        population:
          communities:
            - {name: east, type: old_compound, households: 150, buildings: 5, street: s1, overrides: {tenant_share: 0.2}}
            - {name: west, type: commercial_estate, households: 120, street: s2}
        levers:
          office_hours: {on: true, start_day: 5, evening_share: 0.5}
        parameters:
          decision.beta0: -3.3
          posts.per_community: 5

        """
        static let slow = """
        name: slow
        seed: 1
        replicates: 3
        days: 36500
        population:
          communities:
            - {name: big, type: old_compound, households: 1500}

        """
    }

    /// A browser's session: its cookie and its pages' CSRF token.
    struct Session { var cookie: String; var csrf: String }

    static func text(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func session(_ client: some TestClientProtocol) async throws -> Session {
        let r = try await client.execute(uri: "/", method: .get)
        #expect(r.status == .ok)
        let setCookie = try #require(r.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        #expect(cookie.hasPrefix("linli_session="))
        let body = text(r)
        let csrf = try #require(body.range(of: "name=\"csrf-token\" content=\"").map { r in String(body[r.upperBound...].prefix(40)) })
        return Session(cookie: cookie, csrf: csrf)
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, _ pairs: [(String, String)], _ s: Session?,
                     csrf: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let s { headers[.cookie] = s.cookie }
        let body = FormData.encode([("csrf", csrf ?? s?.csrf ?? "")] + pairs)
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, _ s: Session?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: s.map { [.cookie: $0.cookie] } ?? [:])
    }

    /// The form the editor posts for `tiny.yaml`, with changes.
    static func tinyForm(_ changes: [(String, String)] = []) -> [(String, String)] {
        [("base", "tiny.yaml"), ("community_count", "2")] + changes
    }

    /// Descriptors this process has open on `dir` (Linux: /proc/self/fd).
    static func openDescriptors(on dir: URL) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        let target = dir.standardizedFileURL.resolvingSymlinksInPath().path
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == target }.count
    }

    static func runID(_ r: TestResponse) throws -> String {
        #expect(r.status == .seeOther)
        let location = try #require(r.headers[.location])
        #expect(location.hasPrefix("/runs/"))
        return String(location.dropFirst("/runs/".count))
    }

    static func app(_ f: Fixture, _ change: (inout Studio.Configuration) -> Void = { _ in }) -> (some ApplicationProtocol, RunQueue) {
        let c = f.config(change)
        let queue = RunQueue(resultsRoot: c.results, slots: c.jobs, limit: c.queueLimit, cores: c.cores)
        return (Application(router: Studio.router(c, queue: queue)), queue)
    }

    // MARK: pages

    @Test func libraryListsEveryCaseAndServesItsAssets() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, _) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let page = Self.text(try await Self.get(client, "/", s))
            #expect(page.contains("data-case=\"tiny.yaml\"") && page.contains("data-case=\"slow.yaml\""))
            #expect(page.contains("broken.yaml") && page.contains("not a valid scenario"))
            #expect(page.contains("office_hours"), "levers on are listed")
            for (path, type) in [("/static/studio.css", "text/css"), ("/static/report.css", "text/css"), ("/static/studio.js", "text/javascript")] {
                let r = try await Self.get(client, path, s)
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix(type) == true && r.body.readableBytes > 500, "\(path)")
            }
            let csp = try await Self.get(client, "/", s).headers[.contentSecurityPolicy] ?? ""
            #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
        }
    }

    @Test func editorShowsEveryLeverWithRegistryLabelsAndTheCasesValues() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, _) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let r = try await Self.get(client, "/cases/tiny.yaml", s)
            #expect(r.status == .ok)
            let page = Self.text(r)
            #expect(page.components(separatedBy: "<fieldset class=\"lever").count - 1 == LeverRegistry.all.count)
            for lever in LeverRegistry.all {
                #expect(page.contains("id=\"f-\(lever.name).on\""), "\(lever.name) switch")
                for p in lever.parameters.dropFirst() {
                    #expect(page.contains("id=\"f-\(p.key)\""), "\(p.key) field")
                }
            }
            let spec = try #require(ParameterRegistry.spec("office_hours.evening_share"))
            #expect(page.contains(HTML.escape(spec.meaning)) && page.contains(HTML.escape(spec.source)))
            #expect(page.contains("id=\"f-office_hours.evening_share\" value=\"0.5\""), "the case's value, not the default")
            #expect(page.contains("id=\"f-office_hours.on\" value=\"true\" checked"))
            #expect(page.contains("id=\"f-posts.per_community\" value=\"5\""), "a lever key set under parameters: shows too")
            #expect(page.contains("id=\"f-c1.households\" value=\"120\""))
            #expect(page.contains("name=\"csrf\" value=\"\(s.csrf)\""))
        }
    }

    // MARK: validation

    @Test func invalidFieldsComeBackWithTheLoadersMessageBesideThem() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, _) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let bad: [(String, String)] = [("days", "0"), ("c0.households", "many"), ("c1.type", "old_compund"),
                                           ("office_hours.evening_share", "2"), ("replicates", "1\nparameters: {decision.beta0: 9}")]
            let r = try await Self.post(client, "/scenario", Self.tinyForm(bad + [("action", "run")]), s)
            #expect(r.status == .unprocessableContent)
            let page = Self.text(r)
            func message(_ field: String) -> String {
                guard let start = page.range(of: "id=\"e-\(field)\" role=\"alert\">") else { return "" }
                return String(page[start.upperBound...].prefix(while: { $0 != "<" }))
            }
            for field in ["days", "c0.households", "c1.type", "office_hours.evening_share", "replicates"] {
                #expect(!message(field).isEmpty, "no message beside \(field)")
            }
            #expect(message("c1.type").contains("old_compound"), "did-you-mean: \(message("c1.type"))")
            #expect(message("seed").isEmpty && message("name").isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.results.path).isEmpty, "nothing ran")

            // The live check says the same as JSON.
            let j = try await Self.post(client, "/api/check", Self.tinyForm([("days", "0")]), s)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: j.body)) as? [String: Any])
            #expect(json["ok"] as? Bool == false)
            #expect((json["fields"] as? [String: [String]])?["days"]?.isEmpty == false)
            // The Check button (no script): the editor again, with what the scenario is.
            let checked = try await Self.post(client, "/scenario", Self.tinyForm([("action", "check")]), s)
            #expect(checked.status == .ok && Self.text(checked).contains("Valid: 2 communities, 2 replicates × 30 days, levers on: office_hours."))
            let ok = try await Self.post(client, "/api/check", Self.tinyForm(), s)
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: ok.body)) as? [String: Any])?["ok"] as? Bool == true)
        }
    }

    /// The YAML the editor downloads is what the loader validated; run again
    /// from that file, it gives the studio run's bytes.
    @Test func downloadedYAMLReproducesTheStudioRun() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, queue) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let changes: [(String, String)] = [("description", "line one\r\nline two"), ("posts.on", "true"), ("posts.start_day", "3"), ("c0.households", "160"),
                                               ("new.name", "north"), ("new.type", "village"), ("new.households", "90")]
            let y = try await Self.post(client, "/scenario", Self.tinyForm(changes + [("action", "yaml")]), s)
            #expect(y.status == .ok && y.headers[.contentDisposition]?.contains("attachment; filename=\"tiny.yaml\"") == true)
            let yaml = Self.text(y)
            let sc = try ScenarioLoader.parse(text: yaml, path: "downloaded.yaml")
            #expect(sc.leversOn == ["posts", "office_hours"] && sc.parameters["posts.start_day"] == 3)
            #expect(sc.description == "line one\nline two", "a textarea's CRLF becomes LF")
            #expect(sc.communities.map(\.name) == ["east", "west", "north"] && sc.communities[0].households == 160)
            #expect(sc.communities[0].overrides["tenant_share"] == 0.2 && sc.communities[0].buildings == 5, "kept from the case")
            #expect(sc.parameters["decision.beta0"] == -3.3 && sc.parameters["posts.per_community"] == 5)

            let id = try Self.runID(try await Self.post(client, "/scenario", Self.tinyForm(changes + [("action", "run")]), s))
            await queue.wait(id)
            #expect(await queue.snapshot(id) == nil, "a finished run is read from disk, not kept in memory")
            let dir = f.results.appendingPathComponent(id)
            #expect(RunHistory.manifest(dir) != nil)
            #expect(try String(contentsOf: dir.appendingPathComponent("scenario.yaml"), encoding: .utf8) == yaml)
            let cli = f.root.appendingPathComponent("cli")
            _ = try RunExecution.execute(sc, to: cli, split: CoreSplit(jobs: 1, threads: 1), version: "test")
            for file in [RunOutput.timeseriesFile, RunOutput.summaryFile, RunOutput.aggregateFile] {
                #expect(try Data(contentsOf: dir.appendingPathComponent(file)) == Data(contentsOf: cli.appendingPathComponent(file)), "\(file)")
            }
        }
    }

    // MARK: runs

    @Test func aRunShowsProgressThenItsReportFilesAndHistory() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, queue) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let id = try Self.runID(try await Self.post(client, "/scenario", Self.tinyForm([("action", "run")]), s))
            #expect(SafePath.isPlainName(id) && id.hasPrefix("tiny-"))
            // The event stream ends with the finished state.
            let events = Self.text(try await Self.get(client, "/runs/\(id)/events", s))
            #expect(events.hasPrefix("event: ") && events.contains("event: end\ndata: {\"state\":\"done\""))
            await queue.wait(id)
            let page = Self.text(try await Self.get(client, "/runs/\(id)", s))
            #expect(page.contains("<meta name=\"linli-report\" content=\"run report\">") && page.contains("<svg class=\"chart\""))
            #expect(page.contains("id=\"studio-bar\"") && page.contains("id=\"levers-off\""))
            let agg = try await Self.get(client, "/runs/\(id)/files/aggregate.csv", s)
            #expect(agg.status == .ok)
            #expect(Data(buffer: agg.body) == (try Data(contentsOf: f.results.appendingPathComponent(id).appendingPathComponent("aggregate.csv"))))
            #expect(try await Self.get(client, "/runs/\(id)/files/other.csv", s).status == .notFound)

            // A CLI run in the same folder is listed too.
            let cliDir = f.results.appendingPathComponent("from-cli")
            let sc = try ScenarioLoader.load(path: f.scenarios.appendingPathComponent("tiny.yaml").path)
            _ = try RunExecution.execute(sc, to: cliDir, split: CoreSplit(jobs: 1, threads: 1), version: "test")
            let runs = Self.text(try await Self.get(client, "/runs", s))
            #expect(runs.contains("href=\"/runs/\(id)\"") && runs.contains("href=\"/runs/from-cli\""))
            #expect(runs.contains("<td>CLI</td>") && runs.contains("<td>studio</td>"))
            #expect(try await Self.get(client, "/compare?run=\(id)", s).status == .badRequest, "one run is not a comparison")
            #expect(try await Self.get(client, "/compare?base=\(id)&run=\(id)", s).status == .badRequest)
            #expect(try await Self.get(client, "/favicon.ico", s).status == .noContent)
            let cmp = try await Self.get(client, "/compare?base=from-cli&run=\(id)", s)
            #expect(cmp.status == .ok && Self.text(cmp).contains("content=\"comparison report\""))
        }
    }

    @Test func leversOffRunsTheCounterfactualAndCompares() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, queue) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let id = try Self.runID(try await Self.post(client, "/scenario", Self.tinyForm([("action", "run")]), s))
            await queue.wait(id)
            let r = try await Self.post(client, "/runs/\(id)/levers-off", [], s)
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/compare?base=tiny-no-levers-") && location.hasSuffix("&run=\(id)"))
            let off = String(location.dropFirst("/compare?base=".count).prefix(while: { $0 != "&" }))
            await queue.wait(off)
            let page = Self.text(try await Self.get(client, location, s))
            #expect(page.contains("content=\"comparison report\"") && page.contains("<svg class=\"chart\""))
            let m = try #require(RunHistory.manifest(f.results.appendingPathComponent(off)))
            let original = try #require(RunHistory.manifest(f.results.appendingPathComponent(id)))
            #expect(m.leversOn.isEmpty && m.scenario == "tiny-no-levers")
            #expect(m.seed == original.seed && m.days == original.days && m.replicates == original.replicates)
            var expected = original.parameters
            for lever in LeverRegistry.all { expected["\(lever.name).on"] = 0 }
            #expect(m.parameters == expected, "only the switches differ")
            #expect(Self.openDescriptors(on: f.results.appendingPathComponent(id)) == 0, "a finished run's directory is released")
            // Its scenario.yaml is the counterfactual itself: run again, the same bytes.
            let offDir = f.results.appendingPathComponent(off)
            let yaml = try String(contentsOf: offDir.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            let again = try ScenarioLoader.parse(text: yaml, path: "off.yaml")
            #expect(again.leversOn.isEmpty && again.name == "tiny-no-levers")
            let cli = f.root.appendingPathComponent("cli-off")
            _ = try RunExecution.execute(again, to: cli, split: CoreSplit(jobs: 2, threads: 1), version: "test")
            for file in [RunOutput.timeseriesFile, RunOutput.aggregateFile] {
                #expect(try Data(contentsOf: offDir.appendingPathComponent(file)) == Data(contentsOf: cli.appendingPathComponent(file)), "\(file)")
            }
        }
    }

    @Test func cancellingLeavesNothingThatLooksComplete() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, queue) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let id = try Self.runID(try await Self.post(client, "/scenario", [("base", "slow.yaml"), ("community_count", "1"), ("action", "run")], s))
            // Wait until it is really running (some progress), then cancel.
            for _ in 0..<400 where (await queue.snapshot(id)?.done ?? 0) == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
            let progress = Self.text(try await Self.get(client, "/runs/\(id)", s))
            #expect(progress.contains("id=\"run-progress\"") && progress.contains("data-state=\"running\"") && progress.contains("id=\"cancel\""))
            let c = try await Self.post(client, "/runs/\(id)/cancel", [], s)
            #expect(c.status == .seeOther)
            await queue.wait(id)
            let snap = try #require(await queue.snapshot(id))
            #expect(snap.state == .cancelled && snap.done < snap.total)
            #expect(!FileManager.default.fileExists(atPath: f.results.appendingPathComponent(id).path), "the directory is gone")
            #expect(try await Self.post(client, "/runs/\(id)/cancel", [], s).status == .conflict, "a finished run cannot be cancelled")
            #expect(Self.text(try await Self.get(client, "/runs/\(id)", s)).contains("data-state=\"cancelled\""))
        }
    }

    @Test func aFloodOfRunsQueuesToItsLimitThenGets429() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, queue) = Self.app(f) { $0.queueLimit = 2 }
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let form: [(String, String)] = [("base", "slow.yaml"), ("community_count", "1"), ("action", "run")]
            var ids: [String] = []
            for _ in 0..<3 { ids.append(try Self.runID(try await Self.post(client, "/scenario", form, s))) }
            let r = try await Self.post(client, "/scenario", form, s)
            #expect(r.status == .tooManyRequests && r.headers[.retryAfter] == "30")
            let (running, waiting) = (await queue.running, await queue.waiting)
            #expect(running == 1 && waiting == 2)
            let runs = Self.text(try await Self.get(client, "/runs", s))
            #expect(ids.allSatisfy { runs.contains("href=\"/runs/\($0)\"") })
            for id in ids.reversed() { await queue.cancel(id) }
            for id in ids { await queue.wait(id) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.results.path).isEmpty)
        }
    }

    // MARK: refusals

    @Test func postsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, _) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let form = Self.tinyForm([("action", "run")])
            #expect(try await Self.post(client, "/scenario", form, nil, csrf: s.csrf).status == .forbidden, "no session cookie")
            #expect(try await Self.post(client, "/scenario", form, s, csrf: (s.csrf.hasPrefix("0") ? "1" : "0") + s.csrf.dropFirst()).status == .forbidden, "wrong token")
            #expect(try await Self.post(client, "/scenario", form, s, csrf: "").status == .forbidden, "empty token")
            let other = try await Self.session(client)
            #expect(try await Self.post(client, "/scenario", form, s, csrf: other.csrf).status == .forbidden, "another session's token")
            for uri in ["/api/check", "/runs/x/cancel", "/runs/x/levers-off"] {
                #expect(try await Self.post(client, uri, form, s, csrf: "nope").status == .forbidden, "\(uri)")
            }
            // The header form (the page's script) works as the field does.
            let h = try await client.execute(uri: "/api/check", method: .post,
                                             headers: [.cookie: s.cookie, HTTPField.Name("X-CSRF-Token")!: s.csrf,
                                                       .contentType: "application/x-www-form-urlencoded"],
                                             body: ByteBuffer(string: FormData.encode(Self.tinyForm())))
            #expect(h.status == .ok)
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.results.path).isEmpty)
        }
    }

    @Test func pathsThatLeaveTheFoldersAreRefused() async throws {
        let f = try Fixture(); defer { f.remove() }
        try "secret".write(to: f.root.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: f.scenarios.appendingPathComponent("link.yaml"),
                                                   withDestinationURL: f.root.appendingPathComponent("secret.yaml"))
        let (app, queue) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let id = try Self.runID(try await Self.post(client, "/scenario", Self.tinyForm([("action", "run")]), s))
            await queue.wait(id)
            for uri in ["/cases/..%2Fsecret.yaml", "/cases/%2E%2E%2Fsecret.yaml", "/cases/%2Fetc%2Fpasswd", "/cases/..%252Fsecret.yaml",
                        "/cases/link.yaml", "/cases/.hidden.yaml", "/runs/..%2Fscenarios", "/runs/%2Ftmp",
                        "/runs/\(id)/files/..%2F..%2Fsecret.yaml", "/runs/\(id)/files/%2Fetc%2Fpasswd",
                        "/runs/..%2F..%2Fetc/files/passwd", "/runs/..%2Fresults/events",
                        "/compare?base=..%2Fscenarios&run=\(id)", "/compare?base=\(id)&run=%2Fetc"] {
                let r = try await Self.get(client, uri, s)
                #expect(r.status == .forbidden, "\(uri) gave \(r.status)")
                #expect(!Self.text(r).contains("secret\n") && !Self.text(r).contains("root:"))
            }
            for base in ["../secret.yaml", "/etc/passwd", "..", "link.yaml", "%2e%2e/secret.yaml"] {
                let r = try await Self.post(client, "/scenario", [("base", base), ("action", "yaml")], s)
                #expect(r.status == .forbidden, "base \(base) gave \(r.status)")
            }
            for uri in ["/runs/..%2Fx/cancel", "/runs/%2Fetc/levers-off"] {
                #expect(try await Self.post(client, uri, [], s).status == .forbidden, "\(uri)")
            }
            #expect(try await Self.get(client, "/cases/missing.yaml", s).status == .notFound)
        }
    }

    @Test func offLoopbackEveryRequestNeedsTheToken() async throws {
        let f = try Fixture(); defer { f.remove() }
        let c = f.config { $0.host = "0.0.0.0" }
        let token = try #require(c.token, "a token is made when none is given")
        #expect(token.count == 32)
        let queue = RunQueue(resultsRoot: c.results, slots: 1, limit: 1, cores: 1)
        let app = Application(router: Studio.router(c, queue: queue))
        try await app.test(.router) { client in
            for uri in ["/", "/cases/tiny.yaml", "/runs", "/static/studio.js"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized, "\(uri)")
            }
            #expect(try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            #expect(try await client.execute(uri: "/?token=wrong", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/scenario", method: .post).status == .unauthorized)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok)
            let viaURL = try await client.execute(uri: "/?token=\(token)", method: .get)
            #expect(viaURL.status == .ok)
            let cookies = viaURL.headers[values: .setCookie]
            let tokenCookie = try #require(cookies.first { $0.hasPrefix("linli_token=") })
            #expect(tokenCookie.contains("HttpOnly") && tokenCookie.contains("SameSite=Strict"))
            let cookie = String(tokenCookie.split(separator: ";")[0])
            #expect(try await client.execute(uri: "/runs", method: .get, headers: [.cookie: cookie]).status == .ok)
        }
        #expect(Studio.prepared(Studio.Configuration(results: f.results, scenarios: f.scenarios)).token == nil, "loopback: no token by default")
        #expect(Studio.url(host: "0.0.0.0", port: 80, token: token) == "http://0.0.0.0:80/?token=\(token)")
    }

    @Test func loopbackAnswersOnlyToItsOwnHostNames() {
        let a = Access(token: nil, loopback: true, port: 8080)
        for ok in ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "LOCALHOST:8080"] { #expect(a.hostAllowed(ok), "\(ok)") }
        for bad in ["evil.example:8080", "127.0.0.1.evil.example", "localhost.evil:8080", "[::2]:8080", ""] { #expect(!a.hostAllowed(bad), "\(bad)") }
        #expect(Access(token: "t", loopback: false, port: 80).hostAllowed("anything.example"), "off loopback the token guards instead")
    }

    @Test func oversizedBodiesScenariosAndRunsAreRefused() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (app, _) = Self.app(f) { $0.maxBodyBytes = 4096; $0.maxScenarioBytes = 1500 }
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            let big = try await Self.post(client, "/scenario", Self.tinyForm([("description", String(repeating: "x", count: 5000))]), s)
            #expect(big.status == .contentTooLarge)
            let long = try await Self.post(client, "/scenario", Self.tinyForm([("description", String(repeating: "y", count: 1500)), ("action", "run")]), s)
            #expect(long.status == .unprocessableContent && Self.text(long).contains("the studio takes at most 1500"))
        }
        let (small, _) = Self.app(f) { $0.maxMemoryBytes = 1_000_000 }
        try await small.test(.router) { client in
            let s = try await Self.session(client)
            let r = try await Self.post(client, "/scenario", Self.tinyForm([("action", "run")]), s)
            #expect(r.status == .unprocessableContent && Self.text(r).contains("memory"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.results.path).isEmpty)
    }

    @Test func namesFromFilesAreEscaped() async throws {
        let f = try Fixture(); defer { f.remove() }
        try Fixture.tiny.replacingOccurrences(of: "name: tiny", with: "name: \"<script>alert(1)</script>\"")
            .write(to: f.scenarios.appendingPathComponent("evil.yaml"), atomically: true, encoding: .utf8)
        let (app, _) = Self.app(f)
        try await app.test(.router) { client in
            let s = try await Self.session(client)
            for uri in ["/", "/cases/evil.yaml"] {
                let page = Self.text(try await Self.get(client, uri, s))
                #expect(!page.contains("<script>alert") && page.contains("&lt;script&gt;alert(1)"), "\(uri)")
            }
        }
    }

    @Test func editorYAMLKeepsTextAsText() throws {
        #expect(Editor.number("12") == "12" && Editor.number("-1.5e3") == "-1.5e3")
        #expect(Editor.number("1\nx: 2") == "\"1\\nx: 2\"" && Editor.number("1e") == "\"1e\"" && Editor.number("") == "\"\"")
        #expect(Editor.value("yes", kind: .boolean) == "\"yes\"" && Editor.value("true", kind: .boolean) == "true")
        #expect(Editor.word("old_compound") == "old_compound" && Editor.word("a: b") == "\"a: b\"")
        #expect(Editor.quoted("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
        #expect(SafePath.isPlainName("tiny-20261128-101500-3f2a") && !SafePath.isPlainName("..") && !SafePath.isPlainName("a/b")
                && !SafePath.isPlainName(".x") && !SafePath.isPlainName("a\u{0}b") && !SafePath.isPlainName(""))
    }
}
