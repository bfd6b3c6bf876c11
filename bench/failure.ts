/**
 * What the failure simulation costs.
 *
 *   npm run build && npm run bench:failure
 *   node --expose-gc dist/bench/failure.js --tf 10000:500 --synthetic 100000:20 --runs 3
 *
 * 1. The generated 10k-resource Terraform corpus (generate-terraform.ts) is
 *    scanned `--runs` times (after a warm-up); on the graph of the last scan
 *    the analysis (dependencies + inherited tiers + failure simulation, as
 *    scan() runs it) and `assignTiers` alone are timed. Reported: the
 *    analysis' share of the scan without it (target ≤ 15 %).
 * 2. Synthetic graphs (no parsing): N resources in VPC slices of one fixed
 *    shape, each over 3 of Z AZs (rotating) — per AZ a public subnet with a
 *    NAT gateway, private subnets with route tables; ECS services spread over
 *    the three AZs; Aurora clusters with an instance per AZ.
 *    `simulateFailures` is timed for N and Z scaled down from the largest
 *    size; the time per domain × (resource + edge) stays flat when the
 *    simulation is linear in domains × (resources + edges). Ratios, not
 *    absolute targets.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildDependencies } from '../src/analysis/dependencies.js';
import { simulateFailures } from '../src/analysis/failure.js';
import { inheritTiers } from '../src/analysis/tiers.js';
import { GraphBuilder, type ResourceGraph } from '../src/graph/graph.js';
import type { AnyResource, Edge, ResourceKind } from '../src/graph/types.js';
import { defaultPolicy } from '../src/policy/defaults.js';
import { assignTiers } from '../src/policy/tiers.js';
import { analyze } from '../src/scan.js';
import { fmtLoad, fmtMs, gc, median, projectRoot, runIfMain, spread, table, time, timeScans } from './common.js';
import { generate } from './generate-terraform.js';

const THIS_FILE = fileURLToPath(import.meta.url);

/** A synthetic estate of about `n` resources over `azCount` AZs of one Region. */
export function syntheticGraph(n: number, azCount: number): ResourceGraph {
  const b = new GraphBuilder();
  let next = 0;
  const add = (kind: ResourceKind, props: Record<string, unknown>, tags: Record<string, string> = {}): string => {
    const id = `r${next++}`;
    b.addResource({ id, kind, type: kind, address: id, name: id, props, propOrigins: {}, attributes: {}, tags, provenance: { source: 'terraform', region: 'us-east-1', location: { file: 'main.tf', line: next, column: 1 } }, unresolved: [] } as unknown as AnyResource);
    return id;
  };
  const edge = (from: string, kind: Edge['kind'], to: string, data?: Record<string, unknown>) => b.addEdge({ from, to, kind, ...(data ? { data } : {}) });
  const azs = Array.from({ length: azCount }, (_, i) => `us-east-1-az${i}`);
  const tiers = ['critical', 'high', 'medium'];
  let slice = 0;
  while (next < n) {
    // One VPC slice of fixed shape over 3 of the AZs (rotating), so that resource density does not change with the AZ count:
    // per AZ a NAT gateway and two private subnets with a route table; 8 services over the 3 AZs; 2 clusters with an instance per AZ.
    const mine = [0, 1, 2].map((k) => azs[(slice * 3 + k) % azs.length]);
    slice++;
    const nats = mine.map((az) => {
      const pub = add('network.subnet', { availabilityZone: az });
      const nat = add('network.nat-gateway', {});
      edge(nat, 'in-subnet', pub);
      return nat;
    });
    const privates = mine.flatMap((az, i) =>
      [0, 1].map(() => {
        const s = add('network.subnet', { availabilityZone: az });
        const rt = add('network.route-table', {});
        edge(s, 'uses-route-table', rt);
        edge(rt, 'routes-via', nats[i], { destination: '0.0.0.0/0' });
        return s;
      }),
    );
    for (let k = 0; k < 8; k++) {
      const svc = add('ecs.service', { desiredCount: 3 }, { tier: tiers[k % 3] });
      for (let j = 0; j < 3; j++) edge(svc, 'in-subnet', privates[(k + j * 2) % privates.length]);
    }
    for (let k = 0; k < 2; k++) {
      const c = add('db.cluster', { engine: 'aurora-postgresql', backupRetentionDays: 7 }, { tier: tiers[k] });
      for (const az of mine) edge(add('db.instance', { engine: 'aurora-postgresql', availabilityZone: az }), 'member-of', c);
    }
  }
  return b.build();
}

