/**
 * The static module tree of each root module: which directory every
 * `module` block loads, found before any value is evaluated.
 *
 * Local sources (`./…`, `../…`) resolve against the calling module's
 * directory; other sources come from `.terraform/modules/modules.json` in the
 * root module directory when `terraform init` has run, else, with
 * `--download-external-modules`, from the module cache (remote/fetcher.ts),
 * else the module is unavailable (its resources unknown: a coverage gap).
 */
import { stat } from 'node:fs/promises';
import { readTextFileSync } from '../common/read.js';
import path from 'node:path';
import type { CoverageGap, InputError } from '../../graph/types.js';
import { buildModuleDir, isLocalSource, location, moduleSource, type Decl, type ModuleDir } from './config.js';
import { listModuleFiles, mapLimit, parseTerraformFile, relativePath, type ParsedFile } from './files.js';
import { parseModuleSource, redactUrl } from './remote/address.js';
import type { ModuleFetcher } from './remote/fetcher.js';
import { appendAll } from '../../util/array.js';

export interface StaticModule {
  /** `''` for the root, `db`, `db.sub` (the modules.json key). */
  key: string;
  /** `''` for the root, `module.db`, `module.db.module.sub`. */
  address: string;
  dir?: ModuleDir;
  /** Why `dir` is absent. */
  unavailable?: string;
  parent?: StaticModule;
  /** The `module` block in the parent. */
  call?: Decl;
  /** Call name in the parent. */
  name: string;
  children: Map<string, StaticModule>;
}

export interface RootModule {
  dir: ModuleDir;
  /** Root module dir relative to the scan root (`.` for the root itself). */
  rel: string;
  /** Prefix of graph ids: `envs/prod:` or `` for `.`. */
  prefix: string;
  tree: StaticModule;
}

const MAX_MODULE_DEPTH = 24;

export interface LoaderSink {
  files: string[];
  errors: InputError[];
  coverage: CoverageGap[];
}

export class ModuleLoader {
  private readonly loading = new Map<string, Promise<ModuleDir | undefined>>();

  constructor(
    private readonly root: string,
    private readonly maxFileBytes: number,
    /** Directories whose files were already parsed (the scanned paths). */
    private readonly known: Map<string, ModuleDir>,
    private readonly sink: LoaderSink,
    /** Downloads remote modules not in modules.json (`--download-external-modules`). */
    private readonly fetcher?: ModuleFetcher,
  ) {}

  /** A module directory, parsing its files on first use when it was not scanned. Undefined when it does not exist. */
  loadDir(dir: string): Promise<ModuleDir | undefined> {
    const known = this.known.get(dir);
    if (known) return Promise.resolve(known);
    let p = this.loading.get(dir);
    if (!p) {
      p = this.readDir(dir);
      this.loading.set(dir, p);
    }
    return p;
  }

  private async readDir(dir: string): Promise<ModuleDir | undefined> {
    const names = await listModuleFiles(dir);
    if (!names) return undefined;
    const files: ParsedFile[] = await mapLimit(names, 8, (f) => parseTerraformFile(f, this.root, this.maxFileBytes));
    for (const f of files) {
      this.sink.files.push(f.file);
      if (f.error) this.sink.errors.push(f.error);
    }
    const m = buildModuleDir(dir, files);
    appendAll(this.sink.errors, m.errors);
    this.known.set(dir, m);
    return m;
  }

  async buildTree(rootDir: ModuleDir, prefix: string): Promise<StaticModule> {
    const manifest = await readManifest(rootDir.dir);
    const tree: StaticModule = { key: '', address: '', dir: rootDir, name: '', children: new Map() };
    await this.expand(tree, rootDir.dir, manifest, prefix, [rootDir.dir], 0, { depth: 0 });
    return tree;
  }

