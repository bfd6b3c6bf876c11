/**
 * The network-requirements fixtures (NET-LB: load balancers and target
 * groups), one folder per IaC form under fixtures/network-requirements/<form>/ with a
 * sibling <form>.expected.json in the format of test/e2e/real-world.test.ts:
 * each folder is scanned alone and the scan's results must be exactly the
 * expected ones (rule, resource address, status, file, line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const BASE = join(import.meta.dirname, '../../fixtures/network-requirements');

interface Expected {
  scan?: { vars?: Record<string, string>; cfnParameters?: Record<string, string>; region?: string };
  results: { ruleId: string; address: string; status: string; file: string; line: number }[];
}

const forms = readdirSync(BASE)
  .map((e) => /^(.+)\.expected\.json$/.exec(e)?.[1])
  .filter((f): f is string => f !== undefined)
  .sort();

describe('network-requirements fixtures', () => {
  it('cover the three IaC forms', () => {
    expect(forms).toEqual(['cloudformation', 'plan', 'terraform']);
  });
  for (const form of forms) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      const expected = JSON.parse(readFileSync(join(BASE, `${form}.expected.json`), 'utf8')) as Expected;
      const dir = join(BASE, form);
      const result = await scan({
        paths: [dir],
        root: dir,
        vars: expected.scan?.vars,
        cfnParameters: expected.scan?.cfnParameters,
        region: expected.scan?.region,
        now: () => new Date('2026-12-01T00:00:00Z'),
      });
      expect(result.errors).toEqual([]);
      const actual = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
      const key = (x: { ruleId: string; address: string }) => `${x.ruleId} ${x.address}`;
      expect(actual.map(key).sort()).toEqual(expected.results.map(key).sort());
      for (const e of expected.results) expect(actual.find((a) => key(a) === key(e)), key(e)).toEqual(e);
    });
  }
});
