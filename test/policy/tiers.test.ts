import { describe, expect, it } from 'vitest';
import type { AnyResource } from '../../src/graph/types.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy } from '../../src/policy/load.js';
import { tierFor } from '../../src/policy/tiers.js';

function resource(partial: Partial<AnyResource> & { address: string }): AnyResource {
  return {
    id: partial.address,
    kind: 'db.instance',
    type: 'aws_db_instance',
    name: partial.address.split('.').pop()!,
    props: {} as never,
    propOrigins: {},
    attributes: {},
    tags: {},
    provenance: { source: 'terraform', location: { file: 'db.tf', line: 1, column: 1 } },
    unresolved: [],
    ...partial,
  } as AnyResource;
}

describe('tier assignment (T-MAP)', () => {
  it('uses the default tier when nothing else says, and says so', () => {
    const t = tierFor(resource({ address: 'aws_db_instance.a' }), defaultPolicy());
    expect(t).toMatchObject({ tier: 'medium', source: 'default', detail: 'defaultTier medium' });
    expect(t.requirements.db.backupRetentionDays).toBe(1);
  });

  it('reads the tier tag, case-insensitively, under either default key', () => {
    expect(tierFor(resource({ address: 'a', tags: { tier: 'Critical' } }), defaultPolicy())).toMatchObject({ tier: 'critical', source: 'tag', detail: 'tag tier=Critical' });
    expect(tierFor(resource({ address: 'a', tags: { 'availability-tier': 'high' } }), defaultPolicy())).toMatchObject({ tier: 'high', source: 'tag' });
  });

  it('ignores a tag naming no tier, and unknown tags', () => {
    expect(tierFor(resource({ address: 'a', tags: { tier: 'gold' } }), defaultPolicy()).source).toBe('default');
    expect(tierFor(resource({ address: 'a', tags: new Unknown('tags from a variable') }), defaultPolicy()).source).toBe('default');
  });

  it('a policy assignment wins over the tag and can change numbers for just those resources', () => {
    const policy = parsePolicy(
      'assignments:\n  - match: { address: "module.auth.**" }\n    tier: critical\n    reason: auth service\n    requirements: { ecs: { minTasks: 3 }, db: { minAzs: 3 } }\n',
      'policy.yaml',
    );
    const t = tierFor(resource({ address: 'module.auth.aws_rds_cluster.this', tags: { tier: 'medium' } }), policy);
    expect(t.tier).toBe('critical');
    expect(t.source).toBe('policy');
    expect(t.detail).toContain('assignments[0]');
    expect(t.detail).toContain('auth service');
    expect(t.requirements.ecs).toMatchObject({ minTasks: 3, minAzs: 2, healthCheckMaxIntervalSeconds: 10 });
    expect(t.requirements.db.minAzs).toBe(3);
    expect(policy.tiers.critical.ecs.minTasks).toBe(2);
  });

  it('matches by name, type, kind, file and tag patterns', () => {
    const r = resource({ address: 'aws_rds_cluster.order', name: 'technova-sales-prod-order', tags: { env: 'prod' } });
    const cases: [string, boolean][] = [
      ['{ name: "technova-*-prod-*" }', true],
      ['{ name: "technova-*-dev-*" }', false],
      ['{ type: "aws_db_*" }', true],
      ['{ kind: "db.*" }', true],
      ['{ file: "*.tf" }', true],
      ['{ tag: "env=prod" }', true],
      ['{ tag: "env=dev" }', false],
      ['{ tag: "env=prod", name: "x" }', false],
    ];
    for (const [match, expected] of cases) {
      const policy = parsePolicy(`assignments:\n  - match: ${match}\n    tier: high\n`, 'p.yaml');
      expect(tierFor(r, policy).source === 'policy', match).toBe(expected);
    }
  });

  it('uses account rules for live resources after tags', () => {
    const policy = parsePolicy('accountTiers:\n  - accountName: "*-prod-app"\n    tier: critical\n  - tag: "env=dev"\n    tier: medium\n', 'p.yaml');
    const live = resource({ address: 'arn:aws:rds:ap-northeast-1:111:db:x', provenance: { source: 'aws', accountId: '111', accountName: 'technova-sales-prod-app', accountTags: { env: 'prod' } } });
    expect(tierFor(live, policy)).toMatchObject({ tier: 'critical', source: 'account' });
    const tagged = { ...live, tags: { tier: 'high' } } as AnyResource;
    expect(tierFor(tagged, policy)).toMatchObject({ tier: 'high', source: 'tag' });
    const dev = resource({ address: 'arn:x', provenance: { source: 'aws', accountId: '222', accountName: 'technova-sales-dev-app', accountTags: { env: 'dev' } } });
    expect(tierFor(dev, policy)).toMatchObject({ tier: 'medium', source: 'account' });
  });
});
