import Hummingbird

/// The studio's own stylesheet and script, served from memory (nothing is
/// fetched from elsewhere). The script only enhances: live progress over
/// server-sent events and field checks while editing; without it, forms
/// post and progress pages refresh themselves.
enum Assets {
    static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "max-age=60"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let css = #"""
    nav.studio-nav { display: flex; gap: 1.2rem; align-items: baseline; padding: .6rem 1.25rem; border-bottom: 1px solid var(--rule, #d6d6d6); background: var(--panel, #f6f6f4); font-size: .95rem; }
    nav.studio-nav a { color: #0050a0; text-decoration: none; }
    nav.studio-nav a.brand { font-weight: 700; color: #1a1a1a; }
    .studio-bar { max-width: 1180px; margin: .6rem auto 0; padding: .5rem 1.25rem; display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; font-size: .9rem; border-bottom: 1px solid var(--rule, #d6d6d6); }
    .studio-bar a { color: #0050a0; }
    form.inline { display: inline-flex; gap: .4rem; align-items: center; margin: 0; }
    table.cases, table.runs, table.communities, table.params { border-collapse: collapse; width: 100%; font-size: .92rem; }
    table.cases td, table.cases th, table.runs td, table.runs th, table.communities td, table.communities th, table.params td, table.params th { border-bottom: 1px solid var(--rule, #d6d6d6); padding: .35rem .4rem; text-align: left; vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .desc { color: var(--muted, #5a5a5a); font-size: .88rem; }
    a.open { font-weight: 600; color: #0050a0; }
    .editor section { margin-bottom: 1.2rem; }
    .editor .fields { display: flex; flex-wrap: wrap; gap: .6rem 1.4rem; }
    .editor label { display: inline-flex; flex-direction: column; gap: .15rem; font-size: .9rem; }
    .editor label.wide { display: flex; margin-top: .6rem; }
    .editor input[type=text], .editor select, .editor textarea { font: inherit; padding: .2rem .3rem; border: 1px solid #9a9a9a; border-radius: 3px; }
    .editor input.bad { border-color: #b00020; background: #fff3f4; }
    .hint { color: var(--muted, #5a5a5a); font-size: .78rem; }
    .err { color: #b00020; font-size: .82rem; display: block; }
    .err:empty { display: none; }
    .problems { border: 1px solid #b00020; background: #fff3f4; padding: .4rem .8rem; margin: .6rem 0; }
    .problem { color: #b00020; white-space: pre-wrap; }
    .notice { border: 1px solid #2e7d32; background: #f1f8f1; padding: .4rem .8rem; }
    fieldset.lever { border: 1px solid var(--rule, #d6d6d6); margin: .5rem 0; padding: .3rem .8rem .5rem; }
    fieldset.lever.on { border-color: #0050a0; background: #f4f8fd; }
    fieldset.lever legend { font-weight: 600; }
    .editor legend label { flex-direction: row; align-items: center; gap: .4rem; font-size: 1rem; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .lost { color: #b00020; font-weight: 600; }
    fieldset.lever p.summary { margin: .2rem 0; font-size: .9rem; }
    .source { color: var(--muted, #5a5a5a); font-size: .8rem; }
    .actions { position: sticky; bottom: 0; background: #fff; padding: .6rem 0; border-top: 1px solid var(--rule, #d6d6d6); }
    button { font: inherit; padding: .3rem .9rem; border: 1px solid #5a5a5a; border-radius: 4px; background: #fff; cursor: pointer; }
    button.primary { background: #0050a0; border-color: #0050a0; color: #fff; font-weight: 600; }
    progress { width: 100%; max-width: 640px; height: 1.2rem; }
    """#

    static let js = #"""
    // Linli studio: live progress (server-sent events) and live field checks.
    // Everything works without this script; it only saves reloads.
    (function () {
      "use strict";
      var token = document.querySelector('meta[name="csrf-token"]');
      token = token ? token.getAttribute("content") : "";

      var box = document.getElementById("run-progress");
      if (box && (box.dataset.state === "queued" || box.dataset.state === "running") && window.EventSource) {
        var source = new EventSource("/runs/" + encodeURIComponent(box.dataset.run) + "/events");
        var show = function (e) {
          var s = JSON.parse(e.data);
          document.getElementById("state").textContent = s.state;
          document.getElementById("done").textContent = s.done;
          document.getElementById("total").textContent = s.total;
          document.getElementById("eta").textContent = s.eta_text;
          var bar = document.getElementById("bar");
          if (s.total > 0) { bar.max = s.total; bar.value = s.done; }
          box.dataset.state = s.state;
        };
        source.addEventListener("progress", show);
        source.addEventListener("end", function (e) {
          source.close();
          try { show(e); } finally { window.location.reload(); }
        });
        source.onerror = function () {
          // The browser retries by itself; say so while the server does not answer.
          var st = document.getElementById("state");
          st.textContent = "connection to linli serve lost (retrying; is it still running?)";
          st.className = "lost";
        };
        source.onopen = function () { document.getElementById("state").className = ""; };
      }

      var form = document.getElementById("editor");
      if (form && window.fetch) {
        var timer = null;
        var check = function () {
          var body = new URLSearchParams(new FormData(form));
          fetch("/api/check", { method: "POST", body: body, headers: { "X-CSRF-Token": token }, credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (res) {
              form.querySelectorAll(".err").forEach(function (el) { el.textContent = ""; });
              form.querySelectorAll("input.bad").forEach(function (el) { el.classList.remove("bad"); el.removeAttribute("aria-invalid"); });
              Object.keys(res.fields).forEach(function (field) {
                var el = document.getElementById("e-" + field);
                if (el) { el.textContent = res.fields[field].join("; "); }
                var input = document.getElementById("f-" + field);
                if (input) { input.classList.add("bad"); input.setAttribute("aria-invalid", "true"); }
              });
              var problems = document.getElementById("problems");
              problems.hidden = res.ok;
              problems.textContent = res.ok ? "" : "The scenario is not valid yet. " + res.general.join(" ");
            })
            .catch(function () {});
        };
        form.addEventListener("change", function (e) {
          var t = e.target;
          if (t.type === "checkbox" && /\.on$/.test(t.name)) {
            var fs = t.closest("fieldset");
            if (fs) {
              fs.classList.toggle("on", t.checked);
              var details = fs.querySelector("details");
              if (details && t.checked) { details.open = true; }
            }
          }
          clearTimeout(timer);
          timer = setTimeout(check, 250);
        });
      }
    })();
    """#
}
