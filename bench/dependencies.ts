/**
 * What the analysis layer (dependencies + inherited tiers) adds to a
 * Terraform scan, and whether it stays linear in resources + edges.
 *
 *   npm run build && node --expose-gc dist/bench/dependencies.js
 *   node --expose-gc dist/bench/dependencies.js --sizes 1000:50,10000:500 --runs 5
 *
 * For each size the generated corpus (generate-terraform.ts, into bench/out/)
 * is scanned in this process: one warm-up scan (loads the hcl2json
 * WebAssembly), then `--runs` full `scan()` calls. On the graph of the last
 * scan, the analysis alone (`buildDependencies` + `assignTiers` +
 * `inheritTiers`, as scan() runs it) is timed `--runs` × 3 times, and
 * `assignTiers` alone (what scan() did before the analysis) as well.
 * Reported: medians; the scan without the analysis is the full scan minus the
 * analysis' extra time (analysis − assignTiers), and the ratio is that
 * extra time over the scan without it.
 */
import { join } from 'node:path';
import { loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDependencies } from '../src/analysis/dependencies.js';
import { inheritTiers } from '../src/analysis/tiers.js';
import { assignTiers } from '../src/policy/tiers.js';
import { analyze } from '../src/scan.js';
import { fmtLoad, fmtMs, gc, median, projectRoot, runIfMain, spread, table, time, timeScans } from './common.js';
import { generate } from './generate-terraform.js';

const THIS_FILE = fileURLToPath(import.meta.url);

interface Size {
  resources: number;
  files: number;
}

function parseSizes(spec: string): Size[] {
  return spec.split(',').map((part) => {
    const [r, f] = part.split(':').map((x) => Number(x.trim()));
    if (!Number.isFinite(r) || r <= 0) throw new Error(`--sizes: bad entry '${part}' (want RESOURCES[:FILES])`);
    return { resources: r, files: Number.isFinite(f) && f > 0 ? f : Math.round(r / 20) };
  });
}

async function main(argv: string[]): Promise<number> {
  let sizes = parseSizes('1000:50,10000:500');
  let runs = 3;
  let out = join(projectRoot(THIS_FILE), 'bench', 'out');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') sizes = parseSizes(argv[++i]);
    else if (a === '--runs') runs = Math.max(1, Number(argv[++i]));
    else if (a === '--out') out = argv[++i];
    else {
      process.stdout.write('usage: node --expose-gc dist/bench/dependencies.js [--sizes 1000:50,10000:500] [--runs 3] [--out bench/out]\n');
      return a === '--help' ? 0 : 2;
    }
  }
  process.stdout.write(`machine: ${cpus().length} cores, load ${fmtLoad(loadavg())} at start; ${runs} runs per size, medians\n\n`);
  const rows: (string | number)[][] = [['resources', 'edges', 'dep. edges', 'scan ms', 'assignTiers ms', 'analysis ms', 'scan w/o analysis ms', 'analysis adds', 'analysis µs per (resource+edge)']];
  for (const size of sizes) {
    const dir = join(out, `deps-${size.resources}`);
    generate(dir, { resources: size.resources, files: size.files });
    const scans = await timeScans(dir, runs);
    const a = await analyze({ paths: [dir] });
    const analysis: number[] = [];
    const own: number[] = [];
    let depEdges = 0;
    for (let i = 0; i < runs * 3; i++) {
      gc();
      const [, full] = time(() => {
        const deps = buildDependencies(a.graph, a.policy);
        depEdges = deps.edges.length;
        return inheritTiers(a.graph, deps, assignTiers(a.graph, a.policy), a.policy);
      });
      analysis.push(full);
      gc();
      own.push(time(() => assignTiers(a.graph, a.policy))[1]);
    }
    const s = median(scans);
    const an = median(analysis);
    const base = median(own);
    const extra = Math.max(0, an - base);
    const without = s - extra;
    rows.push([
      a.graph.size,
      a.graph.edges.length,
      depEdges,
      `${fmtMs(s)} ${spread(scans)}`,
      fmtMs(base),
      `${fmtMs(an)} ${spread(analysis)}`,
      fmtMs(without),
      `${((extra / without) * 100).toFixed(1)} %`,
      ((an * 1000) / (a.graph.size + a.graph.edges.length)).toFixed(2),
    ]);
  }
  process.stdout.write(table(rows) + '\n');
  process.stdout.write(`\nload ${fmtLoad(loadavg())} at end\n`);
  return 0;
}

runIfMain(THIS_FILE, main);
