/**
 * The search and streaming fixtures (fixtures/search/<form>/: OpenSearch /
 * Elasticsearch domains and MSK clusters in Terraform HCL, plan JSON and
 * CloudFormation) under the built-in tiers: every result of the scan, all
 * rules, must be exactly <form>.expected.json — rule, resource, status, file
 * and line. Where the forms differ, the fixtures' README says why.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/search');

describe('search and streaming fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
