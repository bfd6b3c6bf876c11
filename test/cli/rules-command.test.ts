/**
 * `resilint rules`: every requirement ID of the catalogue with the rules
 * that check it or why none does, in text and JSON, including the plugin
 * and declarative rules a policy (or --plugin) loads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { runCli } from '../../src/cli/run.js';
import { REQUIREMENTS } from '../../src/policy/catalogue.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

interface Coverage {
  id: string;
  checkedBy: string[];
  notChecked?: { kind: string; reason: string };
  partlyNotChecked?: string[];
  outsideCatalogue?: boolean;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resilint-rules-'));
  // A plugin as plain objects (what defineRule returns), citing a catalogue ID and one of its own.
  await writeFile(
    join(dir, 'acme.mjs'),
    `export default {
  id: 'acme/vpn-tags',
  meta: { title: 'VPN tagged', severity: 'low', requirements: ['NET-IGW', 'ACME-TAGS'], rationale: 'R', remediation: {}, messages: { bad: 'bad' } },
  options: { type: 'object', properties: {}, additionalProperties: false },
  appliesTo: ['network.vpc'],
  check(r, ctx) { ctx.fail('bad'); },
};\n`,
  );
  await writeFile(
    join(dir, 'resilint.yaml'),
    `customRules:
  - id: acme/ecs-scaling
    title: Critical services scale
    kind: ecs.service
    requirements: [ECS-SCALE]
    message: no scaling
    tiers:
      critical:
        - { property: desiredCount, min: 2 }
`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resilint rules: requirement coverage', () => {
  it('--json lists every catalogue ID, checked by the rules citing it or with the reason none does', async () => {
    const r = await cli('rules', '--json');
    expect(r.code).toBe(0);
    const reqs = JSON.parse(r.stdout).requirements as Coverage[];
    expect(reqs.map((c) => c.id)).toEqual(REQUIREMENTS.map((q) => q.id));
    for (const c of reqs) expect(c.checkedBy.length > 0 || Boolean(c.notChecked?.reason), c.id).toBe(true);
    expect(reqs.find((c) => c.id === 'NET-TGW')?.checkedBy).toEqual(builtinRules.filter((x) => x.meta.requirements.includes('NET-TGW')).map((x) => x.id).sort());
    expect(reqs.find((c) => c.id === 'T-MAP')).toMatchObject({ checkedBy: [], notChecked: { kind: 'not-a-check' } });
    expect(reqs.find((c) => c.id === 'ECS-DEPLOY')?.partlyNotChecked?.join(' ')).toContain('30 s');
  });

  it('prints one line per ID in text', async () => {
    const r = await cli('rules');
    expect(r.stdout).toMatch(/^DB-MULTIAZ +checked by .*db-multi-az/m);
    expect(r.stdout).toMatch(/^T-MAP +not checked \(not-a-check\): how every result gets its tier/m);
    expect(r.stdout).toMatch(/^ +not checked: replication lag/m);
  });

  it('includes the plugin (--plugin) and declarative (--policy) rules and their IDs', async () => {
    const r = await cli('rules', '--json', '--policy', join(dir, 'resilint.yaml'), '--plugin', join(dir, 'acme.mjs'));
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { rules: { id: string }[]; requirements: Coverage[] };
    expect(out.rules.map((x) => x.id)).toEqual(expect.arrayContaining(['acme/vpn-tags', 'acme/ecs-scaling']));
    expect(out.requirements.find((c) => c.id === 'ECS-SCALE')).toEqual(expect.objectContaining({ checkedBy: expect.arrayContaining(['acme/ecs-scaling']) }));
    expect(out.requirements.find((c) => c.id === 'ECS-SCALE')?.notChecked).toBeUndefined();
    expect(out.requirements.find((c) => c.id === 'NET-IGW')?.checkedBy).toContain('acme/vpn-tags');
    expect(out.requirements.at(-1)).toEqual({ id: 'ACME-TAGS', section: 'ACME', title: '(not in the catalogue)', checkedBy: ['acme/vpn-tags'], outsideCatalogue: true });
    const text = await cli('rules', '--plugin', join(dir, 'acme.mjs'));
    expect(text.stdout).toMatch(/^ACME-TAGS +checked by acme\/vpn-tags +\[not in the catalogue\]$/m);
  });

  it('a plugin that cannot be loaded is a usage error on one line', async () => {
    const r = await cli('rules', '--plugin', join(dir, 'missing.mjs'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
