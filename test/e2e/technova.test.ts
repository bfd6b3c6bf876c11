import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../reporters/index.js';
import type { ScanResult } from '../../src/engine/result.js';
import { scan } from '../../src/scan.js';
import { assertReport } from '../support/schemas.js';

const ROOT = join(import.meta.dirname, '../../fixtures/technova/terraform');
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/technova/expected.json'), 'utf8')) as {
  ruleId: string;
  address: string;
  status: string;
  file: string;
  line: number;
}[];

const POLICY = join(import.meta.dirname, '../../fixtures/technova/resilint.yaml');
const SECRETS = { order_db_master_password: 'Hunter2-order-secret', legacy_db_password: 'Hunter2-legacy-secret' };

describe('the bundled TechNova example', () => {
  let result: ScanResult;
  beforeAll(async () => {
    // Passwords as CI would pass them (TF_VAR_… / -var): they must be masked everywhere.
    result = await scan({ paths: [ROOT], root: ROOT, policyFile: POLICY, vars: SECRETS, now: () => new Date('2026-11-22T00:00:00Z') });
  });

  it('gives exactly the documented verdicts, at the documented file and line', () => {
    const actual = result.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
    const key = (x: { ruleId: string; address: string }) => `${x.ruleId} ${x.address}`;
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of expected) {
      expect(actual.find((a) => key(a) === key(e)), key(e)).toEqual(e);
    }
  });

  it("applies the example policy's dependencies without warnings (account-scoped ones do not apply to Terraform alone)", () => {
    expect(result.warnings).toEqual([]);
    // Outside the scan root and named by an absolute path: shown by its base name (no report carries an absolute path).
    expect(result.policy.source).toBe('resilint.yaml');
  });

  it('parses every file without input errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.files).toContain('modules/legacy-db/main.tf');
    expect(result.summary.complete).toBe(true);
  });

  it('records where each tier came from', () => {
    const byAddr = (a: string) => result.findings.find((f) => f.resource.address === a)!.resource;
    expect(byAddr('aws_rds_cluster.auth')).toMatchObject({ tier: 'critical', tierSource: 'tag', tierDetail: 'tag tier=critical' });
    expect(byAddr('aws_db_instance.reporting')).toMatchObject({ tier: 'medium', tierSource: 'default' });
    // The shared NAT gateway has no tier tag: it carries the tier of what routes through it.
    expect(byAddr('aws_nat_gateway.this["ap-northeast-1a"]')).toMatchObject({ tier: 'critical', tierSource: 'inherited' });
  });

  it('writes a JSON report that the published schema describes fully', () => {
    expect(() => assertReport(JSON.parse(renderReport(result, 'json')))).not.toThrow();
  });

  it('never prints the master password in any format', () => {
    const secrets = Object.values(SECRETS);
    for (const format of ['json', 'text', 'sarif', 'markdown', 'junit'] as const) {
      const out = renderReport(result, format, { verbose: true });
      for (const s of secrets) expect(out, format).not.toContain(s);
    }
  });
});
