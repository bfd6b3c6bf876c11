import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, ScanResult } from '../src/engine/result.js';
import { SEVERITIES, type Severity } from '../src/policy/types.js';
import { domainHeadlines, domainTitle, duration, failureView } from './failure-domains.js';
import { describeOrganization, showValue, summarizeUnknowns, where, type UnknownSummary } from './common.js';
import type { ReporterOptions } from './types.js';

/** How many unknown reasons the summary lists. */
const TOP_REASONS = 5;

function severityColor(c: ChalkInstance, s: Severity): (t: string) => string {
  switch (s) {
    case 'critical':
      return c.bgRed.white.bold;
    case 'high':
      return c.red.bold;
    case 'medium':
      return c.yellow.bold;
    case 'low':
      return c.blue.bold;
    default:
      return c.gray.bold;
  }
}

function line(c: ChalkInstance, f: Finding, mark: string, evidence = false): string[] {
  const r = f.resource;
  const out = [
    `  ${mark} ${c.bold(f.ruleId)}  ${r.address}  ${c.dim(`[${r.tier}: ${r.tierDetail}]`)}`,
    `      ${c.cyan(where(f, { column: true }))}  ${f.message}`,
  ];
  const e = f.evidence;
  if (evidence && e && (e.expected !== undefined || e.actual !== undefined)) {
    const parts = [e.expected !== undefined ? `expected ${showValue(e.expected)}` : '', e.actual !== undefined ? `found ${showValue(e.actual)}` : ''];
    out.push(`      ${c.dim(parts.filter(Boolean).join(' · '))}`);
  }
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** " (2 in the baseline, 3 more suppressed)" or "". */
function aside(u: UnknownSummary): string {
  const parts = [u.baselined ? `${u.baselined} in the baseline` : '', u.suppressed ? `${u.suppressed} more suppressed` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * The verdict line, then what could not be determined and why (most frequent
 * reasons first), so that "nothing decided" never reads as compliant.
 */
function verdict(c: ChalkInstance, result: ScanResult): string[] {
  const active = result.findings.filter((f) => f.status === 'fail' && !f.suppression);
  const fresh = active.filter((f) => f.baselineState !== 'unchanged');
  const baselined = active.length - fresh.length;
  const unknowns = summarizeUnknowns(result.findings);
  const incomplete = result.summary.complete ? '' : ' — scan incomplete';
  let head: string;
  if (fresh.length) head = c.red.bold('FAIL') + ` — ${plural(fresh.length, baselined ? 'new failing result' : 'failing result')}${baselined ? ` (${baselined} baselined)` : ''}${incomplete}`;
  else if (unknowns.open) head = c.magenta.bold('NOT DETERMINED') + ` — no failing results, but ${plural(unknowns.open, 'result')} could not be determined${incomplete}`;
  else if (incomplete) head = c.yellow.bold('INCOMPLETE') + ` — no failing results${incomplete}`;
  else head = c.green.bold('PASS') + ` — no failing or undetermined results${baselined ? ` (${baselined} baselined)` : ''}`;
  const g = result.gate;
  if (g) head += c.dim(` · gate: exit ${g.exitCode} (--fail-on ${g.failOn}${g.failOnUnknown ? ', --fail-on-unknown' : ''})`);
  const out = [head];
  if (unknowns.open) {
    const note =
      g && !g.failOnUnknown && g.atThreshold.unknown
        ? `; ${g.atThreshold.unknown} at or above ${g.failOn} would fail with --fail-on-unknown`
        : g?.failOnUnknown && g.atThreshold.unknown
          ? `; ${g.atThreshold.unknown} at or above ${g.failOn} fail this gate`
          : '';
    out.push(
      c.magenta.bold(`? ${plural(unknowns.open, 'result')} could not be determined`) +
        `${aside(unknowns)} — neither pass nor fail${note}. Top reasons:`,
    );
    const shown = unknowns.groups.slice(0, TOP_REASONS);
    const width = Math.max(...shown.map((x) => String(x.count).length));
    for (const x of shown) out.push(`  ${String(x.count).padStart(width)}× ${c.bold(x.ruleId)}: ${x.reason}`);
    const more = unknowns.groups.length - shown.length;
    if (more > 0) out.push(c.dim(`  … ${plural(more, 'more reason')}; every unknown result is listed under UNKNOWN below`));
  } else if (unknowns.suppressed) {
    out.push(c.dim(`${plural(unknowns.suppressed, 'result')} could not be determined and ${unknowns.suppressed === 1 ? 'is' : 'are'} suppressed`));
  }
  return out;
}

/**
 * Terminal summary: failures grouped by severity, then unknowns, input
 * errors and coverage gaps, then one count line. Right after the header:
 * the verdict, and the unknown results by reason. Passes are counted, not
 * listed (`verbose` lists them, and every listed result's evidence).
 */
export function renderText(result: ScanResult, options: ReporterOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const s = result.summary;
  out.push(
    c.bold(`resilint ${result.tool.version}`) +
      ` — ${result.files.length} file(s), ${s.resources} resource(s), ${result.rules.length} rule(s), policy: ${result.policy.source}`,
  );
  if (result.organization) out.push(describeOrganization(result.organization));
  out.push(...verdict(c, result));

  // Only what still counts is listed as failing; suppressed and baselined results have their own sections below.
  const fails = result.findings.filter((f) => f.status === 'fail' && !f.suppression && f.baselineState !== 'unchanged');
  for (const sev of SEVERITIES) {
    const group = fails.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('', severityColor(c, sev)(` ${sev.toUpperCase()} `) + c.bold(` ${group.length} failing`));
    for (const f of group) out.push(...line(c, f, c.red('✗'), options.verbose));
  }
  const unknowns = result.findings.filter((f) => f.status === 'unknown' && !f.suppression);
  if (unknowns.length) {
    out.push('', c.magenta.bold(' UNKNOWN ') + c.bold(` ${unknowns.length} could not be determined`));
    for (const f of unknowns) out.push(...line(c, f, c.magenta('?'), options.verbose));
  }
  const baselined = result.findings.filter((f) => f.status === 'fail' && !f.suppression && f.baselineState === 'unchanged');
  if (baselined.length) {
    out.push('', c.bgGray.white.bold(' BASELINED ') + c.bold(` ${baselined.length} failing, already in the baseline`) + c.dim(' — accepted, not counted by the gate'));
    for (const f of baselined) out.push(...line(c, f, c.dim('~'), options.verbose));
  }
  const suppressed = result.findings.filter((f) => f.status !== 'pass' && f.suppression);
  if (suppressed.length) {
    out.push('', c.bgGray.white.bold(' SUPPRESSED ') + c.bold(` ${suppressed.length}`) + c.dim(' — dismissed by a suppression, not counted by the gate'));
    for (const f of suppressed) {
      const [head, second] = line(c, f, c.dim('-'), false);
      const sup = f.suppression!;
      const why = `${sup.kind === 'inline' ? 'inline' : 'policy'}: ${sup.justification}` + (sup.expires ? `, until ${sup.expires}` : '') + (sup.declaredAt ? ` (${sup.declaredAt})` : '');
      out.push(head, second, `      ${c.dim(`${f.status === 'fail' ? 'fails' : 'unknown'}; suppressed — ${why}`)}`);
    }
  }
  if (options.verbose) {
    const passes = result.findings.filter((f) => f.status === 'pass');
    if (passes.length) {
      out.push('', c.green.bold(' PASS ') + c.bold(` ${passes.length}`));
      for (const f of passes) out.push(...line(c, f, c.green('✓'), true));
    }
  }
  if (result.errors.length) {
    out.push('', c.red.bold(` INPUT ERRORS `) + c.bold(` ${result.errors.length} input(s) could not be read; their resources were not assessed`));
    for (const e of result.errors) {
      const pos = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '';
      out.push(`  ${c.cyan(e.file + pos)}  ${c.dim(e.kind)}  ${e.message}`);
    }
  }
  if (result.coverage.length) {
    out.push('', c.yellow.bold(' NOT ASSESSED ') + c.bold(` ${result.coverage.length}`));
    for (const g of result.coverage) {
      const scope = [g.scope, g.accountName ?? g.accountId, g.region, g.service].filter(Boolean).join(' ');
      out.push(`  ${scope}  ${c.dim(g.errorCode)}  ${g.message}`);
    }
  }
  if (result.warnings.length) {
    out.push('', c.yellow.bold(' WARNINGS ') + c.bold(` ${result.warnings.length}`));
    for (const w of result.warnings) {
      const pos = w.file ? `${w.file}${w.line ? `:${w.line}${w.column ? `:${w.column}` : ''}` : ''}` : '';
      out.push(`  ${pos ? `${c.cyan(pos)}  ` : ''}${c.dim(w.code)}  ${w.message}`);
    }
  }
  const failSev = SEVERITIES.map((sev) => [sev, fails.filter((f) => f.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`)
    .join(', ');
  const openUnknown = unknowns.length;
  const dismissed = [baselined.length ? `${baselined.length} baselined` : '', suppressed.length ? `${suppressed.length} suppressed` : ''].filter(Boolean).join(', ');
  out.push(
    '',
    `${c.green(`${s.byStatus.pass} passed`)}, ${c.red(`${fails.length} failed`)}${failSev ? ` (${failSev})` : ''}, ${c.magenta(`${openUnknown} unknown`)}` +
      (dismissed ? c.dim(`, ${dismissed}`) : '') +
      ` — ${s.resources} resources` +
      (s.inputErrors ? c.red(`, ${s.inputErrors} input error(s)`) : '') +
      (s.coverageGaps ? c.yellow(`, ${s.coverageGaps} not assessed`) : '') +
      (s.complete ? '' : c.bold(' — scan incomplete')),
  );
  if (result.gate) out.push(gateLine(c, result));
  if (result.failureDomains) out.push('', ...failureBlock(c, result));
  return out.join('\n') + '\n';
}

/**
 * The gate's outcome in words, agreeing with the exit code: "Gate passed (exit 0) — 6 failing results are
 * baselined", "Gate failed (exit 1) — 2 failing results at or above high", "Gate not decided (exit 3) — …".
 */
export function gateLine(c: ChalkInstance, result: ScanResult): string {
  const g = result.gate!;
  const threshold = g.failOn === 'none' ? '--fail-on none' : `at or above ${g.failOn}`;
  const d = g.dismissed;
  const notes: string[] = [];
  if (d?.baselined.fail) notes.push(`${plural(d.baselined.fail, 'failing result')} ${d.baselined.fail === 1 ? 'is' : 'are'} baselined`);
  if (d?.suppressed.fail) notes.push(`${plural(d.suppressed.fail, 'failing result')} ${d.suppressed.fail === 1 ? 'is' : 'are'} suppressed`);
  const tail = notes.length ? ` — ${notes.join(', ')}` : '';
  if (g.exitCode === 3) return c.yellow.bold('Gate not decided (exit 3)') + ` — the scan is incomplete; ${plural(g.atThreshold.fail, 'failing result')} ${threshold}${tail}`;
  if (g.exitCode === 1) {
    const why = [g.atThreshold.fail ? `${plural(g.atThreshold.fail, 'failing result')} ${threshold}` : '', g.failOnUnknown && g.atThreshold.unknown ? `${plural(g.atThreshold.unknown, 'unknown result')} ${threshold} (--fail-on-unknown)` : '']
      .filter(Boolean)
      .join(', ');
    return c.red.bold('Gate failed (exit 1)') + ` — ${why}${tail}`;
  }
  const none = g.failOn === 'none' ? ' — --fail-on none: results never fail the gate' : g.atThreshold.fail ? '' : ` — no failing result ${threshold}`;
  return c.green.bold('Gate passed (exit 0)') + (tail || none);
}

/** After the summary: per AZ and Region, the critical/high workloads that go down and the worst estimated RTO. */
function failureBlock(c: ChalkInstance, result: ScanResult): string[] {
  const fd = result.failureDomains!;
  const view = failureView(fd, result.policy.tiers);
  const heads = domainHeadlines(view, fd);
  const out = [c.bold('Failure domains') + c.dim(' — critical/high workloads down if the domain is lost; worst estimated RTO')];
  const width = Math.max(0, ...heads.map((h) => domainTitle(h.domain).length));
  for (const h of heads) {
    const name = domainTitle(h.domain).padEnd(width);
    const kind = h.domain.kind === 'region' ? 'Region' : 'AZ    ';
    const down = `${h.topDown} of ${h.top} down` + (h.topDegraded ? `, ${h.topDegraded} degraded` : '') + (h.topUnknown ? `, ${h.topUnknown} unknown` : '');
    let rto: string;
    if (!h.topDown && !h.topDegraded) rto = '—';
    else if (h.worstRto) rto = `${duration(h.worstRto.seconds)} (${h.worstRto.behaviour})` + (h.rtoUnknown ? `, ${h.rtoUnknown} with no documented figure` : '');
    else rto = `unknown (no documented figure for ${h.rtoUnknown})`;
    const text = `  ${kind} ${name}  ${down}; worst RTO ${rto}`;
    out.push(h.topDown ? c.red(text) : text);
  }
  if (fd.notes.length) out.push(c.dim(`  ${plural(fd.notes.length, 'thing')} could not be simulated; see the JSON or HTML report`));
  return out;
}
