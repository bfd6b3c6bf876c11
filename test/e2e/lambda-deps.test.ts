/**
 * End to end: a critical Lambda function whose environment names an
 * untagged single-AZ database makes the database critical, so db-multi-az
 * fails on it (medium, its own default tier, does not require Multi-AZ) and
 * says where the tier comes from.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { scan } from '../../src/scan.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/lambda-deps');

const FORMS = {
  terraform: { file: 'main.tf', fn: 'aws_lambda_function.checkout', orders: 'aws_db_instance.orders', reports: 'aws_db_instance.reports', multiAzLine: 48, variableLine: 116 },
  cloudformation: { file: 'checkout.yaml', fn: 'checkout.yaml#checkout/CheckoutFunction', orders: 'checkout.yaml#checkout/OrdersDb', reports: 'checkout.yaml#checkout/ReportsDb', multiAzLine: 53, variableLine: 126 },
} as const;

describe.each(Object.keys(FORMS) as (keyof typeof FORMS)[])('a critical function and the database it names (%s)', (form) => {
  const f = FORMS[form];
  it('db-multi-az judges the untagged single-AZ database at the inherited critical tier: fail, at MultiAZ', async () => {
    // The rule's bar at the database's own tier: medium does not ask for Multi-AZ, so the fail is the inherited tier's.
    expect(defaultPolicy().tiers.medium.db.multiAz).toBe(false);
    const dir = join(FIXTURES, form);
    const result = await scan({ paths: [dir], root: dir });
    expect(result.errors).toEqual([]);
    const multiAz = result.findings.filter((x) => x.ruleId === 'db-multi-az').map((x) => ({ id: x.resource.id, status: x.status, tier: x.resource.tier, tierSource: x.resource.tierSource, file: x.location?.file, line: x.location?.line }));
    // The reports database is Multi-AZ and medium: not applicable at medium, so no result.
    expect(multiAz).toEqual([{ id: f.orders, status: 'fail', tier: 'critical', tierSource: 'inherited', file: f.file, line: f.multiAzLine }]);
    const finding = result.findings.find((x) => x.ruleId === 'db-multi-az')!;
    // One hop: the function, through the variable naming the database.
    expect(finding.resource.tierPath).toEqual([{ id: f.fn, address: expect.any(String), relation: 'connects-to', location: { file: f.file, line: f.variableLine, column: expect.any(Number) } }]);
  });
});
