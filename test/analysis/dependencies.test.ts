import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencies, type DependencyEdge, type DependencyModel } from '../../src/analysis/dependencies.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy } from '../../src/policy/load.js';
import { arn, normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';
import { discoverFiles } from '../../src/sources/discover.js';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import type { SourceOutput } from '../../src/sources/types.js';
import { graph } from '../helpers/rule-tester.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');

function graphOf(out: Pick<SourceOutput, 'resources' | 'edges'>): ResourceGraph {
  const b = new GraphBuilder();
  for (const r of out.resources) b.addResource(r);
  for (const e of out.edges) b.addEdge(e);
  return b.build();
}

async function source(kind: 'terraform' | 'plan' | 'cloudformation', dir: string): Promise<ResourceGraph> {
  const { files } = await discoverFiles([dir], dir, () => true);
  if (kind === 'terraform') return graphOf(await scanTerraform({ root: dir, paths: [dir], files: files.filter((f) => f.endsWith('.tf')) }));
  if (kind === 'plan') return graphOf(await scanTerraformPlan({ root: dir, files: files.filter((f) => f.endsWith('.json')) }));
  return graphOf(await scanCloudFormation({ root: dir, files: files.filter((f) => /\.ya?ml$/.test(f)) }));
}

/** The one edge from → to of a relation; fails when there is none or several. */
function edge(m: DependencyModel, from: string, to: string, relation?: string): DependencyEdge {
  const found = m.dependenciesOf(from).filter((e) => e.to === to && (!relation || e.relation === relation));
  expect(found, `${from} -> ${to}`).toHaveLength(1);
  return found[0];
}

const at = (e: DependencyEdge) => (e.provenance.location ? `${e.provenance.location.file}:${e.provenance.location.line}` : undefined);

describe('dependency edges from Terraform', () => {
  it('follow a service through its subnets and route table to the NAT gateway, each at the reference that created it', async () => {
    const m = buildDependencies(await source('terraform', join(FIXTURES, 'real-world/shared-nat-inherited/terraform')), defaultPolicy());
    const svc = edge(m, 'aws_ecs_service.api', 'aws_subnet.private[1]');
    expect(svc).toMatchObject({ kind: 'network', strength: 'hard', relation: 'in-subnet', provenance: { attribute: 'network_configuration.subnets' } });
    expect(at(svc)).toBe('ecs.tf:52');
    const assoc = edge(m, 'aws_subnet.private[1]', 'aws_route_table.private');
    expect(assoc).toMatchObject({ kind: 'egress', strength: 'hard', relation: 'uses-route-table' });
    expect(at(assoc)).toBe('network.tf:99');
    const route = edge(m, 'aws_route_table.private', 'aws_nat_gateway.shared');
    expect(route).toMatchObject({ kind: 'egress', strength: 'hard', relation: 'routes-via', reason: 'default route 0.0.0.0/0', provenance: { attribute: 'route.nat_gateway_id' } });
    expect(at(route)).toBe('network.tf:89');
    // The NAT gateway itself sits in a public subnet that routes through the internet gateway.
    expect(at(edge(m, 'aws_nat_gateway.shared', 'aws_subnet.public[0]'))).toBe('network.tf:77');
    expect(edge(m, 'aws_ecs_service.api', 'aws_ecs_cluster.this')).toMatchObject({ kind: 'compute', strength: 'hard' });
    // The public route table needs the internet gateway, which is not a graph resource: an external endpoint.
    const igw = edge(m, 'aws_route_table.public', 'aws_internet_gateway.this');
    expect(igw).toMatchObject({ kind: 'egress', strength: 'hard', external: 'internet-gateway', reason: 'default route 0.0.0.0/0' });
    expect(at(igw)).toBe('network.tf:47'); // the route is a separate aws_route; the source records the table
    // What depends on the shared NAT gateway: only the private route table.
    expect(m.dependentsOf('aws_nat_gateway.shared').map((e) => e.from)).toEqual(['aws_route_table.private']);
  });
});

