/**
 * Summaries lead with what could not be determined: right after the verdict,
 * the text and Markdown reports give the number of unknown results and their
 * most frequent reasons (grouped by rule and a reason with resource-specific
 * parts normalised), so that "nothing decided" never reads as compliant.
 */
import { describe, expect, it } from 'vitest';
import { normaliseReason, summarizeUnknowns } from '../../reporters/common.js';
import { renderHtml } from '../../reporters/html/index.js';
import { mdText, renderMarkdown } from '../../reporters/markdown.js';
import { renderText } from '../../reporters/text.js';
import { fingerprint } from '../../src/engine/evaluate.js';
import type { Finding, ScanResult } from '../../src/engine/result.js';
import type { Severity } from '../../src/policy/types.js';
import { sampleResult } from '../support/sample-result.js';

/** An unknown result as the real rules word it: "<name>: cannot tell …: <reason>". */
function unknown(address: string, ruleId: string, message: string, opts: { severity?: Severity; reason?: string; suppressed?: boolean } = {}): Finding {
  const name = address.split('.').pop()!;
  const f: Finding = {
    ruleId,
    status: 'unknown',
    severity: opts.severity ?? 'high',
    messageId: 'cannotTell',
    message: `${name}: ${message}`,
    requirements: ['ECS-MIN'],
    fingerprint: fingerprint(ruleId, address),
    resource: { id: address, address, kind: 'ecs.service', type: 'aws_ecs_service', name, source: 'terraform', tier: 'critical', tierSource: 'tag', tierDetail: 'tag tier=critical' },
    location: { file: 'main.tf', line: 10, column: 3 },
    evidence: opts.reason ? { attribute: 'desired_count', expected: 2, actual: { unknown: true, reason: opts.reason } } : { attribute: 'desired_count', expected: 2 },
  };
  if (opts.suppressed) f.suppression = { kind: 'inline', justification: 'set by the pipeline' };
  return f;
}

/** A complete scan whose only results are `findings` (all unknown unless given otherwise). */
function resultWith(findings: Finding[]): ScanResult {
  const r = sampleResult(0);
  r.findings = findings;
  r.errors = [];
  r.coverage = [];
  r.warnings = [];
  const byStatus = { pass: 0, fail: 0, unknown: 0 };
  for (const f of findings) byStatus[f.status]++;
  r.summary = { ...r.summary, findings: findings.length, byStatus, inputErrors: 0, coverageGaps: 0, complete: true, suppressed: findings.filter((f) => f.suppression).length };
  return r;
}

const NAT_DOUBT = 'cannot tell whether it serves subnets in other AZs: cannot tell whether AZ #2 of var.azs (aws_subnet.private[1]) is AZ #1 of data.aws_availability_zones.available';

/** Seven reasons over eleven results, two suppressed: the top five by count, then by rule and reason. */
function sevenReasons(): ScanResult {
  const fs: Finding[] = [];
  for (const svc of ['api', 'web', 'worker', 'batch']) fs.push(unknown(`aws_ecs_service.${svc}`, 'ecs-min-tasks-per-az', 'minimum task count: desired_count: variable desired_count has no value', { reason: 'variable desired_count has no value' }));
  for (const i of [0, 1, 2]) fs.push(unknown(`module.vpc.aws_nat_gateway.this[${i}]`, 'nat-gateway-per-az', NAT_DOUBT.replace('private[1]', `private[${i}]`)));
  fs.push(unknown('aws_db_instance.a', 'db-backup-retention', 'cannot tell its backup retention: variable retention has no value', { reason: 'variable retention has no value' }));
  fs.push(unknown('aws_db_instance.b', 'db-backup-retention', 'cannot tell its backup retention: module.db is not downloaded', { reason: 'module.db is not downloaded' }));
  fs.push(unknown('arn:aws:ecs:ap-northeast-1:111122223333:service/prod/svc', 'ecs-min-tasks-per-az', 'AZs: its subnets: arn:aws:ec2:ap-northeast-1:111122223333:subnet/subnet-0abc could not be read'));
  fs.push(unknown('aws_ecs_service.z', 'ecs-min-tasks-per-az', 'AZs: parameter Subnets has no value'));
  fs.push(unknown('aws_ecs_service.s1', 'ecs-min-tasks-per-az', 'hidden', { reason: 'accepted', suppressed: true }));
  fs.push(unknown('aws_ecs_service.s2', 'ecs-min-tasks-per-az', 'hidden', { reason: 'accepted', suppressed: true }));
  return resultWith(fs);
}

