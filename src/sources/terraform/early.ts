/**
 * Work the main thread can do while parse workers are still busy: when every
 * file of a directory is parsed, build its ModuleDir and compile its
 * declarations. Both are pure (compiling caches on the declaration), so doing
 * them early changes no result; scanTerraform takes the prebuilt directory
 * only when its file list is the one it would have built it from.
 */
import path from 'node:path';
import { buildModuleDir, type ModuleDir } from './config.js';
import { compileDecl } from './compile.js';
import type { ParsedFile } from './files.js';
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
    try {
      const m = buildModuleDir(file.dir, files);
      compileAll(m, this.limits);
      this.built.set(file.dir, m);
    } catch {
      // Whatever failed here fails again where the directory is built after parsing, as it always did.
    }
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
