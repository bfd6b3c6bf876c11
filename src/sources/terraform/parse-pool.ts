/**
 * Parse many files on worker threads. hcl2json is Go compiled to wasm: one
 * instance parses one file at a time, so on a multi-core machine a few
 * workers (each with its own instance) divide the dominant cost of a scan.
 *
 * Small inputs parse in-process: a worker's start-up (loading and warming
 * up the wasm module) costs more than it saves below a few dozen files.
 * When running from TypeScript sources (tests), there is no compiled worker
 * script and parsing stays in-process too.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { mapLimit, parseTerraformFile, type ParsedFile } from './files.js';
import type { ParseRequest } from './parse-worker.js';

/**
 * Below this many files, workers do not pay for their start-up. Measured by
 * `npm run bench` on 2 cores: 48 files scan in 0.89 s in-process vs 1.18 s
 * on workers, 487 files in 3.58 s vs 3.15 s; the lines cross near 225 files.
 */
export const MIN_FILES_FOR_WORKERS = 200;
const MAX_WORKERS = 4;
/**
 * Files sent ahead to each worker: while the main thread evaluates a module
 * directory that has just arrived (early.ts), each worker still has files
 * queued instead of waiting for the main thread to send the next one.
 */
const IN_FLIGHT_PER_WORKER = 4;
/** Files read concurrently in-process (I/O only; parsing itself is serial on one wasm instance). */
const READ_CONCURRENCY = 16;

const WORKER_SCRIPT = fileURLToPath(new URL('./parse-worker.js', import.meta.url));

export interface ParsePoolOptions {
  root: string;
  maxFileBytes: number;
  maxHclNesting?: number;
  /** Override the number of workers (0 = in-process). Default: one per core, at most 4, when worth it. */
  workers?: number;
}

export function defaultWorkerCount(files: number): number {
  if (files < MIN_FILES_FOR_WORKERS || !existsSync(WORKER_SCRIPT)) return 0;
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}

/**
 * Parse every path; the result keeps the order of `paths`. `onParsed` sees
 * each file as soon as it is parsed (in completion order), so the caller can
 * work on the main thread while the workers parse the rest.
 */
export async function parseFiles(paths: readonly string[], opts: ParsePoolOptions, onParsed?: (index: number, parsed: ParsedFile) => void): Promise<ParsedFile[]> {
  const workers = opts.workers ?? defaultWorkerCount(paths.length);
  if (workers === 0 || !existsSync(WORKER_SCRIPT)) {
    const indexes = paths.map((_, i) => i);
    return mapLimit(indexes, READ_CONCURRENCY, async (i) => {
      const parsed = await parseTerraformFile(paths[i], opts.root, opts.maxFileBytes, opts.maxHclNesting);
      onParsed?.(i, parsed);
      return parsed;
    });
  }
  return parseOnWorkers(paths, workers, opts, onParsed);
}

async function parseOnWorkers(paths: readonly string[], count: number, opts: ParsePoolOptions, onParsed?: (index: number, parsed: ParsedFile) => void): Promise<ParsedFile[]> {
  const out = new Array<ParsedFile>(paths.length);
  let next = 0;
  const pool = Array.from({ length: Math.min(count, paths.length) }, () => new Worker(WORKER_SCRIPT));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const send = () => {
              if (next >= paths.length) {
                if (inFlight === 0) resolve();
                return;
              }
              const id = next++;
              inFlight++;
              const req: ParseRequest = { id, path: paths[id], root: opts.root, maxFileBytes: opts.maxFileBytes, maxHclNesting: opts.maxHclNesting };
              worker.postMessage(req);
            };
            worker.on('message', (msg: { id: number; parsed?: ParsedFile; failure?: string }) => {
              inFlight--;
              if (msg.failure !== undefined) return reject(new Error(`parsing ${paths[msg.id]} failed in a worker: ${msg.failure}`));
              out[msg.id] = msg.parsed!;
              // The next file first: the worker parses it while this thread handles the result.
              send();
              onParsed?.(msg.id, msg.parsed!);
            });
            worker.on('error', reject);
            for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}
