/**
 * Peak memory of every hostile case (test/hostile/cli.test.ts runs the same
 * corpus for correctness): each case is one CLI process, its peak RSS read
 * by a preloaded hook from process.resourceUsage().maxRSS at exit.
 *
 *   npm run build && node dist/bench/hostile.js [--only <substring>]
 *
 * The cases of the test suite and the bench-only ones (BENCH_CASES: a
 * plan just under the default maxPlanBytes, too slow for the suite on a shared
 * machine, and a ~250 MiB one over it).
 * Prints every case (peak RSS, exit code, wall time) and the worst five;
 * exits 1 when a case hangs, crashes or goes over the 1 GiB target.
 */
import { BENCH_CASES, CASES, cleanup, runCase } from '../test/support/hostile-cases.js';

const TARGET_KIB = 1024 * 1024;
// A hang detector, not a speed target: the plan just under maxPlanBytes takes 100–200 s on a loaded 2-core machine.
const LIMIT_MS = 300_000;

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const rows: { name: string; rssMiB: number; code: number | null; ms: number; problem?: string }[] = [];
for (const c of [...CASES, ...BENCH_CASES].filter((x) => !only || x.name.includes(only))) {
  const run = await runCase(c, LIMIT_MS);
  await cleanup(run.dir);
  const rssMiB = (run.maxRssKiB ?? NaN) / 1024;
  const problem = run.timedOut ? 'hung' : run.signal ? `killed by ${run.signal}` : run.maxRssKiB === undefined ? 'no RSS reading (crashed?)' : run.maxRssKiB > TARGET_KIB ? 'over 1 GiB' : undefined;
  rows.push({ name: c.name, rssMiB, code: run.code, ms: run.ms, ...(problem ? { problem } : {}) });
  console.log(`${rssMiB.toFixed(0).padStart(6)} MiB  exit ${run.code}  ${(run.ms / 1000).toFixed(1).padStart(5)} s  ${c.name}${problem ? `  ← ${problem}` : ''}`);
}
console.log('\nworst five by peak RSS:');
for (const r of [...rows].sort((a, b) => b.rssMiB - a.rssMiB).slice(0, 5)) console.log(`${r.rssMiB.toFixed(0).padStart(6)} MiB  ${r.name}`);
process.exitCode = rows.some((r) => r.problem) ? 1 : 0;
