/// The page's only stylesheet, inlined: system fonts (none fetched), a
/// readable measure, grids that collapse to one column on a phone, tables
/// that scroll sideways instead of overflowing, and print rules (no
/// navigation, figures kept whole, links as plain text).
public enum Stylesheet {
    public static let css = """
    :root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d6d6d6; --bg: #ffffff; --panel: #f6f6f4; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--ink);
      font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 1.25rem 1.25rem 3rem; }
    header { border-bottom: 2px solid var(--ink); margin-bottom: 1rem; }
    .kicker { margin: 0; color: var(--muted); font-size: .85rem; letter-spacing: .06em; text-transform: uppercase; }
    h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .5rem; overflow-wrap: anywhere; }
    h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
    h3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; overflow-wrap: anywhere; }
    .lead { font-size: 1.08rem; max-width: 70ch; overflow-wrap: anywhere; }
    p { max-width: 80ch; }
    .note { color: var(--muted); font-size: .9rem; }
    nav.toc ol { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; list-style: none; padding: 0; margin: 0 0 1rem; font-size: .92rem; }
    nav.toc a { color: #0050a0; }
    dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .3rem 1rem; margin: .5rem 0 1rem; font-size: .9rem; line-height: 1.35; }
    dl.facts div { border-left: 3px solid var(--rule); padding-left: .5rem; min-width: 0; }
    dt { font-size: .78rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
    dd.long { word-break: break-all; font-size: .78rem; font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1rem; }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: .6rem; }
    figure.fig { margin: 0 0 1rem; min-width: 0; break-inside: avoid; page-break-inside: avoid; }
    figure.wide { max-width: 760px; }
    figcaption { font-size: .85rem; color: var(--muted); margin-top: .2rem; }
    svg.chart { display: block; width: 100%; height: auto; background: var(--bg); }
    svg.chart text { fill: var(--ink); font-family: inherit; }
    svg.chart .ctitle { font-weight: 600; }
    svg.chart .alabel { fill: var(--muted); }
    svg.chart .grid { stroke: #e4e4e4; stroke-width: 1; }
    svg.chart .base, svg.chart .tick { stroke: #777; stroke-width: 1; }
    svg.chart .zero { stroke: #333; stroke-width: 1; }
    svg.chart .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
    svg.chart .band { fill-opacity: .2; stroke: none; }
    svg.chart .whisker { stroke: #222; stroke-width: 1.4; fill: none; }
    svg.chart .cell { stroke: #fff; stroke-width: 1; }
    svg.chart .cell.empty { fill: #e9e9e9; }
    ul.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .15rem .9rem; font-size: .85rem; }
    ul.legend li { display: flex; align-items: center; gap: .3rem; overflow-wrap: anywhere; }
    svg.key { flex: none; }
    .table-wrap { overflow-x: auto; margin: .5rem 0 1rem; max-width: 100%; }
    table { border-collapse: collapse; font-size: .86rem; font-variant-numeric: tabular-nums; }
    caption { text-align: left; color: var(--muted); padding: .2rem 0; }
    th, td { padding: .22rem .55rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
    th { background: var(--panel); position: sticky; top: 0; }
    td.num { text-align: right; white-space: nowrap; }
    td.prose { min-width: 16em; max-width: 32em; }
    tbody tr:nth-child(even) td { background: #fbfbfa; }
    details { margin: .5rem 0 1rem; }
    summary { cursor: pointer; font-weight: 600; }
    .badge { display: inline-block; border: 1px solid var(--rule); border-radius: 3px; padding: 0 .35rem; font-size: .8rem; }
    footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); padding-top: .5rem; overflow-wrap: anywhere; }
    @media (max-width: 640px) {
      main { padding: .8rem .7rem 2rem; }
      h1 { font-size: 1.45rem; }
      .grid, .multiples { grid-template-columns: 1fr; }
      dl.facts { grid-template-columns: 1fr 1fr; }
      table { font-size: .8rem; }
    }
    @media print {
      @page { margin: 14mm; }
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      nav.toc { display: none; }
      a { color: inherit; text-decoration: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      .grid { grid-template-columns: 1fr 1fr; }
      .multiples { grid-template-columns: 1fr 1fr 1fr; }
      .table-wrap { overflow: visible; }
      th { position: static; }
      tbody tr:nth-child(even) td { background: none; }
      svg.chart, figure { break-inside: avoid; page-break-inside: avoid; }
      details > summary { list-style: none; }
    }

    """
}
