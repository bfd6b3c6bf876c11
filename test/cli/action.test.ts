/**
 * The composite action's scan step, run as GitHub runs it (bash -eo pipefail
 * with the inputs in its environment) against the built CLI: the
 * `fail-on-unknown` input reaches `resilint scan` and sets the exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const PKG = join(import.meta.dirname, '../..');
const NAT_UNKNOWN = join(PKG, 'test/fixtures/gate/nat-unknown');

interface Action {
  inputs: Record<string, { default: string }>;
  runs: { steps: { id?: string; run?: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(join(PKG, 'action.yml'), 'utf8')) as Action;
const scanStep = action.runs.steps.find((s) => s.id === 'scan')!;

/** Runs the scan step with the action's defaults overridden by `inputs`; returns its exit status and the exit-code output. */
function runScanStep(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'resilint-action-'));
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), 'output-dir': join(dir, 'out'), ...inputs };
  const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_ACTION_PATH: PKG, GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  for (const [name, expr] of Object.entries(scanStep.env ?? {})) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr)?.[1];
    expect(input, `${name} is an input`).toBeDefined();
    env[name] = values[input!];
  }
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', scanStep.run!], { encoding: 'utf8', env, cwd: dir });
  const output = readFileSync(env.GITHUB_OUTPUT, 'utf8');
  return { status: r.status, stdout: r.stdout, exitCode: /exit-code=(\d+)/.exec(output)?.[1], summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), out: join(dir, 'out') };
}

describe('action.yml', () => {
  it('declares fail-on-unknown, off by default', () => {
    expect(action.inputs['fail-on-unknown'].default).toBe('false');
  });

  // Three scans by the built CLI, each in its own Node process.
  it('passes fail-on-unknown to resilint scan', { timeout: 120_000 }, () => {
    const off = runScanStep({ paths: NAT_UNKNOWN, 'fail-on': 'high' });
    expect(off).toMatchObject({ status: 0, exitCode: '0' });
    expect(off.summary).toContain('❓ **1 result could not be determined**');

    const on = runScanStep({ paths: NAT_UNKNOWN, 'fail-on': 'high', 'fail-on-unknown': 'true' });
    expect(on).toMatchObject({ status: 0, exitCode: '1' });
    expect(on.summary.split('\n')[0]).toBe('## ❌ resilint: no failing findings, but 1 could not be determined (--fail-on-unknown)');
    expect(JSON.parse(readFileSync(join(on.out, 'report.json'), 'utf8')).gate).toMatchObject({ failOn: 'high', failOnUnknown: true, exitCode: 1, atThreshold: { fail: 0, unknown: 1 } });

    expect(runScanStep({ paths: NAT_UNKNOWN, 'fail-on': 'critical', 'fail-on-unknown': 'true' })).toMatchObject({ status: 0, exitCode: '0' });
  });

  it('rejects a value that is not true or false', () => {
    const r = runScanStep({ paths: NAT_UNKNOWN, 'fail-on-unknown': 'yes' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("::error::fail-on-unknown must be 'true' or 'false', got 'yes'");
    expect(r.exitCode).toBeUndefined();
  });
});
