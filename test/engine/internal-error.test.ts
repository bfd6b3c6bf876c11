import { describe, expect, it } from 'vitest';
import rule from '../../rules/db-backup-retention.js';
import { defineRule } from '../../src/engine/rule.js';
import { graph, runRule, tier } from '../helpers/rule-tester.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { defaultPolicy } from '../../src/policy/defaults.js';

/** Throws on one resource after reporting on it; judges the others. */
const fragile = defineRule({
  id: 'fragile',
  meta: { title: 'Fragile', severity: 'high', requirements: ['X-1'], rationale: 'r', remediation: {}, messages: { ok: 'ok', bad: 'bad' } },
  options: { type: 'object', properties: {}, additionalProperties: false } as never,
  appliesTo: ['db.instance'],
  check(r, ctx) {
    ctx.pass('ok');
    if (r.name === 'broken') throw new TypeError("Cannot read properties of undefined (reading 'engine')\n    at check (fragile.js:3:9)");
  },
});

describe('a rule that throws on one resource', () => {
  const g = () => {
    const f = graph();
    f.add('db.instance', 'aws_db_instance.broken', { file: 'db.tf', line: 1, props: { backupRetentionDays: 7 }, tags: tier('critical') });
    f.add('db.instance', 'aws_db_instance.fine', { file: 'db.tf', line: 21, props: { backupRetentionDays: 7 }, tags: tier('critical') });
    return f.build();
  };

  it('yields an unknown "internal error" result on that resource only, and an input error', () => {
    const gr = g();
    const policy = defaultPolicy();
    const { findings, errors } = evaluateRules({ graph: gr, policy, rules: [fragile, rule], tiers: assignTiers(gr, policy) });
    const byKey = Object.fromEntries(findings.map((f) => [`${f.ruleId} ${f.resource.address}`, f]));
    expect(byKey['fragile aws_db_instance.broken']).toMatchObject({
      status: 'unknown',
      severity: 'high',
      messageId: 'internal-error',
      message: "fragile could not check aws_db_instance.broken: internal error: Cannot read properties of undefined (reading 'engine')",
      requirements: ['X-1'],
      location: { file: 'db.tf', line: 1 },
    });
    expect(byKey['fragile aws_db_instance.fine'].status).toBe('pass');
    // The other rule still ran on both.
    expect(findings.filter((f) => f.ruleId === 'db-backup-retention')).toHaveLength(2);
    expect(errors).toEqual([
      { file: 'db.tf', line: 1, column: 1, kind: 'rule', message: "rule fragile failed on aws_db_instance.broken: internal error: Cannot read properties of undefined (reading 'engine')" },
    ]);
  });

  it('keeps the result when run through the RuleTester helpers', () => {
    expect(runRule(fragile, g()).map((f) => `${f.resource.address} ${f.status} ${f.messageId}`)).toEqual([
      'aws_db_instance.broken unknown internal-error',
      'aws_db_instance.fine pass ok',
    ]);
  });
});
