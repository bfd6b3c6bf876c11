/**
 * The hostile corpus against the built CLI (`npm run build` first): each
 * case in its own process, so a V8 abort or a hang cannot take the test
 * runner with it. Per case: no hang (killed after the time limit), no crash
 * or stack trace, every input error located (file and line), the expected
 * exit code, and the known-bad neighbour still failing.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES, CLI, cleanup, runCase, STACK_TRACE } from '../support/hostile-cases.js';

// Generous: the machine is shared; what is asserted is "no hang", not speed.
const CASE_LIMIT_MS = 150_000;

interface Report {
  errors: { file: string; line?: number; column?: number; kind: string; message: string }[];
  findings: { ruleId: string; status: string; resource: { address: string; id: string } }[];
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await cleanup(d);
});

describe.skipIf(!existsSync(CLI))('hostile input: never silent, never stuck, never a crash', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const run = await runCase(c, CASE_LIMIT_MS);
    dirs.push(run.dir);
    expect(run.timedOut, 'the scan hung').toBe(false);
    expect(run.signal, `killed by ${run.signal}`).toBeNull();
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
    expect(c.exit, `exit ${run.code}: ${run.stderr.slice(0, 300)}`).toContain(run.code);
    if (run.code === 2) {
      // A usage or policy error: one line naming the file, before any scan.
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      if (c.error) expect(run.stderr).toMatch(c.error);
      return;
    }
    const report = JSON.parse(run.stdout) as Report;
    for (const e of report.errors) {
      expect(e.file, e.message).toBeTruthy();
      expect(e.line, `${e.file}: ${e.message}`).toBeGreaterThanOrEqual(1);
      expect(e.message).not.toMatch(/\n/);
    }
    if (c.error) expect(report.errors.map((e) => e.message).join('\n')).toMatch(c.error);
    for (const n of c.neighbours) {
      const f = report.findings.find((x) => x.ruleId === n.ruleId && (x.resource.address === n.address || x.resource.id.endsWith(n.address)));
      expect(f?.status, `${n.ruleId} on ${n.address}`).toBe('fail');
    }
  }, CASE_LIMIT_MS + 30_000);
});
