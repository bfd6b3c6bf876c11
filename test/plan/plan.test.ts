import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyResource, Edge, Resource, ResourceKind } from '../../src/graph/types.js';
import { isUnknown, MASK, Unknown } from '../../src/graph/values.js';
import { isTerraformPlan, scanTerraformPlan, type TerraformPlanSourceOutput } from '../../src/sources/plan/index.js';
import { parseReference, resolveReferences, type RefScope } from '../../src/sources/plan/references.js';

const FIXTURES = path.resolve('test/fixtures/plan');
const fixture = (rel: string) => path.join(FIXTURES, rel);

function posOf(rel: string, needle: string, nth = 1): { line: number; column: number } {
  const text = readFileSync(fixture(rel), 'utf8');
  let at = -1;
  for (let k = 0; k < nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not in ${rel}`);
  }
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

function get<K extends ResourceKind>(out: TerraformPlanSourceOutput, id: string, kind: K): Resource<K> {
  const r = out.resources.find((x) => x.id === id);
  if (!r) throw new Error(`no ${id}; have ${out.resources.map((x) => x.id).join(', ')}`);
  expect(r.kind).toBe(kind);
  return r as unknown as Resource<K>;
}

function edges(out: TerraformPlanSourceOutput, from: string, kind?: string): Edge[] {
  return out.edges.filter((e) => e.from === from && (!kind || e.kind === kind));
}

describe('Terraform plan source: a plan without its .tf files', () => {
  let out: TerraformPlanSourceOutput;
  const P = 'basic/plan.json';
  // Ids are prefixed like the Terraform source's: the root module directory.
  const id = (address: string) => `basic:${address}`;
  beforeAll(async () => {
    out = await scanTerraformPlan({ root: FIXTURES, files: [fixture(P)] });
  });

  it('reads planned_values of the root and child modules, with Terraform addresses', () => {
    expect(out.source).toBe('terraform-plan');
    expect(out.errors).toEqual([]);
    expect(out.files).toEqual([P]);
    expect(out.plans).toEqual([{ file: P, formatVersion: '1.2', terraformVersion: '1.9.5', locations: 'plan' }]);
    expect(out.resources.map((r) => `${r.address} ${r.kind}`).sort()).toEqual([
      'aws_appautoscaling_target.api autoscaling.target',
      'aws_db_instance.reports db.instance',
      'aws_ecs_cluster.main ecs.cluster',
      'aws_ecs_service.api ecs.service',
      'aws_ecs_service.worker ecs.service',
      'aws_nat_gateway.a network.nat-gateway',
      'aws_route_table.private network.route-table',
      'aws_subnet.private["ap-northeast-1a"] network.subnet',
      'aws_subnet.private["ap-northeast-1c"] network.subnet',
      'aws_vpc.main network.vpc',
      'module.db.aws_db_subnet_group.this db.subnet-group',
      'module.db.aws_rds_cluster.this db.cluster',
      'module.db.aws_rds_cluster_instance.this[0] db.instance',
      'module.db.aws_rds_cluster_instance.this[1] db.instance',
    ]);
    const inst = get(out, id('module.db.aws_rds_cluster_instance.this[1]'), 'db.instance');
    expect(inst.type).toBe('aws_rds_cluster_instance');
    expect(inst.provenance.source).toBe('terraform-plan');
    expect(inst.provenance.modulePath).toEqual(['module.db']);
  });

  it('a delete is not evaluated; a replacement (delete, create) is', () => {
    expect(out.resources.some((r) => r.address === 'aws_db_instance.legacy')).toBe(false);
    expect(out.notEvaluated).toEqual([{ address: 'aws_db_instance.legacy', file: P, actions: ['delete'] }]);
    const db = get(out, id('aws_db_instance.reports'), 'db.instance');
    expect(db.props).toMatchObject({ identifier: 'plan-reports', multiAz: true, backupRetentionDays: 3, deletionProtection: false });
  });

  it('values marked in after_unknown are Unknown; unset provider-chosen attributes are Unknown too', () => {
    const db = get(out, id('aws_db_instance.reports'), 'db.instance');
    // availability_zone is not written in the configuration: the provider picks it at apply (Unknown, as from HCL).
    expect(db.props.availabilityZone).toEqual(new Unknown('availability_zone is not set: chosen by the provider at apply'));
    const worker = get(out, id('aws_ecs_service.worker'), 'ecs.service');
    expect(worker.unresolved).toEqual([
      {
        edge: 'in-subnet',
        attribute: 'network_configuration.subnets',
        reason: 'aws_ecs_service.worker.network_configuration[0].subnets is known only after apply (which instance of aws_subnet.private is used depends on local.primary_az)',
      },
    ]);
    const api = get(out, id('aws_ecs_service.api'), 'ecs.service');
    expect(api.props.healthCheckGracePeriodSeconds).toBeUndefined();
    expect(api.attributes.network_configuration).toEqual([
      {
        assign_public_ip: false,
        subnets: expect.any(Array),
        security_groups: expect.any(Unknown),
      },
    ]);
    expect(((api.attributes.network_configuration as Record<string, unknown>[])[0].security_groups as Unknown).reason).toBe(
      'aws_ecs_service.api.network_configuration[0].security_groups is known only after apply (aws_security_group.app is not in the plan)',
    );
  });

  it('unknown references become edges through the configuration: splats, modules, var passing', () => {
    const api = get(out, id('aws_ecs_service.api'), 'ecs.service');
    expect(api.props).toMatchObject({ name: 'plan-api', desiredCount: 4, launchType: 'FARGATE', circuitBreaker: { enable: true, rollback: true }, loadBalancerCount: 0 });
    expect(edges(out, api.id).map((e) => `${e.kind} ${e.to} (${e.attribute})`)).toEqual([
      'in-subnet basic:aws_subnet.private["ap-northeast-1a"] (network_configuration.subnets)',
      'in-subnet basic:aws_subnet.private["ap-northeast-1c"] (network_configuration.subnets)',
      'in-cluster basic:aws_ecs_cluster.main (cluster)',
    ]);
    expect(api.unresolved).toEqual([]);
    // resource_id is unknown: the service it names comes from the configuration's references.
    // resource_id is not in the plan's values (unknown): the edge points at the resource entry.
    expect(edges(out, id('aws_appautoscaling_target.api'))).toEqual([
      { from: id('aws_appautoscaling_target.api'), to: api.id, kind: 'scales', attribute: 'resource_id', location: { file: P, ...posOf(P, '"address": "aws_appautoscaling_target.api"') } },
    ]);
    expect(get(out, id('aws_appautoscaling_target.api'), 'autoscaling.target').props.minCapacity).toBe(2);
    // In module.db: cluster_identifier → the module's cluster; the subnet group's subnet_ids → var.subnet_ids → the caller's aws_subnet.private.
    for (const k of [0, 1]) {
      expect(edges(out, id(`module.db.aws_rds_cluster_instance.this[${k}]`))).toEqual([
        {
          from: id(`module.db.aws_rds_cluster_instance.this[${k}]`),
          to: id('module.db.aws_rds_cluster.this'),
          kind: 'member-of',
          attribute: 'cluster_identifier',
          location: { file: P, ...posOf(P, `"address": "module.db.aws_rds_cluster_instance.this[${k}]"`) },
        },
      ]);
    }
    expect(edges(out, id('module.db.aws_db_subnet_group.this')).map((e) => e.to)).toEqual([id('aws_subnet.private["ap-northeast-1a"]'), id('aws_subnet.private["ap-northeast-1c"]')]);
    expect(edges(out, id('module.db.aws_rds_cluster.this'), 'in-subnet').map((e) => e.to)).toEqual([id('aws_subnet.private["ap-northeast-1a"]'), id('aws_subnet.private["ap-northeast-1c"]')]);
    expect(edges(out, id('aws_subnet.private["ap-northeast-1c"]'))).toEqual([
      {
        from: id('aws_subnet.private["ap-northeast-1c"]'),
        to: id('aws_vpc.main'),
        kind: 'in-vpc',
        attribute: 'vpc_id',
        location: { file: P, ...posOf(P, '"address": "aws_subnet.private[\\"ap-northeast-1c\\"]"') },
      },
    ]);
  });

  it('known ids of other planned resources become references (update plans)', () => {
    const rt = get(out, id('aws_route_table.private'), 'network.route-table');
    expect(rt.props.routes).toEqual([
      { destination: '0.0.0.0/0', via: 'nat-gateway', target: id('aws_nat_gateway.a') },
      { destination: '10.99.0.0/16', via: 'transit-gateway', target: 'tgw-0123' },
    ]);
    expect(edges(out, rt.id, 'routes-via')).toEqual([
      { from: rt.id, to: id('aws_nat_gateway.a'), kind: 'routes-via', attribute: 'route.nat_gateway_id', data: { destination: '0.0.0.0/0' }, location: { file: P, ...posOf(P, '"nat_gateway_id": "nat-0123456789abcdef0"') } },
    ]);
    // A literal id of something not in the plan stays unresolved.
    expect(get(out, id('aws_nat_gateway.a'), 'network.nat-gateway').unresolved).toEqual([
      { edge: 'in-subnet', attribute: 'subnet_id', reason: '"subnet-0aaa1111bbbb2222c" is a literal id, not a resource in the scanned configuration' },
    ]);
  });

  it('locations: the resource entry and its attributes in the plan JSON', () => {
    const db = get(out, id('aws_db_instance.reports'), 'db.instance');
    const entry = posOf(P, '"address": "aws_db_instance.reports"');
    expect(db.provenance.location).toEqual({ file: P, ...entry });
    expect(db.propOrigins.multiAz).toEqual({ attribute: 'multi_az', location: { file: P, ...posOf(P, '"multi_az": true') } });
    const inst = get(out, id('module.db.aws_rds_cluster_instance.this[0]'), 'db.instance');
    expect(inst.propOrigins.availabilityZone?.location).toEqual({ file: P, ...posOf(P, '"availability_zone": "ap-northeast-1a"', 2) });
  });

  it('tags include the provider default tags (tags_all); sensitive values are masked', () => {
    expect(get(out, id('aws_ecs_service.api'), 'ecs.service').tags).toEqual({ tier: 'critical', owner: 'platform' });
    expect(get(out, id('aws_vpc.main'), 'network.vpc').name).toBe('plan-vpc');
    expect(get(out, id('aws_db_instance.reports'), 'db.instance').attributes.password).toBe(MASK);
    expect(get(out, id('module.db.aws_rds_cluster.this'), 'db.cluster').attributes.master_password).toBe(MASK);
    expect(JSON.stringify(out)).not.toContain('plan-secret-EXAMPLE-0nly');
  });
});

describe('Terraform plan source: a plan next to its .tf files', () => {
  let out: TerraformPlanSourceOutput;
  const P = 'with-tf/plan.json';
  const id = (address: string) => `with-tf:${address}`;
  beforeAll(async () => {
    out = await scanTerraformPlan({ root: FIXTURES, files: [fixture(P)] });
  });

  it('points at the resource blocks and attributes in the .tf files', () => {
    expect(out.errors).toEqual([]);
    expect(out.plans).toEqual([{ file: P, formatVersion: expect.stringMatching(/^1\./), terraformVersion: expect.any(String), locations: 'tf' }]);
    expect(out.files).toEqual(['with-tf/main.tf', P]);
    const db = get(out, id('aws_db_instance.reports'), 'db.instance');
    expect(db.provenance.location).toEqual({ file: 'with-tf/main.tf', ...posOf('with-tf/main.tf', 'resource "aws_db_instance"') });
    expect(db.propOrigins.multiAz?.location).toEqual({ file: 'with-tf/main.tf', ...posOf('with-tf/main.tf', 'multi_az') });
    expect(db.props.multiAz).toBe(false);
    expect(Object.keys(out.comments)).toEqual(['with-tf/main.tf']);
    // `# resilint:ignore` above the block, read by the Terraform source's normalizer.
    expect(db.inlineSuppressions).toEqual([
      { ruleId: 'db-multi-az', reason: 'reporting replica, rebuilt nightly', until: '2099-01-01', location: { file: 'with-tf/main.tf', ...posOf('with-tf/main.tf', '# resilint:ignore') } },
    ]);
    expect(JSON.stringify(out.resources)).not.toContain('tf-secret-EXAMPLE-0nly');
  });

  it('resolves what the plan leaves open (an instance picked by a variable) from the HCL, with the plan\'s variables', async () => {
    const svc = get(out, id('aws_ecs_service.pinned'), 'ecs.service');
    expect(svc.unresolved).toEqual([]);
    expect(edges(out, svc.id, 'in-subnet')).toEqual([
      {
        from: svc.id,
        to: id('aws_subnet.private["ap-northeast-1a"]'),
        kind: 'in-subnet',
        attribute: 'network_configuration.subnets',
        data: { resolvedBy: 'hcl' },
        location: { file: 'with-tf/main.tf', ...posOf('with-tf/main.tf', 'subnets =') },
      },
    ]);
    const planOnly = await scanTerraformPlan({ root: FIXTURES, files: [fixture(P)], resolveFromHcl: false });
    expect(get(planOnly, id('aws_ecs_service.pinned'), 'ecs.service').unresolved.map((u) => u.reason)).toEqual([
      'aws_ecs_service.pinned.network_configuration[0].subnets is known only after apply (which instance of aws_subnet.private is used depends on var.primary_az)',
    ]);
  });
});

