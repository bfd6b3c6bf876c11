import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModuleDir } from '../../src/sources/terraform/config.js';
import { compileDecl } from '../../src/sources/terraform/compile.js';
import { EarlyModuleDirs } from '../../src/sources/terraform/early.js';
import { discoverTerraformFiles, parseTerraformFile } from '../../src/sources/terraform/files.js';
import { parseFiles } from '../../src/sources/terraform/parse-pool.js';
import { DEFAULT_LIMITS } from '../../src/sources/common/limits.js';

const root = join(import.meta.dirname, '../../fixtures/technova/terraform');

describe('module directories built while parsing goes on', () => {
  it('builds a directory once its last file arrives, in any arrival order, exactly as afterwards', async () => {
    const { files } = await discoverTerraformFiles([root], root);
    const parsed = await Promise.all(files.map((p) => parseTerraformFile(p, root)));
    const early = new EarlyModuleDirs(files, DEFAULT_LIMITS);
    // Reverse arrival order: the prebuilt directory must still list its files in parse order.
    for (let i = parsed.length - 1; i >= 0; i--) early.parsed(i, parsed[i]);
    const dirs = [...new Set(parsed.map((f) => f.dir))];
    expect(dirs.length).toBeGreaterThan(1);
    for (const dir of dirs) {
      const list = parsed.filter((f) => f.dir === dir);
      const fresh = buildModuleDir(dir, list);
      for (const d of [...fresh.resources.values(), ...fresh.locals.values(), ...fresh.variables.values()]) compileDecl(d);
      const got = early.take(dir, list);
      expect(got, dir).toBeDefined();
      expect(got!.files).toEqual(list);
      expect([...got!.resources.keys()]).toEqual([...fresh.resources.keys()]);
      expect(got!.errors).toEqual(fresh.errors);
      // Compiled already, with the same result a later compile gives.
      for (const [name, d] of got!.resources) {
        expect(d.compiled, name).toBeDefined();
        expect(d.compiled).toEqual(fresh.resources.get(name)!.compiled);
      }
      // Taken once: a second take builds anew.
      expect(early.take(dir, list)).toBeUndefined();
    }
  });

  it('does not hand out a directory built from other files', async () => {
    const { files } = await discoverTerraformFiles([root], root);
    const parsed = await Promise.all(files.map((p) => parseTerraformFile(p, root)));
    const early = new EarlyModuleDirs(files, DEFAULT_LIMITS);
    parsed.forEach((f, i) => early.parsed(i, f));
    const dir = parsed[0].dir;
    const list = parsed.filter((f) => f.dir === dir);
    expect(early.take(dir, list.slice(1))).toBeUndefined();
    expect(early.take(dir, list.map((f) => ({ ...f })))).toBeUndefined();
  });

  it('parseFiles reports every file once, with its index, as it is parsed', async () => {
    const { files } = await discoverTerraformFiles([root], root);
    const seen: number[] = [];
    const out = await parseFiles(files, { root, maxFileBytes: 1 << 20, workers: 0 }, (i, f) => {
      seen.push(i);
      expect(f.path).toBe(files[i]);
    });
    expect(seen.sort((a, b) => a - b)).toEqual(files.map((_, i) => i));
    expect(out.map((f) => f.path)).toEqual(files);
  });
});
