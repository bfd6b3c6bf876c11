/**
 * Live (moto_server): a Lambda function whose environment names DynamoDB
 * tables of its own account and Region (by name, by ARN) connects to them
 * (lambda:ListFunctions carries `Environment.Variables`); an ARN of another
 * Region or account, a queue URL, a stream ARN and a name of no table give no
 * edge. The untagged table inherits the function's critical tier (a policy
 * assignment: ListFunctions returns no tags), so dynamodb-global-replica,
 * not applicable at medium, fails on it; without the assignment the
 * function's tier is unknown and so is the verdict on the tables it names.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { buildDependencies } from '../../src/analysis/dependencies.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { evaluateRules } from '../../src/engine/evaluate.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanOrganizationDetailed, type OrgScanDetails } from '../../src/sources/aws/index.js';
import { normalizeUnits } from '../../src/sources/aws/normalize.js';
import { emptyUnit, push } from '../../src/sources/aws/unit.js';
import { policyWith } from '../helpers/rule-tester.js';
import { createRole, zip } from '../support/aws/lambda-seed.js';
import { assumeInto, seedOrganization, startMoto, useAwsEnv, type MotoServer } from './moto.js';

const R1 = 'eu-west-1';
const R3 = 'eu-central-1';

let moto: MotoServer;
let restoreEnv: () => void;
let A: string;
let scan: OrgScanDetails;
let graph: ResourceGraph;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useAwsEnv(moto.endpoint, R1);
  const org = await seedOrganization(moto.endpoint);
  A = org.byName('technova-sales-prod-app').id;
  const credentials = await assumeInto(moto.endpoint, A);
  const cfg = { region: R1, endpoint: moto.endpoint, credentials, maxAttempts: 2 };
  const ddb = new DynamoDBClient(cfg);
  for (const TableName of ['checkout-orders', 'checkout-carts', 'checkout-unused']) {
    await ddb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  }
  const role = await createRole(moto.endpoint, credentials, 'checkout-exec');
  const lambda = new LambdaClient(cfg);
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'checkout',
      Runtime: 'python3.12',
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: zip('index.py', 'def handler(event, context):\n    return None\n') },
      Environment: {
        Variables: {
          ORDERS_TABLE: 'checkout-orders',
          CARTS_TABLE_ARN: `arn:aws:dynamodb:${R1}:${A}:table/checkout-carts`,
          DR_ORDERS_ARN: `arn:aws:dynamodb:${R3}:${A}:table/checkout-unused`,
          PEER_ORDERS_ARN: `arn:aws:dynamodb:${R1}:999999999999:table/checkout-unused`,
          ORDERS_STREAM: `arn:aws:dynamodb:${R1}:${A}:table/checkout-unused/stream/2026-12-07T00:00:00.000`,
          JOBS_QUEUE_URL: `https://sqs.${R1}.amazonaws.com/${A}/checkout-unused`,
          LEGACY_TABLE: 'checkout-legacy',
        },
      },
    }),
  );
  scan = await scanOrganizationDetailed({ regions: [R1], accounts: [A], concurrency: 2, fetchAccountTags: false, clientConfig: { endpoint: moto.endpoint } });
  const b = new GraphBuilder();
  for (const r of scan.output.resources) b.addResource(r);
  for (const e of scan.output.edges) b.addEdge(e);
  graph = b.build();
}, 600_000);

afterAll(async () => {
  restoreEnv?.();
  await moto?.stop();
});

const fn = () => graph.ofKind('function').find((f) => f.name === 'checkout')!;
const table = (name: string) => graph.ofKind('db.table').find((t) => t.props.name === name)!;

describe('live Lambda environment naming DynamoDB tables (moto)', () => {
  it('connects the function to the tables of its account and Region it names by name or ARN, at the variable', () => {
    expect(scan.output.coverage).toEqual([]);
    expect(fn().unresolved).toEqual([]);
    const edges = graph.edges.filter((e) => e.from === fn().id && e.kind === 'connects-to').map((e) => ({ to: e.to, attribute: e.attribute, data: e.data }));
    expect(edges).toEqual([
      { to: table('checkout-orders').id, attribute: 'Environment.Variables.ORDERS_TABLE', data: { via: 'environment', variable: 'ORDERS_TABLE', table: 'checkout-orders' } },
      { to: table('checkout-carts').id, attribute: 'Environment.Variables.CARTS_TABLE_ARN', data: { via: 'environment', variable: 'CARTS_TABLE_ARN', table: 'checkout-carts' } },
    ]);
    expect(table('checkout-orders').id).toBe(`arn:aws:dynamodb:${R1}:${A}:table/checkout-orders`);
    const deps = buildDependencies(graph, defaultPolicy());
    expect(deps.dependenciesOf(fn().id).filter((d) => d.relation === 'connects-to').map((d) => [d.to, d.kind, d.strength])).toEqual([
      [table('checkout-orders').id, 'data', 'hard'],
      [table('checkout-carts').id, 'data', 'hard'],
    ]);
  });

  it('the tables inherit the critical function tier: dynamodb-global-replica fails on them, not on the unused one', () => {
    const verdicts = (policy: ReturnType<typeof defaultPolicy>) => {
      const deps = buildDependencies(graph, policy);
      const tiers = inheritTiers(graph, deps, assignTiers(graph, policy), policy);
      const findings = evaluateRules({ graph, policy, rules: builtinRules, tiers }).findings;
      return graph
        .ofKind('db.table')
        .map((t) => [t.props.name, tiers.get(t.id)?.tier, tiers.get(t.id)?.undecided !== undefined, findings.find((f) => f.ruleId === 'dynamodb-global-replica' && f.resource.id === t.id)?.status])
        .sort();
    };
    // The function's tier tag is not read (ListFunctions returns no tags): the tables it names get a floor, never the
    // default as their tier, so the rule cannot say it does not apply; the unused table is medium, where it does not.
    expect(verdicts(defaultPolicy())).toEqual([
      ['checkout-carts', 'medium', true, 'unknown'],
      ['checkout-orders', 'medium', true, 'unknown'],
      ['checkout-unused', 'medium', false, undefined],
    ]);
    expect(verdicts(policyWith({ assignments: [{ match: { kind: 'function' }, tier: 'critical' }] }))).toEqual([
      ['checkout-carts', 'critical', false, 'fail'],
      ['checkout-orders', 'critical', false, 'fail'],
      ['checkout-unused', 'medium', false, undefined],
    ]);
  });
});

describe('live tables that could not be listed', () => {
  it("leave the function's variables unresolved (a value may name one), never silently unlinked", () => {
    const u = emptyUnit({ id: '111111111111', name: 'checkout-prod' }, R1);
    push(u, 'functions', { FunctionName: 'checkout', FunctionArn: `arn:aws:lambda:${R1}:111111111111:function:checkout`, Runtime: 'python3.12', Environment: { Variables: { ORDERS_TABLE: 'checkout-orders' } } });
    u.missing.set('tables', `dynamodb:ListTables failed in 111111111111/${R1}: AccessDeniedException`);
    const { resources, edges } = normalizeUnits([u]);
    const f = resources.find((r) => r.kind === 'function')!;
    expect(f.unresolved).toEqual([{ edge: 'connects-to', attribute: 'Environment.Variables', reason: expect.stringContaining('AccessDeniedException') }]);
    expect(edges.filter((e) => e.kind === 'connects-to')).toEqual([]);
  });
});
