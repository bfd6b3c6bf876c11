/**
 * The database fixtures (fixtures/databases/<form>/, one infrastructure in
 * Terraform HCL, plan JSON and CloudFormation) under their policy
 * (fixtures/databases/resilint.yaml: DR Region ap-northeast-3): every result
 * of the scan, all rules, must be exactly <form>.expected.json — rule,
 * resource, status, file and line. Where the forms differ, the fixtures'
 * README says why.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/databases');

describe('database fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
