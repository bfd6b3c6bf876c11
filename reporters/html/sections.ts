/**
 * The static (server-rendered) parts of the report: everything except the
 * findings table rows, which the page script renders from the data block.
 * All user-controlled text goes through `html`, which escapes it.
 */
import type { RuleRun, ScanResult, Status } from '../../src/engine/result.js';
import { SEVERITIES } from '../../src/policy/types.js';
import { describeOrganization, gateSentence } from '../common.js';
import { html, type Raw } from './escape.js';
import { num, plural, zero, remediationEntries, severityText, STATUS_ORDER, total, type Counts, type ReportModel, type RequirementRow } from './model.js';
import { severityBars, stackedBar, statusDonut } from './svg.js';

const STATUS_TEXT: Record<Status, string> = { fail: 'Fail', unknown: 'Unknown', pass: 'Pass' };
const STATUS_MARK: Record<Status, string> = { fail: '✗', unknown: '?', pass: '✓' };

/** Filters a count link applies to the findings table (data-f-* attributes, read by the page script). */
interface FilterLink {
  status?: Status | 'all';
  severity?: string;
  tier?: string;
  rule?: string;
  req?: string;
  account?: string;
}

function filterAttrs(f: FilterLink): Raw {
  return html`data-f="1"${f.status ? html` data-f-status="${f.status}"` : ''}${f.severity ? html` data-f-severity="${f.severity}"` : ''}${
    f.tier ? html` data-f-tier="${f.tier}"` : ''
  }${f.rule ? html` data-f-rule="${f.rule}"` : ''}${f.req ? html` data-f-req="${f.req}"` : ''}${f.account ? html` data-f-account="${f.account}"` : ''}`;
}

/** A count that, when non-zero, links to the findings table filtered to exactly those results. */
function countLink(n: number, filter: FilterLink, label: string): Raw {
  if (!n) return html`<span class="zero">0</span>`;
  return html`<a class="count-link" href="#findings" ${filterAttrs(filter)} title="Show these ${label} in the findings table">${num(n)}</a>`;
}

function countCells(c: Counts, filter: FilterLink, what: string): Raw {
  return html`<td class="num st-fail-text">${countLink(c.fail, { ...filter, status: 'fail' }, `failing results for ${what}`)}</td><td class="num st-unknown-text">${countLink(
    c.unknown,
    { ...filter, status: 'unknown' },
    `unknown results for ${what}`,
  )}</td><td class="num st-pass-text">${countLink(c.pass, { ...filter, status: 'pass' }, `passing results for ${what}`)}</td><td class="num">${countLink(
    total(c),
    { ...filter, status: 'all' },
    `results for ${what}`,
  )}</td>`;
}

const COUNT_HEADERS = html`<th scope="col" class="num">Fail</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Pass</th><th scope="col" class="num">Total</th>`;

