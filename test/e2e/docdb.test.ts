/**
 * The DocumentDB fixtures (fixtures/docdb/<form>/, one infrastructure in
 * Terraform HCL, plan JSON and CloudFormation): a three-instance cluster
 * over three AZs that passes the database rules and a single-instance one
 * on defaults that fails them. Every result of the scan, all rules, must be
 * exactly <form>.expected.json — rule, resource, status, file and line.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/docdb');

describe('DocumentDB fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
