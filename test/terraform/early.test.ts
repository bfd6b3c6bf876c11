import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModuleDir, type ModuleDir } from '../../src/sources/terraform/config.js';
import { compileDecl } from '../../src/sources/terraform/compile.js';
import { EarlyModuleDirs, EarlyRoots, evaluateRoot, type NormalizeRoot } from '../../src/sources/terraform/early.js';
import { DeclSuppressions, instanceInput } from '../../src/sources/terraform/input.js';
import { normalize } from '../../src/sources/terraform/normalize.js';
import { scanTerraform } from '../../src/sources/terraform/index.js';
import type { RootModule } from '../../src/sources/terraform/modules.js';
import { rootVariableValues, VarFileCache } from '../../src/sources/terraform/variables.js';
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

describe('root modules evaluated while parsing goes on', () => {
  /** A scan tree: `app` (variables, tfvars, for_each; a tfvars value of the wrong type), `env` (calls ../mod), `mod`. */
  async function tree(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'resilint-early-roots-'));
    for (const d of ['app', 'env', 'mod']) await mkdir(join(dir, d));
    await writeFile(
      join(dir, 'app/main.tf'),
      [
        'variable "azs" {',
        '  type = list(string)',
        '}',
        '',
        'variable "size" {',
        '  type = number',
        '}',
        '',
        'resource "aws_subnet" "private" {',
        '  for_each          = toset(var.azs)',
        '  vpc_id            = "vpc-1"',
        '  availability_zone = each.value',
        '  cidr_block        = cidrsubnet("10.0.0.0/16", 8, index(var.azs, each.value))',
        '}',
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'app/terraform.tfvars'), 'azs  = ["eu-west-1a", "eu-west-1b"]\nsize = "big"\n');
    await writeFile(join(dir, 'env/main.tf'), 'module "net" {\n  source = "../mod"\n}\n');
    await writeFile(join(dir, 'mod/main.tf'), 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n');
    return dir;
  }

  async function built(dir: string): Promise<Map<string, ModuleDir>> {
    const { files } = await discoverTerraformFiles([dir], dir);
    const parsed = await Promise.all(files.map((p) => parseTerraformFile(p, dir)));
    const out = new Map<string, ModuleDir>();
    for (const d of [...new Set(parsed.map((f) => f.dir))]) out.set(basename(d), buildModuleDir(d, parsed.filter((f) => f.dir === d)));
    return out;
  }

  const asRoot = (dir: string, m: ModuleDir): RootModule => {
    const rel = relative(dir, m.dir);
    return { dir: m, rel, prefix: `${rel}:`, tree: { key: '', address: '', dir: m, name: '', children: new Map() } };
  };

  it('gives the evaluation the scan would make afterwards: same instances, values and errors', async () => {
    const dir = await tree();
    try {
      const dirs = await built(dir);
      const cache = new VarFileCache(dir, 1 << 20);
      const roots = new EarlyRoots({ root: dir, vars: {}, limits: DEFAULT_LIMITS }, cache.view());
      roots.built(dirs.get('app')!);
      const r = asRoot(dir, dirs.get('app')!);
      const vars = await rootVariableValues(r.dir, {}, cache);
      const early = await roots.take(r);
      expect(early).toBeDefined();
      const now = evaluateRoot(r, vars, { limits: DEFAULT_LIMITS });
      const got = early!.evaluation.result!.instances;
      expect(got.map((i) => i.id)).toEqual(['app:aws_subnet.private["eu-west-1a"]', 'app:aws_subnet.private["eu-west-1b"]']);
      expect(got.map((i) => i.value)).toEqual(now.result!.instances.map((i) => i.value));
      expect(got[1].value.cidr_block).toBe('10.0.1.0/24');
      expect(early!.evaluation.evaluator.errors).toEqual(now.evaluator.errors);
      expect(early!.evaluation.evaluator.errors).toEqual([expect.objectContaining({ file: 'app/terraform.tfvars', line: 2, kind: 'type' })]);
      // Taken once.
      expect(await roots.take(r)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('normalizes a root evaluated early as the scan would afterwards, and not one dropped', async () => {
    const dir = await tree();
    try {
      const dirs = await built(dir);
      const cache = new VarFileCache(dir, 1 << 20);
      const suppressions = new DeclSuppressions();
      const seen: string[][] = [];
      const normalizeRoot: NormalizeRoot = (evaluator, instances) => {
        seen.push(instances.map((i) => i.id));
        return normalize(instances.map((ri) => ({ ...instanceInput(ri, suppressions), ri })), ({ ri }) => evaluator.defaultTags(ri));
      };
      const roots = new EarlyRoots({ root: dir, vars: {}, limits: DEFAULT_LIMITS, normalize: normalizeRoot }, cache.view());
      roots.built(dirs.get('mod')!);
      roots.built(dirs.get('app')!);
      roots.built(dirs.get('env')!);
      const r = asRoot(dir, dirs.get('app')!);
      const vars = await rootVariableValues(r.dir, {}, cache);
      const early = await roots.take(r);
      const now = evaluateRoot(r, vars, { limits: DEFAULT_LIMITS });
      const late = normalize(now.result!.instances.map((ri) => ({ ...instanceInput(ri, new DeclSuppressions()), ri })), ({ ri }) => now.evaluator.defaultTags(ri));
      const got = early!.evaluation.normalized!;
      expect(got.resources.map((x) => x.id)).toEqual(['app:aws_subnet.private["eu-west-1a"]', 'app:aws_subnet.private["eu-west-1b"]']);
      expect(got.resources).toEqual(late.resources);
      expect(got.edges).toEqual(late.edges);
      expect(got.ignored).toEqual(late.ignored);
      // `mod` was started before `env` called it: dropped, so never normalized.
      expect(seen).toEqual([got.resources.map((x) => x.id)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves alone a directory with module calls, one a parsed directory calls, and one called after it was started', async () => {
    const dir = await tree();
    try {
      const dirs = await built(dir);
      const cache = new VarFileCache(dir, 1 << 20);
      // `mod` arrives before `env` (which calls it): started, then dropped when `env` arrives.
      const roots = new EarlyRoots({ root: dir, vars: {}, limits: DEFAULT_LIMITS }, cache.view());
      roots.built(dirs.get('mod')!);
      roots.built(dirs.get('env')!);
      expect(await roots.take(asRoot(dir, dirs.get('mod')!))).toBeUndefined();
      const env = asRoot(dir, dirs.get('env')!);
      expect(await roots.take(env)).toBeUndefined();
      // `env` before `mod`: `mod` is known to be a module and never started.
      const again = new EarlyRoots({ root: dir, vars: {}, limits: DEFAULT_LIMITS }, cache.view());
      again.built(dirs.get('env')!);
      again.built(dirs.get('mod')!);
      expect(await again.take(asRoot(dir, dirs.get('mod')!))).toBeUndefined();
      // A root found with a module tree, or built from other files, is evaluated by the scan itself.
      const third = new EarlyRoots({ root: dir, vars: {}, limits: DEFAULT_LIMITS }, cache.view());
      third.built(dirs.get('app')!);
      const other = buildModuleDir(dirs.get('app')!.dir, [...dirs.get('app')!.files]);
      expect(await third.take(asRoot(dir, other))).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a scan of the tree finds the same roots, instances and errors with early evaluation', async () => {
    const dir = await tree();
    try {
      const out = await scanTerraform({ root: dir, paths: [dir] });
      expect(out.rootModules).toEqual(['app', 'env']);
      expect(out.resources.map((r) => r.id).sort()).toEqual(['app:aws_subnet.private["eu-west-1a"]', 'app:aws_subnet.private["eu-west-1b"]', 'env:module.net.aws_vpc.this']);
      expect(out.errors).toEqual([expect.objectContaining({ file: 'app/terraform.tfvars', line: 2, column: 1, kind: 'type' })]);
      expect(out.files).toContain('app/terraform.tfvars');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('variables file cache views', () => {
  it('share the reads, while each lists the files in the order it was asked for them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'resilint-varfiles-'));
    try {
      await writeFile(join(dir, 'a.tfvars'), 'x = 1\n');
      await writeFile(join(dir, 'b.tfvars'), 'x = 2\n');
      const cache = new VarFileCache(dir, 1 << 20);
      const view = cache.view();
      const b = view.get(join(dir, 'b.tfvars'));
      const a = view.get(join(dir, 'a.tfvars'));
      expect(cache.get(join(dir, 'a.tfvars'))).toBe(a);
      expect(cache.get(join(dir, 'b.tfvars'))).toBe(b);
      expect((await cache.all()).map((f) => f.file)).toEqual(['a.tfvars', 'b.tfvars']);
      expect((await view.all()).map((f) => f.file)).toEqual(['b.tfvars', 'a.tfvars']);
      expect((await a).values.get('x')).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