describe('normaliseReason', () => {
  it("takes out the resource's own name, address and ARN, other resources' addresses and ARNs", () => {
    const f = unknown('module.app.aws_ecs_service.api', 'ecs-min-tasks-per-az', 'x');
    expect(normaliseReason('api: cannot tell whether it meets tier critical: variable n has no value', f)).toBe('cannot tell whether it meets tier critical: variable n has no value');
    expect(normaliseReason('module.app.aws_ecs_service.api uses aws_subnet.private[2] and module.net["a"].aws_subnet.b', f)).toBe('<resource> uses <resource> and <resource>');
    expect(normaliseReason('subnet arn:aws:ec2:ap-northeast-1:111122223333:subnet/subnet-0abc (AccessDenied)')).toBe('subnet <arn> (AccessDenied)');
  });

  it('keeps what the user has to act on: variables, parameters, AZ lists, and a plain name that is also a word', () => {
    const f = unknown('aws_ecs_service.app', 'ecs-min-tasks-per-az', 'x');
    expect(normaliseReason('cannot tell whether AZ #2 of var.azs is AZ #1 of module.vpc.data.aws_availability_zones.available', f)).toBe(
      'cannot tell whether AZ #2 of var.azs is AZ #1 of module.vpc.data.aws_availability_zones.available',
    );
    expect(normaliseReason('app: the app subnet parameter AppSubnets has no value', f)).toBe('the app subnet parameter AppSubnets has no value');
  });

  it('deduplicates parts that became the same and clips long reasons', () => {
    expect(normaliseReason('aws_subnet.a is unknown; aws_subnet.b is unknown; var.x has no value')).toBe('<resource> is unknown; var.x has no value');
    // Clipped in the middle, so that the cause at the end stays.
    const long = normaliseReason(`cannot tell whether it meets tier critical: ${'minimum task count: '.repeat(20)}parameter BatchCount has no value`);
    expect([...long].length).toBeLessThanOrEqual(160);
    expect(long).toMatch(/^cannot tell whether it meets tier critical: minimum task .* … .*parameter BatchCount has no value$/);
  });
});

describe('summarizeUnknowns', () => {
  it('counts open and suppressed unknowns and groups the open ones by rule and normalised reason, most frequent first', () => {
    const u = summarizeUnknowns(sevenReasons().findings);
    expect(u.open).toBe(11);
    expect(u.suppressed).toBe(2);
    expect(u.groups).toEqual([
      { ruleId: 'ecs-min-tasks-per-az', reason: 'variable desired_count has no value', count: 4 },
      { ruleId: 'nat-gateway-per-az', reason: 'cannot tell whether it serves subnets in other AZs: cannot tell whether AZ #2 of var.azs (<resource>) is AZ #1 of data.aws_availability_zones.available', count: 3 },
      { ruleId: 'db-backup-retention', reason: 'module.db is not downloaded', count: 1 },
      { ruleId: 'db-backup-retention', reason: 'variable retention has no value', count: 1 },
      { ruleId: 'ecs-min-tasks-per-az', reason: 'AZs: its subnets: <arn> could not be read', count: 1 },
      { ruleId: 'ecs-min-tasks-per-az', reason: 'AZs: parameter Subnets has no value', count: 1 },
    ]);
  });
});

