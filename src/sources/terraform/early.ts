/**
 * Work the main thread can do while parse workers are still busy: when every
 * file of a directory is parsed, build its ModuleDir and compile its
 * declarations. Both are pure (compiling caches on the declaration), so doing
 * them early changes no result; scanTerraform takes the prebuilt directory
 * only when its file list is the one it would have built it from.
 *
 * A directory that calls no module and that no directory parsed so far
 * calls is most likely a root module on its own: EarlyRoots evaluates it
 * then too (its variables files, then RootEvaluator.run), with nothing
 * shared with the scan but cached reads. scanTerraform takes that
 * evaluation only for a root module it finds with exactly that directory
 * and no module tree; anything else (a later directory calls it after all)
 * is evaluated where it always was, and the early work is dropped.
 */
import path from 'node:path';
import type { InputError } from '../../graph/types.js';
import { buildModuleDir, type ModuleDir } from './config.js';
import { compileDecl } from './compile.js';
import { relativePath, type ParsedFile } from './files.js';
import { RootEvaluator, type EvaluationOptions, type EvaluationResult, type ResourceInstance } from './evaluate.js';
import type { NormalizeResult } from './normalize.js';
import { localModuleTargets, type RootModule, type StaticModule } from './modules.js';
import { rootVariableValues, type RootVarsOptions, type RootVarValue, type VarFileCache } from './variables.js';
import { withLimits, type InputLimits } from '../common/limits.js';

export class EarlyModuleDirs {
  /** Directory → files still to parse in it. */
  private readonly pending = new Map<string, number>();
  /** Directory → parsed files with their index in the parse order. */
  private readonly arrived = new Map<string, { index: number; file: ParsedFile }[]>();
  private readonly built = new Map<string, ModuleDir>();

  constructor(
    paths: readonly string[],
    private readonly limits: InputLimits,
    /** Sees each directory built here (after its declarations are compiled). */
    private readonly onBuilt?: (m: ModuleDir) => void,
  ) {
    for (const p of paths) {
      const dir = path.dirname(p);
      this.pending.set(dir, (this.pending.get(dir) ?? 0) + 1);
    }
  }

  parsed(index: number, file: ParsedFile): void {
    const list = this.arrived.get(file.dir) ?? [];
    this.arrived.set(file.dir, list);
    list.push({ index, file });
    const left = (this.pending.get(file.dir) ?? 0) - 1;
    this.pending.set(file.dir, left);
    if (left !== 0) return;
    const files = list.sort((a, b) => a.index - b.index).map((x) => x.file);
    let m: ModuleDir;
    try {
      m = buildModuleDir(file.dir, files);
      compileAll(m, this.limits);
      this.built.set(file.dir, m);
    } catch {
      // Whatever failed here fails again where the directory is built after parsing, as it always did.
      return;
    }
    this.onBuilt?.(m);
  }

  /** The prebuilt directory for exactly these files (same objects, same order), else undefined. */
  take(dir: string, files: readonly ParsedFile[]): ModuleDir | undefined {
    const m = this.built.get(dir);
    if (!m || m.files.length !== files.length || m.files.some((f, i) => f !== files[i])) return undefined;
    this.built.delete(dir);
    return m;
  }
}

/** Compile every declaration now; one that fails is left for the evaluation to compile (and fail) where it always did. */
function compileAll(m: ModuleDir, limits: InputLimits): void {
  const decls = [...m.variables.values(), ...m.locals.values(), ...m.resources.values(), ...m.data.values(), ...m.outputs.values(), ...m.modules.values(), ...m.providers];
  withLimits(limits, () => {
    for (const d of decls) {
      try {
        compileDecl(d);
      } catch {
        // Not cached: evaluation compiles it again and handles the failure as before.
      }
    }
  });
}

/** One root module's evaluation: its evaluator (errors, coverage, providers) and instances, or the one error that stopped it. */
export interface RootEvaluation {
  evaluator: RootEvaluator;
  result?: EvaluationResult;
  failure?: InputError;
  /** Its instances normalized (EarlyRoots with `normalize`), when that was done while files were still parsed. */
  normalized?: NormalizeResult;
}

/**
 * Normalizes one root module's instances. Normalization is per root module
 * (every lookup is keyed by the root's address prefix), so one root done
 * early gives what it would give among all of them.
 */
