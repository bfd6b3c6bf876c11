/**
 * JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure
 * Pipelines, CircleCI, GitHub test-report actions).
 *
 * One `<testsuite>` per rule that ran, one `<testcase>` per (rule, resource):
 * failures are `<failure>` with the evidence in the body; unknowns and
 * suppressed results are `<skipped>` with the reason; passes are plain test
 * cases. Input errors and parts of the estate that could not be assessed get a
 * suite of their own (`<error>` and `<skipped>`), so they are never silent.
 *
 * Pure: `(ScanResult) → string`. Everything is XML-escaped, and characters
 * that XML 1.0 does not allow at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) are removed.
 */
import type { Finding, RuleRun, ScanResult } from '../src/engine/result.js';
import { showValue, unknownReasonIn, where } from './common.js';
import type { ReporterOptions } from './types.js';

// ---------------------------------------------------------------------------
// XML

/** Everything XML 1.0 forbids (§2.2 Char). With the `u` flag, lone surrogates match too. */
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: unknown): string {
  return String(value ?? '')
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and whitespace as character references so that parsers do not normalize it away. */
export function xmlAttr(value: unknown): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attrs(list: Record<string, string | number | undefined>): string {
  return Object.entries(list)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
}

// ---------------------------------------------------------------------------





/** The failure body: what a reviewer needs without opening another report. */
function details(f: Finding, rule: RuleRun | undefined): string {
  const r = f.resource;
  const lines = [
    f.message,
    '',
    `Rule:         ${f.ruleId}${rule ? ` — ${rule.title}` : ''}`,
    `Severity:     ${f.severity}`,
    `Resource:     ${r.address} (${r.kind}, ${r.type})`,
    `Location:     ${where(f, { column: true })}`,
    `Tier:         ${r.tier} (${r.tierSource}: ${r.tierDetail})`,
  ];
  if (f.requirements.length) lines.push(`Requirements: ${f.requirements.join(', ')}`);
  const e = f.evidence;
  if (e) {
    if (e.attribute !== undefined) lines.push(`Attribute:    ${e.attribute}`);
    if (e.expected !== undefined) lines.push(`Expected:     ${showValue(e.expected)}`);
    if (e.actual !== undefined) lines.push(`Actual:       ${showValue(e.actual)}`);
    if (e.related?.length) lines.push(`Related:      ${e.related.join(', ')}`);
  }
  if (f.baselineState) lines.push(`Baseline:     ${f.baselineState}`);
  const fixes = rule ? Object.entries(rule.remediation).filter(([, v]) => v) : [];
  if (fixes.length) {
    lines.push('', 'Remediation:');
    for (const [flavour, text] of fixes) lines.push(`  ${flavour}: ${text!.replace(/\n/g, '\n    ')}`);
  }
  return lines.join('\n');
}

function testcase(f: Finding, rule: RuleRun | undefined): string {
  const head = `<testcase${attrs({ classname: f.ruleId, name: f.resource.address, file: f.location?.file, line: f.location?.line, time: '0' })}`;
  if (f.suppression && f.status !== 'pass') {
    const s = f.suppression;
    const by = [s.owner && `owner ${s.owner}`, s.expires && `until ${s.expires}`, s.declaredAt && `declared at ${s.declaredAt}`].filter(Boolean).join(', ');
    const message = `suppressed: ${s.justification}${by ? ` (${by})` : ''} — ${f.status === 'fail' ? 'fails' : 'could not be determined'}: ${f.message}`;
    return `${head}>\n      <skipped${attrs({ message })}/>\n    </testcase>`;
  }
  if (f.status === 'unknown') {
    const reason = unknownReasonIn(f.evidence);
    const message = `could not be determined: ${f.message}${reason && !f.message.includes(reason) ? ` (${reason})` : ''}`;
    return `${head}>\n      <skipped${attrs({ message })}/>\n    </testcase>`;
  }
  if (f.status === 'fail') {
    return `${head}>\n      <failure${attrs({ message: f.message, type: f.severity })}>${xmlText(details(f, rule))}</failure>\n    </testcase>`;
  }
  return `${head}/>`;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function counts(findings: Finding[]): Counts {
  const skipped = findings.filter((f) => f.status === 'unknown' || (f.status === 'fail' && f.suppression)).length;
  const failures = findings.filter((f) => f.status === 'fail' && !f.suppression).length;
  return { tests: findings.length, failures, errors: 0, skipped };
}

function seconds(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0';
}

/** JUnit XML (the common Jenkins/Surefire dialect). */
export function renderJunit(result: ScanResult, _options: ReporterOptions = {}): string {
  // Rules have no timing of their own: the whole scan time goes on the root only, so that summing suites does not multiply it.
  const time = seconds(result.startedAt, result.finishedAt);
  const suites: { xml: string; counts: Counts }[] = [];

  // Every rule that ran, then any rule a finding names that is not among them.
  const ruleIds = [...new Set([...result.rules.map((r) => r.id), ...result.findings.map((f) => f.ruleId)])];
  const rules = new Map(result.rules.map((r) => [r.id, r]));
  for (const id of ruleIds) {
    const rule = rules.get(id);
    const findings = result.findings.filter((f) => f.ruleId === id);
    const c = counts(findings);
    const props = rule
      ? [
          `      <property${attrs({ name: 'title', value: rule.title })}/>`,
          `      <property${attrs({ name: 'requirements', value: rule.requirements.join(', ') })}/>`,
          `      <property${attrs({ name: 'severity', value: typeof rule.severity === 'string' ? rule.severity : JSON.stringify(rule.severity) })}/>`,
          ...(rule.docsUrl ? [`      <property${attrs({ name: 'docs', value: rule.docsUrl })}/>`] : []),
        ]
      : [];
    const body = [
      ...(props.length ? ['    <properties>', ...props, '    </properties>'] : []),
      ...findings.map((f) => `    ${testcase(f, rule)}`),
    ];
    const open = `  <testsuite${attrs({ name: id, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: 0, timestamp: result.startedAt })}`;
    suites.push({ xml: body.length ? `${open}>\n${body.join('\n')}\n  </testsuite>` : `${open}/>`, counts: c });
  }

  // Inputs that could not be read and parts of the estate that could not be assessed.
  if (result.errors.length || result.coverage.length) {
    const cases: string[] = [];
    for (const e of result.errors) {
      const pos = e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '';
      cases.push(
        `    <testcase${attrs({ classname: 'resilint.input', name: e.file + pos, file: e.file, line: e.line, time: '0' })}>\n` +
          `      <error${attrs({ message: e.message, type: e.kind })}>${xmlText(`${e.file}${pos}: ${e.kind}: ${e.message}\nThe resources in this input were not assessed.`)}</error>\n    </testcase>`,
      );
    }
    for (const g of result.coverage) {
      const account = g.accountName && g.accountId ? `${g.accountName} (${g.accountId})` : (g.accountName ?? g.accountId);
      const scope = [g.scope, account, g.region, g.service].filter(Boolean).join(' / ') || 'scan';
      cases.push(
        `    <testcase${attrs({ classname: 'resilint.coverage', name: scope, time: '0' })}>\n` +
          `      <skipped${attrs({ message: `not assessed: ${g.errorCode}: ${g.message}` })}/>\n    </testcase>`,
      );
    }
    const c: Counts = { tests: cases.length, failures: 0, errors: result.errors.length, skipped: result.coverage.length };
    suites.push({
      xml: `  <testsuite${attrs({ name: 'resilint: inputs and coverage', tests: c.tests, failures: 0, errors: c.errors, skipped: c.skipped, time: 0, timestamp: result.startedAt })}>\n${cases.join('\n')}\n  </testsuite>`,
      counts: c,
    });
  }

  const total = suites.reduce<Counts>(
    (t, s) => ({ tests: t.tests + s.counts.tests, failures: t.failures + s.counts.failures, errors: t.errors + s.counts.errors, skipped: t.skipped + s.counts.skipped }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: `resilint ${result.tool.version}`, tests: total.tests, failures: total.failures, errors: total.errors, skipped: total.skipped, time, timestamp: result.startedAt })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
