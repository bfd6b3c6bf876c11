/**
 * NET-TGW on the live side: ec2:DescribeTransitGatewayVpcAttachments
 * records, normalized (subnet and VPC edges, deleted attachments dropped)
 * and judged by tgw-attachment-multi-az. The records are written here in
 * the API's shape (a substitute for a moto-seeded run, which needs the SDK
 * client path); the collector's call is in collect.ts / actions.ts.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';

const R = 'ap-northeast-1';
const ACCOUNT = '111111111111';
const critical = [{ Key: 'tier', Value: 'critical' }];

function build(): ResourceGraph {
  const u = emptyUnit({ id: ACCOUNT, name: 'network' }, R);
  push(u, 'vpcs', { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: ACCOUNT });
  push(u, 'subnets', { SubnetId: 'subnet-a', VpcId: 'vpc-1', AvailabilityZone: `${R}a`, OwnerId: ACCOUNT });
  push(u, 'subnets', { SubnetId: 'subnet-c', VpcId: 'vpc-1', AvailabilityZone: `${R}c`, OwnerId: ACCOUNT });
  const att = (id: string, subnets: string[], state = 'available') =>
    push(u, 'tgwAttachments', { TransitGatewayAttachmentId: id, TransitGatewayId: 'tgw-hub', VpcId: 'vpc-1', VpcOwnerId: ACCOUNT, State: state, SubnetIds: subnets, Tags: [...critical, { Key: 'Name', Value: id }] });
  att('tgw-attach-two', ['subnet-a', 'subnet-c']);
  att('tgw-attach-one', ['subnet-a']);
  att('tgw-attach-gone', ['subnet-a'], 'deleted');
  const { resources, edges } = normalizeUnits([u]);
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  return b.build();
}

describe('Transit Gateway VPC attachments, live', () => {
  it('become network.tgw-attachment nodes in their subnets and VPC; deleted ones are left out', () => {
    const g = build();
    const atts = g.ofKind('network.tgw-attachment');
    expect(atts.map((a) => a.id).sort()).toEqual([
      `arn:aws:ec2:${R}:${ACCOUNT}:transit-gateway-attachment/tgw-attach-one`,
      `arn:aws:ec2:${R}:${ACCOUNT}:transit-gateway-attachment/tgw-attach-two`,
    ]);
    const two = atts.find((a) => a.id.endsWith('tgw-attach-two'))!;
    expect(two.props).toMatchObject({ transitGatewayId: 'tgw-hub', state: 'available' });
    expect(g.targets(two, 'in-subnet', 'network.subnet')).toHaveLength(2);
    expect(g.outgoing(two.id, 'in-vpc')).toHaveLength(1);
  });

  it('are judged by tgw-attachment-multi-az', () => {
    const g = build();
    const policy = defaultPolicy();
    const found = evaluateRules({ graph: g, policy, rules: builtinRules, tiers: assignTiers(g, policy) }).findings.filter((f) => f.ruleId === 'tgw-attachment-multi-az');
    expect(Object.fromEntries(found.map((f) => [f.resource.name, f.status]))).toEqual({ 'tgw-attach-two': 'pass', 'tgw-attach-one': 'fail' });
    expect(found.find((f) => f.resource.name === 'tgw-attach-one')!.message).toContain('< 2 required by tier critical');
  });
});
