import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding, RuleRun, ScanResult } from '../../src/engine/result.js';
import { SEVERITIES, type Severity } from '../../src/policy/types.js';
import { FINGERPRINT_KEY, GITHUB_LIMITS, SECURITY_SEVERITY, directoryFileUri, pascalCase, relativeUri, renderSarif, toSarif, type SarifOptions } from '../../reporters/sarif.js';
import { HOSTILE, sampleResult } from '../support/sample-result.js';
import { assertSarif, validateSarif } from '../support/schemas.js';

/** Render, parse back, and validate against the official SARIF 2.1.0 schema. */
function sarif(result: ScanResult, options: SarifOptions = {}): Sarif.Log {
  const text = renderSarif(result, options);
  const log = JSON.parse(text) as Sarif.Log;
  assertSarif(log);
  return log;
}

const run = (log: Sarif.Log) => log.runs[0];
const results = (log: Sarif.Log) => run(log).results!;
/** The findings a default render keeps, in order (results follow finding order). */
const emitted = (r: ScanResult, o: SarifOptions = {}) =>
  r.findings.filter((f) => (f.status !== 'pass' || o.includePasses) && (!f.suppression || (o.includeSuppressed ?? true)));

describe('SARIF reporter: schema', () => {
  it('validates against the official SARIF 2.1.0 schema (sample, hostile, with passes, empty, complete)', () => {
    expect(() => sarif(sampleResult())).not.toThrow();
    expect(() => sarif(sampleResult(40, { hostile: true }))).not.toThrow();
    expect(() => sarif(sampleResult(40, { hostile: true }), { includePasses: true })).not.toThrow();
    const empty = sampleResult(0);
    empty.errors = [];
    empty.coverage = [];
    empty.warnings = [];
    empty.summary.complete = true;
    const log = sarif(empty);
    expect(results(log)).toEqual([]);
    expect(run(log).tool.driver.rules).toHaveLength(4);
  });

  it('the validator really rejects broken SARIF (the schema check is not vacuous)', () => {
    const log = JSON.parse(renderSarif(sampleResult())) as Sarif.Log;
    (results(log)[0] as unknown as Record<string, unknown>).kind = 'unknown';
    expect(validateSarif(log)).toBe(false);
    const log2 = JSON.parse(renderSarif(sampleResult())) as Sarif.Log;
    results(log2)[0].locations![0].physicalLocation!.region!.startLine = 0;
    expect(validateSarif(log2)).toBe(false);
    const log3 = JSON.parse(renderSarif(sampleResult())) as Sarif.Log;
    results(log3)[0].locations![0].physicalLocation!.artifactLocation!.uri = 'infra/<x> y.tf'; // formats are checked too
    expect(validateSarif(log3)).toBe(false);
  });

  it('has the top-level properties GitHub requires', () => {
    const log = sarif(sampleResult());
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = run(log).tool.driver;
    expect(driver.name).toBe('resilint');
    expect(driver.semanticVersion).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(run(log).columnKind).toBe('utf16CodeUnits');
  });
});

