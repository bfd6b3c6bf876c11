import { describe, expect, it } from 'vitest';
import { RESOURCE_KINDS } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';
import { declarativeRule, judge } from '../../src/plugins/declarative.js';
import { graph, policyWith, ruleTester, runRule, tier } from '../helpers/rule-tester.js';

const POLICY = `
customRules:
  - id: acme/db-deletion-protection
    title: Critical and high databases are protected from deletion
    kind: db.instance
    match: { type: aws_db_instance }
    severity: { default: medium, critical: high }
    requirements: [DB-DEL]
    tiers:
      critical:
        - { property: deletionProtection, equals: true }
        - { property: backupRetentionDays, min: 14 }
      high:
        - { property: deletionProtection, equals: true }
    message: "{{address}}: {{property}} must satisfy '{{expected}}' at tier {{tier}} (found {{actual}})"
`;

const policy = parsePolicy(POLICY, 'resilint.yaml', '/tmp');
const rule = declarativeRule(policy.customRules![0], policy.source);

const db = (props: Record<string, unknown>, t: string, extra: { type?: string } = {}) => () => {
  const g = graph();
  g.add('db.instance', 'aws_db_instance.orders', { file: 'db.tf', line: 1, props, tags: tier(t), ...extra });
  return g.build();
};

ruleTester.run(rule, {
  pass: [
    {
      name: 'critical instance with deletion protection and 14 days of backups',
      graph: db({ deletionProtection: true, backupRetentionDays: 14 }, 'critical'),
      findings: [{ address: 'aws_db_instance.orders', status: 'pass', messageId: 'pass', location: { file: 'db.tf', line: 2 }, message: 'at tier critical' }],
    },
  ],
  fail: [
    {
      name: 'critical instance without deletion protection points at the attribute',
      graph: db({ deletionProtection: false, backupRetentionDays: 14 }, 'critical'),
      findings: [
        {
          address: 'aws_db_instance.orders',
          status: 'fail',
          messageId: 'fail',
          location: { file: 'db.tf', line: 2 },
          severity: 'high',
          message: "deletionProtection must satisfy 'deletionProtection equals true' at tier critical (found false)",
          evidence: { attribute: 'deletion_protection', actual: 'false' },
        },
      ],
    },
    {
      name: 'high instance where the attribute is not set (the rule asks for an explicit value)',
      graph: db({ backupRetentionDays: 1 }, 'high'),
      findings: [{ address: 'aws_db_instance.orders', status: 'fail', messageId: 'fail', location: { file: 'db.tf', line: 1 }, severity: 'medium', message: 'found not set' }],
    },
    {
      name: 'a definite failure wins over an unknown value',
      graph: db({ deletionProtection: new Unknown('var.protect has no value'), backupRetentionDays: 3 }, 'critical'),
      findings: [{ address: 'aws_db_instance.orders', status: 'fail', messageId: 'fail', location: { file: 'db.tf', line: 3 }, message: 'backupRetentionDays ≥ 14' }],
    },
  ],
  unknown: [
    {
      name: 'an unresolved value is unknown, never pass',
      graph: db({ deletionProtection: new Unknown('var.protect has no value'), backupRetentionDays: 30 }, 'critical'),
      findings: [{ address: 'aws_db_instance.orders', status: 'unknown', messageId: 'unknown', location: { file: 'db.tf', line: 2 }, message: 'var.protect has no value' }],
    },
    {
      name: 'a tier that cannot be decided never lowers the bar',
      graph: () => {
        const g = graph();
        g.add('db.instance', 'aws_db_instance.orders', { file: 'db.tf', line: 1, props: { deletionProtection: true, backupRetentionDays: 1 }, tags: { tier: new Unknown('var.tier has no value') as unknown as string } });
        return g.build();
      },
      policy: policyWith({ defaultTier: 'high' }),
      findings: [{ address: 'aws_db_instance.orders', status: 'unknown', messageId: 'tier-undecided', location: { file: 'db.tf', line: 3 }, message: ['cannot be decided', 'fails at critical', 'backupRetentionDays ≥ 14', 'found 1'] }],
    },
  ],
  notApplicable: [
    { name: 'a tier the rule does not list', graph: db({ deletionProtection: false }, 'medium'), findings: [] },
    { name: 'a resource the selector does not match', graph: db({ deletionProtection: false }, 'critical', { type: 'aws_rds_cluster_instance' }), findings: [] },
  ],
});

