/**
 * NET-LB and NET-TGW end to end on a live account (moto_server): load
 * balancers, target groups and Transit Gateway VPC attachments seeded through
 * the real SDK in Tokyo, collected by the organisation scan
 * (elasticloadbalancing:DescribeLoadBalancers / DescribeLoadBalancerAttributes
 * / DescribeTargetGroups, ec2:DescribeTransitGatewayVpcAttachments) and judged
 * by lb-multi-az, lb-target-group-health-check and tgw-attachment-multi-az.
 *
 * - web: ALB in 1a and 1c (cross-zone always on) → pass.
 * - api: NLB in 1a and 1c, cross-zone turned on → pass.
 * - partner: NLB in 1a and 1c, cross-zone left at its default (off) → fail.
 * - ingest: NLB in 1a only → fail.
 * - target groups orders (HTTP, /healthz) → pass; resize (Lambda targets, health checks off) → fail.
 * - attachments to one transit gateway: hub-two (the app VPC, subnets in 1a and 1c) → pass;
 *   hub-one (a batch VPC, one subnet in 1a) → fail.
 *
 * Then the same account through a loopback fault proxy that refuses
 * ec2:DescribeSubnets and elasticloadbalancing:DescribeLoadBalancerAttributes:
 * the attachments' AZs and the NLBs' cross-zone setting become unknown with
 * the reason (never pass), while what is still known keeps failing. And once
 * more with elasticloadbalancing:DescribeTags refused: tiers undecided, so a
 * verdict that depends on the tier is unknown, never the lowest tier's.
 *
 * moto notes (5.2): CreateTargetGroup ignores HealthCheckEnabled and turns
 * health checks on for every target type, Lambda included (AWS leaves them
 * off for Lambda targets): the Lambda group is switched off with
 * ModifyTargetGroup, which moto honours. moto always answers
 * HealthCheckEnabled, so a target group cannot be made unknown from what it
 * returns: lb-target-group-health-check has no live unknown case here (its
 * unknown paths are RuleTester cases). CreateTransitGatewayVpcAttachment
 * keeps only tag specifications of type transit-gateway-route-table, so the
 * attachments are tagged again with CreateTags. Every load balancer ARN moto
 * makes reads loadbalancer/app/… whatever the type (AWS: net/… for an NLB);
 * the type comes from Type, which moto gets right. The API-shaped records of
 * test/aws/lb-rules-live.test.ts and test/aws/tgw-live.test.ts stay: they
 * cover deleted attachments and attributes that were not read in one scan.
 */
import { CreateSubnetCommand, CreateTagsCommand, CreateTransitGatewayCommand, CreateTransitGatewayVpcAttachmentCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, CreateTargetGroupCommand, ElasticLoadBalancingV2Client, ModifyLoadBalancerAttributesCommand, ModifyTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, FaultProxy, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';
const RULES = new Set(['lb-multi-az', 'lb-target-group-health-check', 'tgw-attachment-multi-az']);

let moto: MotoServer;
let restoreEnv: () => void;
let account: string;
const seeded: Record<string, string> = {};

interface Scanned {
  graph: ResourceGraph;
  findings: Finding[];
  gaps: { message: string }[];
  calls: string[];
}

async function scanWith(endpoint?: string): Promise<Scanned> {
  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false, ...(endpoint ? { maxAttempts: 1, clientConfig: { endpoint } } : {}) });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  const graph = b.build();
  const policy = defaultPolicy();
  // Tiers as a scan decides them: own tags, then inherited through dependencies (load balancer → its target groups).
  const tiers = inheritTiers(graph, buildDependencies(graph, policy), assignTiers(graph, policy), policy);
  const findings = evaluateRules({ graph, policy, rules: builtinRules, tiers }).findings.filter((f) => RULES.has(f.ruleId));
  return { graph, findings, gaps: out.output.coverage, calls: [...out.stats.byAction.keys()] };
}

/** `ruleId resource-id` → status. */
const verdicts = (s: Scanned) => Object.fromEntries(s.findings.map((f) => [`${f.ruleId} ${f.resource.id}`, f.status]));
const finding = (s: Scanned, rule: string, id: string) => s.findings.find((f) => f.ruleId === rule && f.resource.id === id);