describe('SARIF reporter: rules', () => {
  it('lists every rule that ran, with the metadata GitHub displays', () => {
    const r = sampleResult();
    const log = sarif(r);
    const rules = run(log).tool.driver.rules!;
    expect(rules.map((x) => x.id)).toEqual(r.rules.map((x) => x.id));
    for (const [i, rule] of rules.entries()) {
      const src = r.rules[i];
      expect(rule.name).toBe(pascalCase(src.id));
      expect(rule.shortDescription!.text).toBe(src.title);
      expect(rule.fullDescription!.text).toBe(src.rationale);
      expect(rule.help!.text.length).toBeGreaterThan(0);
      expect(rule.help!.markdown).toContain(src.rationale);
      for (const req of src.requirements) {
        expect(rule.help!.markdown).toContain(`\`${req}\``);
        expect(rule.properties!.tags).toContain(req);
      }
      expect(rule.properties!.tags!.slice(0, 2)).toEqual(['availability', 'resilience']);
      expect(rule.properties!.tags!.length).toBeLessThanOrEqual(GITHUB_LIMITS.tagsPerRule);
      expect(['very-high', 'high', 'medium', 'low']).toContain(rule.properties!.precision);
      expect(['note', 'warning', 'error']).toContain(rule.defaultConfiguration!.level);
      expect(rule.helpUri).toMatch(new RegExp(`^https://github\\.com/resilint/resilint/blob/main/docs/rules/${src.id}\\.md$`));
    }
    expect(pascalCase('db-multi-az')).toBe('DbMultiAz');
    expect(rules[0].name).toBe('DbMultiAz');
  });

  it('renders remediation per IaC flavour as fenced code in help.markdown', () => {
    const log = sarif(sampleResult());
    const md = run(log).tool.driver.rules![0].help!.markdown!;
    expect(md).toContain('**Terraform**\n\n```hcl\nmulti_az = true\n```');
    expect(md).toContain('**CloudFormation**\n\n```yaml\nMultiAZ: true\n```');
    const r = sampleResult();
    r.rules[0].remediation = { terraform: 'a ``` b', console: 'Modify <the> instance' };
    const md2 = run(sarif(r)).tool.driver.rules![0].help!.markdown!;
    expect(md2).toContain('````hcl\na ``` b\n````');
    expect(md2).toContain('Modify &lt;the&gt; instance');
  });

  it('maps the highest severity of a rule to security-severity (critical 9.5, high 8.0, medium 5.5, low 3.0, info 1.0)', () => {
    expect(SECURITY_SEVERITY).toEqual({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' });
    const r = sampleResult();
    const severities: RuleRun['severity'][] = [{ default: 'low', critical: 'critical' }, 'medium', { default: 'info', high: 'low' }, 'info'];
    r.rules.forEach((rule, i) => (rule.severity = severities[i]));
    const rules = run(sarif(r)).tool.driver.rules!;
    expect(rules.map((x) => x.properties!['security-severity'])).toEqual(['9.5', '5.5', '3.0', '1.0']);
    expect(rules.map((x) => x.defaultConfiguration!.level)).toEqual(['error', 'warning', 'note', 'note']);
    // GitHub's bands: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
    const band = (v: number) => (v > 9 ? 'critical' : v >= 7 ? 'high' : v >= 4 ? 'medium' : v > 0 ? 'low' : 'none');
    for (const s of SEVERITIES) expect(band(Number(SECURITY_SEVERITY[s]))).toBe(s === 'info' ? 'low' : s);
  });

  it('references rules by ruleIndex consistently, and describes rules a finding names but result.rules lacks', () => {
    const r = sampleResult();
    r.findings[0].ruleId = 'plugin-rule';
    const log = sarif(r);
    const rules = run(log).tool.driver.rules!;
    expect(rules.map((x) => x.id)).toContain('plugin-rule');
    for (const res of results(log)) {
      expect(res.ruleIndex).toBeGreaterThanOrEqual(0);
      expect(rules[res.ruleIndex!].id).toBe(res.ruleId);
    }
  });

  it('clips descriptions to GitHub limits', () => {
    const r = sampleResult();
    r.rules[0].rationale = 'x'.repeat(5000);
    const rule = run(sarif(r)).tool.driver.rules![0];
    expect(rule.fullDescription!.text.length).toBeLessThanOrEqual(GITHUB_LIMITS.descriptionChars);
    expect(rule.fullDescription!.text.endsWith('…')).toBe(true);
  });
});

describe('SARIF reporter: results', () => {
  it('gives every result a relative URI with a uriBaseId, a region with startLine, and our fingerprint', () => {
    for (const r of [sampleResult(), sampleResult(40, { hostile: true })]) {
      const log = sarif(r);
      const bases = run(log).originalUriBaseIds!;
      const kept = emitted(r);
      expect(results(log)).toHaveLength(kept.length);
      results(log).forEach((res, i) => {
        expect(res.locations).toHaveLength(1);
        const phys = res.locations![0].physicalLocation!;
        const uri = phys.artifactLocation!.uri!;
        expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no scheme: relative
        expect(uri.startsWith('/')).toBe(false);
        expect(uri).not.toMatch(/[\s<>"\\]/);
        expect(Object.keys(bases)).toContain(phys.artifactLocation!.uriBaseId);
        expect(Number.isInteger(phys.region!.startLine)).toBe(true);
        expect(phys.region!.startLine).toBeGreaterThanOrEqual(1);
        expect(res.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: kept[i].fingerprint });
        expect(res.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
        expect(res.message.text!.length).toBeGreaterThan(0);
      });
    }
  });

  it('maps IaC locations to file, line and column under %SRCROOT%', () => {
    const r = sampleResult();
    const log = sarif(r);
    const first = results(log)[0];
    const f = r.findings[0];
    expect(first.locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: f.location!.file, uriBaseId: '%SRCROOT%' },
      region: { startLine: f.location!.line, startColumn: f.location!.column, endLine: f.location!.line },
    });
    expect(first.locations![0].logicalLocations).toEqual([{ name: f.resource.name, fullyQualifiedName: f.resource.address, kind: 'resource' }]);
    expect(run(log).originalUriBaseIds!['%SRCROOT%'].uri).toBe('file:///work/repo/');
  });

  it('sets level from the severity of a failure, and kind fail', () => {
    const r = sampleResult();
    const expected: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
    r.findings.filter((f) => f.status === 'fail').forEach((f, i) => (f.severity = SEVERITIES[i % SEVERITIES.length]));
    const log = sarif(r);
    const kept = emitted(r);
    let checked = 0;
    results(log).forEach((res, i) => {
      if (kept[i].status !== 'fail') return;
      expect(res.kind).toBe('fail');
      expect(res.level).toBe(expected[kept[i].severity]);
      checked++;
    });
    expect(checked).toBe(r.findings.filter((f) => f.status === 'fail').length);
    expect(new Set(results(log).map((x) => x.level))).toEqual(new Set(['error', 'warning', 'note', 'none']));
  });

  it('reports unknowns as their own kind (review, level none) and says why', () => {
    const r = sampleResult();
    const log = sarif(r);
    const reviews = results(log).filter((x) => x.kind === 'review');
    expect(reviews).toHaveLength(r.findings.filter((f) => f.status === 'unknown').length);
    expect(reviews.length).toBeGreaterThan(0);
    for (const res of reviews) {
      expect(res.level).toBe('none');
      expect(res.message.text).toMatch(/^Could not be determined: /);
      expect(res.message.text).toContain('variable x has no value');
      expect(res.properties!.unknownReason).toBe('variable x has no value');
    }
  });

  it('omits passes by default and includes them (kind pass, level none) with includePasses', () => {
    const r = sampleResult();
    const passes = r.findings.filter((f) => f.status === 'pass').length;
    expect(passes).toBeGreaterThan(0);
    const byDefault = sarif(r);
    expect(results(byDefault).some((x) => x.kind === 'pass')).toBe(false);
    expect(results(byDefault)).toHaveLength(r.findings.length - passes);
    const withPasses = sarif(r, { includePasses: true });
    expect(results(withPasses)).toHaveLength(r.findings.length);
    const passResults = results(withPasses).filter((x) => x.kind === 'pass');
    expect(passResults).toHaveLength(passes);
    for (const p of passResults) expect(p.level).toBe('none');
  });

  it('keeps suppressed results, with suppressions (policy → external, inline → inSource)', () => {
    const r = sampleResult(40, { hostile: true });
    const inline = r.findings.find((f) => f.status === 'fail' && !f.suppression)!;
    inline.suppression = { kind: 'inline', justification: 'retired next sprint', declaredAt: 'infra/m0/main.tf:9' };
    const log = sarif(r);
    const kept = emitted(r);
    const suppressed = kept.map((f, i) => [f, results(log)[i]] as const).filter(([f]) => f.suppression);
    expect(suppressed.length).toBe(r.findings.filter((f) => f.suppression).length);
    for (const [f, res] of suppressed) {
      expect(res.kind).toBe(f.status === 'fail' ? 'fail' : 'review');
      expect(res.suppressions).toHaveLength(1);
      const s = res.suppressions![0];
      expect(s.kind).toBe(f.suppression!.kind === 'inline' ? 'inSource' : 'external');
      expect(s.status).toBe('accepted');
      expect(s.justification).toBe(f.suppression!.justification);
      if (f.suppression!.owner) expect(s.properties).toMatchObject({ owner: f.suppression!.owner, expires: f.suppression!.expires });
    }
    expect(suppressed.some(([, res]) => res.suppressions![0].kind === 'inSource')).toBe(true);
    expect(suppressed.some(([, res]) => res.suppressions![0].justification!.includes(HOSTILE.script))).toBe(true);
    // Results without a suppression carry none.
    expect(kept.map((f, i) => [f, results(log)[i]] as const).filter(([f]) => !f.suppression).every(([, res]) => res.suppressions === undefined)).toBe(true);
    // Opt-out for code scanning, which does not read suppressions.
    const without = sarif(r, { includeSuppressed: false });
    expect(results(without).some((x) => x.suppressions)).toBe(false);
    expect(results(without)).toHaveLength(kept.length - suppressed.length);
  });

  it('carries baselineState', () => {
    const r = sampleResult();
    const fails = r.findings.filter((f) => f.status === 'fail');
    fails.forEach((f, i) => (f.baselineState = i % 2 ? 'unchanged' : 'new'));
    const log = sarif(r);
    const kept = emitted(r);
    results(log).forEach((res, i) => expect(res.baselineState).toBe(kept[i].baselineState));
    expect(results(log).filter((x) => x.baselineState === 'unchanged').length).toBe(Math.floor(fails.length / 2));
  });

  it('puts tier, requirements, resource kind and evidence in properties', () => {
    const r = sampleResult();
    const res = results(sarif(r))[0];
    const f = r.findings[0];
    expect(res.properties).toMatchObject({
      tier: f.resource.tier,
      tierSource: f.resource.tierSource,
      requirements: f.requirements,
      resourceKind: f.resource.kind,
      evidence: f.evidence,
      severity: f.severity,
    });
  });
});

describe('SARIF reporter: live AWS resources (no file)', () => {
  const r = sampleResult();
  const log = sarif(r);
  const kept = emitted(r);
  const live = kept.map((f, i) => [f, results(log)[i]] as const).filter(([f]) => f.resource.source === 'aws');

  it('maps an ARN to a synthetic per-resource artifact under the AWS base, line 1', () => {
    expect(live.length).toBeGreaterThan(2);
    for (const [f, res] of live) {
      const loc = res.locations![0];
      const [, , , region, account, resource] = f.resource.arn!.split(':');
      expect(loc.physicalLocation!.artifactLocation).toEqual({ uri: `aws/${account}/${region}/rds/${resource}/${f.resource.name}`, uriBaseId: 'AWS' });
      expect(loc.physicalLocation!.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1 });
      expect(loc.logicalLocations).toEqual([{ name: f.resource.name, fullyQualifiedName: f.resource.arn, kind: 'resource' }]);
      expect(res.properties).toMatchObject({ arn: f.resource.arn, accountId: f.resource.accountId, region: f.resource.region, accountName: f.resource.accountName });
      expect(res.message.text).toContain(f.resource.arn!);
    }
    // One artifact per resource, so two resources never share a code scanning location.
    expect(new Set(live.map(([, res]) => res.locations![0].physicalLocation!.artifactLocation!.uri)).size).toBe(live.length);
  });

  it('declares the AWS base honestly: a description, no file URI', () => {
    const aws = run(log).originalUriBaseIds!.AWS;
    expect(aws.uri).toBeUndefined();
    expect(aws.description!.text).toMatch(/not a file/i);
    const iacOnly = sampleResult();
    iacOnly.findings = iacOnly.findings.filter((f) => f.resource.source !== 'aws');
    expect(run(sarif(iacOnly)).originalUriBaseIds!.AWS).toBeUndefined();
  });

  it('keeps a live resource without an ARN addressable', () => {
    const r2 = sampleResult();
    const f = r2.findings.find((x) => x.resource.source === 'aws' && x.status === 'fail')!;
    delete f.resource.arn;
    f.resource.address = 'acct/ecs service:checkout';
    const i = emitted(r2).indexOf(f);
    const res = results(sarif(r2))[i];
    expect(res.locations![0].physicalLocation!.artifactLocation).toEqual({ uri: `aws/${f.resource.accountId}/ap-northeast-1/db.instance/acct/ecs%20service/checkout`, uriBaseId: 'AWS' });
  });
});

describe('SARIF reporter: run, invocation and URIs', () => {
  it('reports incomplete scans, input errors and coverage gaps as notifications', () => {
    const r = sampleResult();
    const log = sarif(r);
    const inv = run(log).invocations![0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.startTimeUtc).toBe(r.startedAt);
    expect(inv.endTimeUtc).toBe(r.finishedAt);
    const notes = inv.toolExecutionNotifications!;
    const descriptors = run(log).tool.driver.notifications!;
    expect(notes.map((n) => n.descriptor!.id)).toEqual(['input-error/parse', 'not-assessed/AccessDenied']);
    for (const n of notes) expect(descriptors[n.descriptor!.index!].id).toBe(n.descriptor!.id);
    expect(notes[0].level).toBe('error');
    expect(notes[0].locations![0].physicalLocation).toEqual({ artifactLocation: { uri: 'infra/broken.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 7 } });
    expect(notes[1].message.text).toContain('sts:AssumeRole denied');
    expect(notes[1].locations![0].logicalLocations![0].fullyQualifiedName).toBe('aws/999900001111');
    expect(inv.toolConfigurationNotifications!.map((n) => n.descriptor!.id)).toEqual(['warning/suppression-expired']);

    const complete = sampleResult();
    complete.errors = [];
    complete.coverage = [];
    complete.summary.complete = true;
    expect(run(sarif(complete)).invocations![0].executionSuccessful).toBe(true);
  });

  it('sets automationDetails.id to a category ending in /', () => {
    const r = sampleResult();
    expect(run(sarif(r)).automationDetails!.id).toBe('resilint/iac-org/');
    r.sources = ['terraform', 'cloudformation'];
    expect(run(sarif(r)).automationDetails!.id).toBe('resilint/iac/');
    r.sources = ['aws'];
    expect(run(sarif(r)).automationDetails!.id).toBe('resilint/org/');
    expect(run(sarif(r, { category: 'resilint/org/shard-3' })).automationDetails!.id).toBe('resilint/org/shard-3/');
  });

  it('encodes the scan root as a file URI ending in / and file paths as relative URI references', () => {
    expect(directoryFileUri('/work/repo')).toBe('file:///work/repo/');
    expect(directoryFileUri('/work/repo/')).toBe('file:///work/repo/');
    expect(directoryFileUri('/home/me/my repo#1/100%')).toBe('file:///home/me/my%20repo%231/100%25/');
    expect(directoryFileUri('C:\\work\\repo')).toBe('file:///C:/work/repo/');
    expect(directoryFileUri('/')).toBe('file:///');
    expect(directoryFileUri('relative/dir')).toBeUndefined();
    expect(relativeUri('infra\\m0\\main.tf')).toBe('infra/m0/main.tf');
    expect(relativeUri('./infra/a b/ü.tf')).toBe('infra/a%20b/%C3%BC.tf');
    expect(relativeUri('infra/../x')).toBe('infra/%2E%2E/x');

    const r = sampleResult();
    r.root = '/home/me/my repo#1';
    r.findings[0].location!.file = 'infra/a b/#main.tf';
    const log = sarif(r);
    expect(run(log).originalUriBaseIds!['%SRCROOT%'].uri).toBe('file:///home/me/my%20repo%231/');
    expect(results(log)[0].locations![0].physicalLocation!.artifactLocation!.uri).toBe('infra/a%20b/%23main.tf');
    // What GitHub's upload action does with it: decodeURIComponent, then join to the checkout.
    expect(decodeURIComponent('infra/a%20b/%23main.tf')).toBe('infra/a b/#main.tf');
  });

  it('keeps hostile strings as data: encoded in URIs, no embedded links in messages', () => {
    const r = sampleResult(40, { hostile: true });
    const log = sarif(r, { includePasses: true });
    const note = run(log).invocations![0].toolExecutionNotifications![0];
    const uri = note.locations![0].physicalLocation!.artifactLocation!.uri!;
    expect(uri).toBe(relativeUri(`infra/${HOSTILE.script}.tf`));
    expect(decodeURIComponent(uri)).toBe(`infra/${HOSTILE.script}.tf`);
    expect(uri).not.toMatch(/[<>\s]/);
    for (const res of results(log)) expect(res.message.text).not.toMatch(/(?<!\\)\]\(/);
    const md = results(log).find((x) => x.properties!.tierDetail === `tag tier=${HOSTILE.img}`);
    expect(md).toBeDefined();
    expect(results(log).some((x) => x.message.text!.includes('\\](javascript:alert(1))'))).toBe(true);
    // The raw string survives in properties, untouched.
    expect(results(log).some((x) => x.locations![0].logicalLocations![0].name === HOSTILE.markdown)).toBe(true);
  });

  it('stays within GitHub limits: at most 25,000 results per run, dropping the least important first', () => {
    const r = sampleResult(GITHUB_LIMITS.resultsPerRun + 10);
    const log = toSarif(r, { includePasses: true });
    const res = log.runs[0].results!;
    expect(res).toHaveLength(GITHUB_LIMITS.resultsPerRun);
    expect(res.filter((x) => x.kind === 'fail').length).toBe(r.findings.filter((f: Finding) => f.status === 'fail').length);
    expect(res.filter((x) => x.kind === 'pass').length).toBe(r.findings.filter((f) => f.status === 'pass').length - 10);
    const notes = log.runs[0].invocations![0].toolExecutionNotifications!;
    expect(notes.map((n) => n.descriptor!.id)).toContain('sarif/results-truncated');
  });

  it('is deterministic and pure (same input, same text; input not mutated)', () => {
    const r = sampleResult(40, { hostile: true });
    const before = JSON.stringify(r);
    expect(renderSarif(r)).toBe(renderSarif(r));
    expect(JSON.stringify(r)).toBe(before);
  });
});