describe('declarative conditions', () => {
  it('judges equals, in, min, max and exists; lists by length; unknown inside a list is unknown', () => {
    expect(judge('gp3', { property: 'x', in: ['gp3', 'io2'] }).status).toBe('pass');
    expect(judge('gp2', { property: 'x', in: ['gp3', 'io2'] })).toEqual({ status: 'fail', actual: 'gp2' });
    expect(judge(['a', 'b'], { property: 'x', min: 2, max: 3 }).status).toBe('pass');
    expect(judge(['a'], { property: 'x', min: 2 })).toEqual({ status: 'fail', actual: '1' });
    expect(judge(9, { property: 'x', max: 8 })).toEqual({ status: 'fail', actual: '9' });
    expect(judge(['a', new Unknown('after apply')], { property: 'x', min: 2 })).toEqual({ status: 'unknown', reason: 'after apply' });
    expect(judge(undefined, { property: 'x', exists: false }).status).toBe('pass');
    expect(judge(new Unknown('r'), { property: 'x', exists: true }).status).toBe('pass');
    expect(judge(undefined, { property: 'x', exists: true })).toEqual({ status: 'fail', actual: 'not set' });
    expect(judge('yes', { property: 'x', min: 1 })).toEqual({ status: 'fail', actual: 'yes (not a number)' });
    expect(judge({ enable: true, rollback: true }, { property: 'x', equals: { rollback: true, enable: true } }).status).toBe('pass');
  });

  it('reads dotted property paths, unknown at any step', () => {
    const r = declarativeRule(
      { id: 'breaker', title: 'Breaker', kind: 'ecs.service', tiers: { default: [{ property: 'circuitBreaker.rollback', equals: true }] }, message: '{{address}} no rollback' },
      'p.yaml',
    );
    const g = graph();
    g.add('ecs.service', 'aws_ecs_service.a', { props: { circuitBreaker: { enable: true, rollback: false } } as never });
    g.add('ecs.service', 'aws_ecs_service.b', { props: { circuitBreaker: new Unknown('module output') } as never });
    g.add('ecs.service', 'aws_ecs_service.c', { props: { circuitBreaker: { enable: true, rollback: true } } as never });
    const statuses = runRule(r, g.build()).map((f) => `${f.resource.address}: ${f.status}`);
    expect(statuses).toEqual(['aws_ecs_service.a: fail', 'aws_ecs_service.b: unknown', 'aws_ecs_service.c: pass']);
  });
});

describe('customRules in the policy file', () => {
  const error = (text: string): PolicyError => {
    try {
      parsePolicy(text, 'resilint.yaml', '/tmp');
    } catch (e) {
      return e as PolicyError;
    }
    throw new Error('no error');
  };
  const rule = (extra: string) => `customRules:\n  - id: x\n    title: X\n    kind: db.instance\n    message: m\n${extra}`;

  it('reports schema errors with file, line and column', () => {
    expect(error(rule('    tiers:\n      critical:\n        - { property: multiAz }\n')).message).toBe(
      'resilint.yaml:8:11: customRules[0].tiers.critical[0]: a condition needs at least one of equals, in, min, max, exists',
    );
    expect(error(rule('    tiers:\n      critical:\n        - { property: multiAz, equal: true }\n')).message).toBe(
      "resilint.yaml:8:39: customRules[0].tiers.critical[0].equal: unknown key 'equal'",
    );
    expect(error('customRules:\n  - id: x\n    kind: db.instance\n').message).toMatch(/^resilint\.yaml:2:5: customRules\[0\]: must have required property/);
  });

  it('reports unknown kinds and tiers at their line, and duplicate ids', () => {
    expect(error(rule('    tiers: { critical: [{ property: a, exists: true }] }\n').replace('db.instance', 'db.instanse')).message).toBe(
      `resilint.yaml:4:11: customRules[0].kind: unknown kind 'db.instanse' (known: ${RESOURCE_KINDS.join(', ')})`,
    );
    expect(error(rule('    tiers:\n      gold: [{ property: a, exists: true }]\n')).message).toMatch(/^resilint\.yaml:7:13: customRules\[0\]\.tiers\.gold: unknown tier 'gold'/);
    const one = '  - { id: x, title: X, kind: db.instance, message: m, tiers: { default: [{ property: a, exists: true }] } }\n';
    expect(error(`customRules:\n${one}${one}`).message).toBe("resilint.yaml:3:11: customRules[1].id: rule id 'x' is declared twice");
  });
});
