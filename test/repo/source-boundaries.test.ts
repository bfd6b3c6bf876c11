import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Sources stay apart: a source folder under src/sources/ reaches another
 * source only through that source's entry (`index.ts`); what several share
 * lives in src/sources/common, which imports no source; only the registry
 * (src/sources/registry.ts) and types.ts see each source's `source.ts`. No
 * source imports the engine, rules, reporters, the CLI or the scan itself
 * (sources know formats, not rules).
 */
const repo = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(repo, 'src/sources');
const FORBIDDEN = ['src/engine/', 'src/cli/', 'src/plugins/', 'src/docs/', 'src/scan.ts', 'src/index.ts', 'rules/', 'reporters/'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) out.push(spec);
  }
  return out;
}

/** `terraform`, `common`, … for a file in a source folder; undefined for src/sources/*.ts. */
function folderOf(file: string): string | undefined {
  const rel = path.relative(SOURCES, file).split(path.sep);
  return rel.length > 1 ? rel[0] : undefined;
}

/** Problems with one import: undefined when allowed. */
function violation(from: string, spec: string): string | undefined {
  const target = path.resolve(path.dirname(from), spec).replace(/\.js$/, '.ts');
  const repoRel = path.relative(repo, target).split(path.sep).join('/');
  if (FORBIDDEN.some((f) => (f.endsWith('/') ? repoRel.startsWith(f) : repoRel === f))) return `imports ${repoRel} (sources know formats, not rules, reports or the scan)`;
  if (!repoRel.startsWith('src/sources/')) return undefined;
  const own = folderOf(from);
  const other = folderOf(target);
  if (other === undefined || other === own) return undefined;
  const entry = path.relative(path.join(SOURCES, other), target).split(path.sep).join('/');
  if (other === 'common') return undefined;
  if (own === 'common') return `imports ${repoRel}: common code imports no source`;
  if (own === undefined && (entry === 'index.ts' || entry === 'source.ts')) return undefined;
  if (entry === 'index.ts') return undefined;
  return `imports ${repoRel}: another source's internals (import it from src/sources/${other}/index.ts, or move what is shared to src/sources/common)`;
}

describe('source boundaries', () => {
  it('no source imports another source\'s internals, the engine, rules or reporters', () => {
    const problems: string[] = [];
    for (const file of tsFiles(SOURCES)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const why = violation(file, spec);
        if (why) problems.push(`${path.relative(repo, file).split(path.sep).join('/')}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('catches each kind of crossing (the check itself)', () => {
    const at = (rel: string) => path.join(SOURCES, rel);
    expect(violation(at('plan/index.ts'), '../cloudformation/parse.js')).toMatch(/another source's internals/);
    expect(violation(at('plan/index.ts'), '../terraform/index.js')).toBeUndefined();
    expect(violation(at('plan/index.ts'), '../common/tree.js')).toBeUndefined();
    expect(violation(at('terraform/expr/values.ts'), '../../common/reference.js')).toBeUndefined();
    expect(violation(at('common/normalize.ts'), '../terraform/index.js')).toMatch(/common code imports no source/);
    expect(violation(at('terraform/input.ts'), '../../engine/suppress.js')).toMatch(/formats, not rules/);
    expect(violation(at('aws/normalize.ts'), '../../../rules/db-multi-az.js')).toMatch(/formats, not rules/);
    expect(violation(at('registry.ts'), './terraform/source.js')).toBeUndefined();
    expect(violation(at('registry.ts'), './terraform/evaluate.js')).toMatch(/another source's internals/);
    expect(importsOf("import type { A } from '../a.js';\nexport { b } from './b.js';\nimport './side.js';\nconst m = await import('../aws/index.js');\nimport x from 'node:path';\nimport {\n  a,\n  type B,\n} from '../terraform/files.js';")).toEqual([
      '../a.js',
      './b.js',
      './side.js',
      '../aws/index.js',
      '../terraform/files.js',
    ]);
  });
});
