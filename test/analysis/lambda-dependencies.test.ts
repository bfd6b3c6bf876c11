/**
 * Lambda functions depend on the databases and caches their environment
 * variables name: `connects-to` edges from each IaC source (Terraform HCL,
 * a real plan, CloudFormation) at the variable, what cannot be resolved kept
 * as a gap; then the function's hard data dependency, the tier the untagged
 * database inherits from the critical function, and the function going down
 * with its single-AZ database's AZ.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type DependencyModel } from '../../src/analysis/dependencies.js';
import { simulateFailures } from '../../src/analysis/failure.js';
import { inheritTiers } from '../../src/analysis/tiers.js';
import { GraphBuilder, type ResourceGraph } from '../../src/graph/graph.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { assignTiers } from '../../src/policy/tiers.js';
import { scanCloudFormation } from '../../src/sources/cloudformation/index.js';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import type { SourceOutput } from '../../src/sources/types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/lambda-deps');

type Form = 'terraform' | 'plan' | 'cloudformation';

async function scanForm(form: Form): Promise<Pick<SourceOutput, 'resources' | 'edges' | 'errors'>> {
  const dir = join(FIXTURES, form);
  if (form === 'terraform') return scanTerraform({ root: dir, paths: [dir] });
  if (form === 'plan') return scanTerraformPlan({ root: dir, files: [join(dir, 'plan.json')] });
  return scanCloudFormation({ root: dir, files: [join(dir, 'checkout.yaml')] });
}

function graphOf(out: Pick<SourceOutput, 'resources' | 'edges'>): ResourceGraph {
  const b = new GraphBuilder();
  for (const r of out.resources) b.addResource(r);
  for (const e of out.edges) b.addEdge(e);
  return b.build();
}

const TF = { checkout: 'aws_lambda_function.checkout', reports: 'aws_lambda_function.reports', orders: 'aws_db_instance.orders', reportsDb: 'aws_db_instance.reports', sessions: 'aws_elasticache_replication_group.sessions' };
const CFN = {
  checkout: 'checkout.yaml#checkout/CheckoutFunction',
  reports: 'checkout.yaml#checkout/ReportsFunction',
  orders: 'checkout.yaml#checkout/OrdersDb',
  reportsDb: 'checkout.yaml#checkout/ReportsDb',
  sessions: 'checkout.yaml#checkout/Sessions',
};
const ID: Record<Form, typeof TF> = { terraform: TF, plan: TF, cloudformation: CFN };

/** Every connects-to edge of each form: from, to, native attribute, location, data. */
const EDGES: Record<Form, unknown[]> = {
  terraform: [
    { from: TF.checkout, to: TF.orders, attribute: 'environment.variables.DB_HOST', at: 'main.tf:116', data: { via: 'environment', variable: 'DB_HOST', reference: 'aws_db_instance.orders.address' } },
    { from: TF.checkout, to: TF.sessions, attribute: 'environment.variables.REDIS_HOST', at: 'main.tf:118', data: { via: 'environment', variable: 'REDIS_HOST', reference: 'aws_elasticache_replication_group.sessions.primary_endpoint_address' } },
    // Inside a template string: found among the block's static references, attributed to the variable whose value it makes unknown.
    { from: TF.reports, to: TF.reportsDb, attribute: 'environment.variables.REPORTS_DSN', at: 'main.tf:137', data: { via: 'environment', variable: 'REPORTS_DSN', reference: 'aws_db_instance.reports' } },
  ],
  // The plan records the whole variables map as unknown: the edges come from the block's configuration references, at `environment`.
  plan: [
    { from: TF.checkout, to: TF.orders, attribute: 'environment', at: 'plan.json:250', data: { via: 'reference', reference: 'aws_db_instance.orders' } },
    { from: TF.checkout, to: TF.sessions, attribute: 'environment', at: 'plan.json:250', data: { via: 'reference', reference: 'aws_elasticache_replication_group.sessions' } },
    { from: TF.reports, to: TF.reportsDb, attribute: 'environment', at: 'plan.json:322', data: { via: 'reference', reference: 'aws_db_instance.reports' } },
  ],
  cloudformation: [
    { from: CFN.checkout, to: CFN.orders, attribute: 'Environment.Variables.DB_HOST', at: 'checkout.yaml:126', data: { via: 'environment', variable: 'DB_HOST', reference: 'checkout/OrdersDb.Endpoint.Address' } },
    { from: CFN.checkout, to: CFN.sessions, attribute: 'Environment.Variables.REDIS_HOST', at: 'checkout.yaml:128', data: { via: 'environment', variable: 'REDIS_HOST', reference: 'checkout/Sessions.PrimaryEndPoint.Address' } },
    { from: CFN.reports, to: CFN.reportsDb, attribute: 'Environment.Variables.REPORTS_DSN', at: 'checkout.yaml:146', data: { via: 'environment', variable: 'REPORTS_DSN', reference: 'checkout/ReportsDb.Endpoint.Address' } },
  ],
};

