/**
 * The cache fixtures (fixtures/cache/<form>/, one set of ElastiCache and
 * MemoryDB caches in Terraform HCL, plan JSON and CloudFormation) under the
 * built-in tiers: every result of the scan, all rules, must be exactly
 * <form>.expected.json — rule, resource, status, file and line. Where the
 * forms differ, the fixtures' README says why.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/cache');

describe('cache fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