let live: Scanned;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const cfg = { endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(cfg);
  const elb = new ElasticLoadBalancingV2Client(cfg);
  const critical = [{ Key: 'tier', Value: 'critical' }];

  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const a = await subnet('10.70.0.0/24', `${R1}a`);
  const c = await subnet('10.70.1.0/24', `${R1}c`);
  const tgwA = await subnet('10.70.250.0/28', `${R1}a`);
  const tgwC = await subnet('10.70.250.16/28', `${R1}c`);
  // A second VPC: AWS (and moto) allow one attachment per VPC and transit gateway.
  const batchVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.71.0.0/16' }))).Vpc!.VpcId!;
  const batchA = (await ec2.send(new CreateSubnetCommand({ VpcId: batchVpc, CidrBlock: '10.71.250.0/28', AvailabilityZone: `${R1}a` }))).Subnet!.SubnetId!;

  const lb = async (name: string, type: 'application' | 'network', subnets: string[]) =>
    (await elb.send(new CreateLoadBalancerCommand({ Name: name, Type: type, Scheme: 'internal', Subnets: subnets, Tags: critical }))).LoadBalancers![0].LoadBalancerArn!;
  seeded.web = await lb('web', 'application', [a, c]);
  seeded.api = await lb('api', 'network', [a, c]);
  await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: seeded.api, Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }] }));
  seeded.partner = await lb('partner', 'network', [a, c]);
  seeded.ingest = await lb('ingest', 'network', [a]);

  seeded.tgOrders = (await elb.send(new CreateTargetGroupCommand({ Name: 'orders', Protocol: 'HTTP', Port: 8080, VpcId: vpc, TargetType: 'ip', HealthCheckPath: '/healthz', HealthCheckIntervalSeconds: 10, Tags: critical }))).TargetGroups![0].TargetGroupArn!;
  // Lambda targets: AWS leaves health checks off unless asked (instance / ip / alb targets cannot turn them off).
  // moto turns them on for every target group and ignores HealthCheckEnabled at creation; ModifyTargetGroup sets
  // what DescribeTargetGroups reports for such a group on AWS.
  seeded.tgResize = (await elb.send(new CreateTargetGroupCommand({ Name: 'resize', TargetType: 'lambda', Tags: critical }))).TargetGroups![0].TargetGroupArn!;
  await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: seeded.tgResize, HealthCheckEnabled: false }));

  const tgw = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'network hub' }))).TransitGateway!.TransitGatewayId!;
  const attach = async (name: string, vpcId: string, subnets: string[]) => {
    const tags = [...critical, { Key: 'Name', Value: name }];
    const id = (await ec2.send(new CreateTransitGatewayVpcAttachmentCommand({ TransitGatewayId: tgw, VpcId: vpcId, SubnetIds: subnets, TagSpecifications: [{ ResourceType: 'transit-gateway-attachment', Tags: tags }] })))
      .TransitGatewayVpcAttachment!.TransitGatewayAttachmentId!;
    // moto keeps only tag specifications of type transit-gateway-route-table here; CreateTags is read back.
    await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tags }));
    return id;
  };
  const attArn = (id: string) => `arn:aws:ec2:${R1}:${account}:transit-gateway-attachment/${id}`;
  seeded.hubTwo = attArn(await attach('hub-two', vpc, [tgwA, tgwC]));
  seeded.hubOne = attArn(await attach('hub-one', batchVpc, [batchA]));

  live = await scanWith();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

