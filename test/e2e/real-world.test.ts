/**
 * Real-world style fixtures (written for resilint in the styles public
 * Terraform and CloudFormation use; not copies): every folder
 * fixtures/real-world/<case>/<form>/ with a sibling <form>.expected.json is
 * scanned on its own, and the scan's results must be exactly the expected
 * ones — rule, resource address, status, file and line. (The expectations
 * sit beside the folder, not in it, so they are never an input.)
 *
 * <form>.expected.json: { "scan"?: { "vars"?, "cfnParameters"?, "region"? },
 *                  "results": [{ ruleId, address, status, file, line }] }
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const BASE = join(import.meta.dirname, '../../fixtures/real-world');

interface Expected {
  scan?: { vars?: Record<string, string>; cfnParameters?: Record<string, string>; region?: string };
  results: { ruleId: string; address: string; status: string; file: string; line: number }[];
}

const cases: { name: string; dir: string; expected: Expected }[] = [];
for (const c of existsSync(BASE) ? readdirSync(BASE).sort() : []) {
  for (const entry of readdirSync(join(BASE, c)).sort()) {
    const m = /^(.+)\.expected\.json$/.exec(entry);
    if (!m) continue;
    const dir = join(BASE, c, m[1]);
    cases.push({ name: `${c}/${m[1]}`, dir, expected: JSON.parse(readFileSync(join(BASE, c, entry), 'utf8')) as Expected });
  }
}

describe('real-world style fixtures', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(`${c.name}: exactly the expected verdicts at the expected lines`, async () => {
      const result = await scan({
        paths: [c.dir],
        root: c.dir,
        vars: c.expected.scan?.vars,
        cfnParameters: c.expected.scan?.cfnParameters,
        region: c.expected.scan?.region,
        now: () => new Date('2026-12-01T00:00:00Z'),
      });
      expect(result.errors).toEqual([]);
      const actual = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
      const key = (x: { ruleId: string; address: string }) => `${x.ruleId} ${x.address}`;
      expect(actual.map(key).sort()).toEqual(c.expected.results.map(key).sort());
      for (const e of c.expected.results) expect(actual.find((a) => key(a) === key(e)), key(e)).toEqual(e);
    });
  }
});