describe('Terraform plan source: bad input', () => {
  it('reports an unknown format version, broken JSON; skips what is not a plan; reads the rest', async () => {
    const files = ['future.json', 'broken.json', 'package.json', 'state.json', 'good.json'].map((f) => fixture(`bad/${f}`));
    const out = await scanTerraformPlan({ root: FIXTURES, files });
    expect(out.errors).toEqual([
      { file: 'bad/broken.json', line: 4, column: 37, kind: 'parse', message: expect.stringContaining('not valid JSON') },
      { file: 'bad/future.json', ...posOf('bad/future.json', '"2.0"'), kind: 'format', message: 'plan format_version "2.0" is not supported (this version of resilint reads 0.x and 1.x); no resource of this plan was assessed' },
    ]);
    expect(out.notPlans).toEqual(['bad/package.json', 'bad/state.json']);
    // Two plans in one directory: ids are prefixed by the plan file, not the directory.
    expect(out.resources.map((r) => r.id)).toEqual(['bad/good.json:aws_db_instance.x']);
    expect(out.resources[0].props).toMatchObject({ identifier: 'x', multiAz: false });
    expect(out.files).toEqual(['bad/broken.json', 'bad/future.json', 'bad/good.json']);
  });

  it('recognises plans by content', () => {
    expect(isTerraformPlan(readFileSync(fixture('basic/plan.json'), 'utf8'))).toBe(true);
    expect(isTerraformPlan(readFileSync(fixture('bad/state.json'), 'utf8'))).toBe(false);
    expect(isTerraformPlan('{"name": "x"}')).toBe(false);
  });
});

