/**
 * Caches join the dependency edges (issue 17): a task definition whose
 * environment names a cache's endpoint connects to it (Terraform
 * references, a template string, CloudFormation `!GetAtt …EndPoint.Address`
 * in `!Sub`), a reference to its ARN or name does not; the service then
 * depends on the cache, the untagged cache takes the service's tier, and
 * the service goes down with a single-node cache's AZ.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/scan.js';
import { analyze, scan } from '../../src/scan.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/cache-deps');

const FORMS = {
  terraform: {
    file: 'main.tf',
    td: 'aws_ecs_task_definition.api',
    api: 'aws_ecs_service.api',
    sessions: 'aws_elasticache_replication_group.sessions',
    rateLimit: 'aws_elasticache_cluster.rate_limit',
    pages: 'aws_elasticache_cluster.pages',
    lines: { sessions: 76, rateLimit: 77 },
    rateLimitAt: 40,
    sessionsAt: 27,
    region: 'ap-northeast-1',
  },
  cloudformation: {
    file: 'api.yaml',
    td: 'api.yaml#api/ApiTaskDefinition',
    api: 'api.yaml#api/ApiService',
    sessions: 'api.yaml#api/Sessions',
    rateLimit: 'api.yaml#api/RateLimit',
    pages: 'api.yaml#api/Pages',
    lines: { sessions: 83, rateLimit: 85 },
    rateLimitAt: 48,
    sessionsAt: 33,
    region: '?',
  },
} as const;

async function analyzeForm(form: keyof typeof FORMS): Promise<Analysis> {
  const dir = join(FIXTURES, form);
  return analyze({ paths: [dir], root: dir });
}

describe.each(Object.keys(FORMS) as (keyof typeof FORMS)[])('a service using caches (%s)', (form) => {
  const f = FORMS[form];
  let a: Analysis;
  it('connects its task definition to each cache whose endpoint a variable names, at the variable', async () => {
    a = await analyzeForm(form);
    expect(a.errors).toEqual([]);
    const edges = a.graph.outgoing(f.td, 'connects-to').map((e) => `${e.to} @ ${e.location?.file}:${e.location?.line}`);
    expect(edges.sort()).toEqual([`${f.rateLimit} @ ${f.file}:${f.lines.rateLimit}`, `${f.sessions} @ ${f.file}:${f.lines.sessions}`].sort());
    // Named by ARN or name only: no connection, and no gap either.
    expect(edges.some((e) => e.startsWith(f.pages))).toBe(false);
    expect(a.graph.get(f.td)!.unresolved).toEqual([]);
  });

  it('makes the service depend on the caches (hard data edges), and the untagged caches inherit its critical tier', () => {
    for (const cache of [f.sessions, f.rateLimit]) {
      const dep = a.dependencies.dependenciesOf(f.api).filter((e) => e.to === cache && e.relation === 'connects-to');
      expect(dep, cache).toHaveLength(1);
      expect(dep[0]).toMatchObject({ kind: 'data', strength: 'hard' });
      expect(a.tiers.get(cache)).toMatchObject({ tier: 'critical', source: 'inherited' });
    }
    expect(a.tiers.get(f.pages)?.source).not.toBe('inherited');
  });

  it('the service goes down with the single-node cache\'s AZ, and only degrades when the replication group fails over', () => {
    const impact = (w: string, az: string) => a.failures.impacts.find((i) => i.workload === w && i.domain === `az:ap-northeast-1:ap-northeast-1${az}`)!;
    const down = impact(f.api, 'a');
    expect(down.state).toBe('down');
    expect(down.path?.map((s) => s.id)).toContain(f.rateLimit);
    expect(down.rto.behaviour).toBe('cache-node-replace');
    expect(impact(f.rateLimit, 'a')).toMatchObject({ state: 'down', rpo: { behaviour: 'elasticache-snapshot-restore', seconds: 86_400 } });
    expect(impact(f.sessions, 'a')).toMatchObject({ state: 'degraded', rto: { behaviour: 'elasticache-multi-az-failover' } });
    // 1c holds the group's replica only and none of the single node: the service keeps serving from 1a.
    expect(impact(f.sessions, 'c').state).toBe('degraded');
    expect(impact(f.rateLimit, 'c').state).toBe('unaffected');
    expect(impact(f.api, 'c').state).toBe('degraded');
    const region = a.failures.impacts.find((i) => i.workload === f.rateLimit && i.domain === `region:${f.region}`)!;
    expect(region).toMatchObject({ state: 'down', rpo: { behaviour: 'no-recovery' } });
  });

  it('single-point-of-failure fails on the single-node cache the critical service needs, not on the replication group that fails over', async () => {
    const dir = join(FIXTURES, form);
    const result = await scan({ paths: [dir], root: dir });
    const spof = result.findings.filter((x) => x.ruleId === 'single-point-of-failure').map((x) => ({ id: x.resource.id, status: x.status, file: x.location?.file, line: x.location?.line }));
    expect(spof).toEqual([
      { id: f.sessions, status: 'pass', file: f.file, line: f.sessionsAt },
      { id: f.rateLimit, status: 'fail', file: f.file, line: f.rateLimitAt },
    ]);
    expect(result.findings.find((x) => x.ruleId === 'single-point-of-failure' && x.status === 'fail')!.message).toContain(f.api.replace(/^.*#/, ''));
  });
});
