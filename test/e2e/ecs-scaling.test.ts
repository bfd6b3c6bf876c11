/**
 * The ECS scaling and cluster capacity fixtures (ECS-SCALE, ECS-CLUSTER), one
 * folder per IaC form under fixtures/ecs-scaling/<form>/ with a sibling
 * <form>.expected.json: each folder is scanned alone and the scan's results
 * must be exactly the expected ones (rule, resource address, status, file,
 * line), every rule included.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/ecs-scaling');

const forms = readdirSync(BASE)
  .map((e) => /^(.+)\.expected\.json$/.exec(e)?.[1])
  .filter((f): f is string => f !== undefined)
  .sort();

const RULES = ['ecs-auto-scaling', 'ecs-cluster-capacity-multi-az'];

describe('ecs-scaling fixtures', () => {
  it('cover the three IaC forms', () => {
    expect(forms).toEqual(['cloudformation', 'plan', 'terraform']);
  });
  for (const form of forms) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      const result = await expectFormVerdicts(BASE, form);
      // Every verdict of the two rules shows up in each form.
      const statuses = new Set(result.findings.filter((f) => RULES.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.status}`));
      for (const r of RULES) for (const s of ['pass', 'fail']) expect(statuses, `${r} ${s}`).toContain(`${r} ${s}`);
      expect(statuses).toContain('ecs-cluster-capacity-multi-az unknown');
    });
  }
});
