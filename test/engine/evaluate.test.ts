import { describe, expect, it } from 'vitest';
import { evaluateRules, fingerprint, RuleConfigError } from '../../src/engine/evaluate.js';
import { defineRule, formatMessage } from '../../src/engine/rule.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy } from '../../src/policy/load.js';
import { assignTiers } from '../../src/policy/tiers.js';

function db(address: string, multiAz: boolean | Unknown | undefined, line: number, tags: Record<string, string> = {}): AnyResource {
  const r: Resource<'db.instance'> = {
    id: address,
    kind: 'db.instance',
    type: 'aws_db_instance',
    address,
    name: address.split('.')[1],
    props: {
      identifier: undefined, engine: 'postgres', instanceClass: undefined, multiAz, availabilityZone: undefined,
      backupRetentionDays: undefined, deletionProtection: undefined, clusterIdentifier: undefined, replicateSourceDb: undefined,
    },
    propOrigins: multiAz === undefined ? {} : { multiAz: { attribute: 'multi_az', location: { file: 'db.tf', line: line + 2, column: 3 } } },
    attributes: {},
    tags,
    provenance: { source: 'terraform', location: { file: 'db.tf', line, column: 1 } },
    unresolved: [],
  };
  return r as AnyResource;
}

const probe = defineRule<{ strict: boolean }, 'ok' | 'bad' | 'cannot', 'db.instance'>({
  id: 'probe',
  meta: {
    title: 'probe',
    severity: { default: 'low', critical: 'high' },
    requirements: ['DB-MULTIAZ'],
    rationale: 'test',
    remediation: {},
    messages: { ok: '{{name}} ok', bad: '{{name}} is single-AZ in tier {{tier}}', cannot: '{{name}}: {{reason}}' },
  },
  options: {
    type: 'object',
    properties: { strict: { type: 'boolean', default: false, description: 'x' } },
    required: [],
    additionalProperties: false,
  } as never,
  appliesTo: ['db.instance'],
  check(r, ctx) {
    const v = r.props.multiAz;
    if (v instanceof Unknown) ctx.unknown('cannot', { reason: v.reason }, { prop: 'multiAz' });
    else if (v === true) ctx.pass('ok', {}, { prop: 'multiAz' });
    else ctx.fail('bad', {}, { prop: 'multiAz', evidence: { expected: true, actual: v ?? false } });
  },
});

function run(resources: AnyResource[], policy = defaultPolicy()) {
  const b = new GraphBuilder();
  resources.forEach((r) => b.addResource(r));
  const graph = b.build();
  return evaluateRules({ graph, policy, rules: [probe], tiers: assignTiers(graph, policy) });
}

describe('evaluateRules', () => {
  it('turns verdicts into findings with severity by tier, message, location and fingerprint', () => {
    const { findings, rules } = run([
      db('aws_db_instance.a', true, 10),
      db('aws_db_instance.b', false, 20, { tier: 'critical' }),
      db('aws_db_instance.c', undefined, 30),
      db('aws_db_instance.d', new Unknown('variable multi has no value'), 40),
    ]);
    const byAddr = Object.fromEntries(findings.map((f) => [f.resource.address, f]));
    expect(byAddr['aws_db_instance.a']).toMatchObject({ status: 'pass', severity: 'low', message: 'a ok', location: { file: 'db.tf', line: 12 } });
    expect(byAddr['aws_db_instance.b']).toMatchObject({
      ruleId: 'probe',
      status: 'fail',
      severity: 'high',
      message: 'b is single-AZ in tier critical',
      requirements: ['DB-MULTIAZ'],
      location: { file: 'db.tf', line: 22, column: 3 },
      evidence: { attribute: 'multi_az', expected: true, actual: false },
      resource: { address: 'aws_db_instance.b', kind: 'db.instance', tier: 'critical', tierSource: 'tag', tierDetail: 'tag tier=critical' },
    });
    // absent attribute: the location falls back to the resource header
    expect(byAddr['aws_db_instance.c']).toMatchObject({ status: 'fail', location: { file: 'db.tf', line: 30 } });
    expect(byAddr['aws_db_instance.d']).toMatchObject({ status: 'unknown', message: 'd: variable multi has no value' });
    expect(rules).toMatchObject([{ id: 'probe', title: 'probe', requirements: ['DB-MULTIAZ'], appliesTo: ['db.instance'], evaluated: 4, pass: 1, fail: 2, unknown: 1 }]);
  });

  it('fingerprints depend on rule and resource identity, not on location', () => {
    const moved = db('aws_db_instance.b', false, 99);
    moved.provenance.location = { file: 'other.tf', line: 99, column: 1 };
    const [f1] = run([db('aws_db_instance.b', false, 20)]).findings;
    const [f2] = run([moved]).findings;
    expect(f1.fingerprint).toBe(f2.fingerprint);
    expect(f1.fingerprint).toBe(fingerprint('probe', 'aws_db_instance.b'));
    expect(f1.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint('other', 'aws_db_instance.b')).not.toBe(f1.fingerprint);
  });

  it('honours rule settings from the policy: disabled, severity, invalid options', () => {
    expect(run([db('aws_db_instance.a', false, 1)], parsePolicy('rules:\n  probe: { enabled: false }\n', 'p.yaml')).findings).toEqual([]);
    const [f] = run([db('aws_db_instance.a', false, 1)], parsePolicy('rules:\n  probe: { severity: critical }\n', 'p.yaml')).findings;
    expect(f.severity).toBe('critical');
    expect(() => run([db('aws_db_instance.a', false, 1)], parsePolicy('rules:\n  probe: { options: { strict: 3 } }\n', 'p.yaml'))).toThrow(RuleConfigError);
  });

  it('formats messages, leaving unknown placeholders visible', () => {
    expect(formatMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: ['x', 'y'] })).toBe('1 and x, y and {{c}}');
  });
});
