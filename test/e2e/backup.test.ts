/**
 * The AWS Backup fixtures (fixtures/backup/<form>/, one infrastructure in
 * Terraform HCL, plan JSON and CloudFormation) under their policy
 * (fixtures/backup/resilint.yaml: DR Region ap-northeast-3): every result of
 * the scan, all rules, must be exactly <form>.expected.json — rule,
 * resource, status, file and line. fixtures/backup/README.md says what each
 * database shows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/backup');

describe('AWS Backup fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
