import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { inheritTiers, tierRanking } from '../../src/analysis/tiers.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy } from '../../src/policy/load.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { arn, normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';
import type { Policy, TierAssignment } from '../../src/policy/types.js';
import { graph, type GraphFixture, tier } from '../helpers/rule-tester.js';

function effective(g: ResourceGraph, policy: Policy = defaultPolicy()): Map<string, TierAssignment> {
  return inheritTiers(g, buildDependencies(g, policy), assignTiers(g, policy), policy);
}

/** service → subnet → route table → NAT gateway, with the given tags on the service and the NAT gateway. */
function egress(serviceTags: Record<string, string | Unknown>, natTags: Record<string, string | Unknown> | Unknown = {}): GraphFixture {
  const f = graph();
  const svc = f.add('ecs.service', 'aws_ecs_service.orders', { tags: serviceTags });
  const subnet = f.add('network.subnet', 'aws_subnet.private["1a"]', { props: { availabilityZone: 'ap-northeast-1a' } });
  const rt = f.add('network.route-table', 'aws_route_table.private["1a"]');
  const nat = f.add('network.nat-gateway', 'aws_nat_gateway.this["1a"]', { tags: natTags });
  f.edge(svc, 'in-subnet', subnet, { attribute: 'network_configuration.subnets' });
  f.edge(subnet, 'uses-route-table', rt, { attribute: 'route_table_id' });
  f.edge(rt, 'routes-via', nat, { attribute: 'route.nat_gateway_id', data: { destination: '0.0.0.0/0' } });
  return f;
}

describe('tier ranking', () => {
  it('orders tiers by availability target, policy-defined tiers included', () => {
    const p = parsePolicy('tiers:\n  platinum: { availability: 99.999, rtoMinutes: 5, rpoMinutes: 0, ecs: { minTasks: 3, minAzs: 3 }, db: { multiAz: true, minAzs: 3, minReplicas: 2, backupRetentionDays: 35, deletionProtection: true }, network: { natPerAz: true } }\n', 'p.yaml');
    expect(tierRanking(p)).toEqual(['platinum', 'critical', 'high', 'medium']);
  });
});

describe('inherited tiers', () => {
  it('raise an untagged NAT gateway to the tier of the service routing through it, with the path', () => {
    const tiers = effective(egress(tier('critical')).build());
    const nat = tiers.get('aws_nat_gateway.this["1a"]')!;
    expect(nat).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(nat.detail).toBe(
      'inherited from aws_ecs_service.orders (tag tier=critical) via aws_subnet.private["1a"] → aws_route_table.private["1a"]; own: medium (defaultTier medium)',
    );
    // The fixture's edges carry no position of their own: each hop points at the header of the resource holding the reference.
    expect(nat.inheritedFrom!.map((h) => h.location?.line)).toEqual([1, 21, 41]);
    expect(nat.inheritedFrom!.map(({ location: _, ...hop }) => hop)).toEqual([
      { id: 'aws_ecs_service.orders', address: 'aws_ecs_service.orders', relation: 'in-subnet' },
      { id: 'aws_subnet.private["1a"]', address: 'aws_subnet.private["1a"]', relation: 'uses-route-table' },
      { id: 'aws_route_table.private["1a"]', address: 'aws_route_table.private["1a"]', relation: 'routes-via' },
    ]);
    expect(nat.requirements.network.natPerAz).toBe(true);
    expect(tiers.get('aws_ecs_service.orders')).toMatchObject({ tier: 'critical', source: 'tag' });
  });

  it('never lower a resource: its own stricter tier stays, with its own source', () => {
    const tiers = effective(egress(tier('high'), tier('critical')).build());
    expect(tiers.get('aws_nat_gateway.this["1a"]')).toMatchObject({ tier: 'critical', source: 'tag' });
    expect(tiers.get('aws_route_table.private["1a"]')).toMatchObject({ tier: 'high', source: 'inherited' });
  });

  it('take the strictest of several dependents', () => {
    const f = egress(tier('high'));
    const auth = f.add('ecs.service', 'aws_ecs_service.auth', { tags: tier('critical') });
    f.edge(auth, 'in-subnet', 'aws_subnet.private["1a"]');
    const nat = effective(f.build()).get('aws_nat_gateway.this["1a"]')!;
    expect(nat.tier).toBe('critical');
    expect(nat.inheritedFrom![0].address).toBe('aws_ecs_service.auth');
  });

  it('do not pass along soft edges (a specific route, a scaling target)', () => {
    const f = graph();
    const svc = f.add('ecs.service', 'svc', { tags: tier('critical') });
    const subnet = f.add('network.subnet', 'subnet');
    const rt = f.add('network.route-table', 'rt');
    const nat = f.add('network.nat-gateway', 'nat');
    const target = f.add('autoscaling.target', 'scaling');
    f.edge(svc, 'in-subnet', subnet).edge(subnet, 'uses-route-table', rt);
    f.edge(rt, 'routes-via', nat, { data: { destination: '192.168.0.0/16' } });
    f.edge(target, 'scales', svc);
    const tiers = effective(f.build());
    expect(tiers.get('rt')!.tier).toBe('critical');
    expect(tiers.get('nat')).toMatchObject({ tier: 'medium', source: 'default' });
    expect(tiers.get('scaling')).toMatchObject({ tier: 'medium', source: 'default' });
  });

  it('pass along a route whose destination is unknown (it may be the default route)', () => {
    const f = graph();
    const rt = f.add('network.route-table', 'rt', { tags: tier('critical') });
    const nat = f.add('network.nat-gateway', 'nat');
    f.edge(rt, 'routes-via', nat, { data: { destination: new Unknown('var.destination has no value') } });
    expect(effective(f.build()).get('nat')).toMatchObject({ tier: 'critical', source: 'inherited' });
  });

  it('terminate on cycles (cluster ↔ members, a declared loop) and settle every resource once', () => {
    const f = graph();
    const svc = f.add('ecs.service', 'svc', { tags: tier('high') });
    const cluster = f.add('db.cluster', 'cluster');
    const a = f.add('db.instance', 'member_a');
    const b = f.add('db.instance', 'member_b', { tags: tier('critical') });
    f.edge(svc, 'depends-on', cluster);
    f.edge(a, 'member-of', cluster).edge(b, 'member-of', cluster);
    f.edge(cluster, 'depends-on', svc); // a loop back
    const tiers = effective(f.build());
    // The critical member lifts its cluster, the other member, and (over the loop) the service.
    expect(tiers.get('cluster')).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(tiers.get('member_a')!.inheritedFrom!.map((h) => h.id)).toEqual(['member_b', 'cluster']);
    expect(tiers.get('svc')).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(tiers.size).toBe(4);
  });

  it('can be turned off per selector: the resource keeps its own tier and passes on only that', () => {
    const off = (match: string) => parsePolicy(`inheritance:\n  - match: ${match}\n    enabled: false\n    reason: shared egress, reviewed separately\n`, 'p.yaml');
    const natOff = effective(egress(tier('critical')).build(), off('{ kind: "network.nat-gateway" }'));
    expect(natOff.get('aws_nat_gateway.this["1a"]')).toMatchObject({ tier: 'medium', source: 'default' });
    expect(natOff.get('aws_route_table.private["1a"]')).toMatchObject({ tier: 'critical', source: 'inherited' });

    // Off on the route table: it stays medium and the NAT gateway behind it is not reached.
    const rtOff = effective(egress(tier('critical')).build(), off('{ address: "aws_route_table.*" }'));
    expect(rtOff.get('aws_route_table.private["1a"]')).toMatchObject({ tier: 'medium', source: 'default' });
    expect(rtOff.get('aws_nat_gateway.this["1a"]')).toMatchObject({ tier: 'medium', source: 'default' });

    // …but its own tier still passes on.
    const f = egress(tier('critical'));
    const g = f.build();
    g.get('aws_route_table.private["1a"]')!.tags = tier('high');
    expect(effective(g, off('{ address: "aws_route_table.*" }')).get('aws_nat_gateway.this["1a"]')).toMatchObject({ tier: 'high', source: 'inherited' });

    // The first matching entry decides: an earlier enabled: true keeps it on.
    const on = parsePolicy('inheritance:\n  - { match: { address: "aws_nat_gateway.*" }, enabled: true }\n  - { match: { kind: "network.*" }, enabled: false }\n', 'p.yaml');
    const first = effective(egress(tier('critical')).build(), on);
    expect(first.get('aws_subnet.private["1a"]')).toMatchObject({ tier: 'medium', source: 'default' });
    expect(first.get('aws_nat_gateway.this["1a"]')).toMatchObject({ tier: 'medium', source: 'default' }); // not reached: the path runs through the subnet
    const direct = graph();
    direct.add('ecs.service', 'svc', { tags: tier('critical') });
    direct.add('network.nat-gateway', 'aws_nat_gateway.egress');
    direct.edge('svc', 'depends-on', 'aws_nat_gateway.egress');
    expect(effective(direct.build(), on).get('aws_nat_gateway.egress')).toMatchObject({ tier: 'critical', source: 'inherited' });
  });

  it('give a resource whose tier tag cannot be decided at least what depends on it, and say the tag was undecidable', () => {
    const tiers = effective(egress(tier('critical'), { tier: new Unknown('var.nat_tier has no value') }).build());
    const nat = tiers.get('aws_nat_gateway.this["1a"]')!;
    expect(nat).toMatchObject({ tier: 'critical', source: 'inherited', undecided: 'tag tier: var.nat_tier has no value' });
    expect(nat.detail).toContain('own tier tag cannot be decided: tag tier: var.nat_tier has no value');

    // Nothing stricter depends on it: the floor stays, and the report says why.
    const alone = effective(egress(tier('medium'), new Unknown('tags from a module output')).build()).get('aws_nat_gateway.this["1a"]')!;
    expect(alone).toMatchObject({ tier: 'medium', source: 'default', undecided: 'its tags: tags from a module output' });
    expect(alone.detail).toBe('defaultTier medium (own tier tag cannot be decided: its tags: tags from a module output; nothing stricter depends on it)');
  });

  it('mark what an undecidable workload depends on as a floor, unless it already has the strictest tier', () => {
    const tiers = effective(egress({ tier: new Unknown('var.service_tier has no value') }).build());
    const nat = tiers.get('aws_nat_gateway.this["1a"]')!;
    expect(nat).toMatchObject({ tier: 'medium', source: 'default' });
    expect(nat.undecided).toBe('the tier of aws_ecs_service.orders, which depends on it, cannot be decided (tag tier: var.service_tier has no value)');
    expect(nat.detail).toBe(`defaultTier medium; ${nat.undecided}`);

    const f = egress({ tier: new Unknown('var.service_tier has no value') });
    const auth = f.add('ecs.service', 'aws_ecs_service.auth', { tags: tier('critical') });
    f.edge(auth, 'in-subnet', 'aws_subnet.private["1a"]');
    const settled = effective(f.build()).get('aws_nat_gateway.this["1a"]')!;
    expect(settled).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(settled.undecided).toBeUndefined();
  });

  it('follow hard declared dependencies to every resource the entry selects, not soft ones', () => {
    const f = graph();
    f.add('ecs.service', 'module.sales.aws_ecs_service.app', { tags: tier('critical') });
    f.add('ecs.service', 'module.auth.aws_ecs_service.auth');
    f.add('db.cluster', 'module.auth.aws_rds_cluster.auth');
    f.add('ecs.service', 'module.ecr_mirror.aws_ecs_service.proxy');
    const policy = parsePolicy(
      [
        'dependencies:',
        '  - from: { address: "module.sales.**" }',
        '    to: { address: "module.auth.**" }',
        '    kind: hard',
        '    reason: every login goes through auth',
        '  - from: { address: "module.sales.**" }',
        '    to: { address: "module.ecr_mirror.**" }',
        '    kind: soft',
      ].join('\n'),
      'resilint.yaml',
    );
    const tiers = effective(f.build(), policy);
    for (const id of ['module.auth.aws_ecs_service.auth', 'module.auth.aws_rds_cluster.auth']) {
      expect(tiers.get(id)).toMatchObject({ tier: 'critical', source: 'inherited', inheritedFrom: [{ id: 'module.sales.aws_ecs_service.app', relation: 'declared dependencies[0]' }] });
    }
    expect(tiers.get('module.ecr_mirror.aws_ecs_service.proxy')).toMatchObject({ tier: 'medium', source: 'default' });
  });
});

describe('inherited tiers across accounts (live resources)', () => {
  it('raise the network hub’s NAT gateway to the tier of the app accounts that declare a dependency on it', () => {
    const R = 'ap-northeast-1';
    const app = emptyUnit({ id: '111111111111', name: 'technova-sales-prod-app' }, R);
    push(app, 'services', { serviceArn: `arn:aws:ecs:${R}:111111111111:service/c/orders`, serviceName: 'orders', clusterArn: `arn:aws:ecs:${R}:111111111111:cluster/c`, desiredCount: 2 });
    const hub = emptyUnit({ id: '222222222222', name: 'technova-network-hub' }, R);
    push(hub, 'vpcs', { VpcId: 'vpc-hub', CidrBlock: '10.0.0.0/16', OwnerId: '222222222222' });
    push(hub, 'subnets', { SubnetId: 'subnet-egress', VpcId: 'vpc-hub', AvailabilityZone: `${R}a`, OwnerId: '222222222222' });
    push(hub, 'natGateways', { NatGatewayId: 'nat-hub', SubnetId: 'subnet-egress', VpcId: 'vpc-hub', State: 'available' });
    const { resources, edges } = normalizeUnits([app, hub]);
    const b = new GraphBuilder();
    for (const r of resources) b.addResource(r);
    for (const e of edges) b.addEdge(e);
    const policy = parsePolicy(
      [
        'accountTiers:',
        '  - { accountName: "technova-*-prod-app", tier: critical }',
        'dependencies:',
        '  - from: { accountName: "technova-*-prod-app", kind: ecs.service }',
        '    to: { accountName: "*network-hub" }',
        '    kind: hard',
        '    reason: transit gateway and egress of every VPC',
      ].join('\n'),
      'resilint.yaml',
    );
    const g = b.build();
    const deps = buildDependencies(g, policy);
    expect(deps.warnings).toEqual([]);
    const tiers = inheritTiers(g, deps, assignTiers(g, policy), policy);
    const nat = tiers.get(arn('ec2', R, '222222222222', 'natgateway/nat-hub'))!;
    expect(nat).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(nat.inheritedFrom).toEqual([{ id: `arn:aws:ecs:${R}:111111111111:service/c/orders`, address: expect.any(String), relation: 'declared dependencies[0]' }]);
    expect(nat.detail).toContain('policy accountTiers[0] (account technova-sales-prod-app)');
  });
});
