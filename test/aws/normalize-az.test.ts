/**
 * AZ IDs in the normalizer where moto cannot help: a subnet shared from a
 * network account into a workload account that names the same physical AZs
 * differently (AWS maps names per account), tasks and DB instances of the
 * workload account on those subnets, and AWS Config items, whose subnets
 * carry `availabilityZoneId` while DB instances carry only the name.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { azIdentityOf, compareAz, compareAzDetailed } from '../../src/analysis/az.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { type ResourceGraph } from '../../src/graph/graph.js';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { isUnknown, type Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { graphOfUnits } from '../support/aws/live-units.js';

const R = 'ap-northeast-1';
const HUB = '111111111111'; // owns the VPC and shares its subnets
const APP = '222222222222'; // runs ECS and RDS in the shared subnets

/** Each account's own naming of the three physical AZs. */
const NAMES: Record<string, Record<string, string>> = {
  [HUB]: { [`${R}a`]: 'apne1-az4', [`${R}c`]: 'apne1-az1', [`${R}d`]: 'apne1-az2' },
  [APP]: { [`${R}a`]: 'apne1-az1', [`${R}c`]: 'apne1-az2', [`${R}d`]: 'apne1-az4' },
};
/** The shared subnets' physical AZs. */
const SUBNET_AZ_ID: Record<string, string> = { 'subnet-a': 'apne1-az4', 'subnet-c': 'apne1-az1' };

function nameIn(account: string, azId: string): string {
  return Object.entries(NAMES[account]).find(([, id]) => id === azId)![0];
}


function zones(u: UnitData): void {
  for (const [ZoneName, ZoneId] of Object.entries(NAMES[u.account.id])) push(u, 'availabilityZones', { ZoneName, ZoneId, RegionName: R, ZoneType: 'availability-zone' });
}

/** DescribeSubnets as `u`'s account sees the hub's subnets: names in its own naming, IDs the same. */
function sharedSubnets(u: UnitData, withIds = true): void {
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: HUB });
  for (const [SubnetId, id] of Object.entries(SUBNET_AZ_ID)) {
    push(u, 'subnets', { SubnetId, VpcId: 'vpc-1', AvailabilityZone: nameIn(u.account.id, id), ...(withIds ? { AvailabilityZoneId: id } : {}), OwnerId: HUB });
  }
}

function workload(u: UnitData): void {
  const cluster = `arn:aws:ecs:${R}:${APP}:cluster/main`;
  push(u, 'clusters', { clusterArn: cluster, clusterName: 'main' });
  push(u, 'services', { serviceArn: `arn:aws:ecs:${R}:${APP}:service/main/api`, serviceName: 'api', clusterArn: cluster, desiredCount: 2, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-c'] } } });
  const eni = (subnet: string) => [{ type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: subnet }] }];
  push(u, 'tasks', { taskArn: `arn:aws:ecs:${R}:${APP}:task/main/1`, clusterArn: cluster, group: 'service:api', lastStatus: 'RUNNING', attachments: eni('subnet-a') });
  push(u, 'tasks', { taskArn: `arn:aws:ecs:${R}:${APP}:task/main/2`, clusterArn: cluster, group: 'service:api', lastStatus: 'RUNNING', availabilityZone: `${R}a`, attachments: eni('subnet-c') });
  const subnetGroup = { DBSubnetGroupName: 'db', Subnets: Object.keys(SUBNET_AZ_ID).map((SubnetIdentifier) => ({ SubnetIdentifier })) };
  push(u, 'dbInstances', { DBInstanceIdentifier: 'legacy', AvailabilityZone: `${R}a`, MultiAZ: false, BackupRetentionPeriod: 7, DBSubnetGroup: subnetGroup });
}

function byName<K extends AnyResource['kind']>(g: ResourceGraph, kind: K, name: string): Resource<K> {
  const r = g.ofKind(kind).find((x) => x.name === name || x.id.endsWith(name));
  if (!r) throw new Error(`no ${kind} ${name}`);
  return r;
}