describe('dependency edges from a plan', () => {
  it('read DB subnet groups, cluster members and the global database with plan.json positions', async () => {
    const m = buildDependencies(await source('plan', join(FIXTURES, 'technova/plan')), defaultPolicy());
    const group = edge(m, 'aws_rds_cluster.order', 'aws_db_subnet_group.aurora');
    expect(group).toMatchObject({ kind: 'network', strength: 'hard', relation: 'in-subnet-group', provenance: { attribute: 'db_subnet_group_name' } });
    expect(at(group)).toMatch(/^plan\.json:\d+$/);
    expect(edge(m, 'aws_db_subnet_group.aurora', 'aws_subnet.private["ap-northeast-1d"]')).toMatchObject({ strength: 'hard', relation: 'in-subnet' });
    // Members both ways (the cluster serves through them, they store on it); the global database needs its regional cluster, not the reverse.
    expect(edge(m, 'aws_rds_cluster.auth', 'aws_rds_cluster_instance.auth["ap-northeast-1c"]')).toMatchObject({ kind: 'data', strength: 'hard' });
    expect(edge(m, 'aws_rds_cluster_instance.auth["ap-northeast-1c"]', 'aws_rds_cluster.auth')).toMatchObject({ kind: 'data', strength: 'hard' });
    expect(edge(m, 'aws_rds_global_cluster.order', 'aws_rds_cluster.order')).toMatchObject({ strength: 'hard', relation: 'member-of' });
    expect(edge(m, 'aws_rds_cluster.order', 'aws_rds_global_cluster.order')).toMatchObject({ strength: 'soft', relation: 'member-of' });
    // One NAT gateway for three private route tables.
    expect(m.dependentsOf('aws_nat_gateway.this["ap-northeast-1a"]').map((e) => e.from).sort()).toEqual([
      'aws_route_table.private["ap-northeast-1a"]',
      'aws_route_table.private["ap-northeast-1c"]',
      'aws_route_table.private["ap-northeast-1d"]',
    ]);
    // The scaling target sets the service's minimum: soft.
    expect(edge(m, 'aws_ecs_service.order_api', 'aws_appautoscaling_target.order_api')).toMatchObject({ kind: 'scaling', strength: 'soft' });
  });
});

describe('dependency edges from CloudFormation', () => {
  it('point at the Ref that created them, in nested stacks too', async () => {
    const m = buildDependencies(await source('cloudformation', join(FIXTURES, 'technova/cloudformation')), defaultPolicy());
    const id = (logical: string) => `technova-prod-core.yaml#technova-prod-core/${logical}`;
    expect(at(edge(m, id('PrivateRouteTable1a'), id('NatGateway1a')))).toBe('technova-prod-core.yaml:232');
    expect(at(edge(m, id('PrivateSubnet1a'), id('PrivateRouteTable1a')))).toBe('technova-prod-core.yaml:250');
    expect(at(edge(m, id('AuthCluster'), id('AuroraSubnetGroup')))).toBe('technova-prod-core.yaml:577');
    expect(edge(m, id('LegacyMasterData/Instance'), id('LegacyMasterData/SubnetGroup')).provenance.location?.file).toBe('legacy-db.yaml');
  });
});

describe('dependency edges from live resources', () => {
  const R = 'ap-northeast-1';
  const A = '111111111111';
  it('carry the ARN and attribute, and a subnet without association depends on the main route table', () => {
    const u = emptyUnit({ id: A, name: 'technova-sales-prod-app' }, R);
    push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: A });
    push(u, 'subnets', { SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: `${R}a`, OwnerId: A });
    push(u, 'subnets', { SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: `${R}c`, OwnerId: A });
    push(u, 'natGateways', { NatGatewayId: 'nat-1', SubnetId: 'subnet-a', VpcId: 'vpc-1', State: 'available' });
    push(u, 'routeTables', { RouteTableId: 'rtb-main', VpcId: 'vpc-1', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' }], Associations: [{ Main: true }] });
    push(u, 'services', {
      serviceArn: `arn:aws:ecs:${R}:${A}:service/c/orders`,
      serviceName: 'orders',
      clusterArn: `arn:aws:ecs:${R}:${A}:cluster/c`,
      desiredCount: 2,
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-c'] } },
    });
    const g = graphOf(normalizeUnits([u]));
    const m = buildDependencies(g, defaultPolicy());
    const svc = `arn:aws:ecs:${R}:${A}:service/c/orders`;
    const subnetC = arn('ec2', R, A, 'subnet/subnet-c');
    const rt = arn('ec2', R, A, 'route-table/rtb-main');
    const nat = arn('ec2', R, A, 'natgateway/nat-1');
    expect(edge(m, svc, subnetC)).toMatchObject({ strength: 'hard', provenance: { arn: svc } });
    expect(edge(m, subnetC, rt, 'uses-route-table')).toMatchObject({ strength: 'hard', provenance: { note: expect.stringContaining('main route table') } });
    expect(edge(m, rt, nat)).toMatchObject({ strength: 'hard', reason: 'default route 0.0.0.0/0', provenance: { arn: rt } });
  });
});

