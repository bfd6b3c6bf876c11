/**
 * `git::` module sources through the real `git` binary: a shallow fetch of
 * exactly the requested ref (branch, tag or commit) into an empty
 * repository, then a checkout. Never prompts (no terminal, ssh in batch
 * mode); bounded by the request timeout and the overall budget.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { redactUrl } from './address.js';

export class GitError extends Error {
  constructor(
    message: string,
    readonly code: 'git' | 'timeout' | 'budget' | 'missing-git' = 'git',
  ) {
    super(message);
  }
}

export interface GitContext {
  timeoutMs: number;
  budget: AbortSignal;
  onRequest?: (url: string) => void;
}

function run(ctx: GitContext, args: string[], cwd: string | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ctx.budget.aborted) return reject(new GitError('the overall module download budget is spent', 'budget'));
    const child = execFile(
      'git',
      args,
      {
        cwd,
        timeout: ctx.timeoutMs,
        killSignal: 'SIGKILL',
        signal: ctx.budget,
        maxBuffer: 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: '',
          SSH_ASKPASS: '',
          GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? `ssh -o BatchMode=yes -o ConnectTimeout=${Math.max(1, Math.ceil(ctx.timeoutMs / 1000))}`,
          LC_ALL: 'C',
        },
      },
      (err, _stdout, stderr) => {
        if (!err) return resolve();
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT') return reject(new GitError('the git program is not installed', 'missing-git'));
        if (ctx.budget.aborted) return reject(new GitError(`${redactUrl(url)}: the overall module download budget is spent`, 'budget'));
        if (e.killed) return reject(new GitError(`${redactUrl(url)}: git gave no result within ${ctx.timeoutMs} ms`, 'timeout'));
        const lines = String(stderr)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('hint:'));
        const fatal = lines.find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ?? lines.at(-1) ?? e.message;
        reject(new GitError(`${redactUrl(url)}: ${redactUrl(fatal.replace(/^(fatal|error): /, ''))}`));
      },
    );
    child.stdin?.end();
  });
}

/** Fetch `ref` (default: the remote HEAD) of `url` into `dest` (which must not exist), without the `.git` directory. */
export async function gitFetch(ctx: GitContext, url: string, ref: string | undefined, dest: string): Promise<void> {
  ctx.onRequest?.(url);
  const cfg = ['-c', 'protocol.version=2', '-c', 'advice.detachedHead=false', '-c', 'init.defaultBranch=main'];
  await run(ctx, [...cfg, 'init', '-q', dest], undefined, url);
  await run(ctx, [...cfg, 'remote', 'add', 'origin', url], dest, url);
  await run(ctx, [...cfg, 'fetch', '-q', '--depth', '1', '--no-tags', 'origin', ref ?? 'HEAD'], dest, url);
  await run(ctx, [...cfg, 'checkout', '-q', 'FETCH_HEAD'], dest, url);
  await rm(path.join(dest, '.git'), { recursive: true, force: true });
}