export type NormalizeRoot = (evaluator: RootEvaluator, instances: readonly ResourceInstance[]) => NormalizeResult;

/** Evaluate one root module; a defect costs this root module only, reported without internals. */
export function evaluateRoot(r: RootModule, vars: Map<string, RootVarValue>, options: EvaluationOptions & { limits: InputLimits }): RootEvaluation {
  const evaluator = new RootEvaluator(r, vars, options);
  try {
    return { evaluator, result: withLimits(options.limits, () => evaluator.run()) };
  } catch (e) {
    // No internals in the message (nor a stack trace): what kind of failure it was is all the user can act on.
    const why = e instanceof RangeError ? 'it is nested too deeply or too large to evaluate' : 'an internal error occurred (please report it)';
    return { evaluator, failure: { file: r.rel, line: 1, column: 1, kind: 'internal', message: `cannot evaluate root module ${r.rel}: ${why}` } };
  }
}

export interface EarlyRootOptions extends EvaluationOptions {
  /** Scan root (absolute). */
  root: string;
  limits: InputLimits;
  vars: RootVarsOptions;
  /** Normalize a root evaluated early as well (the scan's own normalizer, so the result is the same). */
  normalize?: NormalizeRoot;
}

interface EarlyRoot {
  dir: ModuleDir;
  /** Set when a later directory calls this one: not a root module, skip the evaluation if not begun. */
  dropped: boolean;
  work: Promise<{ root: RootModule; evaluation: RootEvaluation } | undefined>;
}

/** Root modules evaluated while the other files are still being parsed (see the top of this file). */
export class EarlyRoots {
  /** Directories some built directory calls by a local source: child modules, never evaluated here. */
  private readonly referenced = new Set<string>();
  private readonly started = new Map<string, EarlyRoot>();

  constructor(
    private readonly options: EarlyRootOptions,
    /** A view of the scan's cache (VarFileCache.view): shared reads, its own list of files. */
    private readonly varFiles: VarFileCache,
  ) {}

  /** A directory whose files are all parsed and built. */
  built(m: ModuleDir): void {
    for (const target of localModuleTargets(m)) {
      this.referenced.add(target);
      const e = this.started.get(target);
      if (e) e.dropped = true;
    }
    if (m.modules.size > 0 || this.referenced.has(m.dir) || this.started.has(m.dir)) return;
    const rel = relativePath(this.options.root, m.dir);
    // What ModuleLoader.buildTree gives a directory without module calls.
    const tree: StaticModule = { key: '', address: '', dir: m, name: '', children: new Map() };
    const root: RootModule = { dir: m, rel, prefix: rel === '.' ? '' : `${rel}:`, tree };
    const entry: EarlyRoot = { dir: m, dropped: false, work: Promise.resolve(undefined) };
    entry.work = (async () => {
      try {
        const vars = await rootVariableValues(m, this.options.vars, this.varFiles);
        if (entry.dropped) return undefined;
        const { region, availabilityZones, limits, normalize } = this.options;
        const evaluation = evaluateRoot(root, vars, { region, availabilityZones, limits });
        if (normalize && evaluation.result) {
          // Let the workers' finished files in first (they are sent their next file from that message).
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (entry.dropped) return undefined;
          const instances = evaluation.result.instances;
          // A failure here is left to the scan, which normalizes this root itself as it always did.
          try {
            evaluation.normalized = normalize(evaluation.evaluator, instances);
          } catch {
            // (see above)
          }
        }
        return { root, evaluation };
      } catch {
        // The scan evaluates this root itself, where any failure is reported as it always was.
        return undefined;
      }
    })();
    this.started.set(m.dir, entry);
  }

  /**
   * The early evaluation of root module `r` (same directory object, no module
   * tree), else undefined. Await it after rootVariableValues for `r`, so the
   * scan's own cache lists the variables files in its order.
   */
  async take(r: RootModule): Promise<{ root: RootModule; evaluation: RootEvaluation } | undefined> {
    const e = this.started.get(r.dir.dir);
    if (!e || e.dir !== r.dir || r.tree.children.size > 0) return undefined;
    this.started.delete(r.dir.dir);
    return e.work;
  }
}
