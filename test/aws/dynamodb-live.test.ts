/**
 * DynamoDB tables on a live account (moto_server): tables seeded through the
 * real SDK in Tokyo, one made a global table with a replica in Osaka
 * (UpdateTable ReplicaUpdates), collected by the organisation scan (one
 * account, both Regions), judged by the built-in rules under a policy with
 * drRegion ap-northeast-3.
 *
 * moto notes: moto's DynamoDB has no replicas (UpdateTable ReplicaUpdates is
 * accepted and ignored; DescribeTable has no Replicas), so the replica path
 * is tested on DescribeTable-shaped records (dynamodb-normalize.test.ts).
 */
import { CreateTableCommand, DynamoDBClient, UpdateContinuousBackupsCommand, UpdateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
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
const R3 = 'ap-northeast-3';

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
  const tokyo = new DynamoDBClient({ endpoint: moto.endpoint, region: R1, credentials, maxAttempts: 2 });
  const create = (name: string, tier: string, extra: Partial<CreateTableCommandInput> = {}) =>
    tokyo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        Tags: [{ Key: 'tier', Value: tier }],
        ...extra,
      }),
    );
  const pitr = (name: string) => tokyo.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));

  // orders: critical, PITR, deletion protection, replica in Osaka.
  await create('orders', 'critical', { DeletionProtectionEnabled: true, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  await pitr('orders');
  await tokyo.send(new UpdateTableCommand({ TableName: 'orders', ReplicaUpdates: [{ Create: { RegionName: R3 } }] }));
  // carts: high, deletion protection, no PITR.
  await create('carts', 'high', { DeletionProtectionEnabled: true });
  // audit: critical, PITR, no replica, no deletion protection.
  await create('audit-log', 'critical');
  await pitr('audit-log');

  const out = await scanOrganizationDetailed({ regions: [R1, R3], accounts: [account], concurrency: 4, fetchAccountTags: false });
  calls = [...out.stats.byAction.keys()];
  const b = new GraphBuilder();
  for (const r of out.output.resources) b.addResource(r);
  for (const e of out.output.edges) b.addEdge(e);
  graph = b.build();
  const policy = defaultPolicy();
  policy.drRegion = R3;
  for (const t of Object.values(policy.tiers)) t.region = { rtoMinutes: 240, rpoMinutes: 60, drRegion: R3 };
  findings = evaluateRules({ graph, policy, rules: builtinRules, tiers: assignTiers(graph, policy) }).findings;
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

function verdict(rule: string, name: string, region = R1): string | undefined {
  const r = graph.ofKind('db.table').find((x) => x.props.name === name && x.provenance.region === region);
  if (!r) throw new Error(`no db.table ${name} in ${region} in the live graph`);
  return findings.find((f) => f.ruleId === rule && f.resource.id === r.id)?.status;
}

describe('DynamoDB rules on a live account (moto)', () => {
  it('collects every table with its ARN, Region and tags', () => {
    const tokyo = graph.ofKind('db.table').filter((t) => t.provenance.region === R1);
    expect(tokyo.map((t) => t.props.name).sort()).toEqual(['audit-log', 'carts', 'orders']);
    const orders = tokyo.find((t) => t.props.name === 'orders')!;
    expect(orders.id).toMatch(/^arn:aws:dynamodb:ap-northeast-1:\d{12}:table\/orders$/);
    expect(orders.tags).toEqual({ tier: 'critical' });
    expect(orders.type).toBe('AWS::DynamoDB::Table');
  });

  it('dynamodb-pitr: DescribeContinuousBackups', () => {
    expect(verdict('dynamodb-pitr', 'orders')).toBe('pass');
    expect(verdict('dynamodb-pitr', 'audit-log')).toBe('pass');
    expect(verdict('dynamodb-pitr', 'carts')).toBe('fail');
  });

  it('dynamodb-deletion-protection: DeletionProtectionEnabled (absent means off)', () => {
    expect(verdict('dynamodb-deletion-protection', 'orders')).toBe('pass');
    expect(verdict('dynamodb-deletion-protection', 'carts')).toBe('pass');
    expect(verdict('dynamodb-deletion-protection', 'audit-log')).toBe('fail');
  });

  it('dynamodb-global-replica: moto keeps no replicas (UpdateTable ReplicaUpdates is ignored), so no table has one; high tier not judged', () => {
    // The replica path of the normalizer is tested on DescribeTable-shaped records in dynamodb-normalize.test.ts.
    expect(graph.ofKind('db.table').filter((t) => t.provenance.region === R3)).toEqual([]);
    expect(verdict('dynamodb-global-replica', 'orders')).toBe('fail');
    expect(verdict('dynamodb-global-replica', 'audit-log')).toBe('fail');
    expect(verdict('dynamodb-global-replica', 'carts')).toBeUndefined();
  });

  it('sends only the listed DynamoDB reads', () => {
    expect(calls.filter((c) => c.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:ListTables', 'dynamodb:ListTagsOfResource']);
  });
});
