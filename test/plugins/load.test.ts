import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { loadPlugin, PluginError, ruleProblems } from '../../src/plugins/load.js';
import { ruleSet } from '../../src/plugins/rules.js';
import { parsePolicy } from '../../src/policy/load.js';

/** A plugin module's source: rules as plain objects (what defineRule returns), so no package import is needed here. */
const rule = (id: string, extra = '') => `{
  id: ${JSON.stringify(id)},
  meta: { title: 'T', severity: 'high', requirements: [], rationale: 'R', remediation: {}, messages: { bad: 'bad {{address}}' } },
  options: { type: 'object', properties: {}, additionalProperties: false },
  appliesTo: ['db.instance'],
  check(r, ctx) { ctx.fail('bad'); },
  ${extra}
}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'resilint-plugins-'));
  await writeFile(join(dir, 'one.mjs'), `export default ${rule('acme/one')};\n`);
  await writeFile(join(dir, 'two.mjs'), `export default [${rule('acme/two')}, ${rule('acme/three')}];\n`);
  await writeFile(join(dir, 'throws.mjs'), `throw new Error('config file missing');\n`);
  await writeFile(join(dir, 'syntax.mjs'), `export default {;\n`);
  await writeFile(join(dir, 'none.mjs'), `export const rule = 1;\n`);
  await writeFile(join(dir, 'not-rule.mjs'), `export default { id: 'Bad Id', check: 1 };\n`);
  await writeFile(join(dir, 'clash.mjs'), `export default ${rule('db-multi-az')};\n`);
  // An installed package with an `exports` map, found from a nested folder.
  const pkg = join(dir, 'node_modules', '@acme', 'resilint-rules');
  await mkdir(join(pkg, 'lib'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/resilint-rules', type: 'module', exports: { '.': { import: './lib/index.js' } } }));
  await writeFile(join(pkg, 'lib', 'index.js'), `export default ${rule('acme/pkg')};\n`);
  await mkdir(join(dir, 'team', 'policies'), { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const at = (spec: string, baseDir = dir) => ({ spec, baseDir, declaredAt: { file: 'resilint.yaml', line: 3, column: 5 } });

async function loadError(spec: string): Promise<PluginError> {
  try {
    await loadPlugin(at(spec));
  } catch (e) {
    return e as PluginError;
  }
  throw new Error('loaded');
}

describe('loading plugins', () => {
  it('loads a default-exported rule or list of rules by path', async () => {
    expect((await loadPlugin(at('./one.mjs'))).rules.map((r) => r.id)).toEqual(['acme/one']);
    expect((await loadPlugin(at('./two.mjs'))).rules.map((r) => r.id)).toEqual(['acme/two', 'acme/three']);
  });

  it('finds a package by name in node_modules above the policy folder, through its exports map', async () => {
    const p = await loadPlugin(at('@acme/resilint-rules', join(dir, 'team', 'policies')));
    expect(p.rules.map((r) => r.id)).toEqual(['acme/pkg']);
    expect(p.file).toBe(join(dir, 'node_modules', '@acme', 'resilint-rules', 'lib', 'index.js'));
  });

  it('names the plugin and the policy line when it is missing, throws, does not parse or exports no rule (exit 2)', async () => {
    const missing = await loadError('./nope.mjs');
    expect(missing).toBeInstanceOf(PluginError);
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe(`resilint.yaml:3:5: plugin './nope.mjs': not found (no file ${join(dir, 'nope.mjs')})`);
    expect((await loadError('resilint-plugin-nope')).message).toMatch(/^resilint\.yaml:3:5: plugin 'resilint-plugin-nope': not found \(no package 'resilint-plugin-nope' in node_modules from /);
    expect((await loadError('./throws.mjs')).message).toBe("resilint.yaml:3:5: plugin './throws.mjs': failed to load: config file missing");
    expect((await loadError('./syntax.mjs')).message).toMatch(/^resilint\.yaml:3:5: plugin '\.\/syntax\.mjs': failed to load: /);
    expect((await loadError('./none.mjs')).message).toBe("resilint.yaml:3:5: plugin './none.mjs': has no default export (export default a rule or an array of rules)");
    expect((await loadError('./not-rule.mjs')).message).toMatch(/^resilint\.yaml:3:5: plugin '\.\/not-rule\.mjs': default export is not a rule: id "Bad Id" is not a rule id .*; check is not a function; appliesTo is not a non-empty list of kinds; meta is missing/);
  });

  it('lists what makes a value not a rule', () => {
    expect(ruleProblems(42)).toEqual(['is number, not a rule made with defineRule']);
    expect(ruleProblems(builtinRules[0])).toEqual([]);
    const bad = { ...builtinRules[0], appliesTo: ['db.instanse'], meta: { ...builtinRules[0].meta, severity: { critical: 'urgent' } } };
    expect(ruleProblems(bad)).toEqual(["appliesTo names unknown kind 'db.instanse'", "meta.severity per tier needs 'default'", 'meta.severity "urgent" is not one of critical, high, medium, low, info']);
  });
});

describe('the rule set of a scan', () => {
  it('is the built-in rules, then policy plugins, then --plugin ones, then declarative rules', async () => {
    await writeFile(
      join(dir, 'team', 'policies', 'resilint.yaml'),
      'plugins:\n  - ../../one.mjs\ncustomRules:\n  - { id: acme/decl, title: D, kind: db.instance, message: m, tiers: { default: [{ property: multiAz, equals: true }] } }\n',
    );
    const { loadPolicy } = await import('../../src/policy/load.js');
    const policy = await loadPolicy(join(dir, 'team', 'policies', 'resilint.yaml'));
    const rules = await ruleSet(policy, { base: builtinRules, plugins: ['./two.mjs'], cwd: dir });
    expect(rules.map((r) => r.id)).toEqual([...builtinRules.map((r) => r.id), 'acme/one', 'acme/two', 'acme/three', 'acme/decl']);
  });

  it('refuses a rule id that is already taken, naming who has it', async () => {
    await expect(ruleSet(parsePolicy(`plugins: [./clash.mjs]\n`, 'p.yaml', dir), { base: builtinRules })).rejects.toThrow(
      "p.yaml:1:11: plugin './clash.mjs': rule id 'db-multi-az' is already defined by a built-in rule",
    );
    await expect(ruleSet(parsePolicy(`plugins: [./one.mjs, ./one.mjs]\n`, 'p.yaml', dir), { base: [] })).rejects.toThrow("rule id 'acme/one' is already defined by plugin './one.mjs'");
    const decl = 'customRules:\n  - { id: acme/one, title: D, kind: db.instance, message: m, tiers: { default: [{ property: multiAz, exists: true }] } }\n';
    await expect(ruleSet(parsePolicy(`plugins: [./one.mjs]\n${decl}`, 'p.yaml', dir), { base: [] })).rejects.toThrow(
      "p.yaml:3:5: customRules: rule id 'acme/one' is already defined by plugin './one.mjs'",
    );
  });
});
