/**
 * What an auditor needs to trace a report back to its inputs: the tool, the
 * git revision of the scanned tree (real `git`, when the root is in a
 * repository), a SHA-256 of every input file, of the policy and of the
 * baseline, and the per-tier numbers the rules actually used. Paths are
 * relative to the scan root, or repository-relative: no report names an
 * absolute local path.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TierRequirements } from '../policy/types.js';

export interface GitRevision {
  /** The commit checked out (HEAD), or absent in a repository without commits. */
  commit?: string;
  /** True when tracked or untracked files differ from HEAD at scan time. */
  dirty: boolean;
  /** The scan root, relative to the repository's top ('.' at the top). */
  root: string;
}

export interface InputDigest {
  /** Relative to the scan root, '/' separators. */
  file: string;
  /** Hex SHA-256 of the bytes read; absent when the file could not be read again for hashing. */
  sha256?: string;
}

export interface Provenance {
  tool: { name: 'resilint'; version: string; node: string };
  git?: GitRevision;
  inputs: InputDigest[];
  /** The policy file with its digest, or `builtin` for the built-in policy. */
  policy: { file: string; sha256?: string } | { builtin: true };
  baseline?: { file: string; sha256?: string; entries: number };
  /** The effective requirements of every tier (the policy file over the built-in catalogue). */
  tiers: Record<string, TierRequirements>;
}

/** Path as shown in reports: relative to `base`, '/' separators, '.' for `base` itself. */
export function displayPath(base: string, path: string): string {
  const rel = relative(base, resolve(path));
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** True when `p` is absolute on any platform a report may be read on. */
export function looksAbsolute(p: string): boolean {
  return isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((done) => {
    // GIT_OPTIONAL_LOCKS=0: reading status must not take the index lock another git process may hold.
    execFile('git', ['-C', cwd, ...args], { timeout: 10_000, maxBuffer: 16 << 20, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout) =>
      done(err ? undefined : stdout),
    );
  });
}

/** The repository around `dir`, read with the real git; undefined when there is none or git is not installed. */
export async function gitRevision(dir: string): Promise<(GitRevision & { top: string }) | undefined> {
  const top = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) return undefined;
  const head = (await git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']))?.trim();
  const status = await git(dir, ['status', '--porcelain']);
  const real = await realpath(dir).catch(() => dir);
  const realTop = await realpath(top).catch(() => top);
  return {
    top: realTop,
    ...(head ? { commit: head } : {}),
    // An unreadable status is not "clean".
    dirty: status === undefined || status.trim() !== '',
    root: displayPath(realTop, real),
  };
}

/**
 * SHA-256 of a regular file, opened without blocking (a FIFO put in a
 * file's place between reading and hashing is not waited on); undefined when
 * it cannot be read.
 */
export async function sha256File(path: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await fh.stat()).isFile()) return undefined;
    const hash = createHash('sha256');
    for await (const chunk of fh.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