function parsePair(spec: string): [number, number] {
  const [a, b] = spec.split(':').map(Number);
  return [a, b];
}

async function main(argv: string[]): Promise<number> {
  let tf: [number, number] = [10_000, 500];
  let synthetic: [number, number] = [100_000, 20];
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tf') tf = parsePair(argv[++i]);
    else if (argv[i] === '--synthetic') synthetic = parsePair(argv[++i]);
    else if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]));
    else {
      process.stdout.write('usage: node --expose-gc dist/bench/failure.js [--tf 10000:500] [--synthetic 100000:20] [--runs 3]\n');
      return argv[i] === '--help' ? 0 : 2;
    }
  }
  process.stdout.write(`machine: ${cpus().length} cores, load ${fmtLoad(loadavg())} at start; ${runs} runs, medians\n\n`);

  // 1. Share of a Terraform scan.
  const dir = join(projectRoot(THIS_FILE), 'bench', 'out', `failure-${tf[0]}`);
  generate(dir, { resources: tf[0], files: tf[1] });
  const scans = await timeScans(dir, runs);
  const a = await analyze({ paths: [dir] });
  const full: number[] = [];
  const sim: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs * 3; i++) {
    gc();
    full.push(
      time(() => {
        const dependencies = buildDependencies(a.graph, a.policy);
        const tiers = inheritTiers(a.graph, dependencies, assignTiers(a.graph, a.policy), a.policy);
        const t0 = performance.now();
        simulateFailures({ graph: a.graph, dependencies, tiers, policy: a.policy });
        sim.push(performance.now() - t0);
      })[1],
    );
    gc();
    base.push(time(() => assignTiers(a.graph, a.policy))[1]);
  }
  const s = median(scans);
  const extra = Math.max(0, median(full) - median(base));
  const without = s - extra;
  process.stdout.write(
    table([
      ['resources', 'edges', 'domains', 'scan ms', 'analysis ms (deps+tiers+simulation)', 'of which simulation ms', 'analysis adds'],
      [a.graph.size, a.graph.edges.length, a.failures.domains.length, `${fmtMs(s)} ${spread(scans)}`, `${fmtMs(median(full))} ${spread(full)}`, fmtMs(median(sim)), `${((extra / without) * 100).toFixed(1)} % of the scan without it`],
    ]) + '\n\n',
  );

  // 2. Linearity on synthetic graphs.
  const [n, z] = synthetic;
  const sizes: [number, number][] = [
    [n / 4, z],
    [n / 2, z],
    [n, z],
    [n, z / 2],
    [n, z / 4],
  ];
  const rows: (string | number)[][] = [['resources', 'AZs', 'edges', 'domains', 'impacts', 'simulation ms', 'ns per domain × (resource + edge)', 'ratio to the first']];
  let first: number | undefined;
  const policy = defaultPolicy();
  for (const [resources, azs] of sizes) {
    const g = syntheticGraph(Math.round(resources), Math.max(1, Math.round(azs)));
    const dependencies = buildDependencies(g, policy);
    const tiers = assignTiers(g, policy);
    const times: number[] = [];
    let domains = 0;
    let impacts = 0;
    for (let i = 0; i < runs; i++) {
      gc();
      const [r, ms] = time(() => simulateFailures({ graph: g, dependencies, tiers, policy }));
      times.push(ms);
      domains = r.domains.length;
      impacts = r.impacts.length;
    }
    const ms = median(times);
    const per = (ms * 1e6) / (domains * (g.size + g.edges.length));
    first ??= per;
    rows.push([g.size, azs, g.edges.length, domains, impacts, `${fmtMs(ms)} ${spread(times)}`, per.toFixed(1), (per / first).toFixed(2)]);
  }
  process.stdout.write(table(rows) + '\n');
  process.stdout.write(`\nload ${fmtLoad(loadavg())} at end\n`);
  return 0;
}

runIfMain(THIS_FILE, main);
