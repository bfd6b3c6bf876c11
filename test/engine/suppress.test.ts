import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, parseBaseline, BaselineError } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/engine/result.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import { parseIgnoreComment } from '../../src/sources/common/suppressions.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import type { AnyResource, InlineSuppression } from '../../src/graph/types.js';
import { sampleResult } from '../support/sample-result.js';

function resource(id: string, inline: InlineSuppression[] = [], tags: Record<string, string> = {}): AnyResource {
  return {
    id, kind: 'db.instance', type: 'aws_db_instance', address: id, name: id, props: {} as never, propOrigins: {}, attributes: {}, tags,
    provenance: { source: 'terraform', location: { file: 'db.tf', line: 1, column: 1 } }, unresolved: [], inlineSuppressions: inline,
  } as AnyResource;
}

function finding(id: string, ruleId = 'db-multi-az', status: Finding['status'] = 'fail'): Finding {
  return {
    ruleId, status, severity: 'high', messageId: 'x', message: 'm', requirements: ['DB-MULTIAZ'], fingerprint: `${id}-${ruleId}`.padEnd(32, '0').slice(0, 32),
    resource: { id, address: id, kind: 'db.instance', type: 'aws_db_instance', name: id, source: 'terraform', tier: 'high', tierSource: 'tag', tierDetail: 'tag tier=high' },
    location: { file: 'db.tf', line: 3, column: 3 },
  };
}

function graphOf(...rs: AnyResource[]) {
  const b = new GraphBuilder();
  rs.forEach((r) => b.addResource(r));
  return b.build();
}

describe('inline suppression comments', () => {
  it('parses rule, reason, until and owner', () => {
    expect(parseIgnoreComment('# resilint:ignore db-multi-az reason="legacy, replaced in Q3" until=2027-01-31 owner=dba')).toEqual({
      ruleId: 'db-multi-az', reason: 'legacy, replaced in Q3', until: '2027-01-31', owner: 'dba',
    });
    expect(parseIgnoreComment('// resilint:ignore * ')).toEqual({ ruleId: '*' });
    expect(parseIgnoreComment('# just a comment')).toBeUndefined();
  });

  it('rejects malformed directives with a reason', () => {
    expect(parseIgnoreComment('# resilint:ignore')).toEqual({ error: 'resilint:ignore needs a rule id' });
    expect(parseIgnoreComment('# resilint:ignore db-multi-az until=tomorrow')).toEqual({ error: 'until=tomorrow is not a date (YYYY-MM-DD)' });
    expect(parseIgnoreComment('# resilint:ignore db-multi-az color=red')).toEqual({ error: "unknown resilint:ignore option 'color'" });
  });
});

describe('applySuppressions', () => {
  const loc = { file: 'db.tf', line: 2, column: 1 };

  it('applies an inline suppression for the named rule only, until its last day', () => {
    const r = resource('aws_db_instance.a', [{ ruleId: 'db-multi-az', reason: 'legacy', until: '2026-12-31', location: loc }]);
    const fs = [finding('aws_db_instance.a'), finding('aws_db_instance.a', 'db-backup-retention')];
    const warnings = applySuppressions(fs, { graph: graphOf(r), policySuppressions: [], policySource: 'p.yaml', today: '2026-12-31' });
    expect(fs[0].suppression).toEqual({ kind: 'inline', justification: 'legacy', expires: '2026-12-31', declaredAt: 'db.tf:2' });
    expect(fs[1].suppression).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('an expired suppression no longer suppresses and warns', () => {
    const r = resource('aws_db_instance.a', [{ ruleId: 'db-multi-az', reason: 'legacy', until: '2026-01-31', location: loc }]);
    const fs = [finding('aws_db_instance.a')];
    const warnings = applySuppressions(fs, { graph: graphOf(r), policySuppressions: [], policySource: 'p.yaml', today: '2026-11-22' });
    expect(fs[0].suppression).toBeUndefined();
    expect(warnings).toEqual([
      { code: 'suppression-expired', message: 'inline suppression of db-multi-az on aws_db_instance.a expired on 2026-01-31; the result counts again', file: 'db.tf', line: 2 },
    ]);
  });

  it('policy suppressions select by rule, resource pattern, tag and account', () => {
    const a = resource('module.legacy.aws_db_instance.this');
    const b = resource('aws_db_instance.dev', [], { env: 'dev' });
    const c = resource('aws_db_instance.prod', [], { env: 'prod' });
    const fs = [finding(a.id), finding(b.id), finding(c.id), finding(c.id, 'db-backup-retention', 'pass')];
    const warnings = applySuppressions(fs, {
      graph: graphOf(a, b, c),
      policySuppressions: [
        { rule: 'db-*', resource: 'module.legacy.*', reason: 'being retired', owner: 'dba-team', expires: '2027-06-30' },
        { tag: 'env=dev', reason: 'dev is best effort', owner: 'platform' },
        { rule: 'db-multi-az', resource: 'aws_db_instance.prod', reason: 'old', owner: 'x', expires: '2025-01-01' },
      ],
      policySource: 'policy.yaml',
      today: '2026-11-22',
    });
    expect(fs[0].suppression).toEqual({ kind: 'policy', justification: 'being retired', owner: 'dba-team', expires: '2027-06-30', declaredAt: 'policy.yaml suppressions[0]' });
    expect(fs[1].suppression).toMatchObject({ kind: 'policy', justification: 'dev is best effort', declaredAt: 'policy.yaml suppressions[1]' });
    expect(fs[2].suppression).toBeUndefined();
    expect(fs[3].suppression).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['suppression-expired']);
    expect(warnings[0].message).toContain('policy.yaml suppressions[2]');
  });
});

describe('baselines', () => {
  it('records failing and unknown unsuppressed results by fingerprint and marks later results new or unchanged', () => {
    const result = sampleResult(40);
    const baseline = createBaseline(result);
    const failing = result.findings.filter((f) => f.status === 'fail' && !f.suppression);
    const unknown = result.findings.filter((f) => f.status === 'unknown' && !f.suppression);
    expect(baseline.results).toHaveLength(failing.length + unknown.length);
    expect(baseline.results.filter((e) => e.status === 'unknown')).toHaveLength(unknown.length);
    expect(baseline.results.every((e) => /^[0-9a-f]{32}$/.test(e.fingerprint))).toBe(true);
    expect(JSON.stringify(baseline)).not.toMatch(/"line"/);

    const later = sampleResult(40);
    // the resource moved to another file and line: still the same finding
    later.findings[0].location = { file: 'elsewhere/moved.tf', line: 999, column: 1 };
    const added = { ...later.findings[0], fingerprint: 'f'.repeat(32), resource: { ...later.findings[0].resource, id: 'aws_db_instance.new', address: 'aws_db_instance.new' } };
    later.findings.push(added);
    applyBaseline(later.findings, parseBaseline(JSON.stringify(baseline), 'baseline.json'));
    expect(later.findings[0].status).toBe('fail');
    expect(later.findings[0].baselineState).toBe('unchanged');
    expect(added.baselineState).toBe('new');
    expect(later.findings.filter((f) => f.status === 'unknown').every((f) => f.baselineState === 'unchanged')).toBe(true);
    expect(later.findings.filter((f) => f.status === 'pass').every((f) => f.baselineState === undefined)).toBe(true);
  });

  it('rejects a file that is not a baseline', () => {
    expect(() => parseBaseline('{"version":2}', 'b.json')).toThrow(BaselineError);
    expect(() => parseBaseline('not json', 'b.json')).toThrow(/^b\.json:1:1: not valid JSON/);
  });
});