describe.each(['terraform', 'plan', 'cloudformation'] as const)('Lambda environment → data stores (%s)', (form) => {
  const id = ID[form];
  let out: Awaited<ReturnType<typeof scanForm>>;
  let graph: ResourceGraph;
  let m: DependencyModel;
  beforeAll(async () => {
    out = await scanForm(form);
    graph = graphOf(out);
    m = buildDependencies(graph, defaultPolicy());
  });

  it('connects each function to the database or cache a variable names, at the variable; a queue URL is no connection', () => {
    expect(out.errors).toEqual([]);
    const edges = out.edges
      .filter((e) => e.kind === 'connects-to')
      .map((e) => ({ from: e.from, to: e.to, attribute: e.attribute, at: `${e.location?.file}:${e.location?.line}`, data: e.data }));
    expect(edges).toEqual(EDGES[form]);
  });

  it('keeps secret-named values masked in the evidence', () => {
    const fn = out.resources.find((r) => r.id === id.checkout)!;
    expect(JSON.stringify(fn.attributes)).not.toContain('not-a-real-password');
  });

  it('records what cannot be resolved: a variable from an input without value', () => {
    const checkout = out.resources.find((r) => r.id === id.checkout)!;
    expect(checkout.unresolved).toEqual([]);
    const reports = out.resources.find((r) => r.id === id.reports)!;
    if (form === 'terraform') expect(reports.unresolved).toEqual([{ edge: 'connects-to', attribute: 'environment.variables.LEDGER_HOST', reason: 'variable ledger_db_host has no value' }]);
    else if (form === 'cloudformation') expect(reports.unresolved).toEqual([{ edge: 'connects-to', attribute: 'Environment.Variables.LEDGER_HOST', reason: expect.stringContaining('parameter LedgerDbHost has no value') }]);
    // The plan was made with a value for it; its map is unknown as a whole, and the references it records resolve.
    else expect(reports.unresolved).toEqual([]);
  });

  it('makes the function depend on them directly (hard data), at the variable', () => {
    for (const to of [id.orders, id.sessions]) {
      const deps = m.dependenciesOf(id.checkout).filter((e) => e.to === to && e.kind === 'data');
      expect(deps, to).toHaveLength(1);
      expect(deps[0]).toMatchObject({ strength: 'hard', relation: 'connects-to' });
      expect(`${deps[0].provenance.location?.file}:${deps[0].provenance.location?.line}`).toBe((EDGES[form] as { to: string; at: string }[]).find((e) => e.to === to)!.at);
    }
    const reason = m.dependenciesOf(id.checkout).find((e) => e.to === id.orders)!.reason;
    expect(reason).toContain(form === 'plan' ? 'aws_db_instance.orders' : 'DB_HOST');
  });

  it("the untagged database and cache inherit the critical function's tier; the medium function's database stays medium", () => {
    const policy = defaultPolicy();
    const tiers = inheritTiers(graph, m, assignTiers(graph, policy), policy);
    expect(tiers.get(id.checkout)).toMatchObject({ tier: 'critical', source: 'tag' });
    expect(tiers.get(id.orders)).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(tiers.get(id.sessions)).toMatchObject({ tier: 'critical', source: 'inherited' });
    expect(tiers.get(id.reportsDb)).toMatchObject({ tier: 'medium', source: 'default' });
  });

  it('losing ap-northeast-1a takes the critical function down through its single-AZ database; losing 1c only degrades it', () => {
    const policy = defaultPolicy();
    const tiers = inheritTiers(graph, m, assignTiers(graph, policy), policy);
    const r = simulateFailures({ graph, dependencies: m, tiers, policy });
    const impact = (w: string, az: string) => r.impacts.find((i) => i.workload === w && i.domain === `az:ap-northeast-1:ap-northeast-1${az}`)!;
    const a = impact(id.checkout, 'a');
    expect(a.state).toBe('down');
    expect(a.path!.map((s) => s.id)).toEqual([id.checkout, id.orders]);
    expect(a.path![1]).toMatchObject({ relation: 'connects-to' });
    expect(a.reasons[0]).toContain('hard dependency');
    expect(impact(id.checkout, 'c').state).toBe('degraded');
    const reports = impact(id.reports, 'a');
    if (form === 'plan') {
      // Outside a VPC, its Multi-AZ database fails over: nothing is lost.
      expect(reports.state).toBe('unaffected');
    } else {
      // LEDGER_HOST has no value offline: it may name a single-AZ database in 1a.
      expect(reports.state).toBe('unknown');
      expect(reports.reasons.at(-1)).toContain('a database it connects to cannot be resolved');
      expect(reports.reasons.at(-1)).toContain('LEDGER_HOST');
    }
  });
});

describe('a function module (terraform-aws-modules style: dynamic "environment" fed by a map input)', () => {
  it('links the variables the module call passes, at the variables map in the module; a template string by the data store its reason names', async () => {
    const dir = join(FIXTURES, 'terraform-module');
    const out = await scanTerraform({ root: dir, paths: [dir] });
    expect(out.errors).toEqual([]);
    const edges = out.edges
      .filter((e) => e.kind === 'connects-to')
      .map((e) => ({ from: e.from, to: e.to, attribute: e.attribute, at: `${e.location?.file}:${e.location?.line}`, data: e.data }));
    expect(edges).toEqual([
      // DB_READER names the same cluster: one edge, and no gap.
      { from: 'module.orders_api.aws_lambda_function.this', to: 'aws_rds_cluster.orders', attribute: 'environment.variables.DB_HOST', at: 'modules/function/main.tf:37', data: { via: 'environment', variable: 'DB_HOST', reference: 'aws_rds_cluster.orders.endpoint' } },
      { from: 'module.rate_limiter.aws_lambda_function.this', to: 'aws_elasticache_cluster.rate_limit', attribute: 'environment.variables.REDIS_URL', at: 'modules/function/main.tf:37', data: { via: 'environment', variable: 'REDIS_URL', reference: 'aws_elasticache_cluster.rate_limit.cache_nodes.0.address' } },
    ]);
    for (const r of out.resources.filter((x) => x.kind === 'function')) expect(r.unresolved, r.id).toEqual([]);
  });
});
