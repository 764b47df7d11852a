import Foundation
import HTTPTypes
import Hummingbird
import Linli

/// Every route of the studio. Read-only pages are GETs that work without
/// JavaScript; every change (run, cancel, levers off) is a POST with the
/// session's CSRF token.
struct Routes: Sendable {
    let config: Studio.Configuration
    let queue: RunQueue

    /// Files of a run the page may link to.
    static let runFiles = [RunOutput.timeseriesFile, RunOutput.summaryFile, RunOutput.aggregateFile, RunOutput.manifestFile, RunHistory.scenarioFile]

    func register(on router: Router<StudioContext>) {
        router.get("/") { _, ctx in self.library(ctx) }
        router.get("/cases/:file") { _, ctx in try self.openCase(ctx) }
        router.post("/scenario") { req, ctx in try await self.submit(req, ctx) }
        router.post("/api/check") { req, ctx in try await self.check(req, ctx) }
        router.get("/runs") { _, ctx in await self.runs(ctx) }
        router.get("/runs/:id") { _, ctx in try await self.run(ctx) }
        router.get("/runs/:id/events") { _, ctx in try await self.events(ctx) }
        router.get("/runs/:id/files/:name") { _, ctx in try self.file(ctx) }
        router.post("/runs/:id/cancel") { req, ctx in try await self.cancel(req, ctx) }
        router.post("/runs/:id/levers-off") { req, ctx in try await self.leversOff(req, ctx) }
        router.get("/compare") { req, ctx in try await self.compare(req, ctx) }
        router.get("/static/studio.css") { _, _ in Assets.response(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/static/report.css") { _, _ in Assets.response(Stylesheet.css, type: "text/css; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/static/studio.js") { _, _ in Assets.response(Assets.js, type: "text/javascript; charset=utf-8") }
    }

    // MARK: helpers

    struct Refusal: Error { let response: Response }

    /// A path parameter, percent-decoded, that must be a plain name inside `root`.
    func name(_ ctx: StudioContext, _ key: String, in root: URL) throws -> (String, URL) {
        let raw = ctx.parameters.get(key) ?? ""
        let decoded = raw.removingPercentEncoding ?? raw
        do {
            return (decoded, try SafePath.resolve(decoded, in: root))
        } catch {
            throw Refusal(response: Page.error(.forbidden, "\(error)", csrf: ctx.csrf))
        }
    }

    /// The body of a form POST, size-limited, with its CSRF token checked.
    func form(_ request: Request, _ ctx: StudioContext) async throws -> FormData {
        var req = request
        let body: ByteBuffer
        do {
            body = try await req.collectBody(upTo: config.maxBodyBytes)
        } catch {
            throw Refusal(response: Page.plain(.contentTooLarge, "413: the request is larger than \(config.maxBodyBytes) bytes"))
        }
        let form = FormData(String(buffer: body))
        let presented = request.headers[HTTPField.Name("X-CSRF-Token")!] ?? form["csrf"] ?? ""
        guard !ctx.newSession, Access.constantTimeEqual(presented, ctx.csrf) else {
            throw Refusal(response: Page.plain(.forbidden, "403: this request lacks the page's CSRF token; reload the page and try again"))
        }
        return form
    }

    func refusing(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch let r as Refusal { return r.response }
    }

    // MARK: cases

    func cases() -> [Views.Case] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: config.scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && SafePath.isPlainName($0) }.sorted().compactMap { file in
            let path = config.scenarios.appendingPathComponent(file).path
            do {
                return Views.Case(file: file, scenario: try ScenarioLoader.load(path: path))
            } catch {
                return Views.Case(file: file, problem: "not a valid scenario")
            }
        }
    }

    func library(_ ctx: StudioContext) -> Response {
        Page.response(Views.library(cases(), csrf: ctx.csrf))
    }

    func loadCase(_ file: String, _ ctx: StudioContext) throws -> Editor {
        let url: URL
        do { url = try SafePath.resolve(file, in: config.scenarios) } catch {
            throw Refusal(response: Page.error(.forbidden, "\(error)", csrf: ctx.csrf))
        }
        guard file.hasSuffix(".yaml"), FileManager.default.fileExists(atPath: url.path) else {
            throw Refusal(response: Page.error(.notFound, "no case \(file) in the scenarios folder", csrf: ctx.csrf))
        }
        do {
            return Editor(scenario: try ScenarioLoader.load(path: url.path), base: file)
        } catch {
            throw Refusal(response: Page.error(.unprocessableContent, "\(file) is not a valid scenario:\n\(error)", csrf: ctx.csrf))
        }
    }

    func openCase(_ ctx: StudioContext) throws -> Response {
        do {
            let (file, _) = try name(ctx, "file", in: config.scenarios)
            return Page.response(Views.editor(try loadCase(file, ctx), csrf: ctx.csrf))
        } catch let r as Refusal { return r.response }
    }

    /// The editor's state from a posted form: its case, then the fields.
    func editor(from form: FormData, _ ctx: StudioContext) throws -> Editor {
        var ed = try loadCase(form["base"] ?? "", ctx)
        ed.apply(form)
        return ed
    }

