import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, ScanResult } from '../src/engine/result.js';
import { SEVERITIES, type Severity } from '../src/policy/types.js';
import { describeOrganization, where } from './common.js';
import type { ReporterOptions } from './types.js';


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

function line(c: ChalkInstance, f: Finding, mark: string): string[] {
  const r = f.resource;
  return [
    `  ${mark} ${c.bold(f.ruleId)}  ${r.address}  ${c.dim(`[${r.tier}: ${r.tierDetail}]`)}`,
    `      ${c.cyan(where(f, { column: true }))}  ${f.message}`,
  ];
}

/**
 * Terminal summary: failures grouped by severity, then unknowns, input
 * errors and coverage gaps, then one count line. Passes are counted, not
 * listed (`verbose` lists them).
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

  const fails = result.findings.filter((f) => f.status === 'fail');
  for (const sev of SEVERITIES) {
    const group = fails.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('', severityColor(c, sev)(` ${sev.toUpperCase()} `) + c.bold(` ${group.length} failing`));
    for (const f of group) out.push(...line(c, f, c.red('✗')));
  }
  const unknowns = result.findings.filter((f) => f.status === 'unknown');
  if (unknowns.length) {
    out.push('', c.magenta.bold(' UNKNOWN ') + c.bold(` ${unknowns.length} could not be determined`));
    for (const f of unknowns) out.push(...line(c, f, c.magenta('?')));
  }
  if (options.verbose) {
    const passes = result.findings.filter((f) => f.status === 'pass');
    if (passes.length) {
      out.push('', c.green.bold(' PASS ') + c.bold(` ${passes.length}`));
      for (const f of passes) out.push(...line(c, f, c.green('✓')));
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
  const failSev = SEVERITIES.filter((sev) => s.failBySeverity[sev] > 0)
    .map((sev) => `${s.failBySeverity[sev]} ${sev}`)
    .join(', ');
  out.push(
    '',
    `${c.green(`${s.byStatus.pass} passed`)}, ${c.red(`${s.byStatus.fail} failed`)}${failSev ? ` (${failSev})` : ''}, ${c.magenta(`${s.byStatus.unknown} unknown`)}` +
      ` — ${s.resources} resources` +
      (s.inputErrors ? c.red(`, ${s.inputErrors} input error(s)`) : '') +
      (s.coverageGaps ? c.yellow(`, ${s.coverageGaps} not assessed`) : '') +
      (s.complete ? '' : c.bold(' — scan incomplete')),
  );
  return out.join('\n') + '\n';
}
