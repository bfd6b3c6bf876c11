/**
 * End to end: Lambda functions whose environment names a DynamoDB table
 * (reference to its name / id / ARN, a replica's ARN, its literal name or
 * ARN, `!Ref`, `!GetAtt .Arn`, `!Sub` of an ARN) connect to it, hard, at the
 * variable: the untagged table inherits the function's tier (so
 * dynamodb-global-replica, which does not apply at the default medium tier,
 * fails on a table with no replica), and in a Region loss a function of the
 * DR Region is down through a table without a replica there, up with one.
 * Queue URLs, bucket names, stream ARNs and names of no scanned table give no edge.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { analyze, scan, type Analysis } from '../../src/scan.js';
import type { ScanResult } from '../../src/engine/result.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/dynamodb-deps');

interface Form {
  file: string;
  id: (name: string) => string;
  /** Expected connects-to edges: from, to, line, variable (undefined: at the environment block, via reference). */
  edges: [string, string, number, string | undefined][];
  /** Tables whose tier is inherited (critical unless said). */
  inherited: Record<string, string>;
  /** Tables keeping their own (default) tier. */
  own: string[];
}

const FORMS: Record<'terraform' | 'plan' | 'cloudformation', Form> = {
  terraform: {
    file: 'main.tf',
    id: (n) => n,
    edges: [
      ['aws_lambda_function.checkout', 'aws_dynamodb_table.orders', 137, 'ORDERS_TABLE'],
      ['aws_lambda_function.checkout', 'aws_dynamodb_table.carts', 138, 'CARTS_TABLE_ARN'],
      ['aws_lambda_function.checkout', 'aws_dynamodb_table.archive', 139, 'ARCHIVE_TABLE'],
      ['aws_lambda_function.orders_dr', 'aws_dynamodb_table.orders', 164, 'ORDERS_TABLE'],
      ['aws_lambda_function.carts_dr', 'aws_dynamodb_table.carts', 183, 'CARTS_TABLE'],
      // The replica's ARN names its table.
      ['aws_lambda_function.carts_dr', 'aws_dynamodb_table.sessions', 184, 'SESSIONS_TABLE'],
      // Literal ARN (one edge per function and table: the first variable naming it).
      ['aws_lambda_function.audit_writer', 'aws_dynamodb_table.audit', 202, 'AUDIT_TABLE_ARN'],
    ],
    inherited: { 'aws_dynamodb_table.orders': 'critical', 'aws_dynamodb_table.carts': 'critical', 'aws_dynamodb_table.archive': 'critical', 'aws_dynamodb_table.sessions': 'critical', 'aws_dynamodb_table.audit': 'high' },
    own: [],
  },
  plan: {
    file: 'plan.json',
    id: (n) => n,
    edges: [
      // Maps holding a value known only after apply are unknown: the block's references, at `environment`.
      ['aws_lambda_function.checkout', 'aws_dynamodb_table.orders', 452, undefined],
      ['aws_lambda_function.checkout', 'aws_dynamodb_table.carts', 452, undefined],
      ['aws_lambda_function.orders_dr', 'aws_dynamodb_table.orders', 515, undefined],
      ['aws_lambda_function.carts_dr', 'aws_dynamodb_table.carts', 389, undefined],
      ['aws_lambda_function.carts_dr', 'aws_dynamodb_table.sessions', 389, undefined],
      // A known map: the variable's value (the plan's -var) is the table's name.
      ['aws_lambda_function.audit_writer', 'aws_dynamodb_table.audit', 324, 'AUDIT_TABLE'],
    ],
    inherited: { 'aws_dynamodb_table.orders': 'critical', 'aws_dynamodb_table.carts': 'critical', 'aws_dynamodb_table.sessions': 'critical', 'aws_dynamodb_table.audit': 'high' },
    // Its literal name sits in checkout's unknown map (see plan/README.md).
    own: ['aws_dynamodb_table.archive'],
  },
  cloudformation: {
    file: 'checkout.yaml',
    id: (n) => `checkout.yaml#checkout/${n}`,
    edges: [
      ['CheckoutFunction', 'OrdersTable', 88, 'ORDERS_TABLE'],
      ['CheckoutFunction', 'CartsTable', 89, 'CARTS_TABLE_ARN'],
      ['CheckoutFunction', 'AuditTable', 90, 'AUDIT_TABLE_ARN'],
    ],
    inherited: { OrdersTable: 'critical', CartsTable: 'critical', AuditTable: 'critical' },
    own: [],
  },
};