    /// Validation through the scenario loader, plus the studio's own limits.
    func validated(_ ed: Editor) -> Result<(Scenario, String), Editor.ProblemsError> {
        switch ed.validate(path: "\(ed.base) (studio)") {
        case .failure(let p): return .failure(p)
        case .success(let (sc, text)):
            if text.utf8.count > config.maxScenarioBytes {
                return .failure(.init(problems: .init(general: ["the scenario is \(text.utf8.count) bytes; the studio takes at most \(config.maxScenarioBytes) (use linli run for larger ones)"])))
            }
            let split = RunQueue.split(sc, cores: max(1, config.cores / config.jobs))
            if let limit = config.maxMemoryBytes ?? MemoryEstimate.available(),
               let why = MemoryEstimate.forRun(sc, jobs: split.jobs).refusal(limit: limit) {
                return .failure(.init(problems: .init(general: [why])))
            }
            return .success((sc, text))
        }
    }

    func submit(_ request: Request, _ ctx: StudioContext) async throws -> Response {
        try await refusing {
            let form = try await self.form(request, ctx)
            let ed = try editor(from: form, ctx)
            let action = form["action"] ?? "check"
            switch validated(ed) {
            case .failure(let p):
                return Page.response(Views.editor(ed, csrf: ctx.csrf, problems: p.problems), status: .unprocessableContent)
            case .success(let (sc, text)):
                switch action {
                case "yaml":
                    let file = (SafePath.isPlainName(sc.name) ? sc.name : "scenario") + ".yaml"
                    return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8",
                                                           .contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store"],
                                    body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
                case "run":
                    return try await start(sc, yaml: text, ctx, then: nil)
                default:
                    let levers = sc.leversOn
                    let note = "Valid: \(sc.communities.count) communities, \(sc.precision == nil ? String(sc.replicates) : "auto") replicates × \(sc.days) days, levers on: \(levers.isEmpty ? "none" : levers.joined(separator: ", "))."
                    return Page.response(Views.editor(ed, csrf: ctx.csrf, notice: note))
                }
            }
        }
    }

    /// Queues a run and sends the browser to its page (or `then`).
    func start(_ sc: Scenario, yaml: String, _ ctx: StudioContext, then: ((String) -> String)?) async throws -> Response {
        do {
            let id = try await queue.submit(sc, yaml: yaml)
            return Response.redirect(to: then?(id) ?? "/runs/\(id)", type: .normal)
        } catch is RunQueue.Full {
            return Page.plain(.tooManyRequests, "429: \(config.queueLimit) runs are already waiting; try again when one has finished",
                              headers: [.retryAfter: "30"])
        } catch {
            return Page.error(.internalServerError, "could not start the run: \(error)", csrf: ctx.csrf)
        }
    }

