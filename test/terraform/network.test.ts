import { beforeAll, describe, expect, it } from 'vitest';
import { Unknown } from '../../src/graph/values.js';
import type { TerraformSourceOutput } from '../../src/sources/terraform/index.js';
import { edgesOf, props, resource, scanFixture } from './helpers.js';

describe('network and ECS fixture', () => {
  let out: TerraformSourceOutput;
  beforeAll(async () => {
    out = await scanFixture('network');
  });

  it('scans without errors and expands count and for_each into Terraform addresses', () => {
    expect(out.errors).toEqual([]);
    const subnets = out.resources.filter((r) => r.kind === 'network.subnet').map((r) => r.id).sort();
    expect(subnets).toEqual([
      'aws_subnet.private[0]',
      'aws_subnet.private[1]',
      'aws_subnet.public["ap-northeast-1a"]',
      'aws_subnet.public["ap-northeast-1c"]',
    ]);
    expect(props(out, 'aws_subnet.private[1]')).toEqual({ availabilityZone: 'ap-northeast-1c', cidr: '10.0.1.0/24', mapPublicIpOnLaunch: undefined });
    expect(props(out, 'aws_subnet.public["ap-northeast-1c"]')).toEqual({ availabilityZone: 'ap-northeast-1c', cidr: '10.0.101.0/24', mapPublicIpOnLaunch: true });
    expect(resource(out, 'aws_subnet.private[0]')).toMatchObject({
      kind: 'network.subnet',
      type: 'aws_subnet',
      address: 'aws_subnet.private[0]',
      name: 'private[0]',
      provenance: { source: 'terraform', location: { file: 'main.tf', line: 9, column: 1 }, modulePath: [] },
      propOrigins: { availabilityZone: { attribute: 'availability_zone', location: { file: 'main.tf', line: 12, column: 3 } } },
    });
    expect(edgesOf(out, 'in-vpc')).toContain('aws_subnet.private[0] -in-vpc-> aws_vpc.main');
  });

  it('turns splat, values()[*] and for-expressions over subnets into in-subnet edges', () => {
    expect(edgesOf(out, 'in-subnet', 'aws_ecs_service.splat')).toEqual([
      'aws_ecs_service.splat -in-subnet-> aws_subnet.private[0]',
      'aws_ecs_service.splat -in-subnet-> aws_subnet.private[1]',
    ]);
    expect(edgesOf(out, 'in-subnet', 'aws_ecs_service.values')).toEqual([
      'aws_ecs_service.values -in-subnet-> aws_subnet.public["ap-northeast-1a"]',
      'aws_ecs_service.values -in-subnet-> aws_subnet.public["ap-northeast-1c"]',
    ]);
    expect(edgesOf(out, 'in-subnet', 'aws_ecs_service.forexpr')).toEqual([
      'aws_ecs_service.forexpr -in-subnet-> aws_subnet.private[0]',
      'aws_ecs_service.forexpr -in-subnet-> aws_subnet.private[1]',
    ]);
    const e = out.edges.find((x) => x.from === 'aws_ecs_service.splat' && x.kind === 'in-subnet');
    expect(e).toMatchObject({ attribute: 'network_configuration.subnets', location: { file: 'ecs.tf', line: 12, column: 5 } });
    expect(resource(out, 'aws_ecs_service.splat').unresolved).toEqual([]);
  });

  it('records literal ids and data sources as unresolved, not as edges', () => {
    const r = resource(out, 'aws_ecs_service.literal');
    expect(edgesOf(out, 'in-subnet', r.id)).toEqual([]);
    expect(r.unresolved).toEqual([
      { edge: 'in-subnet', attribute: 'network_configuration.subnets', reason: expect.stringContaining('subnet-0abc') },
      { edge: 'in-subnet', attribute: 'network_configuration.subnets', reason: expect.stringContaining('data.aws_subnet.x') },
    ]);
  });

  it('links services to their cluster by reference, ARN and name', () => {
    expect(edgesOf(out, 'in-cluster')).toEqual([
      'aws_ecs_service.forexpr -in-cluster-> aws_ecs_cluster.main',
      'aws_ecs_service.literal -in-cluster-> aws_ecs_cluster.main',
      'aws_ecs_service.splat -in-cluster-> aws_ecs_cluster.main',
      'aws_ecs_service.values -in-cluster-> aws_ecs_cluster.main',
    ]);
  });

  it('normalizes ECS service props', () => {
    expect(props(out, 'aws_ecs_service.splat')).toEqual({
      name: 'splat',
      launchType: 'FARGATE',
      capacityProviderStrategy: undefined,
      desiredCount: 2,
      schedulingStrategy: undefined,
      placementStrategies: undefined,
      circuitBreaker: undefined,
      healthCheckGracePeriodSeconds: undefined,
      loadBalancerCount: 0,
    });
  });

  it('links scaling targets to services by resource_id, or by the service the expression names', () => {
    expect(edgesOf(out, 'scales')).toEqual([
      'aws_appautoscaling_target.by_ref -scales-> aws_ecs_service.values',
      'aws_appautoscaling_target.splat -scales-> aws_ecs_service.splat',
    ]);
    expect(props(out, 'aws_appautoscaling_target.splat')).toEqual({
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: 'service/core/splat',
      minCapacity: 2,
      maxCapacity: 6,
    });
    expect(props(out, 'aws_appautoscaling_target.by_ref').resourceId).toBeInstanceOf(Unknown);
  });

  it('routes: inline route via NAT, aws_route merged into its table, associations', () => {
    expect(props(out, 'aws_nat_gateway.a')).toEqual({ connectivityType: undefined });
    expect(edgesOf(out, 'in-subnet', 'aws_nat_gateway.a')).toEqual(['aws_nat_gateway.a -in-subnet-> aws_subnet.public["ap-northeast-1a"]']);
    expect(props(out, 'aws_route_table.private_a').routes).toEqual([
      { destination: '0.0.0.0/0', via: 'nat-gateway', target: 'aws_nat_gateway.a' },
      { destination: '10.1.0.0/16', via: 'other', target: 'vgw-123' },
    ]);
    expect(props(out, 'aws_route_table.private_c').routes).toEqual([{ destination: '0.0.0.0/0', via: 'nat-gateway', target: 'aws_nat_gateway.a' }]);
    const viaA = out.edges.find((e) => e.kind === 'routes-via' && e.from === 'aws_route_table.private_a');
    expect(viaA).toEqual({
      from: 'aws_route_table.private_a',
      to: 'aws_nat_gateway.a',
      kind: 'routes-via',
      attribute: 'route.nat_gateway_id',
      data: { destination: '0.0.0.0/0' },
      location: { file: 'main.tf', line: 33, column: 5 },
    });
    const viaC = out.edges.find((e) => e.kind === 'routes-via' && e.from === 'aws_route_table.private_c');
    expect(viaC).toEqual({
      from: 'aws_route_table.private_c',
      to: 'aws_nat_gateway.a',
      kind: 'routes-via',
      attribute: 'nat_gateway_id',
      data: { destination: '0.0.0.0/0', declaredBy: 'aws_route.private_c_default' },
      // Written in the aws_route, not in the table.
      location: { file: 'main.tf', line: 48, column: 3 },
    });
    expect(edgesOf(out, 'uses-route-table')).toEqual([
      'aws_subnet.private[0] -uses-route-table-> aws_route_table.private_a',
      'aws_subnet.private[1] -uses-route-table-> aws_route_table.private_c',
    ]);
    expect(out.edges.find((e) => e.kind === 'uses-route-table' && e.from === 'aws_subnet.private[1]')).toMatchObject({
      data: { declaredBy: 'aws_route_table_association.c' },
      location: { file: 'main.tf', line: 58, column: 3 },
    });
  });

  it('ignores other resource types but counts them', () => {
    expect(out.resources.some((r) => r.type === 'aws_security_group')).toBe(false);
    expect(out.ignoredResourceTypes).toEqual({ aws_security_group: 1 });
  });
});
