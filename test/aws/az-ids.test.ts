/**
 * AZ IDs on the live side, against moto_server: the collector records the
 * AZ ID of every subnet (DescribeSubnets), DB instance and cluster AZ (the
 * account × Region's ec2:DescribeAvailabilityZones) and task (its ENI's
 * subnet), and AZs of different accounts are compared by ID.
 *
 * moto gap: DescribeAvailabilityZones and DescribeSubnets give every account
 * the same AZ name → AZ ID mapping (moto/ec2/models/availability_zones_and_regions.py
 * has one static table), while AWS maps names per account. The first test
 * shows it; the loopback proxy then answers account B's EC2 calls with
 * another mapping (B's `ap-northeast-1a` is `apne1-az1`, A's is `apne1-az4`),
 * consistently for its subnets and its zone list, as AWS would.
 */
import { DescribeAvailabilityZonesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azIdentityOf, compareAz, compareAzDetailed, ScopedAz } from '../../src/analysis/az.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import type { AnyResource, Resource } from '../../src/graph/types.js';
import { isUnknown } from '../../src/graph/values.js';
import { iamActions, isAllowedOperation, MEMBER_FAMILIES } from '../../src/sources/aws/actions.js';
import { iamPolicy, scanOrganizationDetailed, type OrgScanDetails } from '../../src/sources/aws/index.js';
import { assumeInto, FaultProxy, freezeTaskStates, seedOrganization, seedWorkload, startMoto, useAwsEnv, type MotoServer, type RequestInfo, type SeededOrg } from './moto.js';

const R1 = 'ap-northeast-1';
const AZS = [`${R1}a`, `${R1}c`];
/** moto's (static) mapping for ap-northeast-1, which account A keeps. */
const MOTO_IDS: Record<string, string> = { [`${R1}a`]: 'apne1-az4', [`${R1}c`]: 'apne1-az1', [`${R1}d`]: 'apne1-az2' };
/** Account B's own mapping: the same three physical AZs under other names. */
const B_PERMUTATION: Record<string, string> = { 'apne1-az4': 'apne1-az1', 'apne1-az1': 'apne1-az2', 'apne1-az2': 'apne1-az4' };
const B_IDS: Record<string, string> = Object.fromEntries(Object.entries(MOTO_IDS).map(([n, id]) => [n, B_PERMUTATION[id]]));

let moto: MotoServer;
let proxy: FaultProxy;
let restoreEnv: () => void;
let org: SeededOrg;
let A: string;
let B: string;
let C: string;
let scan: OrgScanDetails;
let graph: ResourceGraph;

/** Account B's view of EC2 answers: every AZ ID through B's mapping. */
function bView(r: RequestInfo, body: string): string | undefined {
  if (r.service !== 'ec2' || r.accountId !== B) return undefined;
  return body.replace(/apne1-az\d+/g, (id) => B_PERMUTATION[id] ?? id);
}

function build(details: OrgScanDetails): ResourceGraph {
  const b = new GraphBuilder();
  for (const r of details.output.resources) b.addResource(r);
  for (const e of details.output.edges) b.addEdge(e);
  return b.build();
}

function ofKindIn<K extends AnyResource['kind']>(g: ResourceGraph, kind: K, accountId: string): Resource<K>[] {
  return g.ofKind(kind).filter((r) => r.provenance.accountId === accountId);
}

function dbNamed(g: ResourceGraph, accountId: string, identifier: string): Resource<'db.instance'> {
  const db = ofKindIn(g, 'db.instance', accountId).find((d) => d.props.identifier === identifier);
  if (!db) throw new Error(`no DB instance ${identifier} in ${accountId}`);
  return db;
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  await freezeTaskStates(moto.endpoint);
  org = await seedOrganization(moto.endpoint);
  A = org.byName('technova-sales-prod-db').id;
  B = org.byName('technova-mfg-prod-db').id;
  C = org.byName('technova-sales-prod-app').id; // network and ECS only: no AZ mapping needed
  for (const account of [A, B]) {
    await seedWorkload(moto.endpoint, account, R1, {
      azs: AZS,
      nat: 'per-az',
      clusterName: 'main',
      services: [{ name: 'api', desired: 2, taskAzs: [0, 1] }],
      databases: [
        { kind: 'instance', id: 'legacy', multiAz: false, az: `${R1}a`, backup: 7, deletionProtection: true },
        { kind: 'cluster', id: 'orders', instanceAzs: AZS, backup: 7, deletionProtection: true },
      ],
    });
  }
  await seedWorkload(moto.endpoint, C, R1, { azs: AZS, nat: 'none', clusterName: 'web', services: [{ name: 'web', desired: 2, taskAzs: [0, 1] }] });
  proxy = await FaultProxy.start(moto.endpoint, { rewrite: bView });
  scan = await scanOrganizationDetailed({ regions: [R1], accounts: [A, B, C], concurrency: 4, clientConfig: { endpoint: proxy.endpoint } });
  graph = build(scan);
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await proxy?.stop();
  await moto?.stop();
});

