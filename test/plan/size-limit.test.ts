import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/sources/common/limits.js';
import { DEFAULT_MAX_PLAN_BYTES, scanTerraformPlan } from '../../src/sources/plan/index.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const planText = JSON.stringify({
  format_version: '1.2',
  planned_values: { root_module: { resources: [{ address: 'aws_db_instance.db', mode: 'managed', type: 'aws_db_instance', name: 'db', values: { engine: 'postgres', multi_az: false } }] } },
  resource_changes: [],
});

async function planDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'resilint-plan-limit-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'plan.json'), planText);
  return dir;
}

describe('maxPlanBytes', () => {
  it('defaults to 128 MiB, the size whose scan stays within 1 GiB of memory (docs/benchmarks.md)', () => {
    expect(DEFAULT_LIMITS.maxPlanBytes).toBe(128 * 1024 * 1024);
    expect(DEFAULT_MAX_PLAN_BYTES).toBe(DEFAULT_LIMITS.maxPlanBytes);
  });

  it('reports a plan over the limit at 1:1, naming maxPlanBytes and how to raise it; nothing of it is assessed', async () => {
    const dir = await planDir();
    const out = await scanTerraformPlan({ root: dir, files: [path.join(dir, 'plan.json')], limits: resolveLimits({ maxPlanBytes: 100 }) });
    expect(out.resources).toEqual([]);
    expect(out.errors).toEqual([
      {
        file: 'plan.json',
        line: 1,
        column: 1,
        kind: 'too-large',
        message: `plan.json is ${planText.length} bytes, over the 100 bytes file size limit (maxPlanBytes); not parsed; to scan it, raise limits.maxPlanBytes in the policy file (about 5 MiB of memory per MiB of plan; see docs/limits.md)`,
      },
    ]);
  });

  it('reads the same plan when the policy raises the limit', async () => {
    const dir = await planDir();
    const out = await scanTerraformPlan({ root: dir, files: [path.join(dir, 'plan.json')], limits: resolveLimits({ maxPlanBytes: planText.length }) });
    expect(out.errors).toEqual([]);
    expect(out.resources.map((r) => [r.kind, r.id, r.provenance.location?.line])).toEqual([['db.instance', 'aws_db_instance.db', 1]]);
  });
});
