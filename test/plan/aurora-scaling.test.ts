/**
 * Aurora reader auto scaling in a plan: the scaling target becomes a scales
 * edge to the cluster, whether its resource_id is known at plan time
 * (`cluster:<identifier>`) or only after apply (then the configuration's
 * references name the cluster).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanTerraformPlan } from '../../src/sources/plan/index.js';

const PLAN = path.resolve('fixtures/real-world/aurora-reader-autoscaling/plan/plan.json');
const TARGET = 'aws_appautoscaling_target.orders_read_replica';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function scanPlan(edit?: (plan: Json) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'resilint-aurora-plan-'));
  dirs.push(dir);
  const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as Json;
  edit?.(plan);
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
  return scanTerraformPlan({ root: dir, files: [path.join(dir, 'plan.json')] });
}

const id = (out: { resources: { id: string; address: string }[] }, address: string) => out.resources.find((r) => r.address === address)!.id;

describe('Terraform plan source: Aurora reader scaling targets', () => {
  it('resource_id known at plan time (cluster:<identifier>): a scales edge to the cluster', async () => {
    const out = await scanPlan();
    expect(out.errors).toEqual([]);
    // The target's own edge (its scaling policy has one to the target: ECS-SCALE's autoscaling.policy kind).
    const scales = out.edges.filter((e) => e.kind === 'scales' && e.from === id(out, TARGET));
    expect(scales.map((e) => [e.from, e.to])).toEqual([[id(out, TARGET), id(out, 'aws_rds_cluster.orders')]]);
    expect(scales[0]).toMatchObject({ attribute: 'resource_id', location: { file: 'plan.json' } });
    const target = out.resources.find((r) => r.address === TARGET)!;
    expect(target.props).toMatchObject({ serviceNamespace: 'rds', resourceId: 'cluster:orders-prod', minCapacity: 1, maxCapacity: 4 });
    expect(target.unresolved).toEqual([]);
    // The declared writer is a member of the cluster (its cluster_identifier is the cluster's id, known after apply).
    expect(out.edges.filter((e) => e.kind === 'member-of').map((e) => [e.from, e.to])).toContainEqual([id(out, 'aws_rds_cluster_instance.orders[0]'), id(out, 'aws_rds_cluster.orders')]);
  });

  it('resource_id known only after apply: the cluster its configuration references', async () => {
    const out = await scanPlan((plan) => {
      const rc = (plan.resource_changes as Json[]).find((r) => r.address === TARGET)!;
      delete rc.change.after.resource_id;
      rc.change.after_unknown.resource_id = true;
      const pv = (plan.planned_values.root_module.resources as Json[]).find((r) => r.address === TARGET)!;
      delete pv.values.resource_id;
      const cfg = (plan.configuration.root_module.resources as Json[]).find((r) => r.address === TARGET)!;
      cfg.expressions.resource_id = { references: ['aws_rds_cluster.orders.id', 'aws_rds_cluster.orders'] };
    });
    expect(out.errors).toEqual([]);
    expect(out.edges.filter((e) => e.kind === 'scales' && e.from === id(out, TARGET)).map((e) => [e.from, e.to])).toEqual([[id(out, TARGET), id(out, 'aws_rds_cluster.orders')]]);
  });

  it('a cluster the plan does not hold: unresolved with the reason', async () => {
    const out = await scanPlan((plan) => {
      (plan.resource_changes as Json[]).find((r) => r.address === TARGET)!.change.after.resource_id = 'cluster:billing-prod';
      (plan.planned_values.root_module.resources as Json[]).find((r) => r.address === TARGET)!.values.resource_id = 'cluster:billing-prod';
      const cfg = (plan.configuration.root_module.resources as Json[]).find((r) => r.address === TARGET)!;
      cfg.expressions.resource_id = { constant_value: 'cluster:billing-prod' };
    });
    expect(out.edges.filter((e) => e.kind === 'scales' && e.from === id(out, TARGET))).toEqual([]);
    expect(out.resources.find((r) => r.address === TARGET)!.unresolved).toEqual([
      { edge: 'scales', attribute: 'resource_id', reason: 'no aws_rds_cluster "billing-prod" in the scanned configuration' },
    ]);
  });
});
