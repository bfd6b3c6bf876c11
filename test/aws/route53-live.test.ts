/**
 * NET-DNS on a live account (moto_server): a hosted zone with failover
 * records and health checks seeded through the real SDK, collected by the
 * organisation scan (one account, two Regions: Route 53 is global, so it is
 * asked once), judged by dns-failover-health-check.
 */
import { ChangeResourceRecordSetsCommand, ChangeTagsForResourceCommand, CreateHealthCheckCommand, CreateHostedZoneCommand, Route53Client, type HealthCheckConfig } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';
const R3 = 'ap-northeast-3';

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let calls: Map<string, number>;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-app').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const r53 = new Route53Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials, maxAttempts: 2 });
  const zone = await r53.send(new CreateHostedZoneCommand({ Name: 'shop.example.com', CallerReference: 'shop' }));
  const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const check = async (ref: string, config: Partial<HealthCheckConfig>, tier?: string) => {
    const out = await r53.send(new CreateHealthCheckCommand({ CallerReference: ref, HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: `${ref}.shop.example.com`, Port: 443, ResourcePath: '/healthz', ...config } }));
    const id = out.HealthCheck!.Id!;
    if (tier) await r53.send(new ChangeTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: id, AddTags: [{ Key: 'tier', Value: tier }] }));
    return id;
  };
  const good = await check('api', { RequestInterval: 30, FailureThreshold: 3 }, 'critical');
  const slow = await check('www-dr', { RequestInterval: 30, FailureThreshold: 5 });
  const rr = (name: string, id: string, failover: 'PRIMARY' | 'SECONDARY', ip: string, healthCheckId?: string) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: { Name: `${name}.shop.example.com`, Type: 'A' as const, SetIdentifier: id, Failover: failover, TTL: 60, ResourceRecords: [{ Value: ip }], ...(healthCheckId ? { HealthCheckId: healthCheckId } : {}) },
  });
  await r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          rr('api', 'api-tokyo', 'PRIMARY', '203.0.113.10', good),
          rr('api', 'api-osaka', 'SECONDARY', '198.51.100.20', good),
          rr('www', 'www-tokyo', 'PRIMARY', '203.0.113.11'),
          rr('www', 'www-osaka', 'SECONDARY', '198.51.100.21', slow),
          rr('checkout', 'checkout-tokyo', 'PRIMARY', '203.0.113.12', good),
          { Action: 'CREATE', ResourceRecordSet: { Name: 'mail.shop.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '203.0.113.25' }] } },
        ],
      },
    }),
  );

  const out = await scanOrganizationDetailed({ regions: [R1, R3], accounts: [account], concurrency: 4, fetchAccountTags: false });
  calls = new Map([...out.stats.byAction.entries()].map(([k, v]) => [k, v.calls]));
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings.filter((f) => f.ruleId === 'dns-failover-health-check');
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

const verdict = (name: string, set: string) => findings.find((f) => f.resource.address.endsWith(`/${name}.shop.example.com./A/${set}`) || f.resource.address.endsWith(`/${name}.shop.example.com/A/${set}`));

describe('Route 53, live', () => {
  it('collects records with a routing policy and health checks once per account, Region global', () => {
    const records = graph.ofKind('dns.record');
    expect(records.map((r) => r.props.setIdentifier).sort()).toEqual(['api-osaka', 'api-tokyo', 'checkout-tokyo', 'www-osaka', 'www-tokyo']);
    for (const r of [...records, ...graph.ofKind('dns.health-check')]) expect(r.provenance.region).toBe('global');
    expect(graph.ofKind('dns.health-check').map((h) => h.tags)).toEqual(expect.arrayContaining([{ tier: 'critical' }]));
    expect([...calls.keys()].filter((k) => k.startsWith('route53:')).sort()).toEqual(['route53:ListHealthChecks', 'route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources']);
    // Two Regions scanned, Route 53 asked once.
    expect(calls.get('route53:ListHostedZones')).toBe(1);
    expect(calls.get('route53:ListHealthChecks')).toBe(1);
  });

  it('judges each failover record: health check, its numbers, the other half', () => {
    expect(verdict('api', 'api-tokyo')).toMatchObject({ status: 'pass', messageId: 'meets' });
    expect(verdict('api', 'api-osaka')).toMatchObject({ status: 'pass' });
    expect(verdict('www', 'www-tokyo')).toMatchObject({ status: 'fail', messageId: 'noHealthCheck' });
    expect(verdict('www', 'www-osaka')).toMatchObject({ status: 'fail', messageId: 'slowHealthCheck' });
    expect(verdict('www', 'www-osaka')?.message).toContain('fails over after 5 failures');
    expect(verdict('checkout', 'checkout-tokyo')).toMatchObject({ status: 'fail', messageId: 'missingPartner' });
    expect(findings).toHaveLength(5);
  });
});