    /// The editor's live check (JSON): problems by field.
    func check(_ request: Request, _ ctx: StudioContext) async throws -> Response {
        try await refusing {
            let form = try await self.form(request, ctx)
            let ed = try editor(from: form, ctx)
            var problems = Editor.Problems()
            if case .failure(let p) = validated(ed) { problems = p.problems }
            let json: [String: Any] = ["ok": problems.isEmpty, "general": problems.general, "fields": problems.byField]
            let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    // MARK: runs

    func runs(_ ctx: StudioContext) async -> Response {
        Page.response(Views.runs(active: await queue.all(), finished: RunHistory.list(config.results), csrf: ctx.csrf))
    }

    func run(_ ctx: StudioContext) async throws -> Response {
        try await refusing {
            let (id, dir) = try name(ctx, "id", in: config.results)
            if let s = await queue.snapshot(id), s.state != .done {
                return Page.response(Views.progress(s, csrf: ctx.csrf))
            }
            guard RunHistory.manifest(dir) != nil else {
                return Page.error(.notFound, "no finished run \(id) in the results folder", csrf: ctx.csrf)
            }
            let page: Report.Page
            do { page = try Report.build([dir]) } catch {
                return Page.error(.unprocessableContent, "cannot read run \(id): \(error)", csrf: ctx.csrf)
            }
            let hasScenario = RunHistory.scenarioText(of: dir, scenariosRoot: config.scenarios) != nil
            let bar = Views.runBar(id: id, hasScenario: hasScenario, others: RunHistory.list(config.results), csrf: ctx.csrf)
            return Page.response(Page.report(page.html, bar: bar))
        }
    }

    /// Server-sent events: `progress` about four times a second, then `end`.
    func events(_ ctx: StudioContext) async throws -> Response {
        try await refusing {
            let (id, dir) = try name(ctx, "id", in: config.results)
            let queue = self.queue
            guard await queue.snapshot(id) != nil || RunHistory.manifest(dir) != nil else {
                return Page.plain(.notFound, "no run \(id)")
            }
            let body = ResponseBody { writer in
                while true {
                    guard let s = await queue.snapshot(id) else {
                        // Finished (and forgotten: its files are on disk).
                        try await writer.write(ByteBuffer(string: "event: end\ndata: {\"state\":\"done\",\"done\":0,\"total\":0,\"eta\":0,\"eta_text\":\"0:00\",\"message\":\"\"}\n\n"))
                        break
                    }
                    let eta = s.eta.map { String(format: "%.1f", $0) } ?? "null"
                    let message = Editor.quoted(s.message ?? "")
                    let data = "{\"state\":\"\(s.state.rawValue)\",\"done\":\(s.done),\"total\":\(s.total),\"eta\":\(eta),\"eta_text\":\"\(Page.duration(s.eta))\",\"message\":\(message)}"
                    let ended = s.state != .queued && s.state != .running
                    try await writer.write(ByteBuffer(string: "event: \(ended ? "end" : "progress")\ndata: \(data)\n\n"))
                    if ended { break }
                    try await Task.sleep(nanoseconds: 250_000_000)
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }

    func file(_ ctx: StudioContext) throws -> Response {
        do {
            let (_, dir) = try name(ctx, "id", in: config.results)
            let (file, url) = try name(ctx, "name", in: dir)
            guard Self.runFiles.contains(file), RunHistory.manifest(dir) != nil,
                  let data = FileManager.default.contents(atPath: url.path) else {
                return Page.error(.notFound, "no file \(file) in that run", csrf: ctx.csrf)
            }
            let type = file.hasSuffix(".csv") ? "text/csv; charset=utf-8" : file.hasSuffix(".json") ? "application/json" : "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(file)\""],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        } catch let r as Refusal { return r.response }
    }

    func cancel(_ request: Request, _ ctx: StudioContext) async throws -> Response {
        try await refusing {
            _ = try await self.form(request, ctx)
            let (id, _) = try name(ctx, "id", in: config.results)
            guard await queue.cancel(id) else {
                return Page.error(.conflict, "run \(id) is not queued or running", csrf: ctx.csrf)
            }
            return Response.redirect(to: "/runs/\(id)", type: .normal)
        }
    }

    /// Runs the same scenario with every lever off (`linli run --no-levers`)
    /// and opens the comparison, which waits for it.
    func leversOff(_ request: Request, _ ctx: StudioContext) async throws -> Response {
        try await refusing {
            _ = try await self.form(request, ctx)
            let (id, dir) = try name(ctx, "id", in: config.results)
            guard let sc = RunHistory.scenario(of: dir, scenariosRoot: config.scenarios) else {
                return Page.error(.conflict, "the scenario of run \(id) is not available (a CLI run whose file changed or lies outside the scenarios folder)", csrf: ctx.csrf)
            }
            // The counterfactual written out in full (every lever off, as
            // `--no-levers` makes it), so its scenario.yaml reproduces it too;
            // the run is of that file, checked to be the same scenario.
            let wanted = sc.withoutLevers()
            let yaml = Editor(scenario: wanted, base: "", origin: "run \(id) with every lever off (linli run --no-levers)").yaml().text
            guard let off = try? ScenarioLoader.parse(text: yaml, path: "\(id)-no-levers.yaml"),
                  off.parameters == wanted.parameters, off.communities == wanted.communities, off.seed == wanted.seed,
                  off.days == wanted.days, off.replicates == wanted.replicates, off.name == wanted.name else {
                return Page.error(.internalServerError, "the counterfactual of run \(id) could not be written as a scenario file", csrf: ctx.csrf)
            }
            return try await start(off, yaml: yaml, ctx, then: { new in "/compare?base=\(new)&run=\(id)" })
        }
    }

    func compare(_ request: Request, _ ctx: StudioContext) async throws -> Response {
        try await refusing {
            let q = request.uri.queryParameters
            var dirs: [URL] = []
            var ids: [String] = []
            guard q["base"] != nil, q["run"] != nil else {
                return Page.error(.badRequest, "pick two runs to compare: a baseline and a run (the Runs page)", csrf: ctx.csrf)
            }
            for key in ["base", "run"] {
                let raw = q[Substring(key)].map { String($0) } ?? ""
                let id = raw.removingPercentEncoding ?? raw
                let dir: URL
                do { dir = try SafePath.resolve(id, in: config.results) } catch {
                    return Page.error(.forbidden, "\(error)", csrf: ctx.csrf)
                }
                if let s = await queue.snapshot(id), s.state != .done {
                    return Page.response(Views.progress(s, csrf: ctx.csrf, then: "compare"))
                }
                guard RunHistory.manifest(dir) != nil else {
                    return Page.error(.notFound, "no finished run \(id) in the results folder", csrf: ctx.csrf)
                }
                dirs.append(dir); ids.append(id)
            }
            guard ids[0] != ids[1] else { return Page.error(.badRequest, "pick two different runs", csrf: ctx.csrf) }
            do {
                let page = try Report.build(dirs, options: .init(baseline: dirs[0]))
                return Page.response(Page.report(page.html, bar: Views.compareBar(base: ids[0], run: ids[1])))
            } catch {
                return Page.error(.unprocessableContent, "cannot compare these runs: \(error)", csrf: ctx.csrf)
            }
        }
    }
}
