/**
 * Faults on a live organisation scan, injected by a loopback proxy in front
 * of moto (test/support/aws/fault-proxy.ts) that answers with the error bodies AWS sends:
 * AccessDenied on sts:AssumeRole for chosen accounts, throttling
 * (ThrottlingException / Throttling / RequestLimitExceeded), 5xx, connection
 * resets, a Region that never answers, and AccessDenied on single APIs.
 *
 * The scan must finish, retry exactly what was retryable (the proxy injects
 * random faults only into the first two attempts of a call, so the
 * scanner's retry count must equal the faults it was sent), and list exactly
 * the accounts / Regions / APIs it could not assess.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import type { CoverageGap, Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed, type OrgScanDetails, type OrgScanOptions } from '../../src/sources/aws/index.js';
import { FaultProxy, freezeTaskStates, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type SeededOrg, type SeededWorkload } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';

let moto: MotoServer;
let proxy: FaultProxy;
let restoreEnv: () => void;
let org: SeededOrg;
let app: SeededWorkload;
let baseline: OrgScanDetails;
let baselineAbandoned = 0;

function options(extra: Partial<OrgScanOptions> = {}): OrgScanOptions {
  return {
    regions: [R1, R3],
    ou: ['technova-sales'],
    concurrency: 6,
    // Long enough that a busy 2-core machine (moto is one Python process) never makes a healthy call time
    // out — the retry counts below are exact — and short enough for the hung Region's 3 × 5 attempts.
    requestTimeoutMs: 4000,
    connectionTimeoutMs: 4000,
    clientConfig: { endpoint: proxy.endpoint },
    ...extra,
  };
}

const gapKey = (g: CoverageGap) => `${g.accountId ?? '*'} ${g.region ?? '*'} ${g.service ?? '*'} ${g.errorCode}`;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint);
  app = await seedWorkload(moto.endpoint, org.byName('technova-sales-prod-app').id, R1, {
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
    nat: 'per-az',
    clusterName: 'sales',
    services: [{ name: 'order-api', desired: 2, taskAzs: [0, 1], spread: true, circuitBreaker: true, scaling: { min: 2, max: 6 } }],
  });
  await seedWorkload(moto.endpoint, org.byName('technova-sales-staging-api').id, R3, {
    azs: ['ap-northeast-3a', 'ap-northeast-3b'],
    nat: 'single',
    databases: [{ kind: 'cluster', id: 'staging', instanceAzs: ['ap-northeast-3a', 'ap-northeast-3b'], backup: 1, deletionProtection: false }],
  });
  proxy = await FaultProxy.start(moto.endpoint);
  baseline = await scanOrganizationDetailed(options());
  baselineAbandoned = proxy.counters.abandoned;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await proxy?.stop();
  await moto?.stop();
});

describe('without faults', () => {
  it('assesses every selected account and Region through the proxy', () => {
    expect(baseline.output.coverage).toEqual([]);
    expect(baseline.accountsSelected).toBe(24);
    // No fault injected: the only retries are answers so slow (moto on a busy machine) that the client gave up on them.
    expect(baseline.stats.retries).toBe(baselineAbandoned);
    expect(baseline.output.resources.some((r) => r.kind === 'ecs.service')).toBe(true);
    expect(baseline.output.resources.some((r) => r.kind === 'db.cluster')).toBe(true);
  });
});

describe('denied roles, throttling, 5xx, resets and a Region that never answers', () => {
  let faulty: OrgScanDetails;
  const denied = () => [org.byName('technova-sales-dev-app').id, org.byName('technova-sales-test-db').id];
  const slow = () => org.byName('technova-sales-staging-api').id;

  beforeAll(async () => {
    proxy.resetCounters();
    proxy.setPlan({
      seed: 7,
      denyAssumeRole: new Set(denied()),
      hang: (r) => r.accountId === slow() && r.region === R3,
      throttleRate: 0.1,
      serverErrorRate: 0.05,
      resetRate: 0.04,
    });
    faulty = await scanOrganizationDetailed(options());
    proxy.setPlan({});
  }, 600_000);

  it('lists exactly the accounts and Regions it could not assess', () => {
    const expected = [
      `${denied()[0]} * sts:AssumeRole AccessDenied`,
      `${denied()[1]} * sts:AssumeRole AccessDenied`,
      `${slow()} ${R3} * CircuitOpen`,
    ].sort();
    expect(faulty.output.coverage.map(gapKey).sort()).toEqual(expected);
    const roleGap = faulty.output.coverage.find((g) => g.service === 'sts:AssumeRole')!;
    expect(roleGap.accountName).toMatch(/^technova-sales-(dev-app|test-db)$/);
    expect(roleGap.message).toContain('not authorized to perform: sts:AssumeRole');
  });

  it('retried every throttled, failed and reset call, and exactly those', () => {
    const c = proxy.counters;
    expect(c.throttled).toBeGreaterThan(10);
    expect(c.serverErrors).toBeGreaterThan(5);
    expect(c.resets).toBeGreaterThan(3);
    expect(c.denied).toBe(2); // AccessDenied is not retried
    // The hung account × Region: the first calls of its four chains (network, containers, databases, load balancers)
    // went out side by side; after 3 timed-out attempts its breaker opened, so no call was retried into it after
    // that and nothing more was sent there (before breakers: 4 calls × 5 attempts = 20 hung requests).
    // At most the 3 that opened it plus attempts already in flight on the other chains.
    expect(c.hungInvocations.size).toBeGreaterThanOrEqual(1);
    expect(c.hungInvocations.size).toBeLessThanOrEqual(4);
    expect(c.hung).toBeGreaterThanOrEqual(3);
    expect(c.hung).toBeLessThanOrEqual(3 + 3);
    expect(faulty.stats.shortCircuited).toBeGreaterThan(0);
    expect(faulty.stats.attempts).toBe(c.requests);
    expect(faulty.stats.retries).toBe(c.throttled + c.serverErrors + c.resets + (c.hung - c.hungInvocations.size) + c.abandoned);
    console.log(
      `faults: ${c.requests} requests, ${c.invocations.size} calls; throttled ${c.throttled}, 5xx ${c.serverErrors}, resets ${c.resets}, denied ${c.denied}, hung ${c.hung}; scanner retries ${faulty.stats.retries}; ${faulty.durationMs} ms (baseline ${baseline.durationMs} ms)`,
    );
  });

  it('collected everything else exactly as without faults', () => {
    const lost = new Set(denied());
    const keep = (r: { provenance: { accountId?: string; region?: string }; kind: string }) =>
      r.kind === 'account' || (!lost.has(r.provenance.accountId!) && !(r.provenance.accountId === slow() && r.provenance.region === R3));
    const expected = baseline.output.resources.filter(keep).map((r) => r.id).sort();
    expect(faulty.output.resources.map((r) => r.id).sort()).toEqual(expected);
    expect(faulty.output.edges.length).toBeLessThan(baseline.output.edges.length);
  });
});

describe('an API denied in one account, and a Region that is not enabled', () => {
  let d: OrgScanDetails;
  // What an opt-in Region that is not enabled answers to temporary credentials, per protocol.
  const notEnabled = { ec2: 'AuthFailure', ecs: 'UnrecognizedClientException', rds: 'InvalidClientTokenId' } as Record<string, string>;
  beforeAll(async () => {
    const A = app.accountId;
    proxy.resetCounters();
    proxy.setPlan({
      failWith: (r) => {
        if (r.accountId === A && r.region === R3 && notEnabled[r.service]) return { status: r.service === 'ecs' ? 400 : 401, code: notEnabled[r.service], message: 'The security token included in the request is invalid.' };
        if (r.accountId !== A || r.region !== R1) return undefined;
        if (r.action === 'DescribeSubnets') return { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' };
        if (r.action === 'DescribeScalableTargets') return { status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform: application-autoscaling:DescribeScalableTargets' };
        if (r.action === 'DescribeDBProxies') return { status: 400, code: 'NotImplemented', message: 'The DescribeDBProxies action has not been implemented' };
        return undefined;
      },
    });
    d = await scanOrganizationDetailed(options({ accounts: ['technova-sales-prod-app'], ou: undefined, regions: [R1, R3] }));
    proxy.setPlan({});
  }, 600_000);

  it('records one gap per denied API and one for the Region, and goes on with the others', () => {
    const A = app.accountId;
    const region = d.output.coverage.find((g) => g.region === R3)!;
    expect(Object.values(notEnabled)).toContain(region.errorCode);
    expect(region.message).toMatch(/^Region not assessed/);
    expect(d.output.coverage.map(gapKey).sort()).toEqual(
      [
        `${A} ${R1} application-autoscaling:DescribeScalableTargets AccessDeniedException`,
        `${A} ${R1} application-autoscaling:DescribeScalableTargets (ServiceNamespace=rds) AccessDeniedException`,
        `${A} ${R1} ec2:DescribeSubnets UnauthorizedOperation`,
        `${A} ${R1} rds:DescribeDBProxies NotImplemented`,
        `${A} ${R3} * ${region.errorCode}`,
      ].sort(),
    );
    // Not retried, and nothing more sent to that Region after the first answers.
    // DescribeScalableTargets is denied twice: once for ECS services, once for Aurora readers.
    // 4 denied calls, plus the failed first answers in the Region not enabled.
    expect(proxy.counters.failed).toBe(4 + 3);
    expect(d.output.resources.filter((r) => r.provenance.region === R3)).toEqual([]);
    expect(d.output.resources.filter((r) => r.kind === 'network.route-table').length).toBeGreaterThan(0);
    expect(d.output.resources.filter((r) => r.kind === 'ecs.task')).toHaveLength(2);
  });

  it('turns what depends on the denied APIs into unknown, never into pass or fail', () => {
    const b = new GraphBuilder();
    for (const r of d.output.resources) b.addResource(r);
    for (const e of d.output.edges) b.addEdge(e);
    const graph = b.build();
    const svc = graph.get(app.services['order-api'].arn) as Resource<'ecs.service'>;
    expect(isUnknown(svc.props.desiredCount)).toBe(true);
    expect(svc.unresolved.find((u) => u.edge === 'in-subnet')?.reason).toContain('ec2:DescribeSubnets failed');
    // Task AZs cannot be derived from subnets that were not read.
    const task = graph.sources(svc, 'runs-in', 'ecs.task')[0];
    expect(isUnknown(task.props.availabilityZone)).toBe(true);
    const policy = { ...defaultPolicy(), accountTiers: [{ accountName: '*-prod-*', tier: 'critical' }] };
    const tiers = assignTiers(graph, policy);
    const { findings } = evaluateRules({ graph, policy, rules: builtinRules, tiers });
    expect(findings.find((f) => f.ruleId === 'ecs-min-tasks-per-az' && f.resource.id === svc.id)?.status).toBe('unknown');
    const nat = findings.filter((x) => x.ruleId === 'nat-gateway-per-az');
    expect(nat).toHaveLength(2);
    for (const f of nat) expect(f.status).toBe('unknown');
  });
});

describe('a Region that never answers in any account (circuit breaker per Region)', () => {
  let d: OrgScanDetails;
  beforeAll(async () => {
    proxy.resetCounters();
    proxy.setPlan({ hang: (r) => r.region === R3 && r.service !== 'sts' && r.service !== 'organizations' });
    d = await scanOrganizationDetailed(options({ regionTimeouts: 2 }));
    proxy.setPlan({});
  }, 600_000);

  it('stops sending to the Region after a few accounts and reports it not assessed in every account', () => {
    const active = baseline.output.resources.filter((r) => r.kind === 'account' && r.props.status === 'ACTIVE').map((r) => r.provenance.accountId!);
    const r3 = d.output.coverage.filter((g) => g.region === R3);
    // Every active account has exactly one "not assessed" entry for the Region, and nothing else is missing.
    expect(r3.map((g) => g.accountId).sort()).toEqual([...active].sort());
    expect(new Set(r3.map((g) => g.errorCode))).toEqual(new Set(['CircuitOpen']));
    expect(d.output.coverage.filter((g) => g.region !== R3)).toEqual([]);
    expect(r3.some((g) => /did not answer in 2 accounts in a row/.test(g.message))).toBe(true);
    for (const g of r3) expect(g.message).toMatch(/^Region not assessed/);
    // Without breakers every account's four chains would hang 5 attempts each (24 × 4 × 5 requests); the Region
    // breaker opened after 2 accounts, so only the accounts already in flight by then sent anything there.
    const c = proxy.counters;
    expect(c.hung).toBeLessThanOrEqual(12 * 4);
    expect(c.hung).toBeLessThan(active.length * 4);
    expect(d.stats.shortCircuited).toBeGreaterThan(0);
    // The other Region was assessed in full, as without faults.
    const inR1 = (o: OrgScanDetails) => o.output.resources.filter((r) => r.provenance.region === R1).map((r) => r.id).sort();
    expect(inR1(d)).toEqual(inR1(baseline));
    expect(d.output.resources.filter((r) => r.provenance.region === R3)).toEqual([]);
  });
});
