#!/usr/bin/env python3
"""The studio (`linli serve`) driven by a real browser: headless Chromium
through Selenium and Debian's chromedriver.

It does what a person does: opens the case library, opens baseline.yaml in
the editor, sets replicates and days, switches a lever on, downloads the
scenario, runs it, watches the progress page turn into the run's report,
checks that `linli run` on the downloaded file writes byte-identical CSVs,
compares the run with its levers-off counterpart and finds both runs in the
history. Each step prints a line; the first failure stops the script with a
message and exit status 1. The last line is a one-line JSON summary.

    python studio_browser.py --url http://127.0.0.1:PORT/ --results DIR \
        --linli .build/release/linli --work /tmp/scratch [--screenshots DIR]

The server must already be running with --results DIR. Called by
Tests/LinliStudioTests/StudioBrowserTests.swift with the pinned venv
(.build-py, scripts/deps.d/python-tools.sh: selenium) and Debian's
chromium and chromium-driver (scripts/deps.d/chromium.sh).
Nothing is downloaded: the chromedriver path is given to Selenium, so
Selenium Manager is never asked for one.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

WIDTH, HEIGHT = 1280, 1600
# A full-page screenshot is cut to this height when its PNG would be larger
# than MAX_PNG_BYTES (keeps docs/studio small).
MAX_PNG_BYTES = 600 * 1024


class Failure(Exception):
    pass


class Terminated(BaseException):
    """SIGTERM (a caller's time limit): stop, but quit the browser first."""


def on_sigterm(signum, frame):
    raise Terminated()


START = time.monotonic()


def step(text):
    print(f"[{time.monotonic() - START:6.1f}s] {text}", flush=True)


def find_tool(explicit, names, extra=()):
    if explicit:
        if not (os.path.isfile(explicit) and os.access(explicit, os.X_OK)):
            raise Failure(f"{explicit} is not an executable file")
        return explicit
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    for path in extra:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise Failure(f"none of {', '.join(names)} found on PATH (Debian: apt-get install chromium chromium-driver)")


class Studio:
    def __init__(self, args):
        self.args = args
        self.base = args.url if args.url.endswith("/") else args.url + "/"
        self.shots = args.screenshots
        if self.shots:
            os.makedirs(self.shots, exist_ok=True)
        os.makedirs(args.work, exist_ok=True)
        self.downloads = os.path.join(args.work, "downloads")
        shutil.rmtree(self.downloads, ignore_errors=True)
        os.makedirs(self.downloads)
        self.profile = tempfile.mkdtemp(prefix="studio-chromium-profile-")
        self.driver = None
        self.summary = {}

    # MARK: browser

    def start(self):
        chromium = find_tool(self.args.chromium, ["chromium", "chromium-browser"], ["/usr/lib/chromium/chromium"])
        chromedriver = find_tool(self.args.chromedriver, ["chromedriver"], ["/usr/lib/chromium/chromedriver"])
        step(f"browser: {chromium}, driver: {chromedriver}")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--metrics-recording-only",
                     "--password-store=basic", f"--user-data-dir={self.profile}"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "download.default_directory": self.downloads,
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        })
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=chromedriver, log_output=os.path.join(self.args.work, "chromedriver.log"))
        # The first start of a browser on a fresh, busy machine can be slow: try twice.
        for attempt in (1, 2):
            try:
                self.driver = webdriver.Chrome(service=service, options=options)
                break
            except WebDriverException as error:
                if attempt == 2:
                    raise Failure(f"chromium did not start through chromedriver: {error.msg}")
                step(f"chromium did not start ({error.msg.splitlines()[0] if error.msg else error}); trying again")
                time.sleep(2)
        self.driver.set_page_load_timeout(120)
        # An exact CSS viewport, whatever the window's decorations take.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})

    def close(self):
        if self.driver is not None:
            try:
                self.driver.quit()
            except Exception:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path):
        url = urllib.parse.urljoin(self.base, path.lstrip("/"))
        self.driver.get(url)
        return url

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def follow(self, what, kind, timeout, running=None):
        """Waits on a progress page until it turns into the report page of
        `kind`; fails on a failed or cancelled run; `running(state)` sees
        each snapshot taken while the run is queued or running."""
        seen = set()

        def done():
            s = self.state()
            if s is None:
                return None
            if s.get("progress"):
                seen.add(s["progress"])
                if s["progress"] in ("failed", "cancelled"):
                    raise Failure(f"{what} {s['progress']}: {s.get('message')}")
                if s["progress"] in ("queued", "running") and running:
                    running(s)
            return s.get("ready") == "complete" and kind_is(s.get("report"), kind)

        self.wait(f"{what} to finish and its {kind} report (meta linli-report)", done, timeout)
        step(f"   progress page states seen: {sorted(seen) or 'none (the run finished first)'}")

    def state(self):
        """What the page shows now (None while it is being replaced)."""
        try:
            return self.js("""
                var m = function (n) { var e = document.querySelector('meta[name="' + n + '"]'); return e ? e.getAttribute('content') : null; };
                var p = document.getElementById('run-progress');
                var msg = document.getElementById('message');
                return {url: location.href, ready: document.readyState, report: m('linli-report'), charts: m('linli-charts'),
                        progress: p ? p.getAttribute('data-state') : null, message: msg ? msg.textContent : null,
                        bar: !!document.getElementById('bar'), cancel: !!document.getElementById('cancel'),
                        title: document.title, h1: (document.querySelector('h1') || {}).textContent || null};""")
        except WebDriverException:
            return None

    def server_answers(self):
        """Whether the studio still answers (a page left open would not notice a crash)."""
        try:
            with urllib.request.urlopen(urllib.parse.urljoin(self.base, "static/studio.css"), timeout=10) as r:
                r.read()
            return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            return False

    def wait(self, what, predicate, timeout):
        deadline = time.monotonic() + timeout
        last = None
        probed = time.monotonic()
        while time.monotonic() < deadline:
            try:
                value = predicate()
            except WebDriverException:
                value = None
            if value:
                return value
            last = self.state()
            if time.monotonic() - probed > 2:
                probed = time.monotonic()
                if not self.server_answers():
                    raise Failure(f"the studio at {self.base} stopped answering while waiting for {what} "
                                  f"(did linli serve crash? see its stderr); the page: {json.dumps(last)}")
            time.sleep(0.1)
        raise Failure(f"timed out after {timeout:.0f}s waiting for {what}; the page: {json.dumps(last)}")

    def element(self, by, value, what=None):
        found = self.driver.find_elements(by, value)
        if not found:
            s = self.state() or {}
            raise Failure(f"{what or value} not found on {s.get('url')} (title {s.get('title')!r}, h1 {s.get('h1')!r})")
        return found[0]

    def click(self, element):
        # Centre it first: the editor's sticky action bar must not cover it.
        self.js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element)
        element.click()

    def charts(self, kind):
        """Checks the report page's kind and that its DOM has every chart it declares."""
        s = self.state() or {}
        declared = s.get("charts")
        if declared is None or not declared.strip().isdigit():
            raise Failure(f"{s.get('url')}: no integer meta linli-charts (found {declared!r})")
        in_dom = len(self.driver.find_elements(By.CSS_SELECTOR, "svg.chart"))
        if in_dom < 1:
            raise Failure(f"{s.get('url')}: the {kind} page has no svg.chart")
        if in_dom != int(declared):
            raise Failure(f"{s.get('url')}: {in_dom} svg.chart in the DOM, meta linli-charts says {declared}")
        return in_dom

    # MARK: screenshots

    def screenshot(self, name, full=True, clip=None):
        """A PNG of the page: the whole page (cut to HEIGHT px if too large), or `clip` (y, height)."""
        if not self.shots:
            return
        path = os.path.join(self.shots, name)
        self.js("window.scrollTo(0, 0);")

        def capture(height, y=0):
            params = {"format": "png", "captureBeyondViewport": True, "fromSurface": True,
                      "clip": {"x": 0, "y": y, "width": WIDTH, "height": height, "scale": 1}}
            return base64.b64decode(self.driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"])

        if clip is not None:
            png = capture(clip[1], clip[0])
        elif full:
            page_height = int(self.js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);"))
            # A page over twice the window (a report) would be far too large: its top only.
            png = capture(max(page_height, 1) if page_height <= 2 * HEIGHT else HEIGHT)
            if len(png) > MAX_PNG_BYTES and page_height > HEIGHT:
                png = capture(HEIGHT)
        else:
            png = capture(HEIGHT)
        # Capturing beyond the viewport can leave the emulated size changed: set it again.
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        if len(png) < 2000 or not png.startswith(b"\x89PNG"):
            raise Failure(f"screenshot {name} is not a PNG or is empty ({len(png)} bytes)")
        with open(path, "wb") as f:
            f.write(png)
        step(f"screenshot {path} ({len(png) // 1024} KB)")

    # MARK: the flow

    def run(self):
        t = self.args.timeout
        self.start()

        # a. The case library.
        url = self.open("/")
        step(f"a. case library {url}")
        self.element(By.CSS_SELECTOR, "table#cases", "table#cases")
        row = self.element(By.CSS_SELECTOR, 'table#cases tr[data-case="baseline.yaml"]', 'the row tr[data-case="baseline.yaml"]')
        cases = len(self.driver.find_elements(By.CSS_SELECTOR, "table#cases tr[data-case]"))
        step(f"   {cases} cases listed, baseline.yaml among them")
        self.screenshot("library.png")

        # b. The editor.
        link = row.find_elements(By.CSS_SELECTOR, "a.open")
        if not link:
            raise Failure("the baseline.yaml row has no a.open link")
        self.click(link[0])
        self.wait("the editor /cases/baseline.yaml",
                  lambda: self.driver.current_url.endswith("/cases/baseline.yaml") and self.driver.find_elements(By.ID, "editor"), 60)
        step(f"b. editor {self.driver.current_url}")
        self.element(By.CSS_SELECTOR, "form#editor", "form#editor")
        for field, value in (("f-replicates", "3"), ("f-days", "90")):
            box = self.element(By.ID, field)
            self.js("arguments[0].scrollIntoView({block: 'center'});", box)
            box.clear()
            box.send_keys(value)
            if box.get_attribute("value") != value:
                raise Failure(f"#{field} holds {box.get_attribute('value')!r} after typing {value!r}")
        lever = self.element(By.ID, "f-office_hours.on", "the checkbox #f-office_hours.on")
        if lever.is_selected():
            raise Failure("office_hours is already on in baseline.yaml (expected off)")
        self.click(lever)
        if not lever.is_selected():
            raise Failure("#f-office_hours.on did not become checked")
        fieldset = self.element(By.ID, "lever-office_hours", "fieldset#lever-office_hours")
        self.wait("fieldset#lever-office_hours to get class on (the page's script)",
                  lambda: "on" in (fieldset.get_attribute("class") or "").split(), 10)
        step("   replicates 3, days 90, office_hours on (its fieldset has class on)")
        # Let the live check (POST /api/check, 250 ms after a change) answer, and it must find no problem.
        time.sleep(1.0)
        problems = self.js("var p = document.getElementById('problems'); return p && !p.hidden ? p.textContent : null;")
        if problems:
            raise Failure(f"the editor's live check reports problems: {problems}")
        if self.shots:
            # From the top of the form down to the office_hours lever (one picture with both edits).
            bottom = self.js("var r = document.getElementById('lever-office_hours').getBoundingClientRect(); return r.bottom + window.scrollY;")
            self.screenshot("editor.png", clip=(0, int(min(max(bottom + 24, HEIGHT), 2 * HEIGHT))))

        # c. Download YAML.
        self.click(self.element(By.ID, "download", "button#download"))
        target = os.path.join(self.downloads, "baseline.yaml")

        def downloaded():
            names = os.listdir(self.downloads)
            if any(n.endswith(".crdownload") for n in names):
                return None
            return os.path.exists(target) and os.path.getsize(target) > 0

        try:
            self.wait(f"the download {target}", downloaded, 60)
        except Failure:
            raise Failure(f"baseline.yaml did not download into {self.downloads} (found {os.listdir(self.downloads)}); url {self.driver.current_url}")
        with open(target, encoding="utf-8") as f:
            yaml = f.read()
        for needle in ("office_hours:", "replicates: 3", "days: 90"):
            if needle not in yaml:
                raise Failure(f"the downloaded {target} lacks {needle!r}:\n{yaml}")
        step(f"c. downloaded {target} ({len(yaml)} bytes): office_hours, replicates 3, days 90")
        if not self.driver.current_url.endswith("/cases/baseline.yaml"):
            raise Failure(f"the download navigated away from the editor, to {self.driver.current_url}")

        # d. Run: progress page, then the report.
        self.click(self.element(By.ID, "run", "button#run"))
        self.wait("the run page /runs/<id>", lambda: "/runs/" in self.driver.current_url, 60)
        run_id = urllib.parse.urlparse(self.driver.current_url).path.rstrip("/").split("/")[-1]
        self.summary["run"] = run_id
        step(f"d. run {run_id}: {self.driver.current_url}")
        shot = False

        def running(s):
            nonlocal shot
            if shot:
                return
            # Read in the same snapshot as the state, so a reload between reads cannot fool it.
            if not s.get("bar") or not s.get("cancel"):
                raise Failure(f"the progress page of {run_id} lacks progress#bar or #cancel")
            shot = True
            try:
                self.screenshot("progress.png", full=False)
            except WebDriverException:
                pass  # the page reloaded under us: the run ended

        self.follow(f"run {run_id}", "run", t, running)

        # e. The run's report.
        run_charts = self.charts("run")
        self.element(By.ID, "studio-bar", "div#studio-bar")
        self.summary["run_charts"] = run_charts
        step(f"e. run report: {run_charts} svg.chart, as meta linli-charts says; #studio-bar present")
        self.screenshot("run.png")

        # f. The same scenario through `linli run`: byte-identical CSVs.
        cli = os.path.join(self.args.work, "cli")
        shutil.rmtree(cli, ignore_errors=True)
        command = [self.args.linli, "run", target, "--out", cli, "--quiet"]
        step(f"f. {' '.join(command)}")
        r = subprocess.run(command, capture_output=True, text=True, timeout=t)
        if r.returncode != 0:
            log = os.path.join(self.args.work, "linli-run.stderr")
            with open(log, "w", encoding="utf-8") as f:
                f.write(r.stderr)
            how = f"was killed by signal {-r.returncode}" if r.returncode < 0 else f"exited {r.returncode}"
            key = next((line.strip() for line in r.stderr.splitlines()
                        if "runtime failure" in line or "Fatal error" in line or line.startswith("error")), "")
            head = "\n".join(r.stderr.splitlines()[:60])
            raise Failure(f"linli run {how}{': ' + key if key else ''} (whole stderr in {log})\nstdout:\n{r.stdout}\nstderr:\n{head}")
        run_dir = os.path.join(self.args.results, run_id)
        differ, missing = [], []
        for name in ("aggregate.csv", "summary.csv", "timeseries.csv"):
            a, b = os.path.join(run_dir, name), os.path.join(cli, name)
            if not (os.path.isfile(a) and os.path.isfile(b)):
                missing.append(name if os.path.isfile(b) else f"{name} (CLI)")
                continue
            with open(a, "rb") as fa, open(b, "rb") as fb:
                if fa.read() != fb.read():
                    differ.append(name)
        if missing:
            raise Failure(f"missing in {run_dir} or {cli}: {', '.join(missing)}")
        if differ:
            raise Failure(f"the studio's run {run_dir} and `linli run` {cli} differ in: {', '.join(differ)}")
        step("   aggregate.csv, summary.csv and timeseries.csv are byte-identical to the studio's")

        # g. Compare with levers off.
        self.click(self.element(By.ID, "levers-off", "button#levers-off"))
        self.wait("the comparison page /compare?base=…&run=…", lambda: "/compare?" in self.driver.current_url, 60)
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.driver.current_url).query)
        counterpart = (query.get("base") or [""])[0]
        if query.get("run") != [run_id] or not counterpart or counterpart == run_id:
            raise Failure(f"unexpected comparison URL {self.driver.current_url} (run {run_id})")
        self.summary["counterpart"] = counterpart
        step(f"g. comparison {self.driver.current_url}")
        self.follow(f"the levers-off run {counterpart}", "comparison", t)
        compare_charts = self.charts("comparison")
        self.element(By.ID, "studio-bar", "div#studio-bar")
        self.summary["compare_charts"] = compare_charts
        step(f"   comparison report: {compare_charts} svg.chart, as meta linli-charts says")
        self.screenshot("compare.png")

        # h. The history.
        url = self.open("/runs")
        step(f"h. runs {url}")
        self.element(By.CSS_SELECTOR, "table#runs", "table#runs")
        for rid in (run_id, counterpart):
            if not self.driver.find_elements(By.CSS_SELECTOR, f'table#runs a[href="/runs/{rid}"]'):
                raise Failure(f"table#runs does not list run {rid}")
        rows = len(self.driver.find_elements(By.CSS_SELECTOR, "table#runs tbody tr"))
        step(f"   table#runs lists both runs ({rows} rows)")
        self.screenshot("runs.png")

        # i. No browser, no script: the report is plain HTML.
        url = urllib.parse.urljoin(self.base, f"runs/{urllib.parse.quote(run_id)}")
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read().decode("utf-8", "replace")
        if status != 200 or "<svg" not in body or 'name="linli-report"' not in body:
            raise Failure(f"GET {url} without a browser: status {status}, {len(body)} bytes, <svg {'found' if '<svg' in body else 'missing'}")
        step(f"i. GET {url} without a browser: 200, {body.count('<svg')} <svg, {len(body) // 1024} KB")

        logs = []
        try:
            logs = [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE"]
        except Exception:
            pass
        for e in logs:
            step(f"   browser console (SEVERE): {e.get('message')}")
        self.summary["console_errors"] = len(logs)


def kind_is(content, kind):
    """meta linli-report is 'run report' / 'comparison report' (or the bare kind)."""
    return content is not None and (content == kind or content.startswith(kind + " "))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the running studio, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--results", required=True, help="the studio's --results folder")
    parser.add_argument("--linli", required=True, help="the linli binary")
    parser.add_argument("--work", required=True, help="scratch folder (downloads, the CLI run)")
    parser.add_argument("--screenshots", help="write library/editor/progress/run/compare/runs PNGs here")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a run (or the comparison) may take")
    parser.add_argument("--chromium", help="the browser (default: chromium on PATH)")
    parser.add_argument("--chromedriver", help="the driver (default: chromedriver on PATH)")
    parser.add_argument("--process-group", action="store_true",
                        help="lead a process group of its own (with chromedriver and chromium), so a caller can end them all")
    args = parser.parse_args()
    # A caller may have started this with SIGTERM blocked (a thread of a Swift test
    # runner): unblock it, and make it quit the browser rather than orphan it.
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    signal.signal(signal.SIGTERM, on_sigterm)
    if args.process_group:
        os.setpgrp()
    args.results = os.path.abspath(args.results)
    args.work = os.path.abspath(args.work)
    args.linli = os.path.abspath(args.linli)
    if args.screenshots:
        args.screenshots = os.path.abspath(args.screenshots)

    studio = None
    ok, error = False, None
    try:
        studio = Studio(args)
        studio.run()
        ok = True
    except Failure as failure:
        error = str(failure)
    except WebDriverException as failure:
        error = f"browser: {failure.msg or failure}"
    except Exception as failure:  # a bug here or an unexpected answer: still a clear line
        error = f"{type(failure).__name__}: {failure}"
    except (Terminated, KeyboardInterrupt):
        error = "terminated (SIGTERM or Ctrl-C) before the end"
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if studio is not None:
            studio.close()
    if error and studio is not None and not studio.server_answers():
        error += f"\n(the studio at {studio.base} no longer answers: did linli serve crash or get killed? see its stderr)"
    seconds = round(time.monotonic() - START, 1)
    if not ok:
        print(f"FAILED: {error}", file=sys.stderr, flush=True)
    summary = {"ok": ok, **(studio.summary if studio else {}), "seconds": seconds}
    if error:
        summary["error"] = " ".join(error.split())[:300]
    print(json.dumps(summary), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