describe.each(Object.keys(FORMS) as (keyof typeof FORMS)[])('workloads naming DynamoDB tables (%s)', (form) => {
  const f = FORMS[form];
  const dir = join(FIXTURES, form);
  let a: Analysis;
  let result: ScanResult;
  beforeAll(async () => {
    a = await analyze({ paths: [dir], root: dir });
    result = await scan({ paths: [dir], root: dir });
  }, 120_000);

  it('gives one hard connects-to edge per function and table, at the variable', () => {
    expect(result.errors).toEqual([]);
    const tableIds = new Set([...a.graph.resources()].filter((r) => r.kind === 'db.table').map((r) => r.id));
    const edges = a.graph.edges.filter((e) => e.kind === 'connects-to' && tableIds.has(e.to)).map((e) => [e.from, e.to, e.location?.file, e.location?.line, e.data?.variable]);
    const want = f.edges.map(([from, to, line, variable]) => [f.id(from), f.id(to), f.file, line, variable]);
    expect(edges.sort()).toEqual(want.sort());
    // Every one is a hard data dependency of the function in the analysis.
    for (const [from, to] of f.edges) {
      const dep = a.dependencies.dependenciesOf(f.id(from)).find((d) => d.to === f.id(to));
      expect(dep, `${from} -> ${to}`).toMatchObject({ kind: 'data', strength: 'hard', relation: 'connects-to' });
    }
  });

  it('names no queue, bucket, stream or unscanned table', () => {
    const fromCheckout = a.graph.edges.filter((e) => e.from === f.id(form === 'cloudformation' ? 'CheckoutFunction' : 'aws_lambda_function.checkout') && e.kind === 'connects-to');
    const targets = fromCheckout.map((e) => a.graph.get(e.to)?.kind);
    expect(targets.every((k) => k === 'db.table')).toBe(true);
    const fn = a.graph.get(f.id(form === 'cloudformation' ? 'CheckoutFunction' : 'aws_lambda_function.checkout'))!;
    // A literal that matches no table (LEGACY_TABLE) is neither an edge nor a gap.
    expect(fn.unresolved).toEqual([]);
  });

  it('keeps a value that cannot be read (a variable without value, an import) an unresolved connects-to', () => {
    const gaps = [...a.graph.resources()].flatMap((r) => r.unresolved.filter((u) => u.edge === 'connects-to').map((u) => [r.id, u.attribute]));
    const want = {
      terraform: [['aws_lambda_function.audit_writer', 'environment.variables.AUDIT_TABLE']],
      // The plan was made with a value for it.
      plan: [],
      cloudformation: [[f.id('ReportsFunction'), 'Environment.Variables.LEDGER_TABLE']],
    }[form];
    expect(gaps).toEqual(want);
    // The reports function names only a stream: no edge.
    if (form === 'cloudformation') expect(a.graph.edges.filter((e) => e.from === f.id('ReportsFunction') && e.kind === 'connects-to')).toEqual([]);
  });

  it('the tables inherit the tier of the functions naming them; dynamodb-global-replica fails on the one without a replica', () => {
    expect(defaultPolicy().defaultTier).toBe('medium');
    for (const [table, tier] of Object.entries(f.inherited)) expect(a.tiers.get(f.id(table)), table).toMatchObject({ tier, source: 'inherited' });
    for (const table of f.own) expect(a.tiers.get(f.id(table)), table).toMatchObject({ tier: 'medium' });
    const orders = f.id(form === 'cloudformation' ? 'OrdersTable' : 'aws_dynamodb_table.orders');
    const replica = result.findings.filter((x) => x.ruleId === 'dynamodb-global-replica' && x.resource.id === orders);
    const line = { terraform: 41, plan: 193, cloudformation: 24 }[form];
    expect(replica.map((x) => ({ status: x.status, tier: x.resource.tier, tierSource: x.resource.tierSource, file: x.location?.file, line: x.location?.line }))).toEqual([
      { status: 'fail', tier: 'critical', tierSource: 'inherited', file: f.file, line },
    ]);
  });
});

describe.each(['terraform', 'plan'] as const)('a Region loss and the tables of a DR function (%s)', (form) => {
  const f = FORMS[form];
  const dir = join(FIXTURES, form);
  let a: Analysis;
  beforeAll(async () => {
    a = await analyze({ paths: [dir], root: dir });
  }, 120_000);

  it('a function of the DR Region is down through a table with no replica there', () => {
    const impact = a.failures.impacts.find((i) => i.domain === 'region:eu-west-1' && i.workload === 'aws_lambda_function.orders_dr');
    expect(impact?.state).toBe('down');
    const line = f.edges.find(([from, to]) => from === 'aws_lambda_function.orders_dr' && to === 'aws_dynamodb_table.orders')![2];
    // The step to the table is the edge: at the variable (plan: the environment block).
    expect(impact?.path?.map((s) => [s.id, s.relation])).toEqual([
      ['aws_lambda_function.orders_dr', undefined],
      ['aws_dynamodb_table.orders', 'connects-to'],
    ]);
    expect(impact?.path?.[1].location).toMatchObject({ file: f.file, line });
  });

  it('a function of the DR Region is up when each table it names has a replica there (replica block, aws_dynamodb_table_replica)', () => {
    // Its tables themselves are lost with their Region: the replica serves it.
    const carts = a.failures.impacts.find((i) => i.domain === 'region:eu-west-1' && i.workload === 'aws_dynamodb_table.carts');
    expect(carts?.state).toBe('down');
    expect(carts?.drApproach).toBe('active-active');
    const impact = a.failures.impacts.find((i) => i.domain === 'region:eu-west-1' && i.workload === 'aws_lambda_function.carts_dr');
    // Unaffected workloads of another Region are not listed.
    expect(impact).toBeUndefined();
    expect(a.failures.impacts.find((i) => i.domain === 'region:eu-central-1' && i.workload === 'aws_lambda_function.carts_dr')?.state).toBe('down');
  });
});
