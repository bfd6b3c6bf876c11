/**
 * A fixture folder scanned alone against its sibling `<form>.expected.json`
 * (`{ scan?: { vars?, cfnParameters?, region? }, results: [...] }`): every
 * result of the scan, all rules, must be exactly the expected ones — rule,
 * resource address, status, file and line. One harness for every three-form
 * fixture test (test/e2e/*.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ScanResult } from '../../src/engine/result.js';
import { scan } from '../../src/scan.js';

export interface FormExpected {
  scan?: { vars?: Record<string, string>; cfnParameters?: Record<string, string>; region?: string };
  results: { ruleId: string; address: string; status: string; file: string; line: number }[];
}

/** Scans `<base>/<form>` (under `policyFile` when given) and asserts its results equal `<base>/<form>.expected.json`. */
export async function expectFormVerdicts(base: string, form: string, policyFile?: string): Promise<ScanResult> {
  const expected = JSON.parse(readFileSync(join(base, `${form}.expected.json`), 'utf8')) as FormExpected;
  const dir = join(base, form);
  const result = await scan({
    paths: [dir],
    root: dir,
    ...(policyFile ? { policyFile } : {}),
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
  return result;
}