describe('plan references', () => {
  const index = {
    get: (b: string) =>
      ({
        'aws_subnet.p': [
          { address: 'aws_subnet.p["a"]', key: 'a' },
          { address: 'aws_subnet.p["c"]', key: 'c' },
        ],
        'aws_nat_gateway.one': [{ address: 'aws_nat_gateway.one["a"]', key: 'a' }],
        'module.m.aws_db_instance.x': [{ address: 'module.m.aws_db_instance.x', key: undefined }],
      })[b],
  };
  const root: RefScope = {
    moduleAddress: '',
    config: { module_calls: { m: { module: { outputs: { id: { expression: { references: ['aws_db_instance.x.id', 'aws_db_instance.x'] } } } } } } },
  };
  const targets = (refs: string[], scope: RefScope = root) => {
    const r = resolveReferences({ references: refs }, scope, index);
    return { targets: [...r.targets.keys()], doubts: r.doubts };
  };

  it('parses references', () => {
    expect(parseReference('aws_subnet.p["a"].id')).toEqual({ kind: 'resource', type: 'aws_subnet', name: 'p', key: 'a', attribute: 'id' });
    expect(parseReference('aws_x.y[0]')).toEqual({ kind: 'resource', type: 'aws_x', name: 'y', key: 0, attribute: undefined });
    expect(parseReference('module.m.id')).toEqual({ kind: 'module', name: 'm', output: 'id' });
    expect(parseReference('var.v')).toEqual({ kind: 'var', name: 'v' });
    expect(parseReference('each.key')).toEqual({ kind: 'each.key' });
  });

  it('resolves only what the references decide', () => {
    expect(targets(['aws_subnet.p'])).toEqual({ targets: ['aws_subnet.p["a"]', 'aws_subnet.p["c"]'], doubts: [] });
    expect(targets(['aws_subnet.p["c"].id', 'aws_subnet.p["c"]', 'aws_subnet.p'])).toEqual({ targets: ['aws_subnet.p["c"]'], doubts: [] });
    expect(targets(['aws_subnet.p', 'local.az']).doubts).toEqual(['which instance of aws_subnet.p is used depends on local.az']);
    expect(targets(['aws_subnet.p', 'each.key'], { ...root, selfKey: 'c' })).toEqual({ targets: ['aws_subnet.p["c"]'], doubts: [] });
    // A single instance is the answer whatever selects it.
    expect(targets(['aws_nat_gateway.one', 'var.single', 'local.az'])).toEqual({ targets: ['aws_nat_gateway.one["a"]'], doubts: [] });
    expect(targets(['module.m.id'])).toEqual({ targets: ['module.m.aws_db_instance.x'], doubts: [] });
    expect(targets(['data.aws_subnet.x.id']).doubts).toEqual(['data.aws_subnet.x.id is read at plan time']);
    expect(isUnknown(new Unknown('x'))).toBe(true);
  });
});

