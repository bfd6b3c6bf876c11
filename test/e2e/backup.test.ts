/**
 * The AWS Backup fixtures (fixtures/backup/<form>/, one infrastructure in
 * Terraform HCL, plan JSON and CloudFormation) under their policy
 * (fixtures/backup/resilint.yaml: DR Region ap-northeast-3): every result of
 * the scan, all rules, must be exactly <form>.expected.json — rule,
 * resource, status, file and line. fixtures/backup/README.md says what each
 * database shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const BASE = join(import.meta.dirname, '../../fixtures/backup');

interface Expected {
  scan?: { vars?: Record<string, string>; cfnParameters?: Record<string, string>; region?: string };
  results: { ruleId: string; address: string; status: string; file: string; line: number }[];
}

describe('AWS Backup fixtures in three forms', () => {
  for (const form of ['terraform', 'plan', 'cloudformation']) {
    it(`${form}: exactly the expected verdicts at the expected lines`, async () => {
      const expected = JSON.parse(readFileSync(join(BASE, `${form}.expected.json`), 'utf8')) as Expected;
      const dir = join(BASE, form);
      const result = await scan({
        paths: [dir],
        root: dir,
        policyFile: join(BASE, 'resilint.yaml'),
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
