/**
 * Shard + merge cost against one run, through the CLI (in process), on the
 * moto organisation with replayed answers (moto's own service time out of
 * the figures): CPU time of one `scan --org` of every account, and of N
 * `scan --org --shard K/N` runs plus `resilint merge`. The shards repeat only
 * the organisation listing, so their total should stay within ~10 % of the
 * single run. Also checks that the merged report equals the single one apart
 * from timestamps and run costs.
 *
 * CPU is this process's (scanner and the replaying proxy alike, the same for
 * both ways), measured with process.cpuUsage(); runs are sequential.
 *
 * Run: npm run build && node dist/bench/org-shards.js [--shards 4] [--concurrency 8] [--repeat 3]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { runCli } from '../src/cli/run.js';
import type { ScanResult } from '../src/engine/result.js';
import { startMoto, useAwsEnv } from '../test/support/aws/moto-server.js';
import { FaultProxy } from '../test/support/aws/fault-proxy.js';
import { benchWorkload, freezeTaskStates, seedOrganization, seedWorkload } from '../test/support/aws/org-seed.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const REGIONS = ['ap-northeast-1', 'ap-northeast-3'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function cli(args: string[]): Promise<{ code: number; cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let err = '';
  const code = await runCli(args, { stdout: () => undefined, stderr: (t) => (err += t), color: false });
  const c = process.cpuUsage(c0);
  if (code === 2 || code === 70) throw new Error(`resilint ${args.join(' ')}: exit ${code}: ${err}`);
  return { code, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

const comparable = (file: string) => {
  const r = JSON.parse(readFileSync(file, 'utf8')) as ScanResult;
  const { startedAt: _s, finishedAt: _f, organization, ...rest } = r;
  const { apiCalls: _a, retries: _r, durationMs: _d, ...org } = organization!;
  return JSON.stringify({ ...rest, organization: org });
};

async function main(): Promise<void> {
  const shards = arg('shards', 4);
  const concurrency = arg('concurrency', 8);
  const repeat = arg('repeat', 3);
  const moto = await startMoto();
  const restoreMoto = useAwsEnv(moto.endpoint, REGIONS[0]);
  const proxy = await FaultProxy.start(moto.endpoint);
  const tmp = mkdtempSync(join(tmpdir(), 'resilint-bench-shards-'));
  try {
    await freezeTaskStates(moto.endpoint);
    const org = await seedOrganization(moto.endpoint);
    const members = org.accounts.filter((a) => /^technova-[a-z]+-(prod|staging|dev|test)-[a-z]+$/.test(a.name));
    const limit = pLimit(4);
    await Promise.all(members.map((a) => limit(async () => {
      for (const r of REGIONS) await seedWorkload(moto.endpoint, a.id, r, benchWorkload(r));
    })));
    restoreMoto();
    const restore = useAwsEnv(proxy.endpoint, REGIONS[0]);
    const base = ['scan', '--org', '--regions', REGIONS.join(','), '--ou', 'technova-*', '--concurrency', String(concurrency), '--fail-on', 'none', '-q', '--format', 'json'];
    // Warm-up with recording; every measured run replays.
    proxy.setPlan({ replay: 'record' });
    await cli([...base, '--output', join(tmp, 'warm.json')]);
    for (let k = 1; k <= shards; k++) await cli([...base, '--shard', `${k}/${shards}`, '--output', join(tmp, `warm-${k}.json`)]);
    proxy.setPlan({ replay: 'replay' });

    const single: number[] = [];
    const split: number[] = [];
    let equal = true;
    for (let i = 0; i < repeat; i++) {
      single.push((await cli([...base, '--output', join(tmp, 'single.json')])).cpuMs);
      let cpu = 0;
      const files: string[] = [];
      for (let k = 1; k <= shards; k++) {
        const file = join(tmp, `shard-${k}.json`);
        files.push(file);
        cpu += (await cli([...base, '--shard', `${k}/${shards}`, '--output', file])).cpuMs;
      }
      cpu += (await cli(['merge', ...files, '--fail-on', 'none', '--output', join(tmp, 'merged.json')])).cpuMs;
      split.push(cpu);
      equal &&= comparable(join(tmp, 'merged.json')) === comparable(join(tmp, 'single.json'));
    }
    restore();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const s = median(single);
    const m = median(split);
    process.stdout.write(
      `${members.length} accounts × ${REGIONS.length} Regions, replayed answers, concurrency ${concurrency}, median of ${repeat}\n` +
        `single run CPU:                 ${s.toFixed(0)} ms  (runs: ${single.map((x) => x.toFixed(0)).join(', ')})\n` +
        `${shards} shards + merge CPU:        ${m.toFixed(0)} ms  (runs: ${split.map((x) => x.toFixed(0)).join(', ')})\n` +
        `ratio:                          ${(m / s).toFixed(3)}  (target ≤ 1.10)\n` +
        `merged equals single (apart from timestamps and run costs): ${equal}\n`,
    );
  } finally {
    await proxy.stop();
    await moto.stop();
  }
}

await main();
