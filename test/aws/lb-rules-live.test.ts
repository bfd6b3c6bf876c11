/**
 * NET-LB on the live side: the records collectLoadBalancers stores
 * (DescribeLoadBalancers items with their DescribeLoadBalancerAttributes
 * and DescribeTags, DescribeTargetGroups items), normalized and judged by
 * the built-in rules. The moto-seeded path (test/aws/elb.test.ts) covers the
 * collection itself; these records are written here because the case that
 * matters, attributes that could not be read, is one moto never produces.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';

const R = 'ap-northeast-1';
const ACCOUNT = '111111111111';
const lbArn = (kind: string, name: string) => `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:loadbalancer/${kind}/${name}/0123456789abcdef`;
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`;
const critical = [{ Key: 'tier', Value: 'critical' }];
const zone = (az: string, subnet: string) => ({ ZoneName: `${R}${az}`, SubnetId: subnet });

function findings() {
  const u = emptyUnit({ id: ACCOUNT, name: 'edge' }, R);
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: ACCOUNT });
  push(u, 'subnets', { SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: `${R}a`, OwnerId: ACCOUNT });
  push(u, 'subnets', { SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: `${R}c`, OwnerId: ACCOUNT });
  const lb = (kind: string, name: string, type: string, zones: object[], extra: object) =>
    push(u, 'loadBalancers', { LoadBalancerArn: lbArn(kind, name), LoadBalancerName: name, Type: type, Scheme: 'internal', VpcId: 'vpc-1', AvailabilityZones: zones, Tags: critical, ...extra });
  lb('app', 'web', 'application', [zone('a', 'subnet-a'), zone('c', 'subnet-c')], { Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
  lb('net', 'api', 'network', [zone('a', 'subnet-a'), zone('c', 'subnet-c')], { Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }] });
  lb('net', 'ingest', 'network', [zone('a', 'subnet-a')], { Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }] });
  lb('net', 'unread', 'network', [zone('a', 'subnet-a'), zone('c', 'subnet-c')], { AttributesMissing: 'elasticloadbalancing:DescribeLoadBalancerAttributes failed' });
  const tg = (name: string, extra: object) => push(u, 'targetGroups', { TargetGroupArn: tgArn(name), TargetGroupName: name, VpcId: 'vpc-1', Tags: critical, ...extra });
  tg('web', { Protocol: 'HTTP', TargetType: 'ip', HealthCheckEnabled: true, HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 15, UnhealthyThresholdCount: 3 });
  tg('api', { Protocol: 'TCP', TargetType: 'ip', HealthCheckEnabled: false });
  const { resources, edges } = normalizeUnits([u]);
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  const graph = b.build();
  const policy = defaultPolicy();
  return evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings.filter((f) => f.ruleId.startsWith('lb-'));
}

describe('NET-LB on live records', () => {
  const verdicts = () => Object.fromEntries(findings().map((f) => [`${f.ruleId} ${f.resource.name}`, f.status]));

  it('judges zones from the subnets the API lists and cross-zone from the attributes', () => {
    expect(verdicts()).toEqual({
      'lb-multi-az web': 'pass',
      'lb-multi-az api': 'fail',
      'lb-multi-az ingest': 'fail',
      'lb-multi-az unread': 'unknown',
      'lb-target-group-health-check web': 'pass',
      'lb-target-group-health-check api': 'fail',
    });
  });

  it('says why: one zone, cross-zone off, attributes not read; no file location on live results', () => {
    const all = findings();
    const by = (name: string) => all.find((f) => f.ruleId === 'lb-multi-az' && f.resource.name === name)!;
    expect(by('ingest').message).toContain(`enabled in 1 AZ(s) (${R}a (account ${ACCOUNT})) < 2 required`);
    expect(by('api').message).toContain('cross-zone load balancing is off');
    expect(by('unread').message).toContain('elasticloadbalancing:DescribeLoadBalancerAttributes failed');
    expect(by('web').resource.address).toBe(lbArn('app', 'web'));
    for (const f of all) expect(f.location).toBeUndefined();
  });
});
