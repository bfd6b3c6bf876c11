/**
 * What the benchmark scripts share: finding the project, medians, number
 * formats, plain-text tables and the "run main when invoked" wrapper.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scan } from '../src/scan.js';

/** Run a full GC when node runs with --expose-gc, so one measurement does not pay for the last. */
export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** The directory holding package.json above `file` (the benchmarks run from src/ and from dist/). */
export function projectRoot(file: string): string {
  let d = dirname(file);
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) return process.cwd();
    d = up;
  }
  return d;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function medianOf<T>(results: readonly T[], pick: (r: T) => number | undefined): number | undefined {
  const values = results.map(pick).filter((v): v is number => typeof v === 'number');
  return values.length ? median(values) : undefined;
}

export const fmtMs = (v: number | undefined): string => (v === undefined ? 'n/a' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
export const fmtCount = (v: number | undefined): string => (v === undefined ? 'n/a' : String(Math.round(v)));
export const fmtMiB = (kib: number | undefined): string => (kib === undefined ? 'n/a' : (kib / 1024).toFixed(0));
export const fmtX = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : `${v.toFixed(1)}×`);
export const fmtLoad = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');

/** Fastest–slowest run: a wide spread means the machine was busy and the medians are rough. */
export function spread(values: number[]): string {
  return values.length ? `${fmtMs(Math.min(...values))}–${fmtMs(Math.max(...values))}` : 'n/a';
}

/** A header row, a rule, then the rows; the first `textColumns` columns left-aligned, the rest right-aligned. */
export function table(rows: (string | number)[][], textColumns = 1): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c < textColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Run `main` when `file` is the script node was started with; its result becomes the exit code (2 if it throws). */
export function runIfMain(file: string, main: (argv: string[]) => Promise<number | void>): void {
  const invoked = process.argv[1] ? resolve(process.argv[1]) : '';
  if (invoked !== file) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

/** `runs` timed `scan()`s of `dir` after one warm-up (WebAssembly, JIT), each after a full GC: milliseconds. */
export async function timeScans(dir: string, runs: number): Promise<number[]> {
  await scan({ paths: [dir] });
  const scans: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    await scan({ paths: [dir] });
    scans.push(performance.now() - t0);
  }
  return scans;
}

/** Run `fn` once: its result and the milliseconds it took. */
export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}
