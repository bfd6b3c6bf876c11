/**
 * Organisation scan benchmark on moto_server.
 *
 * Seeds 120 `technova-*` accounts × 2 Regions, each with a small workload
 * (VPC, subnets, NAT gateway, route tables, ECS cluster + service + tasks +
 * scaling target, Aurora cluster with two instances), then:
 *
 * 1. scans all 120 accounts × 2 Regions through a pass-through proxy:
 *    API calls, calls per account × Region, wall time, peak memory;
 * 2. the same with 50 ms added to every call by the proxy, and the ratio
 *    wall time / (total call latency ÷ concurrency) — 1.0 means the
 *    concurrency hides the latency perfectly; the target is ≤ 1.3;
 * 3. wall time at 30, 60, 90 and 120 accounts (with the 50 ms latency).
 *
 * Run: npm run build && node --expose-gc dist/bench/org.js [--concurrency 8] [--latency 50] [--repeat 1]
 */
import pLimit from 'p-limit';
import { scanOrganizationDetailed, type OrgScanDetails, type OrgScanOptions } from '../src/sources/aws/index.js';
import { table } from './common.js';
import { startMoto, useAwsEnv } from '../test/support/aws/moto-server.js';
import { FaultProxy } from '../test/support/aws/fault-proxy.js';
import { benchWorkload, freezeTaskStates, seedOrganization, seedWorkload } from '../test/support/aws/org-seed.js';

// The SDK's notice that releases after January 2027 need Node 22 is read when a client is built; keep it out of the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const REGIONS = ['ap-northeast-1', 'ap-northeast-3'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

interface Run {
  label: string;
  accounts: number;
  details: OrgScanDetails;
  wallMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  latencyMs: number;
}

let REPEAT = 1;

/** The fastest of REPEAT runs (the machine may be shared; the fastest run is the least disturbed). */
async function measure(label: string, accounts: string[], concurrency: number, latencyMs: number, proxy: FaultProxy, replay?: 'record' | 'replay', extra: Partial<OrgScanOptions> = {}): Promise<Run> {
  let best: Run | undefined;
  for (let i = 0; i < REPEAT; i++) {
    const r = await measureOnce(label, accounts, concurrency, latencyMs, proxy, replay, extra);
    if (!best || r.wallMs < best.wallMs) best = r;
  }
  return best!;
}

async function measureOnce(label: string, accounts: string[], concurrency: number, latencyMs: number, proxy: FaultProxy, replay?: 'record' | 'replay', extra: Partial<OrgScanOptions> = {}): Promise<Run> {
  proxy.setPlan({ latencyMs, replay });
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const t0 = performance.now();
  const details = await scanOrganizationDetailed({ regions: REGIONS, accounts, concurrency, clientConfig: { endpoint: proxy.endpoint }, ...extra });
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  sample();
  if (details.output.coverage.length) throw new Error(`${label}: unexpected coverage gaps ${JSON.stringify(details.output.coverage)}`);
  return { label, accounts: accounts.length, details, wallMs, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20, latencyMs };
}

