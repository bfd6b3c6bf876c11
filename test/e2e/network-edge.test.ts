/**
 * The network-edge fixtures (NET-DNS: Route 53 failover records and health
 * checks), one folder per IaC form under fixtures/network-edge/<form>/ with a
 * sibling <form>.expected.json in the format of test/e2e/real-world.test.ts:
 * each folder is scanned alone and the scan's results must be exactly the
 * expected ones (rule, resource address, status, file, line).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/network-edge');

const forms = readdirSync(BASE)
  .map((e) => /^(.+)\.expected\.json$/.exec(e)?.[1])
  .filter((f): f is string => f !== undefined)
  .sort();

describe('network-edge fixtures', () => {
  it('cover the three IaC forms', () => {
    expect(forms).toEqual(['cloudformation', 'plan', 'terraform']);
  });
  for (const form of forms) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      await expectFormVerdicts(BASE, form);
    });
  }
});
