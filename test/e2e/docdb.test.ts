/**
 * The DocumentDB fixtures (fixtures/docdb/<form>/, one infrastructure in
 * Terraform HCL, plan JSON and CloudFormation): a three-instance cluster
 * over three AZs that passes the database rules and a single-instance one
 * on defaults that fails them. Every result of the scan, all rules, must be
 * exactly <form>.expected.json — rule, resource, status, file and line.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFormVerdicts } from '../support/form-fixture.js';

const BASE = join(import.meta.dirname, '../../fixtures/docdb');

describe('DocumentDB fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      const result = await expectFormVerdicts(BASE, form, join(BASE, 'resilint.yaml'));
      // The failure simulation uses DocumentDB's own recovery figures, not Aurora's.
      const azLoss = result.findings.filter((f) => f.ruleId === 'az-failure-tolerance').map((f) => f.message);
      expect(azLoss.some((m) => m.includes('(docdb-replica-failover)'))).toBe(true);
      expect(azLoss.some((m) => m.includes('until DocumentDB creates a new primary'))).toBe(true);
      expect(azLoss.join('\n')).not.toContain('aurora');
    });
  }
});
