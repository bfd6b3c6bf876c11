/**
 * A tier that cannot be decided never lowers the bar: the resource is judged
 * at every tier it could have — fail when it fails at the least strict, pass
 * only when it passes at the strictest, otherwise unknown with the reason.
 */
import { describe, expect, it } from 'vitest';
import backupRule from '../../rules/db-backup-retention.js';
import multiAzRule from '../../rules/db-multi-az.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import type { ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { tierFor } from '../../src/policy/tiers.js';
import type { Policy } from '../../src/policy/types.js';
import { analyzeGraph } from '../../src/analysis/index.js';
import { graph } from '../helpers/rule-tester.js';

function judge(g: ResourceGraph, policy: Policy) {
  const { tiers } = analyzeGraph(g, policy);
  return evaluateRules({ graph: g, policy, rules: [backupRule, multiAzRule], tiers }).findings;
}

const pick = (fs: ReturnType<typeof judge>, ruleId: string, address: string) => {
  const f = fs.filter((x) => x.ruleId === ruleId && x.resource.address === address);
  expect(f).toHaveLength(1);
  return f[0];
};

describe('IaC: a tier tag without a value', () => {
  const build = (backupRetentionDays: number) => {
    const g = graph();
    g.add('db.instance', 'aws_db_instance.orders', { file: 'rds.tf', line: 4, props: { backupRetentionDays, multiAz: true }, lines: { backupRetentionDays: 9 }, tags: { tier: new Unknown('var.tier has no value') } });
    return g.build();
  };

  it('passes only when it passes at the strictest tier it could have', () => {
    const f = pick(judge(build(7), defaultPolicy()), 'db-backup-retention', 'aws_db_instance.orders');
    expect(f).toMatchObject({ status: 'pass', location: { file: 'rds.tf', line: 9 } });
    expect(f.resource.tierDetail).toContain('passes at critical, the strictest it could have');
  });

  it('is unknown, with the reason and each tier verdict, when the verdict depends on the tier', () => {
    const f = pick(judge(build(1), defaultPolicy()), 'db-backup-retention', 'aws_db_instance.orders');
    expect(f).toMatchObject({ status: 'unknown', messageId: 'tier-undecided', severity: 'high', location: { file: 'rds.tf', line: 9 } });
    expect(f.message).toContain('cannot be decided (tag tier: var.tier has no value)');
    expect(f.message).toContain('passes at medium, fails at high, fails at critical');
    expect(f.resource.tier).toBe('medium');
  });

  it('fails when it fails even at the least strict tier, with the strictest severity', () => {
    const f = pick(judge(build(0), defaultPolicy()), 'db-backup-retention', 'aws_db_instance.orders');
    expect(f).toMatchObject({ status: 'fail', severity: 'high', location: { file: 'rds.tf', line: 9 } });
  });
});

describe('live: account tags not read', () => {
  const policy = (): Policy => ({ ...defaultPolicy(), accountTiers: [{ tag: 'availability-tier=critical', tier: 'critical' }] });
  const build = (accountTags: Record<string, string> | undefined) => {
    const g = graph();
    g.add('db.instance', 'arn:aws:rds:eu-west-1:111122223333:db:orders', {
      live: true,
      name: 'orders',
      props: { backupRetentionDays: 1, multiAz: false },
      provenance: { accountId: '111122223333', accountName: 'shop-prod', region: 'eu-west-1', ...(accountTags ? { accountTags } : {}) },
    });
    return g.build();
  };

  it('a database kept 1 day and single-AZ is no longer a pass at the default tier', () => {
    const fs = judge(build(undefined), policy());
    const backup = pick(fs, 'db-backup-retention', 'arn:aws:rds:eu-west-1:111122223333:db:orders');
    expect(backup.status).toBe('unknown');
    expect(backup.message).toContain('the tags of account shop-prod were not read, so accountTiers[0] may apply');
    expect(backup.message).toContain('passes at medium, fails at critical');
    expect(pick(fs, 'db-multi-az', 'arn:aws:rds:eu-west-1:111122223333:db:orders').status).toBe('unknown');
  });

  it('with the tags read, the account tier decides as before', () => {
    expect(pick(judge(build({ 'availability-tier': 'critical' }), policy()), 'db-backup-retention', 'arn:aws:rds:eu-west-1:111122223333:db:orders').status).toBe('fail');
    expect(pick(judge(build({}), policy()), 'db-backup-retention', 'arn:aws:rds:eu-west-1:111122223333:db:orders').status).toBe('pass');
  });

  it('lists the possible tiers least strict first, and an entry matching by name first decides alone', () => {
    const g = build(undefined);
    const r = [...g.resources()][0];
    expect(tierFor(r, policy())).toMatchObject({ tier: 'medium', undecidedScope: 'account', possible: ['medium', 'critical'] });
    const byName: Policy = { ...policy(), accountTiers: [{ accountName: 'shop-*', tier: 'high' }, ...policy().accountTiers] };
    const t = tierFor(r, byName);
    expect(t).toMatchObject({ tier: 'high', source: 'account' });
    expect(t.undecided).toBeUndefined();
  });
});

describe('accountTiers by OU', () => {
  const live = (ouPath: string[], ouNames: string[]) => {
    const g = graph();
    g.add('db.instance', 'arn:db', { live: true, provenance: { accountId: '111122223333', accountName: 'a', accountTags: {}, ouPath, ouNames } });
    return [...g.build().resources()][0];
  };
  it('matches an OU by name (glob) as well as by id', () => {
    const byName: Policy = { ...defaultPolicy(), accountTiers: [{ ou: 'technova-*', tier: 'high' }] };
    const byId: Policy = { ...defaultPolicy(), accountTiers: [{ ou: 'ou-ab12-cd34ef56', tier: 'high' }] };
    const r = live(['ou-ab12-cd34ef56', 'ou-ab12-99999999'], ['technova-sales', 'prod']);
    expect(tierFor(r, byName)).toMatchObject({ tier: 'high', source: 'account' });
    expect(tierFor(r, byId)).toMatchObject({ tier: 'high', source: 'account' });
    expect(tierFor(live(['ou-x', 'ou-y'], ['finance', 'prod']), byName).source).toBe('default');
    // A resource selector by OU name: not by position in the path (the second OU is not a match by accident).
    expect(tierFor(live(['ou-x', 'ou-y'], ['finance', 'prod']), { ...defaultPolicy(), assignments: [{ match: { ou: 'technova-*' }, tier: 'high' }] }).source).toBe('default');
  });
});