  private async expand(
    sm: StaticModule,
    rootDirAbs: string,
    manifest: Map<string, string> | undefined,
    prefix: string,
    ancestors: string[],
    depth: number,
    /** The downloaded package `sm` is part of, and how many downloads deep it is. */
    remote: { packageRoot?: string; depth: number },
  ): Promise<void> {
    const dir = sm.dir;
    if (!dir) return;
    if (this.fetcher && remote.depth < this.fetcher.maxDepth) {
      // Start this module's downloads together; the loop below takes their results in order.
      for (const [name, call] of dir.modules) {
        const source = moduleSource(call);
        if (source === undefined || isLocalSource(source) || manifest?.has(sm.key ? `${sm.key}.${name}` : name)) continue;
        void this.fetcher.fetch(source, typeof call.body.version === 'string' ? call.body.version : undefined);
      }
    }
    for (const [name, call] of dir.modules) {
      const key = sm.key ? `${sm.key}.${name}` : name;
      const address = sm.address ? `${sm.address}.module.${name}` : `module.${name}`;
      const child: StaticModule = { key, address, parent: sm, call, name, children: new Map() };
      sm.children.set(name, child);
      const source = moduleSource(call);
      const sourceLoc = location(call, 'source');
      if (source === undefined) {
        child.unavailable = `module "${name}" has no literal source`;
        this.sink.errors.push({ ...sourceLoc, kind: 'module', message: `module "${name}": source must be a literal string` });
        continue;
      }
      let target: string | undefined;
      let childRemote = remote;
      if (isLocalSource(source)) {
        target = path.resolve(dir.dir, source);
        if (remote.packageRoot && !isInside(target, remote.packageRoot)) {
          // Terraform refuses this too: a local path in a downloaded module cannot leave its package.
          child.unavailable = `module "${name}" source ${source} leaves its downloaded package`;
          this.sink.errors.push({ ...sourceLoc, kind: 'module', message: `module "${name}": local source "${source}" leaves the downloaded package it is part of` });
          continue;
        }
        if (!(await isDirectory(target))) {
          child.unavailable = `module "${name}" source ${source} does not exist`;
          this.sink.errors.push({
            ...sourceLoc,
            kind: 'module',
            message: `module "${name}": local source "${source}" not found (${relativePath(this.root, target)})`,
          });
          continue;
        }
      } else {
        const entry = manifest?.get(key);
        if (entry !== undefined) {
          const abs = path.resolve(rootDirAbs, entry);
          if (await isDirectory(abs)) target = abs;
        }
        if (!target && this.fetcher) {
          const version = typeof call.body.version === 'string' ? call.body.version : undefined;
          const at = `${sourceLoc.file}:${sourceLoc.line ?? 1}`;
          const shown = redactUrl(source);
          if (remote.depth >= this.fetcher.maxDepth) {
            child.unavailable = `module "${name}" (source "${shown}") is nested too deep in downloaded modules`;
            this.sink.coverage.push({
              scope: prefix + address,
              errorCode: 'module-download-depth',
              message: `module ${address} (${at}, source "${shown}") is ${remote.depth + 1} downloaded modules deep, over the limit of ${this.fetcher.maxDepth}; not downloaded. Its resources and outputs are unknown.`,
            });
            continue;
          }
          if (version !== undefined && parseModuleSource(source).kind !== 'registry') {
            // Terraform refuses this at init; the module is still downloaded and scanned.
            this.sink.errors.push({ ...location(call, 'version'), kind: 'module', message: `module "${name}": a version constraint applies only to registry modules, not to "${shown}" (pin git sources with ?ref=)` });
          }
          const got = await this.fetcher.fetch(source, version);
          if ('code' in got) {
            child.unavailable = `module "${name}" (source "${shown}") could not be downloaded: ${got.reason}`;
            const versionText = version !== undefined ? ` version "${version}"` : '';
            if (got.attribute === 'version') {
              const vloc = location(call, 'version');
              this.sink.errors.push({ ...vloc, kind: 'module', message: `module "${name}": ${got.reason}` });
            }
            this.sink.coverage.push({
              scope: prefix + address,
              errorCode: got.code,
              message: `module ${address} (${at}, source "${shown}"${versionText}) could not be downloaded: ${got.reason}. Its resources and outputs are unknown.`,
            });
            continue;
          }
          target = got.dir;
          childRemote = { packageRoot: got.packageRoot, depth: remote.depth + 1 };
        }
        if (!target) {
          child.unavailable = `module "${name}" (source "${source}") is not available locally`;
          this.sink.coverage.push({
            scope: prefix + address,
            errorCode: 'module-unavailable',
            message: manifest
              ? `module ${address} (source "${source}") is not in .terraform/modules/modules.json; run terraform init. Its resources and outputs are unknown.`
              : `module ${address} (source "${source}") is remote and .terraform/modules/modules.json is absent; run terraform init. Its resources and outputs are unknown.`,
          });
          continue;
        }
      }
      if (ancestors.includes(target) || depth >= MAX_MODULE_DEPTH) {
        child.unavailable = `module "${name}" calls itself`;
        this.sink.errors.push({ ...sourceLoc, kind: 'module', message: `module "${name}": source "${source}" leads back to a calling module (recursive modules are not allowed)` });
        continue;
      }
      child.dir = await this.loadDir(target);
      if (!child.dir) {
        child.unavailable = `module "${name}" source ${source} cannot be read`;
        this.sink.errors.push({ ...sourceLoc, kind: 'module', message: `module "${name}": cannot read ${relativePath(this.root, target)}` });
        continue;
      }
      await this.expand(child, rootDirAbs, manifest, prefix, [...ancestors, target], depth + 1, childRemote);
    }
  }
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** `.terraform/modules/modules.json`: Key → Dir (relative to the root module dir). */
async function readManifest(rootDir: string): Promise<Map<string, string> | undefined> {
  // Absent or unreadable (also a FIFO, which must not block): modules are then found by source path only.
  const read = readTextFileSync(path.join(rootDir, '.terraform', 'modules', 'modules.json'), 'modules.json');
  if ('error' in read) return undefined;
  const text = read.text;
  try {
    const json = JSON.parse(text) as { Modules?: { Key?: unknown; Dir?: unknown }[] };
    const out = new Map<string, string>();
    for (const m of json.Modules ?? []) {
      if (typeof m.Key === 'string' && typeof m.Dir === 'string') out.set(m.Key, m.Dir);
    }
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Directories referenced as a local module source by another scanned
 * directory are child modules; every other scanned directory with `.tf`
 * files is a root module.
 */
export function findRootDirs(dirs: Map<string, ModuleDir>): ModuleDir[] {
  const referenced = new Set<string>();
  for (const m of dirs.values()) for (const target of localModuleTargets(m)) referenced.add(target);
  return [...dirs.values()].filter((m) => !referenced.has(m.dir));
}

/** The other directories `m`'s module calls load by a local source (they are not root modules). */
export function localModuleTargets(m: ModuleDir): string[] {
  const out: string[] = [];
  for (const call of m.modules.values()) {
    const source = moduleSource(call);
    if (source === undefined || !isLocalSource(source)) continue;
    const target = path.resolve(m.dir, source);
    if (target !== m.dir) out.push(target);
  }
  return out;
}
