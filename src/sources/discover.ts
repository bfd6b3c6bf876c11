/**
 * Finding input files: one walk over the given paths for every source.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../graph/types.js';

export interface Discovery {
  /** Absolute paths, sorted within each directory, each once. */
  files: string[];
  errors: InputError[];
}

/** Directories never walked into: VCS and tool state, dependencies. */
const SKIPPED_DIRS = new Set(['node_modules', '.terraform']);

/** Path relative to root with `/` separators (`.` for the root itself). */
export function relativePath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

export function readError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'no such file (broken link?)' : code === 'EISDIR' ? 'is a directory' : String((e as Error)?.message ?? e);
  return { file, kind: 'read', message: `cannot read ${file}: ${reason}${code ? ` (${code})` : ''}` };
}

/**
 * Every file under the given paths that `accept` takes (given its absolute path), skipping hidden
 * directories, `.terraform/` and `node_modules/`. Symlinked directories are
 * followed once (by real path). A file named on the command line is taken
 * when accepted, whatever directory it is in.
 */
export async function discoverFiles(paths: string[], root: string, accept: (file: string) => boolean): Promise<Discovery> {
  const files: string[] = [];
  const errors: InputError[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const addFile = (p: string): void => {
    if (seenFiles.has(p)) return;
    seenFiles.add(p);
    files.push(p);
  };
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (e) {
      errors.push(readError(relativePath(root, dir), e));
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(readError(relativePath(root, dir), e));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('.')) continue;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          // A broken link with an accepted name is reported when it is read.
          isFile = accept(full);
        }
      }
      if (isDir) {
        if (!SKIPPED_DIRS.has(entry.name)) subdirs.push(full);
      } else if (isFile && accept(full)) addFile(full);
    }
    for (const sub of subdirs) await walk(sub);
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let st;
    try {
      st = await stat(abs);
    } catch (e) {
      errors.push(readError(relativePath(root, abs), e));
      continue;
    }
    if (st.isDirectory()) await walk(abs);
    else if (accept(abs)) addFile(abs);
  }
  return { files, errors };
}