describe('dependencies declared in the policy', () => {
  const tf = join(FIXTURES, 'real-world/shared-nat-inherited/terraform');
  it('select both sides with the assignment selectors and keep the policy line', async () => {
    const policy = parsePolicy(
      [
        'dependencies:',
        '  - from: { address: "aws_ecs_service.batch" }',
        '    to: { kind: "network.nat-gateway", name: "*-shared" }',
        '    kind: hard',
        '    reason: settlement export calls the card network through the shared egress IP',
      ].join('\n'),
      'resilint.yaml',
    );
    const m = buildDependencies(await source('terraform', tf), policy);
    expect(m.warnings).toEqual([]);
    expect(m.declared).toEqual([
      {
        index: 0,
        strength: 'hard',
        reason: 'settlement export calls the card network through the shared egress IP',
        provenance: { policy: { file: 'resilint.yaml', index: 0, line: 2, column: 5 } },
        from: ['aws_ecs_service.batch'],
        to: ['aws_nat_gateway.shared'],
        status: 'matched',
      },
    ]);
    expect(m.declaredFrom('aws_ecs_service.batch').map((g) => g.index)).toEqual([0]);
  });

  it('warn with the policy file and line when a selector matches nothing', async () => {
    const policy = parsePolicy(
      ['version: 1', 'dependencies:', '  - from: { address: "aws_ecs_service.*" }', '    to: { tag: "role=auth" }', '    kind: soft'].join('\n'),
      'policies/prod.yaml',
    );
    const m = buildDependencies(await source('terraform', tf), policy);
    expect(m.declared[0].status).toBe('unmatched');
    expect(m.warnings).toEqual([
      {
        code: 'dependency-unmatched',
        message: 'policies/prod.yaml:3: dependencies[0]: to (tag=role=auth) matches no scanned resource; the dependency is not applied',
        file: 'policies/prod.yaml',
        line: 3,
      },
    ]);
  });

  it('do not warn about account-scoped selectors in a scan without live resources, but say they were not applied', async () => {
    const policy = parsePolicy(
      ['dependencies:', '  - from: { accountName: "technova-*-prod-app" }', '    to: { accountName: "technova-common-prod-auth" }', '    kind: hard'].join('\n'),
      'resilint.yaml',
    );
    const m = buildDependencies(await source('terraform', tf), policy);
    expect(m.warnings).toEqual([]);
    expect(m.declared[0]).toMatchObject({ status: 'not-applicable', note: 'from and to select by account, OU, ARN or Region, which no scanned resource records (live resources do)' });
  });

  it('judge each selector field by whether any scanned resource records it (a template scanned with an account id)', () => {
    const f = graph();
    f.add('ecs.service', 'core/Service', { provenance: { source: 'cloudformation', accountId: '123456789012' } });
    const policy = parsePolicy(
      [
        'dependencies:',
        '  - from: { account: "123456789012" }',
        '    to: { account: "999999999999" }',
        '    kind: hard',
        '  - from: { account: "123456789012" }',
        '    to: { accountName: "*network-hub" }',
        '    kind: hard',
      ].join('\n'),
      'resilint.yaml',
    );
    const m = buildDependencies(f.build(), policy);
    expect(m.declared.map((g) => g.status)).toEqual(['unmatched', 'not-applicable']);
    expect(m.warnings.map((w) => w.line)).toEqual([2]);
  });

  it('still warn about an account-scoped selector when the scan has live resources', () => {
    const u = emptyUnit({ id: '111111111111', name: 'technova-sales-prod-app' }, 'ap-northeast-1');
    push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '111111111111' });
    const policy = parsePolicy(
      ['dependencies:', '  - from: { accountName: "technova-*-prod-app" }', '    to: { accountName: "technova-common-prod-auth" }', '    kind: hard'].join('\n'),
      'resilint.yaml',
    );
    const m = buildDependencies(graphOf(normalizeUnits([u])), policy);
    expect(m.declared[0]).toMatchObject({ status: 'unmatched', from: [arn('ec2', 'ap-northeast-1', '111111111111', 'vpc/vpc-1')], to: [] });
    expect(m.warnings.map((w) => [w.file, w.line])).toEqual([['resilint.yaml', 2]]);
  });
});
