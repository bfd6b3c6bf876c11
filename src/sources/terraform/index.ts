/**
 * The Terraform HCL source: `.tf` files → normalized resources, edges,
 * locations and errors.
 *
 * Pipeline: discover files → parse each once (hcl2json + locator) → group
 * into module directories → find root modules → load each root's module
 * tree → evaluate (variables, locals, resources, modules; count/for_each) →
 * normalize into graph kinds. Bad input becomes `errors` / `coverage`; it
 * never stops the other files.
 *
 * Not read (yet): `.tf.json` files, `override.tf` / `*_override.tf` merging,
 * `providers = {…}` renaming on module calls for default tags (they are
 * inherited by provider name; the Region of `aws_availability_zones` follows
 * the renaming), `moved` / `import` / `check` blocks (they change no value).
 *
 * hcl2json runs Go compiled to wasm: one instance, and each `parse()` runs
 * synchronously inside the call (its callback fires before `parse` returns),
 * so concurrent parse promises never overlap: parse-pool.ts runs it on worker
 * threads, each with its own instance, when there are enough files.
 */
import path from 'node:path';
import type { CoverageGap, InputError } from '../../graph/types.js';
import type { SourceOutput } from '../types.js';
import { buildModuleDir, type ModuleDir } from './config.js';
import type { RootEvaluator } from './evaluate.js';
import { DEFAULT_MAX_FILE_BYTES, discoverTerraformFiles, relativePath, type ParsedFile } from './files.js';
import { parseFiles } from './parse-pool.js';
import { findRootDirs, ModuleLoader, type RootModule } from './modules.js';
import { DeclSuppressions, instanceInput } from './input.js';
import { normalize, type NormalizeResult } from './normalize.js';
import { rootVariableValues, undeclaredVariables, VarFileCache, type UndeclaredVariable } from './variables.js';
import { ModuleFetcher, type ModuleDownloadOptions } from './remote/fetcher.js';
import { appendAll } from '../../util/array.js';
import { EarlyModuleDirs, EarlyRoots, evaluateRoot, type NormalizeRoot } from './early.js';
import { resolveLimits, type InputLimits } from '../common/limits.js';

export type { ModuleDownloadOptions } from './remote/fetcher.js';

export interface TerraformSourceOptions {
  /** Absolute directory all locations are relative to (files use '/' separators). */
  root: string;
  /** Absolute paths of files or directories to scan. */
  paths: string[];
  /** The `.tf` files, when the caller has already walked `paths` (scan() does, once for every source). */
  files?: string[];
  /** --var k=v (raw text; a value that parses as an HCL expression is that value, else the plain string — Terraform's rule for -var). */
  vars?: Record<string, string>;
  /** --var-file paths (absolute), applied after terraform.tfvars and *.auto.tfvars, in order. */
  varFiles?: string[];
  /** Environment whose `TF_VAR_<name>` set root variables below every variables file (Terraform's precedence). Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Files larger than this are reported, not parsed. Default 10 MiB. */
  maxFileBytes?: number;
  /** Input limits (docs/limits.md). */
  limits?: InputLimits;
  /** Worker threads for parsing (0 = in-process). Default: one per core when there are enough files. */
  parseWorkers?: number;
  /**
   * `--download-external-modules`: remote modules that `.terraform/modules/modules.json`
   * does not list are downloaded into a cache and scanned like local ones.
   * Absent: they stay not assessed (unchanged behaviour).
   */
  downloadModules?: ModuleDownloadOptions;
  /** Region of an aws provider configuration that sets none (--region): `aws_availability_zones` then resolves to its AZ names. */
  region?: string;
  /** AZ names per Region over the built-in table (the policy's `availabilityZones`). */
  availabilityZones?: Readonly<Record<string, readonly string[]>>;
}

/** What the Terraform source returns: the common output plus facts only it has. */
export interface TerraformSourceOutput extends SourceOutput {
  /** Resource types that are not part of the graph yet, with the number of instances skipped. */
  ignoredResourceTypes: Record<string, number>;
  /** Root module directories (relative to the root). */
  rootModules: string[];
  /** --var and --var-file values for variables no root module declares (the caller warns, as Terraform does). */
  undeclaredVariables: UndeclaredVariable[];
}

export type { ParsedFile } from './files.js';
export { parseTerraformFile } from './files.js';

// What the plan source builds on (a plan is Terraform's own output: its resources normalize, locate and
// suppress as the HCL's do). Other sources import the Terraform source only from here (test/repo/source-boundaries).
export { listModuleFiles } from './files.js';
export { buildModuleDir, isLocalSource, type Decl, type ModuleDir } from './config.js';
export { instanceKeySuffix } from './evaluate.js';
export { declaredInput, DeclSuppressions, type NormalizeInput } from './input.js';
export type { BlockInfo, CommentInfo, Position } from './locate.js';
export { normalize } from './normalize.js';
export type { Value, ValueObject } from './expr/values.js';

