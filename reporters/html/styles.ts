/**
 * The report's stylesheet (inlined; the CSP allows inline styles only).
 * System fonts, no images: the file must render offline.
 * Status colours meet WCAG AA contrast on white and always come with a text label.
 */
export const CSS = String.raw`
:root {
  --fg: #1b2130; --muted: #5a6272; --border: #d8dce3; --line: #e8ebf0; --bg: #f4f6f9; --card: #fff;
  --accent: #1d4ed8; --accent-bg: #e8efff;
  --fail: #b91c1c; --fail-bg: #fdecec; --fail-line: #f3b8b8;
  --unknown: #6d28d9; --unknown-bg: #f1ebfd; --unknown-line: #d3c2f5;
  --pass: #15803d; --pass-bg: #e6f4ea; --pass-line: #b4dcc0;
  --warn: #92400e; --warn-bg: #fff4e0; --warn-line: #f3d19c;
  --supp: #4b5563; --supp-bg: #eef0f3;
  --none: #c9ced8;
  --sev-critical: #7f1d1d; --sev-high: #c2410c; --sev-medium: #f59e0b; --sev-low: #3b82f6; --sev-info: #9ca3af;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; scroll-padding-top: 64px; }
body { margin: 0; font: 14px/1.5 var(--sans); color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
h1, h2, h3, h4 { line-height: 1.25; margin: 0 0 .5em; }
h2 { font-size: 20px; font-weight: 650; }
h3 { font-size: 15px; font-weight: 650; }
h4 { font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code, pre, .mono { font-family: var(--mono); font-size: .92em; }
.mono .mono, .mono code { font-size: 1em; }
.small { font-size: .86em; }
.muted { color: var(--muted); }
.zero { color: #6b7280; }
.nowrap { white-space: nowrap; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.no-js .js-only { display: none !important; }
.print-only { display: none; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.wrap { max-width: 1320px; margin: 0 auto; padding: 0 24px; }

/* top bar */
.topbar { background: #111827; color: #f9fafb; position: sticky; top: 0; z-index: 10; box-shadow: 0 1px 0 rgba(0,0,0,.2); }
.topbar-inner { display: flex; align-items: center; gap: 24px; height: 52px; }
.brand { font-weight: 700; font-size: 16px; letter-spacing: .01em; white-space: nowrap; }
.brand .logo { color: #60a5fa; }
.brand-sub { font-weight: 400; color: #cbd5e1; margin-left: 6px; }
.topbar nav { display: flex; gap: 4px; flex: 1; overflow-x: auto; }
.topbar nav a { color: #e5e7eb; padding: 6px 10px; border-radius: 6px; font-size: 13px; white-space: nowrap; }
.topbar nav a:hover { background: rgba(255,255,255,.1); text-decoration: none; }

/* sections and cards */
main.wrap { padding-top: 20px; padding-bottom: 40px; }
.section { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 20px 24px; margin-bottom: 20px; }
.lead { color: var(--muted); margin: -4px 0 16px; max-width: 80ch; }
.hint { color: var(--muted); font-size: 12.5px; margin: -4px 0 10px; }
.none { color: var(--muted); margin: 0; padding: 10px 12px; background: var(--bg); border-radius: 6px; }

/* verdict */
.verdict { display: flex; gap: 18px; align-items: flex-start; padding: 16px 18px; border-radius: 8px; border: 1px solid; margin-bottom: 18px; }
.verdict h1 { font-size: 22px; margin: 2px 0 6px; }
.verdict-badge { font-weight: 800; font-size: 14px; letter-spacing: .08em; padding: 8px 14px; border-radius: 6px; color: #fff; white-space: nowrap; }
.verdict-detail { margin: 0; padding-left: 18px; }
.verdict-note { margin: 6px 0 0; font-weight: 600; }
.verdict-fail { background: var(--fail-bg); border-color: var(--fail-line); }
.verdict-fail .verdict-badge { background: var(--fail); }
.verdict-incomplete { background: var(--warn-bg); border-color: var(--warn-line); }
.verdict-incomplete .verdict-badge { background: var(--warn); }
.verdict-pass { background: var(--pass-bg); border-color: var(--pass-line); }
.verdict-pass .verdict-badge { background: var(--pass); }
.meta-grid { display: grid; grid-template-columns: 1.4fr 1fr 1fr; gap: 16px; }
.meta-card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
.meta-card h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-bottom: 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
details.inline-list summary { cursor: pointer; color: var(--accent); }
ul.scroll { max-height: 220px; overflow: auto; margin-top: 6px; padding: 6px 8px; background: var(--bg); border-radius: 6px; }

/* not assessed */
.section.attention { border-color: var(--warn-line); box-shadow: inset 4px 0 0 var(--warn); }
.section.assessed-all { box-shadow: inset 4px 0 0 var(--pass); }
.na-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px 24px; }
.na-block { min-width: 0; }
.na-block h3 { display: flex; align-items: center; gap: 8px; }
.pill { display: inline-block; min-width: 24px; text-align: center; padding: 0 8px; border-radius: 999px; font-size: 12px; font-weight: 700; }
.pill-warn { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--warn-line); }
.pill-ok { background: var(--pass-bg); color: var(--pass); border: 1px solid var(--pass-line); }

/* tables */
.table-wrap { overflow-x: auto; }
table.data { width: 100%; border-collapse: collapse; font-size: 13px; }
table.data th, table.data td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.data thead th { font-size: 12px; font-weight: 650; color: var(--muted); background: #f8f9fb; border-bottom: 1px solid var(--border); white-space: nowrap; }
table.data tbody th { font-weight: 600; }
table.data.compact th, table.data.compact td { padding: 4px 8px; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar-col { width: 22%; min-width: 140px; }
.bar-cell { padding-top: 11px !important; }
svg.bar { display: block; width: 100%; height: 12px; border-radius: 3px; overflow: hidden; }
.count-link { font-weight: 600; }
.st-fail-text .count-link { color: var(--fail); }
.st-unknown-text .count-link { color: var(--unknown); }
.st-pass-text .count-link { color: var(--pass); }
.st-warn-text .count-link { color: var(--warn); }
.tag { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 4px; font-size: 11.5px; background: var(--supp-bg); color: var(--supp); border: 1px solid var(--border); white-space: nowrap; }
.tag-warn { background: var(--warn-bg); color: var(--warn); border-color: var(--warn-line); margin-left: 0; }
.tag-supp { background: var(--supp-bg); color: var(--supp); }
.tag-new { background: var(--accent-bg); color: var(--accent); border-color: #c7d7fe; }

/* status and severity labels */
.status { display: inline-block; font-weight: 700; font-size: 12px; padding: 1px 8px; border-radius: 999px; border: 1px solid; white-space: nowrap; }
.s-fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail-line); }
.s-unknown { color: var(--unknown); background: var(--unknown-bg); border-color: var(--unknown-line); }
.s-pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass-line); }
.sev { display: inline-block; font-size: 11.5px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 1px 7px; border-radius: 4px; color: #fff; white-space: nowrap; }
.sev-critical { background: var(--sev-critical); }
.sev-high { background: var(--sev-high); }
.sev-medium { background: #fde68a; color: #713f12; box-shadow: inset 0 0 0 1px #f3c94f; }
.sev-low { background: #dbeafe; color: #1e40af; box-shadow: inset 0 0 0 1px #bcd3fb; }
.sev-info { background: #eceef1; color: #374151; box-shadow: inset 0 0 0 1px #d5d9df; }
.state-note { white-space: nowrap; }
.state { display: inline-block; font-weight: 700; font-size: 12px; padding: 1px 8px; border-radius: 4px; white-space: nowrap; border: 1px solid; }
.state-fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail-line); }
.state-unknown { color: var(--unknown); background: var(--unknown-bg); border-color: var(--unknown-line); }
.state-pass { color: var(--pass); background: var(--pass-bg); border-color: var(--pass-line); }
.state-supp { color: var(--supp); background: var(--supp-bg); border-color: var(--border); }
.state-none { color: var(--muted); background: #fff; border-color: var(--border); }
.rules-list li + li { margin-top: 2px; }

/* charts */
.arc { fill: none; stroke-width: 18; }
.arc-none { stroke: var(--line); }
.arc-fail { stroke: var(--fail); }
.arc-unknown { stroke: var(--unknown); }
.arc-pass { stroke: var(--pass); }
.seg-fail { fill: var(--fail); }
.seg-unknown { fill: var(--unknown); }
.seg-pass { fill: var(--pass); }
.seg-none { fill: var(--line); }
.donut-total { font: 700 24px var(--sans); fill: var(--fg); }
.donut-label { font: 12px var(--sans); fill: var(--muted); }
.sevbars text { font: 12px var(--sans); fill: var(--fg); }
.sevbar-label { fill: var(--muted) !important; text-transform: capitalize; }
.sevbar-n { font-weight: 700 !important; font-variant-numeric: tabular-nums; }
.sevbar-track { fill: #f1f3f6; }
.sevbar { stroke: none; }
.sevbar-critical { fill: var(--sev-critical); }
.sevbar-high { fill: var(--sev-high); }
.sevbar-medium { fill: var(--sev-medium); }
.sevbar-low { fill: var(--sev-low); }
.sevbar-info { fill: var(--sev-info); }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.donut-row { display: flex; align-items: center; gap: 20px; flex-wrap: wrap; }
.tiles { display: flex; gap: 10px; flex-wrap: wrap; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 96px; text-align: center; }
.tile-n { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; }
.tile-fail .tile-n a { color: var(--fail); }
.tile-unknown .tile-n a { color: var(--unknown); }
.tile-pass .tile-n a { color: var(--pass); }
#by-severity { margin-top: 8px; }
#by-severity th { text-transform: capitalize; }

/* findings */
.filters { display: flex; flex-wrap: wrap; gap: 10px 12px; align-items: flex-end; padding: 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 10px; }
.filter { display: flex; flex-direction: column; gap: 3px; }
.filter label { font-size: 12px; font-weight: 600; color: var(--muted); }
.filter-search { flex: 1 1 260px; }
.filter input, .filter select, .page-size select { font: inherit; font-size: 13px; color: var(--fg); background: #fff; border: 1px solid #b9c0cc; border-radius: 6px; padding: 5px 8px; min-height: 32px; }
.filter select { max-width: 220px; }
.btn { font: inherit; font-size: 13px; color: var(--fg); background: #fff; border: 1px solid #b9c0cc; border-radius: 6px; padding: 5px 12px; min-height: 32px; cursor: pointer; }
.btn:hover:not(:disabled) { background: #f1f3f6; }
.btn:disabled { color: #9aa1ad; cursor: default; }
.btn-small { min-height: 28px; padding: 3px 10px; font-size: 12.5px; }
.btn-light { background: transparent; color: #f9fafb; border-color: #4b5563; white-space: nowrap; }
.btn-light:hover:not(:disabled) { background: rgba(255,255,255,.1); }
.table-toolbar { display: flex; justify-content: space-between; align-items: center; gap: 12px; margin: 6px 0; }
.view-count { margin: 0; color: var(--muted); }
.toolbar-buttons { display: flex; gap: 6px; }
table.findings { table-layout: fixed; min-width: 1000px; }
col.c-exp { width: 42px; } col.c-status { width: 112px; } col.c-sev { width: 96px; } col.c-rule { width: 12%; }
col.c-res { width: 24%; } col.c-tier { width: 116px; } col.c-loc { width: 12%; } col.c-msg { width: auto; }
td.st-cell .tag { display: table; margin: 4px 0 0; }
table.findings th[data-sort] { padding: 0; }
.sort-btn { font: inherit; font-weight: 650; color: inherit; background: none; border: 0; padding: 7px 10px; width: 100%; text-align: left; cursor: pointer; white-space: nowrap; }
.sort-btn:hover { color: var(--fg); }
.sort-ind::after { content: "\2195"; margin-left: 4px; color: #b0b6c1; }
th[aria-sort="ascending"] .sort-ind::after { content: "\25B2"; color: var(--fg); font-size: 10px; }
th[aria-sort="descending"] .sort-ind::after { content: "\25BC"; color: var(--fg); font-size: 10px; }
.exp-col { width: 34px; padding-right: 0 !important; }
tr.frow { cursor: pointer; }
tr.frow:hover td { background: #f7f9fc; }
tr.frow.st-fail td:first-child { box-shadow: inset 3px 0 0 var(--fail); }
tr.frow.st-unknown td:first-child { box-shadow: inset 3px 0 0 var(--unknown); }
tr.frow.st-pass td:first-child { box-shadow: inset 3px 0 0 var(--pass); }
tr.frow.suppressed td:first-child { box-shadow: inset 3px 0 0 var(--supp); }
tr.frow.suppressed .msg, tr.frow.suppressed .addr { color: var(--muted); }
button.exp { width: 24px; height: 24px; border: 1px solid var(--border); background: #fff; border-radius: 5px; cursor: pointer; padding: 0; display: inline-flex; align-items: center; justify-content: center; }
.chev { width: 7px; height: 7px; border-right: 2px solid var(--muted); border-bottom: 2px solid var(--muted); transform: rotate(-45deg); margin-left: -2px; transition: transform .1s; }
button.exp[aria-expanded="true"] .chev { transform: rotate(45deg); margin: -3px 0 0; }
.res .addr, td.rule { overflow-wrap: anywhere; }
.sub { color: var(--muted); font-size: 12px; overflow-wrap: break-word; }
.loc { overflow-wrap: anywhere; }
td.tier { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.msg { min-width: 24ch; overflow-wrap: break-word; }
tr.drow > td { background: #fafbfd; padding: 12px 14px 16px 44px !important; border-bottom: 1px solid var(--border); }
tr.empty td { text-align: center; color: var(--muted); padding: 24px; }
.dgrid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px 20px; }
.dblock { min-width: 0; }
.dblock h4 { margin-bottom: 4px; }
.dblock-evidence { grid-column: 1 / -1; }
.dblock-supp { background: var(--supp-bg); border-radius: 6px; padding: 8px 10px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0; align-content: start; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.ev { font-family: var(--mono); font-size: .92em; padding: 0 4px; border-radius: 3px; }
.ev-expected { background: var(--pass-bg); }
.ev-actual { background: var(--fail-bg); }
.ev-unknown { background: var(--unknown-bg); color: var(--unknown); }
.fix { margin: 2px 0 6px; }
.fix-label { font-size: 11.5px; font-weight: 600; color: var(--muted); }
pre.code { margin: 2px 0 0; padding: 6px 8px; background: #f1f3f6; border: 1px solid var(--line); border-radius: 5px; white-space: pre-wrap; overflow-wrap: anywhere; }
.pager { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; margin-top: 10px; }
.page-info { padding: 0 8px; color: var(--muted); font-variant-numeric: tabular-nums; }
.page-size { margin-left: auto; font-size: 12.5px; color: var(--muted); }

/* rule reference */
.rule-ref { border-top: 1px solid var(--line); padding: 12px 0 4px; }
.rule-ref:first-of-type { border-top: 0; padding-top: 0; }
.rule-ref dl.kv { max-width: 110ch; }
.foot { color: var(--muted); font-size: 12px; padding: 0 0 32px; text-align: center; }

@media (max-width: 900px) {
  .meta-grid, .na-grid, .cards { grid-template-columns: 1fr; }
  .topbar nav { display: none; }
}

/* print: black on white, no controls, every section expanded, a printable findings list */
/* failure domains */
.tier-tag { display: inline-block; padding: 0 5px; border-radius: 4px; font-size: 11px; background: var(--supp-bg); color: var(--supp); border: 1px solid var(--border); white-space: nowrap; }
.fd-legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 10px; font-size: 12.5px; }
.fd-legend li { display: flex; align-items: center; gap: 6px; }
.fd-wrap { max-height: 70vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table.fd-matrix { width: auto; }
table.fd-matrix thead th { position: sticky; top: 0; z-index: 1; }
table.fd-matrix thead tr:nth-child(2) th { top: 30px; }
table.fd-matrix th.fd-region { text-align: center; border-left: 2px solid var(--border); }
table.fd-matrix th.fd-dom { text-align: center; font-weight: 600; white-space: normal; max-width: 150px; overflow-wrap: anywhere; }
.fd-dk { display: block; font-size: 10.5px; font-weight: 400; color: var(--muted); }
table.fd-matrix tbody th { white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; position: sticky; left: 0; background: var(--card); z-index: 0; }
table.fd-matrix td.fd-c { text-align: center; padding: 4px 6px; min-width: 64px; cursor: pointer; border-left: 1px solid var(--card); }
.fd-c { background: var(--bg); color: var(--fg); font-weight: 700; }
.fd-unaffected { background: var(--pass-bg); color: var(--pass); }
.fd-degraded { background: var(--warn-bg); color: var(--warn); }
.fd-down { background: var(--fail-bg); color: var(--fail); }
.fd-unknown { background: var(--unknown-bg); color: var(--unknown); }
.fd-none { background: #fff; color: var(--muted); }
.fd-breached { box-shadow: inset 0 0 0 2px var(--fail); }
.fd-key { display: inline-flex; align-items: center; justify-content: center; min-width: 30px; height: 22px; border-radius: 4px; font-size: 13px; }
.fd-vm { font-size: 11px; margin-left: 2px; vertical-align: super; }
.fd-vm-breached { color: var(--fail); }
.fd-vm-unknown { color: var(--unknown); }
td.fd-c.fd-sel { outline: 3px solid var(--accent); outline-offset: -3px; }
.fd-detail { margin: 12px 0 18px; padding: 12px 14px; border: 1px solid var(--border); border-radius: 8px; background: #fbfcfd; }
.fd-detail h4 { text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--fg); }
.fd-detail ol { margin: 0; padding-left: 20px; }
.fd-br-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; margin-bottom: 18px; }
.fd-br { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.fd-br h4 { text-transform: none; letter-spacing: 0; font-size: 13.5px; color: var(--fg); }
.fd-br-group { margin: 6px 0; }
.fd-br-list { margin: 4px 0 0 36px; font-size: 12.5px; }
.fd-graphs { margin: 10px 0 18px; }
.fd-fig { margin: 0; }
.fd-fig figcaption { margin: 8px 0; }
.fd-svg-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fbfcfd; }
.fd-graph { font: 11px var(--mono); display: block; }
.fd-n rect { fill: #fff; stroke: #9aa3b2; stroke-width: 1.2; }
.fd-n text { fill: var(--fg); }
.fd-n-workload rect { fill: var(--accent-bg); stroke: var(--accent); stroke-width: 2; }
.fd-n-domain rect { fill: var(--bg); stroke-dasharray: 4 3; }
.fd-n.fd-hot rect { stroke: var(--fail); }
.fd-n.fd-spof rect { fill: var(--fail-bg); stroke: var(--fail); stroke-width: 3; }
.fd-spof-label { fill: var(--fail) !important; font: 700 10px var(--sans); }
.fd-e path { fill: none; stroke: #9aa3b2; stroke-width: 1.4; }
.fd-e polygon { fill: #9aa3b2; }
.fd-e.fd-hot path { stroke: var(--fail); stroke-width: 2.6; }
.fd-e.fd-hot polygon { fill: var(--fail); }
.fd-notes { margin: 0 0 14px; padding-left: 20px; }

@media print {
  @page { margin: 14mm 12mm; }
  :root { --bg: #fff; --muted: #333; --line: #bbb; --border: #999; }
  body { background: #fff; color: #000; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .topbar, .js-only, noscript, .sort-ind { display: none !important; }
  .print-only { display: block; }
  .print-title { font-size: 11px; color: #333; margin: 0 0 6px; }
  main.wrap { padding: 0; max-width: none; }
  .wrap { padding: 0; }
  a { color: #000 !important; text-decoration: none; }
  .section { border: 0; border-radius: 0; padding: 0; margin: 0 0 12px; box-shadow: none !important; }
  #not-assessed, #summary, #requirements, #rules, #findings, #reference { break-before: page; }
  .fd-wrap { max-height: none; overflow: visible; }
  h2, h3, h4 { break-after: avoid; }
  .verdict, .card, .meta-card, .rule-ref, .dblock { break-inside: avoid; }
  .card.wide, .na-block { break-inside: auto; }
  .meta-grid { grid-template-columns: 1fr 1fr 1fr; }
  .cards { grid-template-columns: 1fr 1fr; }
  table.data { font-size: 10px; }
  table.data thead { display: table-header-group; }
  table.data tr { break-inside: avoid; }
  table.data thead th { background: #fff; color: #000; border-bottom: 1.5px solid #000; }
  .table-wrap { overflow: visible; }
  ul.scroll { max-height: none; overflow: visible; background: #fff; padding: 0; }
  .verdict { background: #fff !important; border: 2px solid #000; }
  .count-link, .tile-n a { color: #000 !important; }
  .pf { break-inside: avoid; border-top: 1px solid #999; padding: 6px 0 8px; }
  .pf h4 { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; text-transform: none; letter-spacing: 0; font-size: 11px; color: #000; margin-bottom: 4px; }
  .pf-rule { font-weight: 700; }
  .pf-addr { overflow-wrap: anywhere; }
  .pf-msg { margin: 0 0 3px; font-weight: 600; }
  .pf-grid { display: grid; grid-template-columns: 1.1fr 1fr; gap: 0 18px; }
  .pf-grid dl.kv { gap: 0 10px; font-size: 10px; }
  .print-filter { font-weight: 600; }
  pre.code { background: #fff; }
}
`;
