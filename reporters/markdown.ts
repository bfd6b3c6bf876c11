/**
 * GitHub-flavoured Markdown for pull request comments and
 * `$GITHUB_STEP_SUMMARY`: a verdict, right after it what could not be
 * determined and why (most frequent reasons), a count table, the top failing
 * findings, the undetermined results, and what could not be read.
 *
 * Pure: `(ScanResult) → string`. Every user-controlled string (resource
 * names, messages, tier details, file names, justifications) goes through
 * `mdText` or `mdCode`, so it cannot break a table row, open a link, inject
 * HTML or mention someone.
 */
import type { Finding, ScanResult } from '../src/engine/result.js';
import {
  domainTitle,
  failureView,
  isTopTier,
  singlePointsOfFailure,
  STATE_TEXT,
  type FailureView,
} from './failure-domains.js';
import type { WorkloadImpact, WorkloadState } from '../src/analysis/failure-types.js';
import { SEVERITIES, type Severity } from '../src/policy/types.js';
import { describeOrganization, gateSentence, summarizeUnknowns, unknownReasonIn, where, type UnknownSummary } from './common.js';
import type { ReporterOptions } from './types.js';

export interface MarkdownOptions extends ReporterOptions {
  /** How many failing findings to list (default 20). */
  top?: number;
  /** How many unknown results, unknown reasons, input errors and coverage gaps to list (default 5 each). */
  details?: number;
  /** Critical/high workloads (rows) and domains (columns) of the failure-domain matrix (default 15 and 12). */
  matrixRows?: number;
  matrixColumns?: number;
  /** Where the full report is, e.g. `resilint-report/report.html` or an artifact URL; adds a last line. */
  reportLink?: string;
}

const CELL_MAX = 200;
const SEVERITY_ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

// ---------------------------------------------------------------------------
// Escaping

function oneLine(text: string): string {
  // Newlines end a table row; other control characters have no business in a comment.
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\t/g, ' ');
}

function clip(text: string, max = CELL_MAX): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/**
 * Plain text for a table cell or a list item: no HTML (`<`, `>`, `&` as
 * entities), no emphasis, code, links, strikethrough, math or table pipes
 * (backslash-escaped: `[`, `]` so `](` can never open a link), and no
 * @-mentions (a zero-width space after `@`).
 */
export function mdText(value: unknown, max = CELL_MAX): string {
  const s = clip(oneLine(String(value ?? '')), max);
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/@(?=\w)/g, '@\u200B');
}

/**
 * An identifier as a code span: nothing inside is Markdown or HTML. Only the
 * table pipe needs escaping (GFM unescapes `\|` before it parses the span),
 * and the fence is longer than any backtick run inside.
 */
