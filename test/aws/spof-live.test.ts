/**
 * Issue 12's dependency story on a live account (moto_server), collected by
 * the organisation scan: a critical ECS service with tasks in two AZs whose
 * task definition holds the endpoint of a single-AZ PostgreSQL instance in
 * `DB_HOST` (read through ecs:DescribeTaskDefinition and matched against the
 * account's own databases), and one NAT gateway without a tier tag that every
 * private subnet routes through. Neither the database nor the NAT gateway is
 * tagged: both inherit critical from the service, and the failure-domain
 * rules judge them at that tier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { analyzeGraph } from '../../src/analysis/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededWorkload } from './moto.js';

const R1 = 'ap-northeast-1';

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let seeded: SeededWorkload;
let tiers: ReturnType<typeof analyzeGraph>['tiers'];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-app').id;
  seeded = await seedWorkload(moto.endpoint, account, R1, {
    azs: [`${R1}a`, `${R1}c`],
    nat: 'single',
    clusterName: 'orders',
    services: [{ name: 'orders', desired: 4, taskAzs: [0, 1, 0, 1], tags: { tier: 'critical' }, connectsTo: 'orders-db' }],
    databases: [{ kind: 'instance', id: 'orders-db', multiAz: false, az: `${R1}a`, backup: 7, deletionProtection: true }],
  });
  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  const analysis = analyzeGraph(graph, policy);
  tiers = analysis.tiers;
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: analysis.tiers, failures: analysis.failures }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function one(kind: string, match: (id: string) => boolean): string {
  const hits = [...graph.resources()].filter((r) => r.kind === kind && match(r.id));
  expect(hits, kind).toHaveLength(1);
  return hits[0].id;
}

function status(rule: string, id: string): string | undefined {
  return findings.find((f) => f.ruleId === rule && f.resource.id === id)?.status;
}

describe('the dependency story on a live account (moto)', () => {
  it('reads the task definition and connects the service to the database its DB_HOST names', () => {
    const service = seeded.services.orders.arn;
    const td = one('ecs.task-definition', (id) => id.includes(':task-definition/orders:'));
    const db = one('db.instance', (id) => id.endsWith(':db:orders-db'));
    expect(graph.edges.filter((e) => e.from === service && e.kind === 'uses-task-definition').map((e) => e.to)).toEqual([td]);
    const data = graph.edges.filter((e) => e.from === td && e.kind === 'connects-to');
    expect(data.map((e) => [e.to, e.attribute, e.data?.variable])).toEqual([[db, 'containerDefinitions[0].environment[0].value', 'DB_HOST']]);
  });

  it('the untagged database and the shared NAT gateway inherit critical from the service', () => {
    const db = one('db.instance', (id) => id.endsWith(':db:orders-db'));
    const nat = one('network.nat-gateway', (id) => id.endsWith(seeded.natGateways[0].id));
    expect(tiers.get(db)).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(tiers.get(nat)).toMatchObject({ tier: 'critical', source: 'inherited' });
  });

  it('gives the exact verdicts of single-point-of-failure, az-failure-tolerance and region-failure-recovery', () => {
    const service = seeded.services.orders.arn;
    const db = one('db.instance', (id) => id.endsWith(':db:orders-db'));
    const nat = one('network.nat-gateway', (id) => id.endsWith(seeded.natGateways[0].id));
    // Losing either alone stops the critical service in both AZs.
    expect(status('single-point-of-failure', nat)).toBe('fail');
    expect(status('single-point-of-failure', db)).toBe('fail');
    // Losing the first AZ takes the database, and through it (and the NAT gateway) the service: down with no recovery.
    expect(status('az-failure-tolerance', service)).toBe('fail');
    // The database itself comes back by point-in-time restore (backups on): RPO 5 min meets the target, the restore time is undocumented.
    expect(status('az-failure-tolerance', db)).toBe('unknown');
    // No copy outside the Region: the database's data is lost with it; a stateless service has no documented redeployment time.
    expect(status('region-failure-recovery', db)).toBe('fail');
    expect(status('region-failure-recovery', service)).toBe('unknown');
    const spof = findings.find((f) => f.ruleId === 'single-point-of-failure' && f.resource.id === db)!;
    expect(spof.message).toContain('orders');
  });
});
