/**
 * OpenSearch domains and MSK clusters on a live account (moto_server):
 * subnets in three Tokyo AZs, domains and clusters created through the real
 * SDK, collected by the organisation scan (es:ListDomainNames,
 * es:DescribeDomains in batches of 5, es:ListTags, kafka:ListClustersV2),
 * judged by the built-in rules.
 *
 * moto notes: moto's MSK writes `creationTime` without a time zone offset
 * ("2026-12-07T09:12:45.188915"), which the SDK rejects (not RFC 3339):
 * without help kafka:ListClustersV2 fails and the scan reports a coverage
 * gap (asserted below). The loopback fault proxy rewrites that one field to
 * RFC 3339 for the rest of the test. moto's MSK reports a configuration ARN
 * and revision on every cluster but does not implement
 * kafka:DescribeConfigurationRevision (an HTML 404): the call is a coverage
 * gap and msk-replication is unknown, never the default. The server
 * properties path is tested on ClusterInfo-shaped records below.
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterV2Command, KafkaClient } from '@aws-sdk/client-kafka';
import { CreateDomainCommand, OpenSearchClient, type CreateDomainCommandInput } from '@aws-sdk/client-opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding } from '../../src/engine/result.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { Unknown } from '../../src/graph/values.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed } from '../../src/sources/aws/index.js';
import { streamProps } from '../../src/sources/aws/normalize-search.js';
import { assumeInto, FaultProxy, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'ap-northeast-1';

let moto: MotoServer;
let restoreEnv: () => void;
let graph: ResourceGraph;
let findings: Finding[];
let calls: string[];
let proxy: FaultProxy;
let unfixedGaps: string[];
let liveGaps: string[];

/** moto's MSK times without an offset → RFC 3339 (UTC, as moto means them). */
function rfc3339(body: string): string {
  return body.replace(/"creationTime":\s*"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)"/g, '"creationTime": "$1Z"');
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  const account = org.byName('technova-sales-prod-db').id;
  const credentials = await assumeInto(moto.endpoint, account);
  const client = { endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 };
  const ec2 = new EC2Client(client);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  const subnets: string[] = [];
  for (const [i, az] of ['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d'].entries()) {
    subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, AvailabilityZone: az, CidrBlock: `10.40.${i * 16}.0/20` }))).Subnet!.SubnetId!);
  }

  const es = new OpenSearchClient(client);
  const domain = (name: string, tier: string, cluster: CreateDomainCommandInput['ClusterConfig'], subnetIds: string[]) =>
    es.send(new CreateDomainCommand({ DomainName: name, EngineVersion: 'OpenSearch_2.13', ClusterConfig: cluster, VPCOptions: { SubnetIds: subnetIds }, TagList: [{ Key: 'tier', Value: tier }] }));
  // orders-search: critical, 6 nodes over 3 zone-aware AZs, 3 dedicated masters.
  await domain('orders-search', 'critical', { InstanceCount: 6, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, DedicatedMasterEnabled: true, DedicatedMasterCount: 3 }, subnets);
  // app-logs: high, zone awareness off.
  await domain('app-logs', 'high', { InstanceCount: 2, ZoneAwarenessEnabled: false }, [subnets[0]]);
  // Five more medium domains: the names need two DescribeDomains batches.
  for (let i = 1; i <= 5; i++) await domain(`scratch-${i}`, 'medium', { InstanceCount: 1 }, [subnets[1]]);

  const kafka = new KafkaClient(client);
  const cluster = (name: string, tier: string, brokers: number, clientSubnets: string[]) =>
    kafka.send(
      new CreateClusterV2Command({
        ClusterName: name,
        Tags: { tier },
        Provisioned: { KafkaVersion: '3.6.0', NumberOfBrokerNodes: brokers, BrokerNodeGroupInfo: { InstanceType: 'kafka.m5.large', ClientSubnets: clientSubnets } },
      }),
    );
  // order-events: critical, 3 brokers over 3 AZs (default configuration: RF 3, min ISR 2).
  await cluster('order-events', 'critical', 3, subnets);
  // clickstream: high, 3 brokers over 2 subnets.
  await cluster('clickstream', 'high', 3, subnets.slice(0, 2));

  // As moto answers: kafka:ListClustersV2 cannot be read.
  const raw = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false });
  unfixedGaps = raw.output.coverage.map((g) => `${g.service ?? ''} ${g.message}`);
  proxy = await FaultProxy.start(moto.endpoint, { rewrite: (r, body) => (r.service === 'kafka' ? rfc3339(body) : undefined) });
  const out = await scanOrganizationDetailed({ regions: [R1], accounts: [account], concurrency: 4, fetchAccountTags: false, clientConfig: { endpoint: proxy.endpoint } });
  liveGaps = out.output.coverage.map((g) => `${g.service ?? ''} ${g.message}`);
  calls = [...out.stats.byAction.entries()].flatMap(([k, n]) => Array.from({ length: n.calls }, () => k));
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  await proxy?.stop();
  restoreEnv?.();
  await moto?.stop();
});