export async function scanTerraform(options: TerraformSourceOptions): Promise<TerraformSourceOutput> {
  const root = path.resolve(options.root);
  const limits = options.limits ?? resolveLimits();
  const maxFileBytes = options.maxFileBytes ?? options.limits?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const errors: InputError[] = [];
  const coverage: CoverageGap[] = [];
  const files: string[] = [];

  const discovery = options.files ? { files: options.files, errors: [] } : await discoverTerraformFiles(options.paths, root);
  errors.push(...discovery.errors);
  const fetcher = options.downloadModules ? new ModuleFetcher(options.downloadModules) : undefined;
  // A module cache inside the scanned tree holds modules, not root modules.
  const inCache = (f: string): boolean => !!fetcher && !path.relative(fetcher.cacheDir, f).startsWith('..') && !path.isAbsolute(path.relative(fetcher.cacheDir, f));
  const toParse = discovery.files.filter((f) => !inCache(f));
  // Overlap with parsing: a directory whose files are all parsed is built and
  // its declarations compiled (both pure, cached on the declarations) while
  // the workers parse the rest. Errors still join in the directories' order.
  const varFiles = new VarFileCache(root, maxFileBytes);
  const varOptions = { vars: options.vars, varFiles: options.varFiles, env: options.env };
  // Normalization is per root module (normalize.ts keys every lookup by the root's prefix): a root
  // evaluated early is normalized early too, and every root is normalized on its own, in root order.
  const suppressions = new DeclSuppressions();
  const normalizeRoot: NormalizeRoot = (evaluator, rootInstances) =>
    normalize(
      rootInstances.map((ri) => {
        const region = evaluator.regionOf(ri);
        return { ...instanceInput(ri, suppressions), ...(region !== undefined ? { region } : {}), ri };
      }),
      ({ ri }) => evaluator.defaultTags(ri),
    );
  const earlyRoots = new EarlyRoots({ root, vars: varOptions, region: options.region, availabilityZones: options.availabilityZones, limits, normalize: normalizeRoot }, varFiles.view());
  const early = new EarlyModuleDirs(toParse, limits, (m) => earlyRoots.built(m));
  const parsed: ParsedFile[] = await parseFiles(toParse, { root, maxFileBytes, maxHclNesting: limits.maxHclNesting, workers: options.parseWorkers }, (i, f) => early.parsed(i, f));

  const byDir = new Map<string, ParsedFile[]>();
  for (const f of parsed) {
    files.push(f.file);
    if (f.error) errors.push(f.error);
    const list = byDir.get(f.dir);
    if (list) list.push(f);
    else byDir.set(f.dir, [f]);
  }
  const dirs = new Map<string, ModuleDir>();
  for (const [dir, list] of byDir) {
    const m = early.take(dir, list) ?? buildModuleDir(dir, list);
    appendAll(errors, m.errors);
    dirs.set(dir, m);
  }
  // Roots are decided among the scanned directories only (the loader adds module directories to `dirs`).
  const rootDirs = findRootDirs(dirs);

  const loader = new ModuleLoader(root, maxFileBytes, dirs, { files, errors, coverage }, fetcher);
  const roots: RootModule[] = [];
  try {
    for (const dir of rootDirs) {
      const rel = relativePath(root, dir.dir);
      const prefix = rel === '.' ? '' : `${rel}:`;
      roots.push({ dir, rel, prefix, tree: await loader.buildTree(dir, prefix) });
    }
  } finally {
    fetcher?.close();
  }

  const evaluators: RootEvaluator[] = [];
  const normalizedRoots: NormalizeResult[] = [];
  for (const r of roots) {
    const vars = await rootVariableValues(r.dir, varOptions, varFiles);
    // Evaluated (and normalized) while the files were parsed (early.ts), or now.
    const { evaluator, result, failure, normalized } =
      (await earlyRoots.take(r))?.evaluation ?? evaluateRoot(r, vars, { region: options.region, availabilityZones: options.availabilityZones, limits });
    evaluators.push(evaluator);
    // A defect must not cost the other root modules.
    if (failure) errors.push(failure);
    if (!result) continue;
    normalizedRoots.push(normalized ?? normalizeRoot(evaluator, result.instances));
  }
  const declared = new Set(roots.flatMap((r) => [...r.dir.variables.keys()]));
  const undeclared = await undeclaredVariables(declared, { vars: options.vars, varFiles: options.varFiles }, varFiles);
  for (const vf of await varFiles.all()) {
    if (!files.includes(vf.file)) files.push(vf.file);
    if (vf.error) errors.push(vf.error);
    appendAll(errors, vf.errors);
  }

  // Provider default tags are evaluated on demand while normalizing, so evaluator errors are collected after.
  const normalized = mergeNormalized(normalizedRoots);
  for (const ev of evaluators) {
    appendAll(errors, ev.errors);
    appendAll(coverage, ev.coverage);
  }
  appendAll(errors, normalized.errors);

  return {
    source: 'terraform',
    resources: normalized.resources,
    edges: normalized.edges,
    errors,
    coverage,
    files,
    ignoredResourceTypes: normalized.ignored,
    rootModules: roots.map((r) => r.rel),
    undeclaredVariables: undeclared,
  };
}

/** The root modules' normalizations as one, in root order (ignored types counted over all). */
function mergeNormalized(list: readonly NormalizeResult[]): NormalizeResult {
  if (list.length === 1) return list[0];
  const out: NormalizeResult = { resources: [], edges: [], ignored: {}, errors: [] };
  for (const n of list) {
    appendAll(out.resources, n.resources);
    appendAll(out.edges, n.edges);
    appendAll(out.errors, n.errors);
    for (const [type, count] of Object.entries(n.ignored)) out.ignored[type] = (out.ignored[type] ?? 0) + count;
  }
  return out;
}