async function main(): Promise<void> {
  const concurrency = arg('concurrency', 8);
  const latency = arg('latency', 50);
  REPEAT = arg('repeat', 1);
  const moto = await startMoto();
  const restore = useAwsEnv(moto.endpoint, REGIONS[0]);
  const proxy = await FaultProxy.start(moto.endpoint);
  try {
    let t = performance.now();
    await freezeTaskStates(moto.endpoint);
    const org = await seedOrganization(moto.endpoint);
    const members = org.accounts.filter((a) => /^technova-[a-z]+-(prod|staging|dev|test)-[a-z]+$/.test(a.name));
    const limit = pLimit(4);
    await Promise.all(members.map((a) => limit(async () => {
      for (const r of REGIONS) await seedWorkload(moto.endpoint, a.id, r, benchWorkload(r));
    })));
    process.stderr.write(`seeded ${members.length} accounts × ${REGIONS.length} Regions in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const names = members.map((a) => a.name);

    // Warm-up (moto builds each account's backends on first use; not part of any measurement); the proxy records the answers.
    t = performance.now();
    await measureOnce('warm-up', names, concurrency, 0, proxy, 'record');
    process.stderr.write(`warm-up scan ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    const runs: Run[] = [];
    runs.push(await measure('moto, no added latency', names, concurrency, 0, proxy));
    runs.push(await measure(`moto, +${latency} ms per call`, names, concurrency, latency, proxy));
    // Replayed answers: the only latency left is the injected one (moto's single Python process otherwise adds 20–40 ms per call under load).
    runs.push(await measure('replayed, no added latency', names, concurrency, 0, proxy, 'replay'));
    // Diagnostic: without the client-side rate limits (the Organizations limit of 10/s bounds the tag reads above), what is left is the scanner's own CPU time.
    const unlimited = { perSecond: 1e6, burst: 1e6 };
    const noLimits = { rateLimits: { organizations: unlimited, sts: unlimited, ecs: unlimited, rds: unlimited, ec2: unlimited, 'application-autoscaling': unlimited, config: unlimited } };
    runs.push(await measure('replayed, no latency, no rate limits', names, concurrency, 0, proxy, 'replay', noLimits));
    runs.push(await measure(`replayed, +${latency} ms per call`, names, concurrency, latency, proxy, 'replay'));
    const scaling: Run[] = [];
    for (const n of [30, 60, 90, 120]) scaling.push(await measure(`replayed, ${n} accounts, +${latency} ms`, names.slice(0, n), concurrency, latency, proxy, 'replay'));
    process.stderr.write(`answers replayed: ${proxy.replayed}\n`);

    const rows: (string | number)[][] = [['run', 'accounts', 'units', 'API calls', 'calls/unit', 'wall s', 'busy s', 'ratio (injected)', 'ratio (measured)', 'max in flight', 'peak RSS MB', 'peak heap MB']];
    for (const r of [...runs, ...scaling]) {
      const s = r.details.stats;
      const units = r.details.units;
      const injected = (s.attempts * r.latencyMs) / concurrency;
      rows.push([
        r.label,
        r.accounts,
        units,
        s.calls,
        (s.calls / units).toFixed(1),
        (r.wallMs / 1000).toFixed(2),
        (s.busyMs / 1000).toFixed(1),
        r.latencyMs ? (r.wallMs / injected).toFixed(2) : '-',
        (r.wallMs / (s.busyMs / concurrency)).toFixed(2),
        s.maxInFlight,
        r.peakRssMb.toFixed(0),
        r.peakHeapMb.toFixed(0),
      ]);
    }
    const per = runs[0].details.stats.toJSON().byAction;
    const byAction = Object.entries(per).map(([a, v]) => [a, v.calls, (v.calls / runs[0].details.units).toFixed(2)]);
    const base = scaling[0];
    const growth = scaling.map((r) => [r.label, r.accounts, (r.wallMs / 1000).toFixed(2), (r.wallMs / base.wallMs).toFixed(2), (r.accounts / base.accounts).toFixed(1), ((r.wallMs / r.details.units) * concurrency).toFixed(0)]);
    const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ');
    process.stdout.write(`\nresilint organisation scan benchmark — moto_server ${moto.endpoint}, concurrency ${concurrency}, Regions ${REGIONS.join(', ')}, fastest of ${REPEAT}, load average ${load}\n\n`);
    process.stdout.write(`${table(rows)}\n\n`);
    process.stdout.write('ratio (injected) = wall / (attempts × added latency ÷ concurrency); ratio (measured) = wall / (Σ attempt durations ÷ concurrency)\n\n');
    process.stdout.write(`${table([['wall time growth', 'accounts', 'wall s', '× of 30', 'accounts ×', 'ms per unit per slot'], ...growth])}\n\n`);
    process.stdout.write(`${table([['calls by action (no added latency run)', 'calls', 'per unit'], ...byAction])}\n`);
  } finally {
    restore();
    await proxy.stop();
    await moto.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