describe('AZ IDs recorded by the live collector', () => {
  it('moto gives every account the same name → ID mapping (the gap the proxy fills)', async () => {
    const zonesOf = async (account: string) => {
      const ec2 = new EC2Client({ region: R1, endpoint: moto.endpoint, credentials: await assumeInto(moto.endpoint, account) });
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({}));
      return Object.fromEntries((out.AvailabilityZones ?? []).map((z) => [z.ZoneName, z.ZoneId]));
    };
    const a = await zonesOf(A);
    expect(a).toMatchObject(MOTO_IDS);
    expect(await zonesOf(B)).toEqual(a);
  });

  it('scanned all three accounts without a gap', () => {
    expect(scan.output.coverage).toEqual([]);
  });

  it('subnets carry the AZ ID of their own account’s naming', () => {
    for (const [account, ids] of [
      [A, MOTO_IDS],
      [B, B_IDS],
    ] as const) {
      const subnets = ofKindIn(graph, 'network.subnet', account);
      expect(subnets.length).toBeGreaterThanOrEqual(4); // private + public, per AZ
      for (const s of subnets) {
        expect(s.props.availabilityZoneId, s.address).toBe(ids[s.props.availabilityZone as string]);
        expect(s.propOrigins.availabilityZoneId).toEqual({ attribute: 'AvailabilityZoneId' });
      }
    }
  });

  it('DB instances and cluster AZs are mapped through the account’s ec2:DescribeAvailabilityZones', () => {
    expect(dbNamed(graph, A, 'legacy').props.availabilityZoneId).toBe('apne1-az4');
    expect(dbNamed(graph, B, 'legacy').props.availabilityZoneId).toBe('apne1-az1');
    for (const [account, ids] of [
      [A, MOTO_IDS],
      [B, B_IDS],
    ] as const) {
      const cluster = ofKindIn(graph, 'db.cluster', account).find((c) => c.props.identifier === 'orders')!;
      const names = cluster.props.availabilityZones as string[];
      expect([...names].sort()).toEqual(AZS);
      expect(cluster.props.availabilityZoneIds).toEqual(names.map((n) => ids[n]));
      const members = graph.sources(cluster, 'member-of', 'db.instance');
      expect(members.map((m) => [m.props.availabilityZone, m.props.availabilityZoneId]).sort()).toEqual(AZS.map((n) => [n, ids[n]]));
    }
  });

  it('tasks carry their ENI subnet’s AZ ID', () => {
    for (const account of [A, B, C]) {
      const tasks = ofKindIn(graph, 'ecs.task', account);
      expect(tasks).toHaveLength(2);
      for (const t of tasks) {
        const subnet = graph.targets(t, 'in-subnet', 'network.subnet');
        if (isUnknown(subnet)) throw new Error(subnet.reason);
        expect(t.props.availabilityZoneId).toBe(subnet[0].props.availabilityZoneId);
        expect(t.props.availabilityZoneId).toBe((account === B ? B_IDS : MOTO_IDS)[t.props.availabilityZone as string]);
      }
    }
  });

  it('one ec2:DescribeAvailabilityZones per account × Region with databases, none elsewhere', () => {
    expect(scan.stats.byAction.get('ec2:DescribeAvailabilityZones')).toMatchObject({ calls: 2, failures: 0 });
    expect(proxy.counters.byAction.get('ec2:DescribeAvailabilityZones')).toBe(2);
  });

  it('the same name in two accounts is compared by ID: ap-northeast-1a of A is not ap-northeast-1a of B', () => {
    const a = azIdentityOf(dbNamed(graph, A, 'legacy') as AnyResource);
    const b = azIdentityOf(dbNamed(graph, B, 'legacy') as AnyResource);
    expect(a).toBeInstanceOf(ScopedAz);
    expect(compareAzDetailed(a, b)).toEqual({ result: 'different', comparedBy: 'az-id' });
    // A's ap-northeast-1c and B's ap-northeast-1a are one physical AZ (apne1-az1).
    const aC = ofKindIn(graph, 'network.subnet', A).find((s) => s.props.availabilityZone === `${R1}c`)!;
    expect(compareAzDetailed(azIdentityOf(aC as AnyResource), b)).toEqual({ result: 'same', comparedBy: 'az-id' });
    // Without IDs the names alone decide nothing across accounts.
    const nameOnly = (r: AnyResource) => azIdentityOf({ ...r, props: { ...r.props, availabilityZoneId: undefined } } as AnyResource);
    expect(compareAz(nameOnly(dbNamed(graph, A, 'legacy') as AnyResource), nameOnly(dbNamed(graph, B, 'legacy') as AnyResource))).toBe('unknown');
  });

  it('a denied ec2:DescribeAvailabilityZones is a coverage gap; the account’s own subnets still give the mapping', async () => {
    proxy.setPlan({
      rewrite: bView,
      failWith: (r) =>
        r.action === 'DescribeAvailabilityZones' && r.accountId === B
          ? { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' }
          : undefined,
    });
    try {
      const denied = await scanOrganizationDetailed({ regions: [R1], accounts: [A, B], concurrency: 4, maxAttempts: 1, clientConfig: { endpoint: proxy.endpoint } });
      expect(denied.output.coverage).toEqual([expect.objectContaining({ accountId: B, region: R1, service: 'ec2:DescribeAvailabilityZones', errorCode: 'UnauthorizedOperation' })]);
      const g = build(denied);
      // B's DB subnet group subnets are B's own: their DescribeSubnets AZ IDs are B's mapping.
      expect(dbNamed(g, B, 'legacy').props.availabilityZoneId).toBe('apne1-az1');
      expect(dbNamed(g, A, 'legacy').props.availabilityZoneId).toBe('apne1-az4');
    } finally {
      proxy.setPlan({ rewrite: bView });
    }
  });
});

describe('read-only coverage of the new call', () => {
  it('ec2:DescribeAvailabilityZones is allowed, read-only, and in the scanning role and caller policies', () => {
    expect(isAllowedOperation('ec2', 'DescribeAvailabilityZones')).toBe(true);
    expect(iamActions(MEMBER_FAMILIES)).toContain('ec2:DescribeAvailabilityZones');
    const p = iamPolicy();
    expect(p.scanningRole.Statement[0].Action).toContain('ec2:DescribeAvailabilityZones');
    expect(p.caller.Statement.find((s) => s.Sid === 'ResilintScanOwnAccount')?.Action).toContain('ec2:DescribeAvailabilityZones');
  });
});
