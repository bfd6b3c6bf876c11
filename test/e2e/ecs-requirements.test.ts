/**
 * fixtures/ecs-requirements: one shop in Terraform HCL, a real offline plan of
 * it (plan/plan.json) and CloudFormation, scanned form by form; every result of
 * the scan (all rules) must be exactly the expected one, rule, resource,
 * status, file and line (<form>.expected.json beside the folder).
 *
 * The cases: `api` (critical) meets ECS-SPREAD/SPOT/HEALTH/DEPLOY; `worker`
 * (critical) takes the cluster's default strategy (FARGATE_SPOT weight 3),
 * checks its health every 30 s (the ECS default), has no circuit breaker and
 * one subnet; `legacy` (high) runs on EC2 packed by memory, deployed by
 * CodeDeploy (rollback not verifiable: unknown), health checked by its target
 * group every 15 s (high sets no interval limit).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const BASE = join(import.meta.dirname, '../../fixtures/ecs-requirements');
const ECS_RULES = ['ecs-az-spread', 'ecs-no-fargate-spot', 'ecs-health-check', 'ecs-deployment-rollback'];

interface Row { ruleId: string; address: string; status: string; file?: string; line?: number }

describe('ECS requirements fixtures', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      const expected = (JSON.parse(readFileSync(join(BASE, `${form}.expected.json`), 'utf8')) as { results: Row[] }).results;
      const dir = join(BASE, form);
      const result = await scan({ paths: [dir], root: dir, now: () => new Date('2026-12-01T00:00:00Z') });
      expect(result.errors).toEqual([]);
      const actual: Row[] = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
      const key = (x: Row) => `${x.ruleId} ${x.address}`;
      expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
      for (const e of expected) expect(actual.find((a) => key(a) === key(e)), key(e)).toEqual(e);
    });
  }

  it('the three forms agree on every ECS verdict', () => {
    const verdicts = (form: string) => {
      const rows = (JSON.parse(readFileSync(join(BASE, `${form}.expected.json`), 'utf8')) as { results: Row[] }).results;
      // Service names: aws_ecs_service.api and shop/ApiService → api.
      const name = (a: string) => a.replace(/^aws_ecs_service\./, '').replace(/^shop\/(\w+)Service$/, (_, n: string) => n.toLowerCase());
      return rows.filter((r) => ECS_RULES.includes(r.ruleId)).map((r) => `${r.ruleId} ${name(r.address)} ${r.status}`).sort();
    };
    const tf = verdicts('terraform');
    // 3 services × 4 rules, less ECS-SPOT on legacy (high allows Spot).
    expect(tf).toHaveLength(11);
    expect(verdicts('plan')).toEqual(tf);
    expect(verdicts('cloudformation')).toEqual(tf);
  });
});