describe('NET-LB and NET-TGW on a live account (moto)', () => {
  it('reads load balancers, target groups and attachments with the listed calls and no coverage gap', () => {
    expect(live.gaps.filter((g) => /elasticloadbalancing|TransitGateway/.test(g.message))).toEqual([]);
    for (const call of ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes', 'elasticloadbalancing:DescribeTargetGroups', 'ec2:DescribeTransitGatewayVpcAttachments']) expect(live.calls).toContain(call);
    expect(live.graph.ofKind('lb.load-balancer').map((l) => l.name).sort()).toEqual(['api', 'ingest', 'partner', 'web']);
    expect(live.graph.ofKind('lb.target-group').map((t) => t.name).sort()).toEqual(['orders', 'resize']);
    expect(live.graph.ofKind('network.tgw-attachment').map((t) => t.id).sort()).toEqual([seeded.hubOne, seeded.hubTwo].sort());
  });

  it('judges every seeded resource, and only those', () => {
    expect(verdicts(live)).toEqual({
      [`lb-multi-az ${seeded.web}`]: 'pass',
      [`lb-multi-az ${seeded.api}`]: 'pass',
      [`lb-multi-az ${seeded.partner}`]: 'fail',
      [`lb-multi-az ${seeded.ingest}`]: 'fail',
      [`lb-target-group-health-check ${seeded.tgOrders}`]: 'pass',
      [`lb-target-group-health-check ${seeded.tgResize}`]: 'fail',
      [`tgw-attachment-multi-az ${seeded.hubTwo}`]: 'pass',
      [`tgw-attachment-multi-az ${seeded.hubOne}`]: 'fail',
    });
  });

  it('says why, at the tier the tags give', () => {
    expect(finding(live, 'lb-multi-az', seeded.ingest)!.message).toContain(`enabled in 1 AZ(s) (${R1}a`);
    expect(finding(live, 'lb-multi-az', seeded.partner)!.message).toContain('cross-zone load balancing is off');
    expect(finding(live, 'lb-target-group-health-check', seeded.tgResize)!.message).toContain('health checks turned off');
    expect(finding(live, 'tgw-attachment-multi-az', seeded.hubOne)!.message).toContain('< 2 required by tier critical');
    for (const id of [seeded.web, seeded.ingest, seeded.tgResize, seeded.hubOne]) expect(live.findings.find((f) => f.resource.id === id)!.resource.tier).toBe('critical');
    // Target groups carry their own tags (DescribeTags), as in IaC: no load balancer forwards to resize to inherit from.
    expect(live.graph.get(seeded.tgResize)!.tags).toEqual({ tier: 'critical' });
  });
});

describe('the same account when subnets and load balancer attributes cannot be read', () => {
  let denied: Scanned;

  beforeAll(async () => {
    const proxy = await FaultProxy.start(moto.endpoint, {
      failWith: (r) =>
        r.action === 'DescribeSubnets'
          ? { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }
          : r.action === 'DescribeLoadBalancerAttributes'
            ? { status: 400, code: 'AccessDenied', message: 'not authorized' }
            : undefined,
    });
    try {
      denied = await scanWith(proxy.endpoint);
    } finally {
      await proxy.stop();
    }
  }, 600_000);

  it('is unknown with the reason where the missing reads matter, never pass; what is known still fails', () => {
    expect(verdicts(denied)).toEqual({
      [`lb-multi-az ${seeded.web}`]: 'pass',
      [`lb-multi-az ${seeded.api}`]: 'unknown',
      [`lb-multi-az ${seeded.partner}`]: 'unknown',
      [`lb-multi-az ${seeded.ingest}`]: 'fail',
      [`lb-target-group-health-check ${seeded.tgOrders}`]: 'pass',
      [`lb-target-group-health-check ${seeded.tgResize}`]: 'fail',
      [`tgw-attachment-multi-az ${seeded.hubTwo}`]: 'unknown',
      [`tgw-attachment-multi-az ${seeded.hubOne}`]: 'unknown',
    });
    expect(finding(denied, 'lb-multi-az', seeded.api)!.message).toContain('DescribeLoadBalancerAttributes failed');
    expect(finding(denied, 'tgw-attachment-multi-az', seeded.hubOne)!.message).toContain('DescribeSubnets');
    expect(denied.gaps.map((g) => g.message).join('\n')).toContain('DescribeSubnets');
  });
});

describe('the same account when elasticloadbalancing:DescribeTags is refused', () => {
  let untagged: Scanned;

  beforeAll(async () => {
    const proxy = await FaultProxy.start(moto.endpoint, { failWith: (r) => (r.action === 'DescribeTags' ? { status: 400, code: 'AccessDenied', message: 'not authorized' } : undefined) });
    try {
      untagged = await scanWith(proxy.endpoint);
    } finally {
      await proxy.stop();
    }
  }, 600_000);

  it('leaves the tags of load balancers and target groups unknown, and an undecided tier never lowers the bar', () => {
    for (const id of [seeded.web, seeded.tgResize]) expect(untagged.graph.get(id)!.tags).toMatchObject({ reason: expect.stringContaining('DescribeTags failed') });
    // Tier-dependent (medium needs one AZ and no cross-zone): unknown with the reason. The same at every tier: decided.
    expect(verdicts(untagged)).toEqual({
      [`lb-multi-az ${seeded.web}`]: 'pass',
      [`lb-multi-az ${seeded.api}`]: 'pass',
      [`lb-multi-az ${seeded.partner}`]: 'unknown',
      [`lb-multi-az ${seeded.ingest}`]: 'unknown',
      [`lb-target-group-health-check ${seeded.tgOrders}`]: 'pass',
      [`lb-target-group-health-check ${seeded.tgResize}`]: 'fail',
      [`tgw-attachment-multi-az ${seeded.hubTwo}`]: 'pass',
      [`tgw-attachment-multi-az ${seeded.hubOne}`]: 'fail',
    });
    expect(finding(untagged, 'lb-multi-az', seeded.ingest)!.message).toContain('The tier of ingest cannot be decided (its tags: elasticloadbalancing:DescribeTags failed');
  });
});
