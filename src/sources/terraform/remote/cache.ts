/**
 * The module cache: one directory per downloaded package, named after its
 * source (readable) plus a hash of source and resolved version/ref (unique),
 * filled in a temporary directory and renamed into place, so a package that
 * exists is complete. A lock directory per package keeps two scans from
 * downloading the same package at once; a lock older than `staleMs` is
 * taken over (its scan died).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const META_FILE = '.resilint-module.json';

export interface PackageMeta {
  source: string;
  ref?: string;
  version?: string;
  /** Directory of the module inside the package, when the download location named one (`//subdir`, `//*`). */
  subdir?: string;
  fetchedAt: string;
}

/**
 * `$XDG_CACHE_HOME/resilint/modules`, else the platform's cache directory:
 * outside the scanned repository (a scan writes nothing into it) and shared
 * by every repository that uses the same modules.
 */
export function defaultModuleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'resilint', 'modules');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'resilint', 'modules');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'resilint', 'cache', 'modules');
  return path.join(home, '.cache', 'resilint', 'modules');
}

export function cacheKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

function slug(text: string): string {
  return (
    text
      .replace(/^[a-z0-9]+::/, '')
      .replace(/^[a-z]+:\/\//, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'module'
  );
}

export function packageDir(cacheDir: string, source: string, hash: string): string {
  return path.join(cacheDir, `${slug(source)}-${hash}`);
}

export async function readMeta(dir: string): Promise<PackageMeta | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, META_FILE), 'utf8')) as PackageMeta;
  } catch {
    return undefined;
  }
}

/**
 * Fill `dir` once: `fill(tmp)` writes the package into a fresh temporary
 * directory next to it, which then becomes `dir`. Under the lock; when
 * another scan finished it meanwhile, its package is used.
 */
export async function populate(dir: string, meta: PackageMeta, fill: (tmp: string) => Promise<string | undefined>, lock: LockOptions): Promise<PackageMeta> {
  await mkdir(path.dirname(dir), { recursive: true });
  return withLock(`${dir}.lock`, lock, async () => {
    const done = await readMeta(dir);
    if (done) return done;
    // A leftover without its meta file is an interrupted fill: replace it.
    await rm(dir, { recursive: true, force: true });
    const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      const subdir = await fill(tmp);
      const full: PackageMeta = subdir ? { ...meta, subdir } : meta;
      await writeFile(path.join(tmp, META_FILE), JSON.stringify(full, null, 2) + '\n');
      await rename(tmp, dir);
      return full;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
}

export interface LockOptions {
  /** Give up waiting for another scan's lock when this is aborted. */
  signal: AbortSignal;
  staleMs: number;
  pollMs?: number;
  now: () => number;
}

export class LockError extends Error {}

async function withLock<T>(lockDir: string, opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let age = 0;
    try {
      age = opts.now() - (await stat(lockDir)).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > opts.staleMs) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (opts.signal.aborted) throw new LockError(`the module cache entry ${path.basename(lockDir)} is locked by another scan`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Registry constraint resolutions, so a cached package is found again without asking the registry. */
export interface Resolution {
  version: string;
  resolvedAt: string;
}

export async function readResolution(cacheDir: string, key: string): Promise<Resolution | undefined> {
  try {
    return JSON.parse(await readFile(path.join(cacheDir, 'resolutions', `${key}.json`), 'utf8')) as Resolution;
  } catch {
    return undefined;
  }
}

export async function writeResolution(cacheDir: string, key: string, r: Resolution): Promise<void> {
  const dir = path.join(cacheDir, 'resolutions');
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${key}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, JSON.stringify(r) + '\n');
  await rename(tmp, path.join(dir, `${key}.json`));
}