function verdict(rule: string, kind: 'search.domain' | 'stream.cluster', name: string): string | undefined {
  const r = graph.ofKind(kind).find((x) => x.props.name === name);
  if (!r) throw new Error(`no ${kind} ${name} in the live graph`);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id)?.status;
}

describe('OpenSearch and MSK rules on a live account (moto)', () => {
  it('collects every domain (two DescribeDomains batches) with its ARN, tags and subnets', () => {
    const names = graph.ofKind('search.domain').map((d) => d.props.name).sort();
    expect(names).toEqual(['app-logs', 'orders-search', 'scratch-1', 'scratch-2', 'scratch-3', 'scratch-4', 'scratch-5']);
    const orders = graph.ofKind('search.domain').find((d) => d.props.name === 'orders-search')!;
    expect(orders.id).toMatch(/^arn:aws:es:ap-northeast-1:\d{12}:domain\/orders-search$/);
    expect(orders.tags).toEqual({ tier: 'critical' });
    expect(graph.outgoing(orders.id, 'in-subnet')).toHaveLength(3);
    expect(calls.filter((c) => c === 'es:DescribeDomains')).toHaveLength(2);
  });

  it('search-domain-multi-az and search-domain-dedicated-masters', () => {
    expect(verdict('search-domain-multi-az', 'search.domain', 'orders-search')).toBe('pass');
    expect(verdict('search-domain-multi-az', 'search.domain', 'app-logs')).toBe('fail');
    expect(verdict('search-domain-dedicated-masters', 'search.domain', 'orders-search')).toBe('pass');
    expect(verdict('search-domain-multi-az', 'search.domain', 'scratch-1')).toBeUndefined();
  });

  it('collects MSK clusters with their client subnets and tags', () => {
    const events = graph.ofKind('stream.cluster').find((c) => c.props.name === 'order-events')!;
    expect(events.tags).toEqual({ tier: 'critical' });
    expect(events.props.brokerCount).toBe(3);
    expect(graph.outgoing(events.id, 'in-subnet')).toHaveLength(3);
  });

  it('msk-broker-multi-az; msk-replication unknown where the configuration revision cannot be read', () => {
    expect(verdict('msk-broker-multi-az', 'stream.cluster', 'order-events')).toBe('pass');
    expect(verdict('msk-broker-multi-az', 'stream.cluster', 'clickstream')).toBe('fail');
    expect(verdict('msk-replication', 'stream.cluster', 'order-events')).toBe('unknown');
    expect(verdict('msk-replication', 'stream.cluster', 'clickstream')).toBe('unknown');
    expect(liveGaps.length).toBeGreaterThan(0);
    for (const g of liveGaps) expect(g).toMatch(/^kafka:DescribeConfigurationRevision kafka:DescribeConfigurationRevision failed/);
  });

  it('an MSK answer the SDK cannot read is a coverage gap, not an empty list', () => {
    expect(unfixedGaps).toHaveLength(1);
    expect(unfixedGaps[0]).toMatch(/^kafka:ListClustersV2 kafka:ListClustersV2 failed: Invalid RFC-3339 date-time value/);
  });

  it('sends only the listed OpenSearch and MSK reads', () => {
    expect([...new Set(calls.filter((c) => c.startsWith('es:') || c.startsWith('kafka:')))].sort()).toEqual(['es:DescribeDomains', 'es:ListDomainNames', 'es:ListTags', 'kafka:DescribeConfigurationRevision', 'kafka:ListClustersV2']);
  });
});

describe('MSK ClusterInfo records (the configuration path moto cannot serve)', () => {
  const info = (extra: Record<string, unknown>) => ({
    prefix: '',
    data: { ClusterName: 'c', ClusterType: 'PROVISIONED', Provisioned: { NumberOfBrokerNodes: 3, BrokerNodeGroupInfo: { ClientSubnets: ['subnet-a'] }, CurrentBrokerSoftwareInfo: { ConfigurationArn: 'arn:cfg', ConfigurationRevision: 2 } }, ...extra },
  });

  it('reads the replication settings of the configuration revision', () => {
    const p = streamProps(info({ ServerProperties: 'default.replication.factor=3\nmin.insync.replicas=2\n' }));
    expect(p.props).toMatchObject({ replicationFactor: 3, minInsyncReplicas: 2, brokerCount: 3, serverless: false });
    expect(p.subnets.ids).toEqual(['subnet-a']);
  });

  it('makes them unknown when the revision could not be read', () => {
    const p = streamProps(info({ ServerPropertiesUnavailable: 'kafka:DescribeConfigurationRevision failed in 1/ap-northeast-1' }));
    expect(p.props.replicationFactor).toBeInstanceOf(Unknown);
    expect((p.props.minInsyncReplicas as Unknown).reason).toContain('DescribeConfigurationRevision failed');
  });

  it('a serverless cluster is Regional, with its VPC subnets', () => {
    const p = streamProps({ prefix: '', data: { ClusterName: 's', ClusterType: 'SERVERLESS', Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-a', 'subnet-c'] }] } } });
    expect(p.props).toEqual({ name: 's', serverless: true });
    expect(p.subnets.ids).toEqual(['subnet-a', 'subnet-c']);
  });
});
