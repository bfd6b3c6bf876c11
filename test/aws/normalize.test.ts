/**
 * Normalization corner cases that moto cannot produce: shared subnets seen
 * from two accounts, collections that could not be read, tasks with an
 * availabilityZone, proxies.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/graph/types.js';
import { isUnknown, Unknown } from '../../src/graph/values.js';
import { arn, parseArn, partitionOf } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push, type UnitData } from '../../src/sources/aws/unit.js';
import { graphOfUnits } from '../support/aws/live-units.js';

const R = 'ap-northeast-1';
const OWNER = '111111111111';
const PARTICIPANT = '222222222222';


function network(u: UnitData, owner = u.account.id): void {
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: owner });
  push(u, 'subnets', { SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: `${R}a`, OwnerId: owner, Tags: [{ Key: 'Name', Value: 'private-a' }] });
  push(u, 'subnets', { SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: `${R}c`, OwnerId: owner });
}

describe('ARNs', () => {
  it('are built for resources the API names by id, per partition', () => {
    expect(arn('ec2', 'cn-north-1', OWNER, 'natgateway/nat-1')).toBe(`arn:aws-cn:ec2:cn-north-1:${OWNER}:natgateway/nat-1`);
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(parseArn(`arn:aws:rds::${OWNER}:global-cluster:g`)).toEqual({ partition: 'aws', service: 'rds', region: '', account: OWNER, resource: 'global-cluster:g' });
  });
});

describe('shared VPC subnets', () => {
  it('are one node, kept with the owner account’s provenance', () => {
    const owner = emptyUnit({ id: OWNER, name: 'network-hub' }, R);
    const participant = emptyUnit({ id: PARTICIPANT, name: 'app' }, R);
    network(owner);
    network(participant, OWNER); // DescribeSubnets in the participant returns the owner's shared subnets
    push(participant, 'services', {
      serviceArn: `arn:aws:ecs:${R}:${PARTICIPANT}:service/c/s`,
      serviceName: 's',
      clusterArn: `arn:aws:ecs:${R}:${PARTICIPANT}:cluster/c`,
      desiredCount: 2,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-c'] } },
    });
    const g = graphOfUnits([participant, owner]);
    const subnets = g.ofKind('network.subnet');
    expect(subnets.map((s) => s.id).sort()).toEqual([`arn:aws:ec2:${R}:${OWNER}:subnet/subnet-a`, `arn:aws:ec2:${R}:${OWNER}:subnet/subnet-c`]);
    expect(subnets.every((s) => s.provenance.accountId === OWNER && s.provenance.accountName === 'network-hub')).toBe(true);
    expect(subnets.find((s) => s.id.endsWith('subnet-a'))!.name).toBe('private-a');
    const svc = g.ofKind('ecs.service')[0];
    expect((g.targets(svc, 'in-subnet') as Resource[]).map((s) => s.id).sort()).toEqual(subnets.map((s) => s.id).sort());
  });
});

describe('collections that could not be read', () => {
  it('make edges unresolved and dependent values unknown, never absent', () => {
    const u = emptyUnit({ id: OWNER }, R);
    u.missing.set('subnets', 'ec2:DescribeSubnets failed in 111111111111/ap-northeast-1: UnauthorizedOperation');
    u.missing.set('scalableTargets', 'application-autoscaling:DescribeScalableTargets failed: AccessDeniedException');
    u.missing.set('globalClusters', 'rds:DescribeGlobalClusters failed: AccessDenied');
    push(u, 'vpcs', { VpcId: 'vpc-1' });
    push(u, 'services', {
      serviceArn: `arn:aws:ecs:${R}:${OWNER}:service/c/s`,
      serviceName: 's',
      clusterArn: `arn:aws:ecs:${R}:${OWNER}:cluster/c`,
      desiredCount: 3,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a'] } },
    });
    push(u, 'tasks', { taskArn: `arn:aws:ecs:${R}:${OWNER}:task/c/1`, clusterArn: `arn:aws:ecs:${R}:${OWNER}:cluster/c`, group: 'service:s', lastStatus: 'RUNNING', attachments: [{ type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-a' }] }] });
    push(u, 'dbInstances', { DBInstanceIdentifier: 'a-1', DBClusterIdentifier: 'a', AvailabilityZone: `${R}a` });
    push(u, 'dbClusters', { DBClusterIdentifier: 'a', DBClusterArn: `arn:aws:rds:${R}:${OWNER}:cluster:a`, AvailabilityZones: [`${R}a`], DBClusterMembers: [{ DBInstanceIdentifier: 'a-1' }] });
    const g = graphOfUnits([u]);
    const svc = g.ofKind('ecs.service')[0];
    expect(isUnknown(svc.props.desiredCount)).toBe(true);
    expect((svc.props.desiredCount as Unknown).reason).toContain('DescribeScalableTargets');
    expect(svc.attributes.desiredCount).toBe(3); // the evidence keeps the real value
    const subnets = g.targets(svc, 'in-subnet');
    expect(isUnknown(subnets) && subnets.reason).toContain('UnauthorizedOperation');
    const task = g.ofKind('ecs.task')[0];
    expect(isUnknown(task.props.availabilityZone)).toBe(true);
    expect(g.targets(task, 'runs-in', 'ecs.service')).toEqual([svc]);
    const cluster = g.ofKind('db.cluster')[0];
    expect(isUnknown(cluster.props.globalClusterIdentifier)).toBe(true);
    expect(g.sources(cluster, 'member-of', 'db.instance')).toHaveLength(1);
  });

  it('leave out nodes whose verdict would be wrong without them (the coverage gap covers them)', () => {
    const u = emptyUnit({ id: OWNER }, R);
    network(u);
    u.missing.set('routeTables', 'ec2:DescribeRouteTables failed: UnauthorizedOperation');
    u.missing.set('dbInstances', 'rds:DescribeDBInstances failed: AccessDenied');
    push(u, 'natGateways', { NatGatewayId: 'nat-1', SubnetId: 'subnet-a', VpcId: 'vpc-1', State: 'available' });
    push(u, 'dbClusters', { DBClusterIdentifier: 'a', AvailabilityZones: [`${R}a`, `${R}c`], DBClusterMembers: [{ DBInstanceIdentifier: 'a-1' }, { DBInstanceIdentifier: 'a-2' }] });
    const g = graphOfUnits([u]);
    // Without route tables a NAT gateway would look like it serves no subnet; without instances a cluster would look empty.
    expect(g.ofKind('network.nat-gateway')).toEqual([]);
    expect(g.ofKind('db.cluster')).toEqual([]);
    for (const s of g.ofKind('network.subnet')) expect(s.unresolved).toEqual([{ edge: 'uses-route-table', attribute: 'VpcId', reason: 'ec2:DescribeRouteTables failed: UnauthorizedOperation' }]);
  });
});

describe('Aurora reader auto scaling', () => {
  const clusterArn = `arn:aws:rds:${R}:${OWNER}:cluster:orders`;
  function aurora(u: UnitData): void {
    push(u, 'dbInstances', { DBInstanceIdentifier: 'orders-1', DBClusterIdentifier: 'orders', AvailabilityZone: `${R}a`, Engine: 'aurora-postgresql' });
    push(u, 'dbClusters', { DBClusterIdentifier: 'orders', DBClusterArn: clusterArn, Engine: 'aurora-postgresql', DBClusterMembers: [{ DBInstanceIdentifier: 'orders-1', IsClusterWriter: true }] });
  }
  const target = (resourceId: string, min = 1) => ({
    ServiceNamespace: 'rds',
    ResourceId: resourceId,
    ScalableDimension: 'rds:cluster:ReadReplicaCount',
    MinCapacity: min,
    MaxCapacity: 4,
    ScalableTargetARN: `arn:aws:application-autoscaling:${R}:${OWNER}:scalable-target/${resourceId.replace(':', '-')}`,
  });

  it('a DescribeScalableTargets(rds) target scales the cluster its ResourceId names, also from AWS Config (every namespace in one collection)', () => {
    for (const collection of ['rdsScalableTargets', 'scalableTargets'] as const) {
      const u = emptyUnit({ id: OWNER }, R);
      aurora(u);
      push(u, collection, target('cluster:orders', 2));
      const g = graphOfUnits([u]);
      const [t] = g.ofKind('autoscaling.target');
      expect(t.props).toMatchObject({ serviceNamespace: 'rds', scalableDimension: 'rds:cluster:ReadReplicaCount', resourceId: 'cluster:orders', minCapacity: 2, maxCapacity: 4 });
      expect(g.outgoing(t.id, 'scales').map((e) => [e.to, e.attribute])).toEqual([[clusterArn, 'ResourceId']]);
      expect(g.ofKind('db.cluster')[0].unresolved).toEqual([]);
    }
  });

  it('a target naming a cluster that was not listed is unresolved with the reason', () => {
    const u = emptyUnit({ id: OWNER }, R);
    aurora(u);
    push(u, 'rdsScalableTargets', target('cluster:billing'));
    const g = graphOfUnits([u]);
    const [t] = g.ofKind('autoscaling.target');
    expect(g.outgoing(t.id, 'scales')).toEqual([]);
    expect(t.unresolved).toEqual([{ edge: 'scales', attribute: 'ResourceId', reason: `no DB cluster billing was returned by rds:DescribeDBClusters in ${OWNER}/${R}` }]);
  });

  it('when rds targets could not be listed, every cluster says so (an ECS failure does not)', () => {
    const u = emptyUnit({ id: OWNER }, R);
    aurora(u);
    u.missing.set('scalableTargets', 'application-autoscaling:DescribeScalableTargets failed: AccessDeniedException');
    let cluster = graphOfUnits([u]).ofKind('db.cluster')[0];
    expect(cluster.unresolved).toEqual([]);
    u.missing.set('rdsScalableTargets', `application-autoscaling:DescribeScalableTargets failed in ${OWNER}/${R}: AccessDeniedException`);
    cluster = graphOfUnits([u]).ofKind('db.cluster')[0];
    expect(cluster.unresolved).toEqual([
      { edge: 'scales', attribute: 'ScalableTargets (application-autoscaling:DescribeScalableTargets)', reason: `application-autoscaling:DescribeScalableTargets failed in ${OWNER}/${R}: AccessDeniedException` },
    ]);
  });
});

describe('details', () => {
  it('a task’s own availabilityZone wins over its subnet; deleted NAT gateways are skipped; proxies front their targets', () => {
    const u = emptyUnit({ id: OWNER }, R);
    network(u);
    push(u, 'tasks', { taskArn: `arn:aws:ecs:${R}:${OWNER}:task/c/1`, availabilityZone: `${R}d`, attachments: [{ type: 'ElasticNetworkInterface', details: [{ name: 'subnetId', value: 'subnet-a' }] }] });
    push(u, 'natGateways', { NatGatewayId: 'nat-old', SubnetId: 'subnet-a', State: 'deleted' });
    push(u, 'routeTables', { RouteTableId: 'rtb-1', VpcId: 'vpc-1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-old', State: 'blackhole' }], Associations: [{ Main: true }] });
    push(u, 'dbClusters', { DBClusterIdentifier: 'orders', DBClusterMembers: [] });
    push(u, 'proxies', { DBProxyName: 'p', DBProxyArn: `arn:aws:rds:${R}:${OWNER}:db-proxy:prx-1`, EngineFamily: 'POSTGRESQL', VpcSubnetIds: ['subnet-a', 'subnet-c'] });
    push(u, 'proxyTargets', { DBProxyName: 'p', Type: 'TRACKED_CLUSTER', TrackedClusterId: 'orders' });
    const g = graphOfUnits([u]);
    const task = g.ofKind('ecs.task')[0];
    expect(task.props.availabilityZone).toBe(`${R}d`);
    expect(task.propOrigins.availabilityZone).toEqual({ attribute: 'availabilityZone' });
    expect(g.ofKind('network.nat-gateway')).toEqual([]);
    const rt = g.ofKind('network.route-table')[0];
    expect(rt.unresolved[0]).toMatchObject({ edge: 'routes-via', reason: expect.stringContaining('blackhole') });
    expect(rt.props.main).toBe(true);
    for (const s of g.ofKind('network.subnet')) expect(g.outgoing(s.id, 'uses-route-table')[0]).toMatchObject({ to: rt.id, data: { implicit: true } });
    const proxy = g.ofKind('db.proxy')[0];
    expect(proxy.props).toEqual({ name: 'p', engineFamily: 'POSTGRESQL' });
    expect((g.targets(proxy, 'fronts') as Resource[]).map((t) => t.id)).toEqual([`arn:aws:rds:${R}:${OWNER}:cluster:orders`]);
    expect(g.targets(proxy, 'in-subnet')).toHaveLength(2);
  });
});