export function statusBadge(s: Status): Raw {
  return html`<span class="status s-${s}"><span aria-hidden="true">${STATUS_MARK[s]}</span> ${STATUS_TEXT[s]}</span>`;
}

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function duration(start: string, end: string): string {
  const ms = new Date(end).getTime() - new Date(start).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

const LIST_LIMIT = 500;

function longList(items: readonly string[], what: string): Raw {
  if (!items.length) return html`<span class="muted">none</span>`;
  const shown = items.slice(0, LIST_LIMIT);
  return html`<details class="inline-list"><summary>${plural(items.length, what)}</summary><ul class="mono plain scroll">${shown.map(
    (i) => html`<li>${i}</li>`,
  )}${items.length > LIST_LIMIT ? html`<li class="muted">… and ${num(items.length - LIST_LIMIT)} more (see the JSON report)</li>` : ''}</ul></details>`;
}

export function header(result: ScanResult, failureDomains = false): Raw {
  return html`<header class="topbar">
<div class="wrap topbar-inner">
<div class="brand"><span class="logo" aria-hidden="true">◆</span> resilint <span class="brand-sub">Availability report</span></div>
<nav aria-label="Sections"><a href="#overview">Overview</a><a href="#not-assessed">Not assessed</a><a href="#summary">Summary</a>${failureDomains ? html`<a href="#failure-domains">Failure domains</a>` : ''}<a href="#requirements">Requirements</a><a href="#rules">Rules</a><a href="#findings">Findings</a><a href="#reference">Remediation</a></nav>
<button type="button" id="print-btn" class="btn btn-light js-only">Print / save as PDF</button>
</div>
</header>
<p class="print-only print-title">resilint availability report — ${when(result.finishedAt)}</p>`;
}

export function overview(result: ScanResult, model: ReportModel): Raw {
  const s = result.summary;
  const v = model.verdict;
  const label = v.kind === 'fail' ? 'FAIL' : v.kind === 'incomplete' ? 'INCOMPLETE' : 'PASS';
  const kinds = Object.entries(s.resourcesByKind)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${num(n)} ${k}`)
    .join(', ');
  return html`<section id="overview" class="section" aria-labelledby="overview-h">
<div class="verdict verdict-${v.kind}" id="verdict" data-verdict="${v.kind}">
<div class="verdict-badge">${label}</div>
<div class="verdict-text"><h1 id="overview-h">${v.headline}</h1>${
    v.detail.length ? html`<ul class="verdict-detail">${v.detail.map((d) => html`<li>${d}</li>`)}</ul>` : ''
  }${s.complete ? '' : html`<p class="verdict-note">Scan incomplete: see <a href="#not-assessed">what could not be assessed</a>.</p>`}</div>
</div>
<div class="meta-grid">
<div class="meta-card"><h2>What was scanned</h2><dl class="meta">
<dt>Targets</dt><dd class="mono">${result.targets.length ? result.targets.map((t, i) => html`${i ? html`<br>` : ''}${t}`) : html`<span class="muted">none</span>`}</dd>
<dt>Root</dt><dd class="mono">${result.root}</dd>
<dt>Sources</dt><dd>${result.sources.join(', ') || '—'}</dd>
${result.organization ? html`<dt>Organization</dt><dd id="meta-organization">${describeOrganization(result.organization)}</dd>` : ''}
<dt>Files</dt><dd>${longList(result.files, 'file')}</dd>
<dt>Resources</dt><dd><span id="meta-resources">${num(s.resources)}</span>${kinds ? html` <span class="muted">(${kinds})</span>` : ''}</dd>
</dl></div>
<div class="meta-card"><h2>When</h2><dl class="meta">
<dt>Started</dt><dd><time datetime="${result.startedAt}">${when(result.startedAt)}</time></dd>
<dt>Finished</dt><dd><time datetime="${result.finishedAt}">${when(result.finishedAt)}</time></dd>
<dt>Duration</dt><dd>${duration(result.startedAt, result.finishedAt) || '—'}</dd>
</dl></div>
<div class="meta-card"><h2>Policy and tool</h2><dl class="meta">
<dt>Policy</dt><dd class="mono">${result.policy.source}</dd>
<dt>Default tier</dt><dd>${result.policy.defaultTier}</dd>
<dt>Tiers</dt><dd>${result.policy.tiers.join(', ') || '—'}</dd>
<dt>Rules</dt><dd>${num(result.rules.length)}</dd>
<dt>Tool</dt><dd>${result.tool.name} ${result.tool.version} <span class="muted">(report schema ${result.schemaVersion})</span></dd>
</dl></div>
${provenanceCard(result)}
</div>
</section>`;
}

/** The auditor's trail: revision, digests of the policy, baseline and every input, the gate, the effective tier numbers. */
function provenanceCard(result: ScanResult): Raw | string {
  const p = result.provenance;
  if (!p) return '';
  const short = (h?: string) => (h ? html`<code title="${h}">${h.slice(0, 12)}</code>` : html`<span class="muted">not readable</span>`);
  const tiers = Object.entries(p.tiers);
  const leaves = (o: unknown, prefix = ''): [string, unknown][] =>
    o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)) : [[prefix, o]];
  return html`<div class="meta-card" id="provenance"><h2>Provenance</h2><dl class="meta">
<dt>Revision</dt><dd class="mono">${p.git ? html`${p.git.commit ?? 'no commit yet'}${p.git.dirty ? html` <strong>(uncommitted changes)</strong>` : ' (clean)'}` : html`<span class="muted">not in a git repository</span>`}</dd>
<dt>Gate</dt><dd id="meta-gate">${gateSentence(result) ?? html`<span class="muted">not run as a gate</span>`}</dd>
<dt>Policy</dt><dd>${'builtin' in p.policy ? 'built-in' : html`<span class="mono">${p.policy.file}</span> SHA-256 ${short(p.policy.sha256)}`}</dd>
${p.baseline ? html`<dt>Baseline</dt><dd><span class="mono">${p.baseline.file}</span> (${num(p.baseline.entries)} entries) SHA-256 ${short(p.baseline.sha256)}</dd>` : ''}
<dt>Inputs</dt><dd><details><summary>${plural(p.inputs.length, 'file')} with SHA-256</summary><ul class="mono">${p.inputs.map((i) => html`<li>${i.file} ${short(i.sha256)}</li>`)}</ul></details></dd>
<dt>Tier numbers</dt><dd><details><summary>effective requirements of ${plural(tiers.length, 'tier')}</summary>${tiers.map(
    ([name, req]) => html`<p><strong>${name}</strong>: <span class="mono">${leaves(req).map(([k, v], i) => html`${i ? ', ' : ''}${k}=${JSON.stringify(v)}`)}</span></p>`,
  )}</details></dd>
</dl></div>`;
}

function loc(file: string, line?: number, column?: number): string {
  return line ? `${file}:${line}${column ? `:${column}` : ''}` : file;
}

const REASON_LIMIT = 50;

export function notAssessed(result: ScanResult, model: ReportModel): Raw {
  const s = result.summary;
  const nothing = !result.errors.length && !result.coverage.length && !s.byStatus.unknown && !result.warnings.length;
  const errors = result.errors.length
    ? html`<div class="table-wrap"><table class="data" id="input-errors"><caption class="sr-only">Input errors</caption><thead><tr><th scope="col">Location</th><th scope="col">Kind</th><th scope="col">Message</th></tr></thead><tbody>${result.errors.map(
        (e) => html`<tr><td class="mono">${loc(e.file, e.line, e.column)}</td><td><span class="tag">${e.kind}</span></td><td>${e.message}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="none">None: every input was read.</p>`;
  const coverage = result.coverage.length
    ? html`<div class="table-wrap"><table class="data" id="coverage-gaps"><caption class="sr-only">Coverage gaps</caption><thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Service / scope</th><th scope="col">Error code</th><th scope="col">Message</th></tr></thead><tbody>${result.coverage.map(
        (g) =>
          html`<tr><td>${g.accountName ?? ''}${g.accountName && g.accountId ? html`<br>` : ''}${g.accountId ? html`<span class="mono muted">${g.accountId}</span>` : ''}${
            !g.accountName && !g.accountId ? html`<span class="muted">—</span>` : ''
          }</td><td class="mono">${g.region ?? html`<span class="muted">all</span>`}</td><td>${[g.service, g.scope].filter(Boolean).join(' · ') || html`<span class="muted">all</span>`}</td><td><span class="tag tag-warn">${g.errorCode}</span></td><td>${g.message}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="none">None: every account, region and service in scope was reached.</p>`;
  const reasons = model.unknownReasons;
  const reasonRow = (g: (typeof reasons)[number]): Raw =>
    html`<tr><td class="num">${countLink(g.count, { status: 'unknown', rule: g.ruleId }, 'unknown results')}</td><td class="mono">${g.ruleId}</td><td>${g.reason}</td></tr>`;
  const unknowns = s.byStatus.unknown
    ? html`<p><strong id="unknown-count">${num(s.byStatus.unknown)}</strong> ${s.byStatus.unknown === 1 ? 'result' : 'results'} could not be determined (a value depends on an unresolved variable, a missing module, or an unreadable account). Grouped by rule and reason (${plural(
        reasons.length,
        'group',
      )}):</p>
<div class="table-wrap"><table class="data" id="unknown-reasons"><caption class="sr-only">Unknown results by reason</caption><thead><tr><th scope="col" class="num">Results</th><th scope="col">Rule</th><th scope="col">Reason</th></tr></thead><tbody>${reasons
        .slice(0, REASON_LIMIT)
        .map(reasonRow)}</tbody></table></div>${
        reasons.length > REASON_LIMIT
          ? html`<p class="muted">… and ${plural(reasons.length - REASON_LIMIT, 'more reason')}; filter the findings table by status “Unknown” to see them all.</p>`
          : ''
      }`
    : html`<p class="none">None: every evaluated result is a definite pass or fail.</p>`;
  const warnings = result.warnings.length
    ? html`<div class="table-wrap"><table class="data" id="warnings"><caption class="sr-only">Warnings</caption><thead><tr><th scope="col">Code</th><th scope="col">Message</th><th scope="col">Where</th></tr></thead><tbody>${result.warnings.map(
        (w) => html`<tr><td><span class="tag tag-warn">${w.code}</span></td><td>${w.message}</td><td class="mono">${w.file ? loc(w.file, w.line) : '—'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="none">None.</p>`;
  const n = (x: number): Raw => html`<span class="pill ${x ? 'pill-warn' : 'pill-ok'}">${num(x)}</span>`;
  return html`<section id="not-assessed" class="section ${nothing ? 'assessed-all' : 'attention'}" aria-labelledby="na-h">
<h2 id="na-h">What could not be assessed</h2>
<p class="lead">${
    nothing
      ? 'Everything in scope was read and assessed, and every result is a definite pass or fail.'
      : 'The parts below were not evaluated or gave no verdict. A passing result elsewhere says nothing about them; the scan is only as complete as this list is empty.'
  }</p>
<div class="na-grid">
<div class="na-block"><h3>Input errors ${n(result.errors.length)}</h3><p class="hint">Files that could not be read or parsed; their resources were not assessed.</p>${errors}</div>
<div class="na-block"><h3>Coverage gaps ${n(result.coverage.length)}</h3><p class="hint">Accounts, regions or services that could not be reached.</p>${coverage}</div>
<div class="na-block"><h3>Unknown results ${n(s.byStatus.unknown)}</h3>${unknowns}</div>
<div class="na-block"><h3>Warnings ${n(result.warnings.length)}</h3><p class="hint">Things to know that are not findings, such as expired suppressions.</p>${warnings}</div>
</div>
</section>`;
}

export function summary(result: ScanResult, model: ReportModel): Raw {
  const s = result.summary;
  const tile = (st: Status): Raw =>
    html`<div class="tile tile-${st}"><div class="tile-n"><a class="count-link" href="#findings" ${filterAttrs({ status: st })} id="sum-${st}">${num(s.byStatus[st])}</a></div><div class="tile-label">${statusBadge(st)}</div></div>`;
  const baselineNew = result.findings.filter((f) => f.status === 'fail' && f.baselineState === 'new').length;
  const baselineUnchanged = result.findings.filter((f) => f.status === 'fail' && f.baselineState === 'unchanged').length;
  const unknownUnchanged = result.findings.filter((f) => f.status === 'unknown' && f.baselineState === 'unchanged').length;
  const tierRows = model.tiers.map((t) => {
    const c: Counts = { ...zero(), ...s.byTier[t] };
    const isDefault = t === result.policy.defaultTier;
    return html`<tr data-tier="${t}"><th scope="row">${t}${isDefault ? html` <span class="muted small">(default)</span>` : ''}</th><td class="bar-cell">${stackedBar(c, `tier ${t}`)}</td>${countCells(
      c,
      { tier: t },
      `tier ${t}`,
    )}</tr>`;
  });
  const accounts = model.accounts.length
    ? html`<div class="card wide"><h3>By account</h3><p class="hint">Live results per AWS account; “not assessed” counts coverage gaps (account × region × service).</p><div class="table-wrap"><table class="data" id="by-account"><thead><tr><th scope="col">Account</th><th scope="col">Regions</th><th scope="col" class="bar-col">Results</th>${COUNT_HEADERS}<th scope="col" class="num">Not assessed</th></tr></thead><tbody>${model.accounts.map(
        (a) => {
          const label = a.accountName && a.accountId ? `${a.accountName} (${a.accountId})` : (a.accountName ?? a.accountId ?? a.key);
          return html`<tr><th scope="row">${a.accountName ?? a.accountId}${a.accountName && a.accountId ? html`<br><span class="mono muted small">${a.accountId}</span>` : ''}</th><td class="mono small">${a.regions.join(', ') || '—'}</td><td class="bar-cell">${stackedBar(a.counts, `account ${label}`)}</td>${countCells(
            a.counts,
            { account: label },
            `account ${label}`,
          )}<td class="num ${a.gaps ? 'st-warn-text' : ''}">${a.gaps ? html`<a class="count-link" href="#not-assessed">${num(a.gaps)}</a>` : html`<span class="zero">0</span>`}</td></tr>`;
        },
      )}</tbody></table></div></div>`
    : '';
  return html`<section id="summary" class="section" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<div class="cards">
<div class="card"><h3>Results by status</h3><div class="donut-row">${statusDonut(s.byStatus)}<div class="tiles">${STATUS_ORDER.map(tile)}</div></div>
<p class="small muted" id="sum-extra">${plural(s.findings, 'result')} from ${plural(result.rules.length, 'rule')} on ${plural(s.resources, 'resource')}.${
    model.suppressed ? html` <span id="sum-suppressed">${plural(model.suppressed, 'failing result')} suppressed</span> (accepted risk, still counted as fail).` : ''
  }${baselineNew || baselineUnchanged ? html` Baseline: ${num(baselineNew)} new, ${num(baselineUnchanged)} unchanged failing results.` : ''}${
    unknownUnchanged ? html` ${plural(unknownUnchanged, 'unknown result')} already in the baseline.` : ''
  }</p></div>
<div class="card"><h3>Failing results by severity</h3>${severityBars(s.failBySeverity)}
<table class="data compact" id="by-severity"><caption class="sr-only">Failing results by severity</caption><thead><tr>${SEVERITIES.map((sev) => html`<th scope="col" class="num">${sev}</th>`)}</tr></thead><tbody><tr>${SEVERITIES.map(
    (sev) => html`<td class="num" data-severity="${sev}">${countLink(s.failBySeverity[sev] ?? 0, { status: 'fail', severity: sev }, `${sev} failures`)}</td>`,
  )}</tr></tbody></table></div>
<div class="card wide"><h3>By tier</h3><p class="hint">Business tier of each resource (policy entry, tag, account, or the default tier; each finding says which).</p><div class="table-wrap"><table class="data" id="by-tier"><thead><tr><th scope="col">Tier</th><th scope="col" class="bar-col">Results</th>${COUNT_HEADERS}</tr></thead><tbody>${tierRows}</tbody></table></div></div>
${accounts}
</div>
</section>`;
}

const REQ_STATE: Record<RequirementRow['state'], [string, string]> = {
  'not-met': ['Not met', 'fail'],
  accepted: ['Accepted risk', 'supp'],
  undetermined: ['Not determined', 'unknown'],
  met: ['Met', 'pass'],
  'not-evaluated': ['Not evaluated', 'none'],
};

export function requirements(model: ReportModel): Raw {
  const rows = model.requirements.map((r) => {
    const [label, cls] = REQ_STATE[r.state];
    return html`<tr data-req="${r.id}"><th scope="row"><span class="mono">${r.id}</span>${r.title ? html`<div class="small muted">${r.title}</div>` : ''}</th><td><span class="state state-${cls}">${label}</span>${
      r.suppressed ? html`<div class="small muted state-note">${num(r.suppressed)} suppressed</div>` : ''
    }</td><td>${
      r.rules.length
        ? html`<ul class="plain rules-list">${r.rules.map((rule) => html`<li><a class="mono" href="#rule-${rule.id}">${rule.id}</a> <span class="muted">${rule.title}</span></li>`)}</ul>`
        : html`<span class="muted">no rule in this scan</span>`
    }</td><td class="bar-cell">${stackedBar(r.counts, `requirement ${r.id}`)}</td>${countCells(r.counts, { req: r.id }, `requirement ${r.id}`)}</tr>`;
  });
  return html`<section id="requirements" class="section" aria-labelledby="req-h">
<h2 id="req-h">Traceability by requirement</h2>
<p class="lead">Each requirement of the catalogue that this scan checked, the rules that enforce it, and their results. “Not evaluated” means no resource in scope was subject to it; “Not determined” means some results are unknown.</p>
<div class="table-wrap"><table class="data" id="traceability"><thead><tr><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Enforced by</th><th scope="col" class="bar-col">Results</th>${COUNT_HEADERS}</tr></thead><tbody>${
    rows.length ? rows : html`<tr><td colspan="8" class="muted">No requirement was checked.</td></tr>`
  }</tbody></table></div>
</section>`;
}

export function rules(result: ScanResult): Raw {
  const rows = result.rules.map((r) => {
    const c: Counts = { pass: r.pass, fail: r.fail, unknown: r.unknown };
    return html`<tr data-rule="${r.id}"><th scope="row"><a class="mono" href="#rule-${r.id}">${r.id}</a><div class="small muted">${r.title}</div></th><td class="mono small">${r.requirements.join(', ')}</td><td class="small">${severityText(
      r.severity,
    )}</td><td class="num">${num(r.evaluated)}</td><td class="bar-cell">${stackedBar(c, `rule ${r.id}`)}</td>${countCells(c, { rule: r.id }, `rule ${r.id}`)}</tr>`;
  });
  return html`<section id="rules" class="section" aria-labelledby="rules-h">
<h2 id="rules-h">Results by rule</h2>
<div class="table-wrap"><table class="data" id="by-rule"><thead><tr><th scope="col">Rule</th><th scope="col">Requirements</th><th scope="col">Severity</th><th scope="col" class="num">Evaluated</th><th scope="col" class="bar-col">Results</th>${COUNT_HEADERS}</tr></thead><tbody>${
    rows.length ? rows : html`<tr><td colspan="9" class="muted">No rule ran.</td></tr>`
  }</tbody></table></div>
</section>`;
}

function option(value: string, label: string, selected = false): Raw {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

export function findings(result: ScanResult, model: ReportModel, defaultStatus: 'open' | 'all', reqIds: readonly string[]): Raw {
  const accounts = model.accounts
    .filter((a) => a.counts.pass + a.counts.fail + a.counts.unknown > 0)
    .map((a) => (a.accountName && a.accountId ? `${a.accountName} (${a.accountId})` : (a.accountName ?? a.accountId ?? a.key)))
    .sort();
  const ruleIds = [...new Set([...result.rules.map((r) => r.id), ...result.findings.map((f) => f.ruleId)])].sort();
  const sortHeader = (key: string, label: string, cls = ''): Raw =>
    html`<th scope="col" aria-sort="none" data-sort="${key}"${cls ? html` class="${cls}"` : ''}><button type="button" class="sort-btn">${label}<span class="sort-ind" aria-hidden="true"></span></button></th>`;
  return html`<section id="findings" class="section" aria-labelledby="findings-h">
<h2 id="findings-h">Findings <span class="muted small">(${plural(result.findings.length, 'result')})</span></h2>
<noscript><p class="none">The findings table needs JavaScript. The summary above is complete; every finding with its evidence is also in the JSON report (<code>--format json</code>).</p></noscript>
<form id="filters" class="filters js-only" role="search" aria-label="Filter findings">
<div class="filter filter-search"><label for="f-q">Search</label><input type="search" id="f-q" placeholder="Resource, ARN, account, message, file…" autocomplete="off" spellcheck="false"></div>
<div class="filter"><label for="f-status">Status</label><select id="f-status">${option('open', 'Fail + unknown', defaultStatus === 'open')}${option('fail', 'Fail')}${option('unknown', 'Unknown')}${option('pass', 'Pass')}${option(
    'all',
    'All statuses',
    defaultStatus === 'all',
  )}</select></div>
<div class="filter"><label for="f-severity">Severity</label><select id="f-severity">${option('', 'All severities')}${SEVERITIES.map((s) => option(s, s))}</select></div>
<div class="filter"><label for="f-tier">Tier</label><select id="f-tier">${option('', 'All tiers')}${model.tiers.map((t) => option(t, t))}</select></div>
<div class="filter"><label for="f-rule">Rule</label><select id="f-rule">${option('', 'All rules')}${ruleIds.map((r) => option(r, r))}</select></div>
<div class="filter"><label for="f-req">Requirement</label><select id="f-req">${option('', 'All requirements')}${reqIds.map((r) => option(r, r))}</select></div>
${accounts.length ? html`<div class="filter"><label for="f-account">Account</label><select id="f-account">${option('', 'All accounts')}${accounts.map((a) => option(a, a))}</select></div>` : ''}
<div class="filter"><label for="f-supp">Suppression</label><select id="f-supp">${option('', 'Any')}${option('active', 'Not suppressed')}${option('suppressed', 'Suppressed only')}</select></div>
<div class="filter filter-actions"><button type="button" id="f-reset" class="btn">Reset filters</button></div>
</form>
<div class="table-toolbar js-only"><p id="view-count" aria-live="polite" class="view-count"></p><div class="toolbar-buttons"><button type="button" id="expand-all" class="btn btn-small">Expand page</button><button type="button" id="collapse-all" class="btn btn-small">Collapse all</button></div></div>
<div class="table-wrap js-only" id="findings-wrap"><table class="data findings" id="findings-table"><caption class="sr-only">Findings; activate a row's button to show its evidence</caption>
<colgroup><col class="c-exp"><col class="c-status"><col class="c-sev"><col class="c-rule"><col class="c-res"><col class="c-tier"><col class="c-loc"><col class="c-msg"></colgroup>
<thead><tr><th scope="col" class="exp-col"><span class="sr-only">Details</span></th>${sortHeader('status', 'Status')}${sortHeader('severity', 'Severity')}${sortHeader('rule', 'Rule')}${sortHeader(
    'resource',
    'Resource',
  )}${sortHeader('tier', 'Tier')}${sortHeader('location', 'Location')}${sortHeader('message', 'Message')}</tr></thead>
<tbody id="findings-body"></tbody></table></div>
<nav class="pager js-only" id="pager" aria-label="Findings pages"><button type="button" class="btn btn-small" data-page="first">« First</button><button type="button" class="btn btn-small" data-page="prev">‹ Previous</button><span id="page-info" class="page-info"></span><button type="button" class="btn btn-small" data-page="next">Next ›</button><button type="button" class="btn btn-small" data-page="last">Last »</button><label class="page-size"><span>Rows per page</span> <select id="page-size"><option value="50">50</option><option value="100" selected>100</option><option value="250">250</option><option value="500">500</option></select></label></nav>
<div id="print-findings" class="print-only"></div>
</section>`;
}

function ruleReference(r: RuleRun): Raw {
  const fixes = remediationEntries(r);
  const docs = r.docsUrl && /^https?:\/\//i.test(r.docsUrl) ? r.docsUrl : undefined;
  return html`<article class="rule-ref" id="rule-${r.id}"><h3><span class="mono">${r.id}</span> — ${r.title}</h3>
<dl class="kv"><dt>Requirements</dt><dd class="mono">${r.requirements.join(', ') || '—'}</dd><dt>Severity</dt><dd>${severityText(r.severity)}</dd><dt>Applies to</dt><dd class="mono">${r.appliesTo.join(', ') || '—'}</dd>${r.tags?.length ? html`<dt>Tags</dt><dd>${r.tags.join(', ')}</dd>` : ''}
<dt>Rationale</dt><dd>${r.rationale || '—'}</dd>${
    fixes.length ? html`<dt>Remediation</dt><dd>${fixes.map(([k, v]) => html`<div class="fix"><span class="fix-label">${k}</span><pre class="code">${v}</pre></div>`)}</dd>` : ''
  }${docs ? html`<dt>Documentation</dt><dd><a href="${docs}" rel="noopener noreferrer" class="mono">${docs}</a></dd>` : r.docsUrl ? html`<dt>Documentation</dt><dd class="mono">${r.docsUrl}</dd>` : ''}</dl></article>`;
}

export function reference(result: ScanResult): Raw {
  return html`<section id="reference" class="section" aria-labelledby="ref-h">
<h2 id="ref-h">Rules: rationale and remediation</h2>
${result.rules.length ? result.rules.map(ruleReference) : html`<p class="muted">No rule ran.</p>`}
</section>`;
}

export function footer(result: ScanResult): Raw {
  return html`<footer class="foot"><div class="wrap">Generated by ${result.tool.name} ${result.tool.version} from a scan finished ${when(
    result.finishedAt,
  )}. This file is self-contained: it loads nothing from the network.</div></footer>`;
}