describe('text summary', () => {
  it('gives the verdict, then the unknown count and the top five reasons', () => {
    const lines = renderText(sevenReasons()).split('\n');
    expect(lines.slice(1, 9)).toEqual([
      'NOT DETERMINED — no failing results, but 11 results could not be determined',
      '? 11 results could not be determined (2 more suppressed) — neither pass nor fail. Top reasons:',
      '  4× ecs-min-tasks-per-az: variable desired_count has no value',
      '  3× nat-gateway-per-az: cannot tell whether it serves subnets in other AZs: cannot tell whether AZ #2 of var.azs (<resource>) is AZ #1 of data.aws_availability_zones.available',
      '  1× db-backup-retention: module.db is not downloaded',
      '  1× db-backup-retention: variable retention has no value',
      '  1× ecs-min-tasks-per-az: AZs: its subnets: <arn> could not be read',
      '  … 1 more reason; every unknown result is listed under UNKNOWN below',
    ]);
    const text = renderText(sevenReasons());
    expect(text).not.toMatch(/\bPASS\b/);
    expect(text).not.toMatch(/compliant/i);
  });

  it('says what the gate did with the unknowns', () => {
    const r = sevenReasons();
    r.gate = { failOn: 'high', failOnUnknown: false, exitCode: 0, atThreshold: { fail: 0, unknown: 11 } };
    expect(renderText(r).split('\n').slice(1, 3)).toEqual([
      'NOT DETERMINED — no failing results, but 11 results could not be determined · gate: exit 0 (--fail-on high)',
      '? 11 results could not be determined (2 more suppressed) — neither pass nor fail; 11 at or above high would fail with --fail-on-unknown. Top reasons:',
    ]);
    r.gate = { failOn: 'high', failOnUnknown: true, exitCode: 1, atThreshold: { fail: 0, unknown: 11 } };
    expect(renderText(r).split('\n').slice(1, 3)).toEqual([
      'NOT DETERMINED — no failing results, but 11 results could not be determined · gate: exit 1 (--fail-on high, --fail-on-unknown)',
      '? 11 results could not be determined (2 more suppressed) — neither pass nor fail; 11 at or above high fail this gate. Top reasons:',
    ]);
  });

  it('leads with failures when there are any, and passes only when nothing is failing or undetermined', () => {
    const r = sampleResult(40);
    const active = r.findings.filter((f) => f.status === 'fail' && !f.suppression).length;
    const unknowns = r.findings.filter((f) => f.status === 'unknown').length;
    const lines = renderText(r).split('\n');
    expect(lines[1]).toBe(`FAIL — ${active} failing results — scan incomplete`);
    expect(lines[2]).toBe(`? ${unknowns} results could not be determined — neither pass nor fail. Top reasons:`);
    // Every unknown of the sample has the same reason; they group per rule.
    const perRule = lines.slice(3).filter((l) => /^ {2}\d+× /.test(l));
    expect(perRule.map((l) => /^ {2}\d+× [a-z-]+: (.*)$/.exec(l)![1])).toEqual(perRule.map(() => 'variable x has no value'));
    expect(perRule.reduce((n, l) => n + Number(/\d+/.exec(l)![0]), 0)).toBe(unknowns);

    const clean = resultWith([]);
    expect(renderText(clean).split('\n')[1]).toBe('PASS — no failing or undetermined results');
    const onlySuppressed = resultWith([unknown('aws_ecs_service.s', 'ecs-min-tasks-per-az', 'x', { reason: 'r', suppressed: true })]);
    expect(renderText(onlySuppressed).split('\n').slice(1, 3)).toEqual(['PASS — no failing or undetermined results', '1 result could not be determined and is suppressed']);
  });

  it('says how many open unknown results are already in the baseline', () => {
    const r = sevenReasons();
    r.findings.filter((f) => f.ruleId === 'nat-gateway-per-az').forEach((f) => (f.baselineState = 'unchanged'));
    expect(renderText(r).split('\n')[2]).toBe('? 11 results could not be determined (3 in the baseline, 2 more suppressed) — neither pass nor fail. Top reasons:');
    expect(renderMarkdown(r).split('\n')[2]).toBe('❓ **11 results could not be determined** — neither pass nor fail, so not compliant until resolved (3 in the baseline, 2 more suppressed). Top reasons:');
  });

  it('keeps the colour rules: none without colour, ANSI with it', () => {
    expect(renderText(sevenReasons(), { color: false })).not.toMatch(/\u001b\[/);
    expect(renderText(sevenReasons(), { color: true }).split('\n')[1]).toMatch(/^\u001b\[/);
  });
});

describe('Markdown summary', () => {
  it('puts the unknown count and the top five reasons right after the heading', () => {
    const md = renderMarkdown(sevenReasons());
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ⚠️ resilint: no failing findings, 11 could not be determined');
    expect(lines.slice(2, 13)).toEqual([
      '❓ **11 results could not be determined** — neither pass nor fail, so not compliant until resolved (2 more suppressed). Top reasons:',
      '',
      '| Results | Rule | Reason |',
      '|--:|---|---|',
      `| 4 | \`ecs-min-tasks-per-az\` | ${mdText('variable desired_count has no value')} |`,
      `| 3 | \`nat-gateway-per-az\` | ${mdText('cannot tell whether it serves subnets in other AZs: cannot tell whether AZ #2 of var.azs (<resource>) is AZ #1 of data.aws_availability_zones.available')} |`,
      '| 1 | `db-backup-retention` | module.db is not downloaded |',
      `| 1 | \`db-backup-retention\` | ${mdText('variable retention has no value')} |`,
      '| 1 | `ecs-min-tasks-per-az` | AZs: its subnets: &lt;arn&gt; could not be read |',
      '',
      '…and 1 more reason.',
    ]);
    expect(lines[0]).not.toContain('✅');
    expect(md).not.toMatch(/\bcompliant\b(?! until resolved)/i);
  });

  it('heads with a failure when --fail-on-unknown made the gate fail, and says what it would do otherwise', () => {
    const r = sevenReasons();
    r.gate = { failOn: 'high', failOnUnknown: true, exitCode: 1, atThreshold: { fail: 0, unknown: 11 } };
    let lines = renderMarkdown(r).split('\n');
    expect(lines[0]).toBe('## ❌ resilint: no failing findings, but 11 could not be determined (--fail-on-unknown)');
    expect(lines[2]).toContain('11 results at or above `high` fail this gate (`--fail-on-unknown`). Top reasons:');
    r.gate = { failOn: 'high', failOnUnknown: false, exitCode: 0, atThreshold: { fail: 0, unknown: 11 } };
    lines = renderMarkdown(r).split('\n');
    expect(lines[0]).toBe('## ⚠️ resilint: no failing findings, 11 could not be determined');
    expect(lines[2]).toContain('11 results at or above `high` would fail with `--fail-on-unknown`. Top reasons:');
  });

  it('has no unknown block when every result was decided', () => {
    const r = resultWith([]);
    expect(renderMarkdown(r)).not.toContain('could not be determined');
  });
});

describe('HTML banner', () => {
  it('never says compliant when results could not be determined, and states the gate', () => {
    const r = sevenReasons();
    r.gate = { failOn: 'high', failOnUnknown: true, exitCode: 1, atThreshold: { fail: 0, unknown: 11 } };
    const out = renderHtml(r);
    expect(out).toContain('data-verdict="incomplete"');
    expect(out).toContain('<h1 id="overview-h">Not determined — no failures found, but 13 results could not be determined</h1>');
    expect(out).toContain('<li>Gate failed (exit 1, --fail-on high, --fail-on-unknown) — 11 unknown results at or above high</li>');
    expect(out).not.toMatch(/Compliant/);
    // The unknown reasons table groups the same way as the text and Markdown summaries.
    expect(out).toContain('<td>variable desired_count has no value</td>');

    const onlySuppressed = resultWith([unknown('aws_ecs_service.s', 'ecs-min-tasks-per-az', 'x', { reason: 'r', suppressed: true })]);
    expect(renderHtml(onlySuppressed)).toContain('data-verdict="incomplete"');
  });

  it('says compliant only when every result passes, with the gate that let it through', () => {
    const r = resultWith([]);
    r.gate = { failOn: 'low', failOnUnknown: true, exitCode: 0, atThreshold: { fail: 0, unknown: 0 } };
    const out = renderHtml(r);
    expect(out).toContain('data-verdict="pass"');
    expect(out).toContain('<li>Gate passed (exit 0, --fail-on low, --fail-on-unknown) — no failing result at or above low</li>');
  });
});
