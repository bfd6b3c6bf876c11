/**
 * NET-VPN on the live side. First a moto_server account seeded through the
 * real SDK in Tokyo, collected by the organisation scan
 * (ec2:DescribeVpnConnections), judged by vpn-redundancy:
 *
 * - osaka-a / osaka-b (critical): two connections from two customer gateways to one VGW.
 * - payments (critical): the only connection of a transit gateway.
 *
 * moto returns no VgwTelemetry, so the tunnels of the redundant pair are
 * unknown (never pass); the single connection fails on its count alone.
 * Then DescribeVpnConnections records written in the API's shape, with
 * telemetry: a DOWN tunnel counts as missing, deleted connections are dropped.
 */
import { CreateCustomerGatewayCommand, CreateTransitGatewayCommand, CreateVpnConnectionCommand, CreateVpnGatewayCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { AnyResource, Edge } from '../../src/graph/types.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';

function judge(resources: AnyResource[], edges: Edge[]): { graph: ResourceGraph; findings: Finding[] } {
  const b = new GraphBuilder();
  for (const r of resources) b.addResource(r);
  for (const e of edges) b.addEdge(e);
  const graph = b.build();
  const policy = defaultPolicy();
  return { graph, findings: evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings.filter((f) => f.ruleId === 'vpn-redundancy') };
}

const byName = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.resource.name, f.status]));

describe('VPN connections on a live account (moto_server)', () => {
  let moto: MotoServer;
  let restoreEnv: () => void;
  let findings: Finding[];
  let graph: ResourceGraph;
  let calls: string[];

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnv = useAwsEnv(moto.endpoint, R1);
    const org = await seedOrganization(moto.endpoint);
    const account = org.byName('technova-sales-prod-db').id;
    const credentials = await assumeInto(moto.endpoint, account);
    const ec2 = new EC2Client({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
    const vgw = (await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }))).VpnGateway!.VpnGatewayId!;
    const tgw = (await ec2.send(new CreateTransitGatewayCommand({ Description: 'core' }))).TransitGateway!.TransitGatewayId!;
    const cgw = async (ip: string, asn: number) => (await ec2.send(new CreateCustomerGatewayCommand({ Type: 'ipsec.1', PublicIp: ip, BgpAsn: asn }))).CustomerGateway!.CustomerGatewayId!;
    const tags = (name: string) => [{ ResourceType: 'vpn-connection' as const, Tags: [{ Key: 'Name', Value: name }, { Key: 'tier', Value: 'critical' }] }];
    const osakaA = await cgw('203.0.113.10', 65010);
    const osakaB = await cgw('203.0.113.20', 65010);
    const payments = await cgw('198.51.100.7', 65020);
    await ec2.send(new CreateVpnConnectionCommand({ Type: 'ipsec.1', CustomerGatewayId: osakaA, VpnGatewayId: vgw, TagSpecifications: tags('osaka-a') }));
    await ec2.send(new CreateVpnConnectionCommand({ Type: 'ipsec.1', CustomerGatewayId: osakaB, VpnGatewayId: vgw, TagSpecifications: tags('osaka-b') }));
    await ec2.send(new CreateVpnConnectionCommand({ Type: 'ipsec.1', CustomerGatewayId: payments, TransitGatewayId: tgw, TagSpecifications: tags('payments') }));

    const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
    calls = [...out.stats.byAction.keys()];
    ({ graph, findings } = judge(out.output.resources, out.output.edges));
  }, 600_000);

  afterAll(async () => {
    restoreEnv?.();
    await moto?.stop();
  });

  it('calls ec2:DescribeVpnConnections and reads every connection with its gateways', () => {
    expect(calls).toContain('ec2:DescribeVpnConnections');
    const vpns = graph.ofKind('network.vpn-connection');
    expect(vpns.map((v) => v.name).sort()).toEqual(['osaka-a', 'osaka-b', 'payments']);
    const p = vpns.find((v) => v.name === 'payments')!;
    expect(p.props).toMatchObject({ awsGatewayType: 'tgw', tunnels: 2 });
    expect(p.props.awsGateway).toMatch(/^tgw-/);
    expect(p.props.customerGateway).toMatch(/^cgw-/);
    expect(p.id).toMatch(/^arn:aws:ec2:ap-northeast-1:\d{12}:vpn-connection\/vpn-/);
  });

  it('fails the single connection; the pair is unknown without tunnel telemetry, never pass', () => {
    expect(byName(findings)).toEqual({ 'osaka-a': 'unknown', 'osaka-b': 'unknown', payments: 'fail' });
    expect(findings.find((f) => f.resource.name === 'payments')!.message).toContain('1 VPN connection(s) < 2 required by tier critical');
    expect(findings.find((f) => f.resource.name === 'osaka-a')!.message).toContain('returned no tunnel telemetry');
  });
});

describe('DescribeVpnConnections records with tunnel telemetry', () => {
  const ACCOUNT = '111111111111';
  const conn = (id: string, cgw: string, status: [string, string], state = 'available') => ({
    VpnConnectionId: id,
    CustomerGatewayId: cgw,
    VpnGatewayId: 'vgw-hub',
    Type: 'ipsec.1',
    State: state,
    VgwTelemetry: status.map((s, i) => ({ OutsideIpAddress: `192.0.2.${i + 1}`, Status: s })),
    Tags: [{ Key: 'Name', Value: id }, { Key: 'tier', Value: 'critical' }],
  });

  it('counts DOWN tunnels as missing and drops deleted connections', () => {
    const u = emptyUnit({ id: ACCOUNT, name: 'network' }, R1);
    push(u, 'vpnConnections', conn('vpn-a', 'cgw-a', ['UP', 'UP']));
    push(u, 'vpnConnections', conn('vpn-b', 'cgw-b', ['UP', 'DOWN']));
    push(u, 'vpnConnections', conn('vpn-old', 'cgw-c', ['DOWN', 'DOWN'], 'deleted'));
    const { resources, edges } = normalizeUnits([u]);
    const { graph, findings } = judge(resources, edges);
    expect(graph.ofKind('network.vpn-connection').map((v) => v.name).sort()).toEqual(['vpn-a', 'vpn-b']);
    expect(byName(findings)).toEqual({ 'vpn-a': 'fail', 'vpn-b': 'fail' });
    const f = findings.find((x) => x.resource.name === 'vpn-a')!;
    expect(f.messageId).toBe('fewTunnels');
    expect(f.message).toContain('3 tunnel(s) UP < 4 required by tier critical: 1 tunnel(s) are DOWN and count as missing');
  });

  it('passes two connections from two customer gateways with every tunnel UP', () => {
    const u = emptyUnit({ id: ACCOUNT, name: 'network' }, R1);
    push(u, 'vpnConnections', conn('vpn-a', 'cgw-a', ['UP', 'UP']));
    push(u, 'vpnConnections', conn('vpn-b', 'cgw-b', ['UP', 'UP']));
    const { resources, edges } = normalizeUnits([u]);
    expect(byName(judge(resources, edges).findings)).toEqual({ 'vpn-a': 'pass', 'vpn-b': 'pass' });
  });
});
