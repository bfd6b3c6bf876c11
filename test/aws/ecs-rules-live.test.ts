/**
 * The ECS-SPREAD / ECS-SPOT / ECS-HEALTH / ECS-DEPLOY rules on a live account
 * (moto_server): a cluster whose default capacity provider strategy is mostly
 * FARGATE_SPOT, task definitions with and without container health checks,
 * and services seeded through the real SDK, collected by the organisation
 * scan (ecs:DescribeClusters' defaultCapacityProviderStrategy,
 * DescribeServices' deploymentController and deploymentConfiguration,
 * DescribeTaskDefinition's containerDefinitions) and judged by the built-in
 * rules.
 *
 * moto notes: CreateService keeps neither deploymentConfiguration (the
 * circuit breaker) nor placementStrategy, so DescribeServices returns no
 * circuit breaker for any service: the live deploy verdicts below are what the
 * API answers (no circuit breaker: fail), and the pass path of
 * ecs-deployment-rollback and of the EC2 spread is covered by the RuleTester
 * cases and fixtures/ecs-requirements. awsvpc services need securityGroups.
 * Nor does it keep a service's capacityProviderStrategy: it answers
 * launchType EC2 for worker (so worker's spread fails there as EC2 without a
 * spread, where AWS would fail it for its one subnet).
 */
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
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
const TAGS = (tier: string) => [{ key: 'tier', value: tier }];

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const ec2 = new EC2Client({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'shop', Description: 'shop', VpcId: vpc }))).GroupId!;
  const subnets: string[] = [];
  for (const [i, az] of [`${R1}a`, `${R1}c`].entries()) subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.40.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);

  const ecs = new ECSClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  await ecs.send(
    new CreateClusterCommand({
      clusterName: 'shop-prod',
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }, { capacityProvider: 'FARGATE', weight: 1, base: 1 }],
    }),
  );
  const health = (interval?: number) => ({ command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], ...(interval ? { interval } : {}) });
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'api', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '512', memory: '1024', containerDefinitions: [{ name: 'api', image: 'nginx', essential: true, healthCheck: health(10) }] }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'worker', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', containerDefinitions: [{ name: 'worker', image: 'busybox', essential: true, healthCheck: health() }] }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'legacy', networkMode: 'bridge', containerDefinitions: [{ name: 'legacy', image: 'httpd', essential: true, memory: 512 }] }));

  // api: critical, Fargate on demand over two AZs, circuit breaker with rollback, health check every 10 s.
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'shop-prod',
      serviceName: 'api',
      taskDefinition: 'api',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [sg] } },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      tags: TAGS('critical'),
    }),
  );
  // worker: critical, mostly FARGATE_SPOT, one subnet, health check at the 30 s default, no circuit breaker. (AWS copies the
  // cluster's default strategy into a service created without one, so DescribeServices shows it on the service; moto
  // answers launchType EC2 instead, so the strategy is written on the service here.)
  await ecs.send(
    new CreateServiceCommand({ cluster: 'shop-prod', serviceName: 'worker', taskDefinition: 'worker', desiredCount: 2, capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 3 }, { capacityProvider: 'FARGATE', weight: 1, base: 1 }], networkConfiguration: { awsvpcConfiguration: { subnets: [subnets[0]], securityGroups: [sg] } }, tags: TAGS('critical') }),
  );
  // legacy: high, EC2 packed by memory, no health check, CODE_DEPLOY controller.
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'shop-prod',
      serviceName: 'legacy',
      taskDefinition: 'legacy',
      desiredCount: 2,
      launchType: 'EC2',
      placementStrategy: [{ type: 'binpack', field: 'memory' }],
      deploymentController: { type: 'CODE_DEPLOY' },
      tags: TAGS('high'),
    }),
  );

  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function verdict(rule: string, name: string): Finding | undefined {
  const s = graph.ofKind('ecs.service').find((x) => x.props.name === name);
  if (!s) throw new Error(`no service ${name} in the live graph`);
  return findings.find((f) => f.ruleId === rule && f.resource.id === s.id);
}

describe('ECS rules on a live account (moto)', () => {
  it('collects the cluster default strategy, the deployment controller and the task definitions', () => {
    const cluster = graph.ofKind('ecs.cluster').find((c) => c.props.name === 'shop-prod');
    const strategy = cluster?.props.defaultCapacityProviderStrategy as { provider: unknown; weight: unknown }[];
    expect(strategy.map((i) => [i.provider, i.weight])).toEqual([['FARGATE_SPOT', 3], ['FARGATE', 1]]);
    const legacy = graph.ofKind('ecs.service').find((x) => x.props.name === 'legacy');
    expect(legacy?.props.deploymentController).toBe('CODE_DEPLOY');
    expect(graph.ofKind('ecs.task-definition').map((t) => t.props.family).sort()).toEqual(['api', 'legacy', 'worker']);
  });

  it('ecs-az-spread: Fargate subnets over two AZs; one AZ; EC2 binpack', () => {
    expect(verdict('ecs-az-spread', 'api')?.status).toBe('pass');
    expect(verdict('ecs-az-spread', 'worker')?.status).toBe('fail');
    expect(verdict('ecs-az-spread', 'legacy')?.status).toBe('fail');
  });

  it('ecs-no-fargate-spot: the FARGATE service passes; the high service is not judged', () => {
    // moto keeps no capacityProviderStrategy on services (it answers launchType EC2 for worker): the Spot fail path
    // is covered by the RuleTester cases and fixtures/ecs-requirements, not here.
    expect(verdict('ecs-no-fargate-spot', 'api')?.status).toBe('pass');
    expect(verdict('ecs-no-fargate-spot', 'legacy')).toBeUndefined();
  });

  it('ecs-health-check: container health checks from DescribeTaskDefinition', () => {
    expect(verdict('ecs-health-check', 'api')?.status).toBe('pass');
    expect(verdict('ecs-health-check', 'worker')?.status).toBe('fail');
    expect(verdict('ecs-health-check', 'worker')?.message).toContain('every 30 s (ECS default)');
    expect(verdict('ecs-health-check', 'legacy')?.status).toBe('fail');
  });

  it('ecs-deployment-rollback: no circuit breaker in the answer (moto drops it), and a CodeDeploy service', () => {
    expect(verdict('ecs-deployment-rollback', 'api')?.status).toBe('fail');
    expect(verdict('ecs-deployment-rollback', 'worker')?.status).toBe('fail');
    expect(verdict('ecs-deployment-rollback', 'legacy')?.status).toBe('unknown');
  });
});