export function mdCode(value: unknown, max = CELL_MAX): string {
  const s = clip(oneLine(String(value ?? '')), max).replace(/\|/g, '\\|');
  if (s.length === 0) return '';
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------




// ---------------------------------------------------------------------------
// Failure domains

const MD_STATE: Record<WorkloadState, string> = { unaffected: '✅', degraded: '🟠', down: '❌', unknown: '❓' };

/** A matrix cell: the state's symbol, then ⏱ when the RTO or RPO target is breached, ❔ when it cannot be told for an affected workload. */
export function mdCell(i: WorkloadImpact | undefined): string {
  if (!i) return '–';
  const mark =
    i.rtoVerdict === 'breached' || i.rpoVerdict === 'breached' ? ' ⏱' : i.state !== 'unaffected' && (i.rtoVerdict === 'unknown' || i.rpoVerdict === 'unknown') ? ' ❔' : '';
  return MD_STATE[i.state] + mark;
}

function failureMatrix(result: ScanResult, view: FailureView, rows: number, columns: number, details: number): string[] {
  const fd = result.failureDomains!;
  const top = view.workloads.filter((w) => isTopTier(w.tier));
  const out = [`### Failure domains`, ''];
  out.push(
    `What losing each AZ and Region does to ${plural(top.length, 'critical/high workload')} (of ${view.workloads.length}). ` +
      Object.entries(MD_STATE)
        .map(([s, sym]) => `${sym} ${STATE_TEXT[s as WorkloadState]}`)
        .join(' · ') +
      ' · ⏱ RTO or RPO target breached · ❔ target not known to be met (no documented figure or no target) · – not simulated',
    '',
  );
  if (top.length) {
    const domains = view.domains.slice(0, columns);
    const shown = top.slice(0, rows);
    out.push(`| Workload | Tier | ${domains.map((d) => mdText(domainTitle(d), 60)).join(' | ')} |`, `|---|---|${domains.map(() => ':-:').join('|')}|`);
    for (const w of shown) out.push(`| ${mdCode(w.address, 120)} | ${mdText(w.tier, 40)} | ${domains.map((d) => mdCell(view.impact(w.id, d.id))).join(' | ')} |`);
    const more = [
      top.length > shown.length ? `${plural(top.length - shown.length, 'more critical/high workload')}` : '',
      view.domains.length > domains.length ? `${plural(view.domains.length - domains.length, 'more domain')}` : '',
    ].filter(Boolean);
    if (more.length) out.push('', `…and ${more.join(' and ')} in the full report.`);
    out.push('');
  }
  const spofs = singlePointsOfFailure(view, fd, result.policy.tiers);
  if (spofs.length) {
    const shown = spofs.slice(0, details);
    out.push(`**Top single points of failure**${spofs.length > shown.length ? ` (${shown.length} of ${spofs.length})` : ''}:`, '');
    for (const s of shown) {
      const names = s.workloads.slice(0, 3).map((w) => mdCode(w.address, 80));
      const rest = s.workloads.length - names.length;
      out.push(
        `- ${mdCode(s.step.address)} — losing ${s.domains.map((d) => mdText(domainTitle(d), 60)).join(', ')} takes down ${plural(s.workloads.length, 'workload')} ` +
          `(${s.topTier} critical/high): ${names.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`,
      );
    }
    out.push('');
  }
  if (fd.notes.length) out.push(`ℹ️ Not simulated: ${fd.notes.slice(0, details).map((n) => mdText(n, 200)).join('; ')}${fd.notes.length > details ? '; …' : ''}`, '');
  return out;
}

const isActiveFail = (f: Finding) => f.status === 'fail' && !f.suppression;

function compareFindings(a: Finding, b: Finding): number {
  const sev = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (sev) return sev;
  const fresh = Number(a.baselineState === 'unchanged') - Number(b.baselineState === 'unchanged');
  if (fresh) return fresh;
  // Files first (by path and line), then live resources by ARN.
  const fileA = a.location ? a.location.file : `\uFFFF${a.resource.arn ?? a.resource.address}`;
  const fileB = b.location ? b.location.file : `\uFFFF${b.resource.arn ?? b.resource.address}`;
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  const line = (a.location?.line ?? 0) - (b.location?.line ?? 0);
  if (line) return line;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.resource.address < b.resource.address ? -1 : a.resource.address > b.resource.address ? 1 : 0;
}

function heading(result: ScanResult, fails: Finding[], baseline: boolean, unknowns: number): string {
  const fresh = fails.filter((f) => f.baselineState !== 'unchanged');
  const baselined = fails.length - fresh.length;
  const gaps = !result.summary.complete ? ' — scan incomplete' : '';
  if (baseline) {
    if (fresh.length) return `## ❌ resilint: ${plural(fresh.length, 'new failing finding')} (${baselined} baselined)${gaps}`;
    if (baselined) return `## ⚠️ resilint: no new failing findings (${baselined} baselined)${gaps}`;
  } else if (fails.length) {
    return `## ❌ resilint: ${plural(fails.length, 'failing finding')}${gaps}`;
  }
  // With --fail-on-unknown, undetermined results at the threshold fail the gate: the heading says so.
  const gate = result.gate;
  if (unknowns && gate?.failOnUnknown && gate.atThreshold.unknown) {
    return `## ❌ resilint: no failing findings, but ${unknowns} could not be determined (--fail-on-unknown)${gaps}`;
  }
  if (unknowns || gaps) return `## ⚠️ resilint: no failing findings, ${unknowns} could not be determined${gaps}`;
  return `## ✅ resilint: no failing findings`;
}

/** The auditor's trail, folded: revision, gate, policy/baseline/input digests, effective tier numbers. */
function provenanceBlock(result: ScanResult): string[] {
  const p = result.provenance;
  const gate = gateSentence(result);
  if (!p && !gate) return [];
  const out = ['<details><summary>Provenance</summary>', ''];
  if (gate) out.push(`- Gate: ${mdText(gate, 300)}`);
  if (p) {
    out.push(`- Tool: resilint ${mdText(p.tool.version, 40)} on Node.js ${mdText(p.tool.node, 40)}`);
    out.push(p.git ? `- Revision: ${mdCode(p.git.commit ?? 'no commit yet', 80)}${p.git.dirty ? ' **with uncommitted changes**' : ' (clean)'}` : '- Revision: not in a git repository');
    out.push('builtin' in p.policy ? '- Policy: built-in' : `- Policy: ${mdCode(p.policy.file, 200)} SHA-256 ${mdCode(p.policy.sha256 ?? 'not readable', 80)}`);
    if (p.baseline) out.push(`- Baseline: ${mdCode(p.baseline.file, 200)} (${p.baseline.entries} entries) SHA-256 ${mdCode(p.baseline.sha256 ?? 'not readable', 80)}`);
    out.push(`- Inputs (${p.inputs.length}):`);
    // A PR comment has a size limit: the full list is in the JSON and HTML reports.
    for (const i of p.inputs.slice(0, 50)) out.push(`  - ${mdCode(i.file, 200)} ${mdCode(i.sha256 ?? 'not readable', 80)}`);
    if (p.inputs.length > 50) out.push(`  - …and ${p.inputs.length - 50} more in the JSON report`);
    out.push('- Effective tier numbers:');
    for (const [name, req] of Object.entries(p.tiers)) out.push(`  - ${mdText(name, 60)}: ${mdCode(JSON.stringify(req), 600)}`);
  }
  out.push('', '</details>', '');
  return out;
}

function countTable(result: ScanResult, baseline: boolean): string[] {
  const rows: [string, (f: Finding) => boolean][] = [['❌ Failing', isActiveFail]];
  if (baseline) {
    rows.push(['  ↳ new', (f) => isActiveFail(f) && f.baselineState !== 'unchanged']);
    rows.push(['  ↳ baselined', (f) => isActiveFail(f) && f.baselineState === 'unchanged']);
  }
  rows.push(
    ['🔕 Suppressed', (f) => f.status !== 'pass' && Boolean(f.suppression)],
    ['❓ Unknown', (f) => f.status === 'unknown' && !f.suppression],
    ['✅ Passing', (f) => f.status === 'pass'],
  );
  const out = [`| Status | ${SEVERITIES.join(' | ')} | Total |`, `|---|${SEVERITIES.map(() => '--:').join('|')}|--:|`];
  for (const [label, match] of rows) {
    const group = result.findings.filter(match);
    const cells = SEVERITIES.map((s) => String(group.filter((f) => f.severity === s).length));
    out.push(`| ${label.replace(/^ {2}/, '&nbsp;&nbsp;')} | ${cells.join(' | ')} | ${group.length} |`);
  }
  return out;
}

function tierLine(result: ScanResult): string | undefined {
  const tiers = [...new Set([...result.policy.tiers, ...result.findings.map((f) => f.resource.tier)])];
  const parts: string[] = [];
  for (const tier of tiers) {
    const group = result.findings.filter((f) => f.resource.tier === tier);
    if (!group.length) continue;
    const fail = group.filter(isActiveFail).length;
    const unknown = group.filter((f) => f.status === 'unknown' && !f.suppression).length;
    const pass = group.filter((f) => f.status === 'pass').length;
    parts.push(`${mdText(tier, 60)}: ${fail} failing, ${unknown} unknown, ${pass} passing`);
  }
  return parts.length ? `**By tier:** ${parts.join(' · ')}` : undefined;
}

/** Right after the verdict: how many results are undetermined and the most frequent reasons, so "nothing decided" never reads as compliant. */
function unknownLead(result: ScanResult, u: UnknownSummary, top: number): string[] {
  if (!u.open) return [];
  const g = result.gate;
  const asides = [u.baselined ? `${u.baselined} in the baseline` : '', u.suppressed ? `${u.suppressed} more suppressed` : ''].filter(Boolean);
  const aside = asides.length ? ` (${asides.join(', ')})` : '';
  const note =
    g && g.atThreshold.unknown
      ? g.failOnUnknown
        ? ` ${plural(g.atThreshold.unknown, 'result')} at or above \`${g.failOn}\` fail this gate (\`--fail-on-unknown\`).`
        : ` ${plural(g.atThreshold.unknown, 'result')} at or above \`${g.failOn}\` would fail with \`--fail-on-unknown\`.`
      : '';
  const out = [
    `❓ **${plural(u.open, 'result')} could not be determined** — neither pass nor fail, so not compliant until resolved${aside}.${note}` +
      (top > 0 ? ' Top reasons:' : ''),
    '',
  ];
  if (top > 0) {
    const shown = u.groups.slice(0, top);
    out.push('| Results | Rule | Reason |', '|--:|---|---|');
    for (const x of shown) out.push(`| ${x.count} | ${mdCode(x.ruleId, 80)} | ${mdText(x.reason)} |`);
    if (u.groups.length > shown.length) out.push('', `…and ${plural(u.groups.length - shown.length, 'more reason')}.`);
    out.push('');
  }
  return out;
}

/** Compact Markdown summary (fits a PR comment: at most `top` findings, cells clipped). */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const top = Math.max(0, Math.trunc(options.top ?? 20));
  const details = Math.max(0, Math.trunc(options.details ?? 5));
  const s = result.summary;
  const fails = result.findings.filter(isActiveFail);
  const unknowns = result.findings.filter((f) => f.status === 'unknown' && !f.suppression);
  const baseline = result.findings.some((f) => f.baselineState !== undefined);
  const out: string[] = [];

  out.push(heading(result, fails, baseline, unknowns.length), '');
  out.push(...unknownLead(result, summarizeUnknowns(result.findings), details));
  out.push(
    `resilint ${mdText(result.tool.version, 40)} · ${plural(s.resources, 'resource')} · ${plural(result.rules.length, 'rule')} · ` +
      `${plural(result.files.length, 'file')} · policy ${mdCode(result.policy.source, 120)}`,
    '',
  );
  if (result.organization) out.push(mdText(describeOrganization(result.organization), 400), '');
  out.push(...countTable(result, baseline), '');
  const tiers = tierLine(result);
  if (tiers) out.push(tiers, '');

  if (fails.length && top > 0) {
    const shown = [...fails].sort(compareFindings).slice(0, top);
    out.push(`### Failing findings${fails.length > shown.length ? ` (top ${shown.length} of ${fails.length})` : ''}`, '');
    out.push('| Severity | Rule | Resource | Tier | Location | Message |', '|---|---|---|---|---|---|');
    for (const f of shown) {
      const sev = `${SEVERITY_ICON[f.severity]} ${f.severity}${baseline && f.baselineState !== 'unchanged' ? ' **new**' : ''}`;
      out.push(`| ${sev} | ${mdCode(f.ruleId, 80)} | ${mdCode(f.resource.address)} | ${mdText(f.resource.tier, 60)} | ${mdCode(where(f))} | ${mdText(f.message)} |`);
    }
    if (fails.length > shown.length) out.push('', `…and ${fails.length - shown.length} more failing findings in the full report.`);
    out.push('');
  }

  if (unknowns.length) {
    out.push(`**Undetermined results**${unknowns.length > details ? ` (first ${details} of ${unknowns.length})` : ''}:`, '');
    for (const f of unknowns.slice(0, details)) {
      const reason = unknownReasonIn(f.evidence);
      out.push(`- ${mdCode(f.ruleId, 80)} on ${mdCode(f.resource.address)}: ${mdText(f.message)}${reason && !f.message.includes(reason) ? ` — ${mdText(reason)}` : ''}`);
    }
    if (unknowns.length > details) out.push(`- …and ${unknowns.length - details} more`);
    out.push('');
  }

  if (result.failureDomains) {
    const view = failureView(result.failureDomains, result.policy.tiers);
    out.push(...failureMatrix(result, view, Math.max(0, Math.trunc(options.matrixRows ?? 15)), Math.max(1, Math.trunc(options.matrixColumns ?? 12)), details));
  }

  if (result.errors.length) {
    out.push(`⚠️ **${plural(result.errors.length, 'input')} could not be read**; ${result.errors.length === 1 ? 'its' : 'their'} resources were not assessed:`, '');
    for (const e of result.errors.slice(0, details)) {
      const pos = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '';
      out.push(`- ${mdCode(e.file + pos)} (${mdText(e.kind, 40)}): ${mdText(e.message)}`);
    }
    if (result.errors.length > details) out.push(`- …and ${result.errors.length - details} more`);
    out.push('');
  }

  if (result.coverage.length) {
    out.push(`⚠️ **${plural(result.coverage.length, 'part')} of the estate could not be assessed:**`, '');
    for (const g of result.coverage.slice(0, details)) {
      const account = g.accountName && g.accountId ? `${g.accountName} (${g.accountId})` : (g.accountName ?? g.accountId);
      const scope = [g.scope, account, g.region, g.service].filter(Boolean).join(' / ');
      out.push(`- ${scope ? `${mdCode(scope)} ` : ''}${mdCode(g.errorCode, 80)}: ${mdText(g.message)}`);
    }
    if (result.coverage.length > details) out.push(`- …and ${result.coverage.length - details} more`);
    out.push('');
  }

  if (result.warnings.length) {
    const first = result.warnings.slice(0, details).map((w) => mdText(w.message, 160));
    out.push(`ℹ️ ${plural(result.warnings.length, 'warning')}: ${first.join('; ')}${result.warnings.length > details ? '; …' : ''}`, '');
  }

  out.push(...provenanceBlock(result));

  if (options.reportLink) {
    const link = options.reportLink.trim();
    // A URL becomes an autolink (characters that would end it percent-encoded); a path stays literal text.
    const shown = /^https?:\/\/[^\s]+$/i.test(link) ? `<${link.replace(/[<>"`|\\]/g, encodeURIComponent)}>` : mdCode(link, 300);
    out.push(`Full report: ${shown}`);
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}
