/**
 * Live compute collection against moto_server: ec2:DescribeInstances (not
 * terminated), autoscaling:DescribeAutoScalingGroups and lambda:ListFunctions
 * become compute.instance, compute.autoscaling-group and function nodes with
 * their subnet edges, and the compute rules judge them.
 *
 * moto gaps: Lambda needs an IAM role to exist (created with a raw IAM query
 * call: the IAM SDK client is not a dependency); ListFunctions returns no
 * tags on AWS either, so the function's tier comes from a policy assignment.
 */
import { CreateAutoScalingGroupCommand, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { Resource } from '../../src/graph/types.js';
import { scanOrganizationDetailed, type OrgScanDetails } from '../../src/sources/aws/index.js';
import { builtinRules } from '../../rules/index.js';
import { policyWith, runRule } from '../helpers/rule-tester.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';
import { createRole, zip } from '../support/aws/lambda-seed.js';

const R1 = 'ap-northeast-1';
const AMI = 'ami-12c6146b'; // in moto's default image list

let moto: MotoServer;
let restoreEnv: () => void;
let A: string;
let scan: OrgScanDetails;
let graph: ResourceGraph;
const ids: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  A = org.byName('technova-sales-prod-app').id;
  const credentials = await assumeInto(moto.endpoint, A);
  const cfg = { region: R1, endpoint: moto.endpoint, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(cfg);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnetA = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.0.0/20', AvailabilityZone: `${R1}a` }))).Subnet!.SubnetId!;
  const subnetC = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.30.16.0/20', AvailabilityZone: `${R1}c` }))).Subnet!.SubnetId!;
  const tag = (Name: string, tier?: string) => [{ ResourceType: 'instance' as const, Tags: [{ Key: 'Name', Value: Name }, ...(tier ? [{ Key: 'tier', Value: tier }] : [])] }];
  const run = async (Name: string, SubnetId: string, tier?: string) =>
    (await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId, TagSpecifications: tag(Name, tier) }))).Instances![0].InstanceId!;
  ids.bastion = await run('bastion', subnetA, 'critical');
  ids.gone = await run('gone', subnetA, 'critical');
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [ids.gone] }));

  await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.micro' } }));
  const asg = new AutoScalingClient(cfg);
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web',
      LaunchTemplate: { LaunchTemplateName: 'web', Version: '$Latest' },
      MinSize: 2,
      MaxSize: 4,
      DesiredCapacity: 2,
      VPCZoneIdentifier: `${subnetA},${subnetC}`,
      HealthCheckType: 'ELB',
      Tags: [{ Key: 'tier', Value: 'critical', PropagateAtLaunch: false }],
    }),
  );
  await asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'workers',
      LaunchTemplate: { LaunchTemplateName: 'web', Version: '$Latest' },
      MinSize: 1,
      MaxSize: 2,
      VPCZoneIdentifier: subnetA,
      Tags: [{ Key: 'tier', Value: 'high', PropagateAtLaunch: false }],
    }),
  );

  const role = await createRole(moto.endpoint, credentials, 'lambda-exec');
  const lambda = new LambdaClient(cfg);
  const code = { ZipFile: zip('index.py', 'def handler(event, context):\n    return None\n') };
  const fn = (FunctionName: string, SubnetIds?: string[]) =>
    lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: 'python3.12', Role: role, Handler: 'index.handler', Code: code, ...(SubnetIds ? { VpcConfig: { SubnetIds, SecurityGroupIds: [] } } : {}) }));
  await fn('orders', [subnetA, subnetC]);
  await fn('ingest', [subnetC]);
  await fn('nightly');

  scan = await scanOrganizationDetailed({ regions: [R1], accounts: [A], concurrency: 2, clientConfig: { endpoint: moto.endpoint } });
  const b = new GraphBuilder();
  for (const r of scan.output.resources) b.addResource(r);
  for (const e of scan.output.edges) b.addEdge(e);
  graph = b.build();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

const named = <K extends 'compute.instance' | 'compute.autoscaling-group' | 'function'>(kind: K, name: string) => {
  const r = graph.ofKind(kind).find((x) => x.name === name);
  if (!r) throw new Error(`no ${kind} ${name}`);
  return r as Resource<K>;
};

describe('live compute collection', () => {
  it('scans without a coverage gap', () => {
    expect(scan.output.coverage).toEqual([]);
  });

  it('collects instances that are not terminated, with subnet, AZ and group membership', () => {
    const names = graph.ofKind('compute.instance').map((i) => i.name);
    expect(names).toContain('bastion');
    expect(names).not.toContain('gone');
    const bastion = named('compute.instance', 'bastion');
    expect(bastion.props).toMatchObject({ instanceType: 't3.micro', availabilityZone: `${R1}a`, state: 'running' });
    expect(bastion.props.autoScalingGroup).toBeUndefined();
    expect(graph.targets(bastion, 'in-subnet', 'network.subnet')).toHaveLength(1);
    // The group's instances carry aws:autoscaling:groupName.
    const members = graph.ofKind('compute.instance').filter((i) => i.props.autoScalingGroup === 'web');
    expect(members.length).toBe(2);
  });

  it('collects Auto Scaling groups with their subnets, sizes and health check type', () => {
    const web = named('compute.autoscaling-group', 'web');
    expect(web.props).toMatchObject({ minSize: 2, maxSize: 4, desiredCapacity: 2, healthCheckType: 'ELB', targetGroupCount: 0 });
    expect(graph.targets(web, 'in-subnet', 'network.subnet')).toHaveLength(2);
    expect(web.tags).toMatchObject({ tier: 'critical' });
  });

  it('collects Lambda functions: VPC ones with subnet edges, others regional', () => {
    expect(named('function', 'orders').props.inVpc).toBe(true);
    expect(graph.targets(named('function', 'orders'), 'in-subnet', 'network.subnet')).toHaveLength(2);
    expect(named('function', 'nightly').props.inVpc).toBe(false);
  });

  it('the compute rules judge the live resources', () => {
    const rule = (id: string) => builtinRules.find((r) => r.id === id)!;
    const policy = policyWith({ assignments: [{ match: { kind: 'function' }, tier: 'critical' }] });
    const verdicts = (id: string) => Object.fromEntries(runRule(rule(id), graph, policy).map((f) => [f.resource.name, f.status]));
    expect(verdicts('asg-multi-az')).toEqual({ web: 'pass', workers: 'fail' });
    // Group members are judged through their group; the standalone critical bastion is a SPOF.
    expect(verdicts('ec2-standalone-instance')).toEqual({ bastion: 'fail' });
    expect(verdicts('lambda-vpc-multi-az')).toEqual({ orders: 'pass', ingest: 'fail' });
  });
});
