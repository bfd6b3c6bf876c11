/**
 * ECS-SCALE and ECS-CLUSTER on a live account (moto_server): EC2 capacity
 * providers backed by Auto Scaling groups (one over two AZs, one in one AZ),
 * a Fargate-only cluster, and ECS services with and without scalable targets
 * and scaling policies, seeded through the real SDK, collected by the
 * organisation scan (ecs:DescribeClusters' capacityProviders,
 * ecs:DescribeCapacityProviders, application-autoscaling:DescribeScalableTargets
 * and DescribeScalingPolicies) and judged by the built-in rules.
 *
 * moto implements CreateCapacityProvider / DescribeCapacityProviders,
 * RegisterScalableTarget, PutScalingPolicy and DescribeScalingPolicies, so no
 * substitute is needed. A failing DescribeScalingPolicies (served by the
 * loopback fault proxy) turns the verdict into unknown, never a fail.
 */
import { PutScalingPolicyCommand, RegisterScalableTargetCommand, ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { AutoScalingClient, CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateCapacityProviderCommand, CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { assumeInto, FaultProxy, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';
const TAGS = (tier: string) => [{ key: 'tier', value: tier }];

let moto: MotoServer;
let restoreEnv: () => void;
let account: string;

interface Scanned {
  graph: ResourceGraph;
  findings: Finding[];
  gaps: { message: string }[];
  tiers: Map<string, { tier: string }>;
}

async function scanWith(endpoint?: string): Promise<Scanned> {
  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false, ...(endpoint ? { maxAttempts: 1, clientConfig: { endpoint } } : {}) });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  const graph = b.build();
  const policy = defaultPolicy();
  // Tiers as a scan decides them: own tags, then inherited through hard dependencies (cluster → its Auto Scaling groups).
  const tiers = inheritTiers(graph, buildDependencies(graph, policy), assignTiers(graph, policy), policy);
  return { graph, findings: evaluateRules({ graph, policy, rules: builtinRules, tiers }).findings, gaps: out.output.coverage, tiers };
}

let live: Scanned;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const opts = { endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(opts);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }))).Vpc!.VpcId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'orders', Description: 'orders', VpcId: vpc }))).GroupId!;
  const subnets: string[] = [];
  for (const [i, az] of [`${R1}a`, `${R1}c`].entries()) subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.50.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);
  const lt = (await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'ecs', LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' } }))).LaunchTemplate!.LaunchTemplateId!;

  const asg = new AutoScalingClient(opts);
  const group = async (name: string, subnetIds: string[]) => {
    await asg.send(new CreateAutoScalingGroupCommand({ AutoScalingGroupName: name, MinSize: 0, MaxSize: 4, DesiredCapacity: 0, VPCZoneIdentifier: subnetIds.join(','), LaunchTemplate: { LaunchTemplateId: lt, Version: '$Latest' } }));
    return (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0].AutoScalingGroupARN!;
  };
  const ordersGroup = await group('orders-ec2', subnets);
  const batchGroup = await group('batch-ec2', [subnets[0]]);

  const ecs = new ECSClient(opts);
  await ecs.send(new CreateCapacityProviderCommand({ name: 'orders-ec2', autoScalingGroupProvider: { autoScalingGroupArn: ordersGroup } }));
  await ecs.send(new CreateCapacityProviderCommand({ name: 'batch-ec2', autoScalingGroupProvider: { autoScalingGroupArn: batchGroup } }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'orders', capacityProviders: ['orders-ec2'], tags: TAGS('critical') }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'batch', capacityProviders: ['FARGATE', 'batch-ec2'], tags: TAGS('critical') }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'web', capacityProviders: ['FARGATE'], tags: TAGS('critical') }));

  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', networkMode: 'awsvpc', requiresCompatibilities: ['EC2'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'app', image: 'nginx', essential: true }] }));
  for (const name of ['orders', 'billing', 'ledger']) {
    await ecs.send(new CreateServiceCommand({ cluster: 'orders', serviceName: name, taskDefinition: 'app', desiredCount: 2, launchType: 'EC2', networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [sg] } }, tags: TAGS('critical') }));
  }

  const aas = new ApplicationAutoScalingClient(opts);
  const target = (service: string) => ({ ServiceNamespace: 'ecs' as const, ScalableDimension: 'ecs:service:DesiredCount' as const, ResourceId: `service/orders/${service}` });
  // orders: 2–8 with a CPU 50 % target tracking policy.
  await aas.send(new RegisterScalableTargetCommand({ ...target('orders'), MinCapacity: 2, MaxCapacity: 8 }));
  await aas.send(
    new PutScalingPolicyCommand({
      ...target('orders'),
      PolicyName: 'orders-cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    }),
  );
  // billing: a scalable target without any policy. ledger: no target.
  await aas.send(new RegisterScalableTargetCommand({ ...target('billing'), MinCapacity: 2, MaxCapacity: 6 }));

  live = await scanWith();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function serviceVerdict(s: Scanned, name: string): Finding | undefined {
  const svc = s.graph.ofKind('ecs.service').find((x) => x.props.name === name);
  if (!svc) throw new Error(`no service ${name} in the live graph`);
  return s.findings.find((f) => f.ruleId === 'ecs-auto-scaling' && f.resource.id === svc.id);
}

function clusterVerdict(s: Scanned, name: string): Finding | undefined {
  const c = s.graph.ofKind('ecs.cluster').find((x) => x.props.name === name);
  if (!c) throw new Error(`no cluster ${name} in the live graph`);
  return s.findings.find((f) => f.ruleId === 'ecs-cluster-capacity-multi-az' && f.resource.id === c.id);
}

describe('ECS-SCALE and ECS-CLUSTER on a live account (moto)', () => {
  it('collects the scaling policies and the capacity providers, and links them', () => {
    const policies = live.graph.ofKind('autoscaling.policy');
    expect(policies.map((p) => [p.props.name, p.props.policyType])).toEqual([['orders-cpu', 'TargetTrackingScaling']]);
    const orders = live.graph.ofKind('ecs.cluster').find((c) => c.props.name === 'orders')!;
    const groups = live.graph.outgoing(orders.id, 'uses-capacity').map((e) => live.graph.get(e.to)?.name);
    expect(groups).toEqual(['orders-ec2']);
  });

  it('ecs-auto-scaling: target with a policy passes; target without policy and no target fail', () => {
    expect(serviceVerdict(live, 'orders')?.status).toBe('pass');
    expect(serviceVerdict(live, 'billing')?.status).toBe('fail');
    expect(serviceVerdict(live, 'billing')?.messageId).toBe('noPolicy');
    expect(serviceVerdict(live, 'ledger')?.status).toBe('fail');
    expect(serviceVerdict(live, 'ledger')?.messageId).toBe('noTarget');
  });

  it('ecs-cluster-capacity-multi-az: group over two AZs passes, one AZ fails, Fargate only is not judged', () => {
    expect(clusterVerdict(live, 'orders')?.status).toBe('pass');
    expect(clusterVerdict(live, 'batch')?.status).toBe('fail');
    expect(clusterVerdict(live, 'batch')?.message).toContain('ap-northeast-1a');
    expect(clusterVerdict(live, 'web')).toBeUndefined();
  });

  it('the Auto Scaling group behind a critical cluster inherits critical', () => {
    const batch = live.graph.ofKind('compute.autoscaling-group').find((g) => g.props.name === 'batch-ec2')!;
    expect(live.tiers.get(batch.id)?.tier).toBe('critical');
    const f = live.findings.find((x) => x.ruleId === 'asg-multi-az' && x.resource.id === batch.id);
    expect(f?.resource.tier).toBe('critical');
  });

  it('refused DescribeScalingPolicies / DescribeCapacityProviders: unknown with the gap, never fail', async () => {
    const proxy = await FaultProxy.start(moto.endpoint, {
      failWith: (r) => (r.action === 'DescribeScalingPolicies' || r.action === 'DescribeCapacityProviders' ? { status: 400, code: 'AccessDeniedException', message: 'not authorized' } : undefined),
    });
    try {
      const s = await scanWith(proxy.endpoint);
      expect(serviceVerdict(s, 'billing')?.status).toBe('unknown');
      expect(serviceVerdict(s, 'billing')?.message).toContain('could not be read');
      expect(serviceVerdict(s, 'ledger')?.status).toBe('fail');
      expect(clusterVerdict(s, 'batch')?.status).toBe('unknown');
      expect(s.gaps.map((g) => g.message).join('\n')).toContain('DescribeScalingPolicies');
    } finally {
      await proxy.stop();
    }
  });
});