describe('a subnet shared into an account that names AZs differently', () => {
  const hub = emptyUnit({ id: HUB, name: 'network-hub' }, R);
  sharedSubnets(hub);
  const app = emptyUnit({ id: APP, name: 'app' }, R);
  sharedSubnets(app);
  zones(app);
  workload(app);
  const g = graphOfUnits([app, hub]);

  it('the subnet node keeps its owner’s name and the ID every account shares', () => {
    const a = byName(g, 'network.subnet', 'subnet-a');
    expect(a.provenance.accountId).toBe(HUB);
    expect(a.props.availabilityZone).toBe(`${R}a`);
    expect(a.props.availabilityZoneId).toBe('apne1-az4');
  });

  it('tasks: the name in their own account’s naming, the ID of their ENI’s subnet', () => {
    const t1 = byName(g, 'ecs.task', 'task/main/1');
    // The app account's DescribeSubnets names subnet-a's AZ ap-northeast-1d; the hub calls it ap-northeast-1a.
    expect([t1.props.availabilityZone, t1.props.availabilityZoneId]).toEqual([`${R}d`, 'apne1-az4']);
    const t2 = byName(g, 'ecs.task', 'task/main/2');
    expect([t2.props.availabilityZone, t2.props.availabilityZoneId]).toEqual([`${R}a`, 'apne1-az1']);
    // The task in the app's ap-northeast-1d is in the hub's ap-northeast-1a subnet: the same AZ, by ID.
    expect(compareAzDetailed(azIdentityOf(t1 as AnyResource), azIdentityOf(byName(g, 'network.subnet', 'subnet-a') as AnyResource))).toEqual({ result: 'same', comparedBy: 'az-id' });
  });

  it('a DB instance’s AZ name maps through its own account’s zones, and compares by ID with the hub’s subnets', () => {
    const db = byName(g, 'db.instance', 'legacy');
    expect(db.props.availabilityZoneId).toBe('apne1-az1');
    const hubA = azIdentityOf(byName(g, 'network.subnet', 'subnet-a') as AnyResource);
    const hubC = azIdentityOf(byName(g, 'network.subnet', 'subnet-c') as AnyResource);
    // Both are named ap-northeast-1a, in two accounts: different AZs.
    expect(compareAz(azIdentityOf(db as AnyResource), hubA)).toBe('different');
    expect(compareAz(azIdentityOf(db as AnyResource), hubC)).toBe('same');
  });

  it('the ECS rule counts the service’s two AZs by ID and labels them with both', () => {
    const policy = { ...defaultPolicy(), accountTiers: [{ accountId: APP, tier: 'critical' }] };
    const tiers = assignTiers(g, policy);
    const { findings } = evaluateRules({ graph: g, policy, rules: builtinRules, tiers });
    const f = findings.find((x) => x.ruleId === 'ecs-min-tasks-per-az' && x.resource.id.endsWith('service/main/api'))!;
    expect(f.message).toContain(`${R}a (apne1-az4)`);
    expect(f.message).toContain(`${R}c (apne1-az1)`);
    expect(f.status).toBe('pass');
  });

  it('without AZ IDs, a name of one account is never matched with a name of another', () => {
    const hub2 = emptyUnit({ id: HUB }, R);
    sharedSubnets(hub2, false);
    const app2 = emptyUnit({ id: APP }, R);
    sharedSubnets(app2, false);
    workload(app2);
    const g2 = graphOfUnits([app2, hub2]);
    const db = byName(g2, 'db.instance', 'legacy');
    expect(db.props.availabilityZoneId).toBeUndefined(); // no zone list, no own subnet: never a guess
    const hubA = byName(g2, 'network.subnet', 'subnet-a');
    expect(hubA.props.availabilityZoneId).toBeUndefined();
    // ap-northeast-1a of the app and ap-northeast-1a of the hub: cannot tell (they are in fact different).
    expect(compareAz(azIdentityOf(db as AnyResource), azIdentityOf(hubA as AnyResource))).toBe('unknown');
  });

  it('a failed zone list leaves the DB instance’s ID unknown with the reason when nothing else maps it', () => {
    const u = emptyUnit({ id: APP }, R);
    u.missing.set('availabilityZones', 'ec2:DescribeAvailabilityZones failed in 222222222222/ap-northeast-1: UnauthorizedOperation');
    push(u, 'dbInstances', { DBInstanceIdentifier: 'solo', AvailabilityZone: `${R}c`, MultiAZ: false });
    push(u, 'dbInstances', { DBInstanceIdentifier: 'orders-1', DBClusterIdentifier: 'orders', AvailabilityZone: `${R}a` });
    push(u, 'dbClusters', { DBClusterIdentifier: 'orders', AvailabilityZones: [`${R}a`, `${R}c`], DBClusterMembers: [{ DBInstanceIdentifier: 'orders-1' }] });
    const g3 = graphOfUnits([u]);
    const id = byName(g3, 'db.instance', 'solo').props.availabilityZoneId;
    expect(isUnknown(id) && (id as Unknown).reason).toContain('UnauthorizedOperation');
    expect(isUnknown(byName(g3, 'db.cluster', 'orders').props.availabilityZoneIds)).toBe(true);
    // The name still compares within the account.
    expect(compareAz(azIdentityOf(byName(g3, 'db.instance', 'solo') as AnyResource), azIdentityOf(byName(g3, 'db.instance', 'orders-1') as AnyResource))).toBe('different');
  });
});

describe('AWS Config items', () => {
  it('subnets keep availabilityZoneId; DB instances and cluster AZs map through the account’s own subnets, else stay unset', () => {
    const u = emptyUnit({ id: APP }, R);
    const cfg = (data: Record<string, unknown>, arn: string) => ({ data, prefix: 'configuration.', arn });
    (u.items.subnets ??= []).push(cfg({ subnetId: 'subnet-1', vpcId: 'vpc-1', availabilityZone: `${R}a`, availabilityZoneId: 'apne1-az1', ownerId: APP }, `arn:aws:ec2:${R}:${APP}:subnet/subnet-1`));
    (u.items.dbInstances ??= []).push(
      cfg({ dBInstanceIdentifier: 'in-a', availabilityZone: `${R}a`, multiAZ: false }, `arn:aws:rds:${R}:${APP}:db:in-a`),
      cfg({ dBInstanceIdentifier: 'in-c', availabilityZone: `${R}c`, multiAZ: false }, `arn:aws:rds:${R}:${APP}:db:in-c`),
    );
    (u.items.dbClusters ??= []).push(cfg({ dBClusterIdentifier: 'orders', availabilityZones: [`${R}a`, `${R}c`], dBClusterMembers: [] }, `arn:aws:rds:${R}:${APP}:cluster:orders`));
    const g = graphOfUnits([u]);
    const subnet = g.ofKind('network.subnet')[0];
    expect(subnet.props.availabilityZoneId).toBe('apne1-az1');
    expect(subnet.propOrigins.availabilityZoneId).toEqual({ attribute: 'configuration.availabilityZoneId' });
    expect(byName(g, 'db.instance', 'in-a').props.availabilityZoneId).toBe('apne1-az1');
    // No subnet of the account in ap-northeast-1c reports its ID: left unset, not guessed.
    expect(byName(g, 'db.instance', 'in-c').props.availabilityZoneId).toBeUndefined();
    expect(byName(g, 'db.cluster', 'orders').props.availabilityZoneIds).toBeUndefined();
  });
});
