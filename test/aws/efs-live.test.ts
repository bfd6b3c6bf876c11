/**
 * Amazon EFS on a live account (moto_server): a VPC with subnets in 1a and
 * 1c and three file systems seeded through the real SDK in Tokyo, collected
 * by the organisation scan, judged by the built-in rules.
 *
 * - shared (critical): Regional, mount targets in 1a and 1c, automatic backups on.
 * - uploads (high): Regional, one mount target (1a), no backup policy.
 * - scratch (high): One Zone in 1a (backups on: AWS's default for One Zone, which moto follows).
 *
 * moto notes: no PutBackupPolicy (backups are set at creation) and no
 * DescribeReplicationConfigurations (not called by the collector).
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateFileSystemCommand, CreateMountTargetCommand, EFSClient } from '@aws-sdk/client-efs';
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

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let calls: string[];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const ec2 = new EC2Client({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const efs = new EFSClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (cidr: string, az: string) => (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const a = await subnet('10.30.1.0/24', 'ap-northeast-1a');
  const c = await subnet('10.30.2.0/24', 'ap-northeast-1c');
  // moto has no PutBackupPolicy: automatic backups are turned on at creation (Backup: true), which DescribeBackupPolicy reports the same way.
  const create = async (token: string, tier: string, az?: string, backup = false) =>
    (await efs.send(new CreateFileSystemCommand({ CreationToken: token, Encrypted: true, Backup: backup, ...(az ? { AvailabilityZoneName: az } : {}), Tags: [{ Key: 'Name', Value: token }, { Key: 'tier', Value: tier }] }))).FileSystemId!;
  const shared = await create('shared', 'critical', undefined, true);
  await efs.send(new CreateMountTargetCommand({ FileSystemId: shared, SubnetId: a }));
  await efs.send(new CreateMountTargetCommand({ FileSystemId: shared, SubnetId: c }));
  const uploads = await create('uploads', 'high');
  await efs.send(new CreateMountTargetCommand({ FileSystemId: uploads, SubnetId: a }));
  const scratch = await create('scratch', 'high', 'ap-northeast-1a');
  await efs.send(new CreateMountTargetCommand({ FileSystemId: scratch, SubnetId: a }));

  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
  calls = [...out.stats.byAction.keys()];
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

function fs(name: string) {
  const r = graph.ofKind('storage.file-system').find((x) => x.props.name === name);
  if (!r) throw new Error(`no storage.file-system ${name} in the live graph`);
  return r;
}

function verdict(rule: string, name: string): string | undefined {
  return findings.find((f) => f.ruleId === rule && f.resource.id === fs(name).id)?.status;
}

describe('EFS rules on a live account (moto)', () => {
  it('collects every file system with its ARN, tags, storage class and mount target subnets', () => {
    expect(graph.ofKind('storage.file-system').map((f) => f.props.name).sort()).toEqual(['scratch', 'shared', 'uploads']);
    const shared = fs('shared');
    expect(shared.id).toMatch(/^arn:aws:elasticfilesystem:ap-northeast-1:\d{12}:file-system\/fs-/);
    expect(shared.type).toBe('AWS::EFS::FileSystem');
    expect(shared.tags).toEqual({ Name: 'shared', tier: 'critical' });
    expect(shared.props.availabilityZone).toBeUndefined();
    expect(graph.outgoing(shared.id, 'in-subnet')).toHaveLength(2);
    expect(fs('scratch').props.availabilityZone).toBe('ap-northeast-1a');
  });

  it('efs-one-zone: AvailabilityZoneName', () => {
    expect(verdict('efs-one-zone', 'shared')).toBe('pass');
    expect(verdict('efs-one-zone', 'scratch')).toBe('fail');
  });

  it('efs-mount-target-azs: mount targets from DescribeMountTargets (no workload: the tier minimum)', () => {
    expect(verdict('efs-mount-target-azs', 'shared')).toBe('pass');
    expect(verdict('efs-mount-target-azs', 'uploads')).toBe('fail');
    expect(verdict('efs-mount-target-azs', 'scratch')).toBeUndefined();
  });

  it('efs-backup: DescribeBackupPolicy (PolicyNotFound is off)', () => {
    expect(verdict('efs-backup', 'shared')).toBe('pass');
    expect(verdict('efs-backup', 'uploads')).toBe('fail');
  });

  it('sends only the listed EFS reads', () => {
    expect(calls.filter((c) => c.startsWith('elasticfilesystem:')).sort()).toEqual([
      'elasticfilesystem:DescribeAccessPoints',
      'elasticfilesystem:DescribeBackupPolicy',
      'elasticfilesystem:DescribeFileSystems',
      'elasticfilesystem:DescribeMountTargets',
    ]);
  });
});
