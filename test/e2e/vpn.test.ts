/**
 * The VPN fixtures (fixtures/vpn/<form>/, one infrastructure in Terraform
 * HCL, plan JSON and CloudFormation) under the built-in tiers: every result
 * of the scan, all rules, must be exactly <form>.expected.json — rule,
 * resource, status, file and line. fixtures/vpn/README.md says what each
 * connection shows and where the forms differ.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/vpn');

describe('VPN fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
    });
  }
});