// Keep the type import used (AnyResource in helper signatures elsewhere).
export type { AnyResource };

describe('JSON positions', () => {
  it('gives every key its line and column in one pass; errors have a position', async () => {
    const { parseJsonPositions, JsonSyntaxError } = await import('../../src/sources/common/json-positions.js');
    const { getEntry, getValue, toPlain } = await import('../../src/sources/common/tree.js');
    const text = '{\n  "a": [1, {"b\\"c": true}],\r\n\t"d": {"e": null, "f": -1.5e3}\n}';
    const root = parseJsonPositions(text);
    expect(toPlain(root)).toEqual(JSON.parse(text));
    expect(getEntry(root, 'a')!.keyPos).toEqual({ line: 2, column: 3 });
    expect(getEntry(getValue(root, 'd'), 'f')!.keyPos).toEqual({ line: 3, column: 19 });
    const item = (getValue(root, 'a') as { items: unknown[] }).items[1];
    expect(getEntry(item as never, 'b"c')!.keyPos).toEqual({ line: 2, column: 13 });
    expect(() => parseJsonPositions('{"a": 1,\n "b" 2}')).toThrow(JsonSyntaxError);
    try {
      parseJsonPositions('{"a": 1,\n "b" 2}');
    } catch (e) {
      expect(e).toMatchObject({ line: 2, column: 6, message: "expected ':' after a key" });
    }
    const big = JSON.stringify({ r: Array.from({ length: 50_000 }, (_, k) => ({ address: `x.y[${k}]`, values: { a: k, b: 'text' } })) });
    // Size, not time: speed is measured in bench/, never asserted here.
    const parsed = toPlain(parseJsonPositions(big)) as { r: unknown[] };
    expect(parsed.r).toHaveLength(50_000);
  });
});
