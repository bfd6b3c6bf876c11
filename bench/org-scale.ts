/**
 * Organisation audit at scale, through the built CLI (a child process per
 * run, its peak RSS from process.resourceUsage()):
 *
 * 1. Memory: `resilint scan --org` of 120, 1,200 and 12,000 synthetic
 *    accounts (bench/synthetic-org.ts: every account answers what one
 *    moto-seeded template account answered; no moto at that size). Peak RSS
 *    against results kept and bytes of API answers read: memory should grow
 *    with the results, not with what was read.
 * 2. Latency: 120 accounts × 2 Regions with +50 ms on every call,
 *    concurrency 8: wall / (calls × latency ÷ concurrency), target ≤ 1.3.
 *    Also calls per account × Region.
 *
 * Run: npm run build && npm run build:bench && node dist/bench/org-scale.js [--sizes 120,1200,12000] [--regions 2] [--pad-kib 0,64] [--latency 50] [--concurrency 8] [--memory-concurrency 32] [--no-latency] [--cpu-prof] [--heap-prof]
 * (--regions: how many of the two bench Regions every size scans — keep it the
 * same for every size so the series compares; --no-latency: memory runs only;
 * --cpu-prof / --heap-prof: a V8 CPU or sampling heap profile of each CLI
 * run in bench/out/profiles/; --pad-kib: every size is scanned once per
 * value, every replayed answer padded with that many KiB the scanner reads
 * and drops — same results, more bytes read, which separates memory that
 * follows the results kept from memory that follows the bytes read; a padded
 * row says whether its findings and coverage are line for line those of the
 * first value's run).
 * Each memory row is also written to stderr as soon as its run ends, so a
 * long series can be followed from a log.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scanOrganizationDetailed } from '../src/sources/aws/index.js';
import { table } from './common.js';
import { FaultProxy } from '../test/support/aws/fault-proxy.js';
import { MOTO_ACCOUNT, startMoto, useAwsEnv } from '../test/support/aws/moto-server.js';
import { benchWorkload, freezeTaskStates, seedOrganization, seedWorkload } from '../test/support/aws/org-seed.js';
import { SyntheticOrg } from './synthetic-org.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const REGIONS = ['ap-northeast-1', 'ap-northeast-3'].slice(0, Number(arg('regions', '2')));
const CLI = resolve('dist/src/cli/main.js');
const RSS_HOOK = resolve('bench/rss-hook.mjs');

interface CliRun {
  code: number | null;
  wallMs: number;
  rssMiB: number;
  /** CPU time of the CLI process (user + system), seconds. */
  cpuS: number;
  /** One-minute load average when the run ended. */
  load: number;
  stderr: string;
}

function runCli(args: string[], endpoint: string, dir: string): Promise<CliRun> {
  const id = process.hrtime.bigint();
  const rssFile = join(dir, `rss-${id}`);
  const cpuFile = join(dir, `cpu-${id}`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGIONS[0],
    AWS_DEFAULT_REGION: REGIONS[0],
    AWS_EC2_METADATA_DISABLED: 'true',
    RESILINT_RSS_FILE: rssFile,
    RESILINT_CPU_FILE: cpuFile,
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const profile = [
      ...(process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', resolve('bench/out/profiles')] : []),
      // Sampled allocations still live when the CLI exits: what the kept model is made of.
      ...(process.argv.includes('--heap-prof') ? ['--heap-prof', '--heap-prof-dir', resolve('bench/out/profiles')] : []),
    ];
    const child = spawn(process.execPath, [...profile, '--import', RSS_HOOK, CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      let rssMiB = NaN;
      let cpuS = NaN;
      try {
        rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
        const cpu = JSON.parse(readFileSync(cpuFile, 'utf8')) as { userUs: number; systemUs: number };
        cpuS = (cpu.userUs + cpu.systemUs) / 1e6;
      } catch {
        /* the child died before its exit hook */
      }
      done({ code, wallMs, rssMiB, cpuS, load: loadavg()[0], stderr });
    });
  });
}

/**
 * Counts in the JSON report without parsing it whole: at 12,000 accounts the
 * report is ~740 MiB, past V8's longest string. The report is
 * JSON.stringify(…, null, 2) text, so a member of a top-level array or object
 * is a line at indent 4, and a member of summary.byAccount one at indent 6.
 */
async function summary(file: string): Promise<{ results: number; resources: number; accounts: number; coverage: number; bytes: number; digest: string }> {
  const counts = { results: 0, resources: NaN, accounts: 0, coverage: 0, bytes: statSync(file).size, digest: '' };
  // The findings and coverage lines, sorted (the report's order may follow answer timing): equal digests, same results and gaps.
  const kept: string[] = [];
  let top = '';
  let inByAccount = false;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) {
    const key = /^ {2}"([^"]+)": /.exec(line);
    if (key) {
      top = key[1];
      continue;
    }
    if (top === 'findings' || top === 'coverage') kept.push(line);
    if (top === 'findings' && line.startsWith('    {')) counts.results++;
    else if (top === 'coverage' && line.startsWith('    {')) counts.coverage++;
    else if (top === 'summary') {
      const resources = /^ {4}"resources": (\d+)/.exec(line);
      if (resources) counts.resources = Number(resources[1]);
      if (/^ {4}"/.test(line)) inByAccount = line.startsWith('    "byAccount": {');
      else if (inByAccount && /^ {6}"/.test(line)) counts.accounts++;
    }
  }
  const hash = createHash('sha256');
  for (const line of kept.sort()) hash.update(`${line}\n`);
  counts.digest = hash.digest('hex');
  return counts;
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '120,1200,12000').split(',').map(Number);
  const pads = arg('pad-kib', '0').split(',').map(Number);
  const latency = Number(arg('latency', '50'));
  const concurrency = Number(arg('concurrency', '8'));
  const memoryConcurrency = Number(arg('memory-concurrency', '32'));
  const dir = mkdtempSync(join(tmpdir(), 'resilint-org-scale-'));
  const moto = await startMoto();
  const restore = useAwsEnv(moto.endpoint, REGIONS[0]);
  let synth: SyntheticOrg | undefined;
  // Between moto and the synthetic endpoint, the fault proxy (no faults) answers what moto lacks (MemoryDB outside its Regions, Serverless caches).
  const proxy = await FaultProxy.start(moto.endpoint);
  try {
    await freezeTaskStates(moto.endpoint);
    const org = await seedOrganization(moto.endpoint);
    const template = org.byName('technova-sales-prod-app');
    for (const r of REGIONS) await seedWorkload(moto.endpoint, template.id, r, benchWorkload(r));
    synth = await SyntheticOrg.start({ upstream: proxy.endpoint, templateAccount: template.id, managementAccount: MOTO_ACCOUNT });
    // At least two recording scans: moto creates the account's backends on first use, and the second answers are what a settled
    // account gives. More while a scan still adds answers: a call moto failed (a loaded machine) is not recorded, and every
    // synthetic account would then miss it.
    for (let i = 0, before = -1; i < 6 && (i < 2 || synth.recordedAnswers() !== before); i++) {
      before = synth.recordedAnswers();
      await scanOrganizationDetailed({ regions: REGIONS, accounts: [template.name], concurrency, clientConfig: { endpoint: synth.endpoint } });
    }
    process.stderr.write(`recorded ${synth.recordedAnswers()} answers of ${template.name}\n`);
    synth.mode = 'replay';

    const memHeader = ['accounts', 'Regions', 'padding KiB per answer', 'same findings and coverage as unpadded', 'API calls', 'calls per account-Region', 'answers read MiB', 'results', 'resources', 'report MiB', 'peak RSS MiB', 'RSS per 1k results MiB', 'RSS growth per 1k results MiB', 'CPU s', 'CPU ms per account-Region', 'wall s', 'load (1 min)', 'exit', 'misses'];
    const memRows: (string | number)[][] = [memHeader];
    const previous = new Map<number, { results: number; rssMiB: number }>();
    for (const n of sizes) {
      let first: string | undefined;
      for (const padKib of pads) {
        synth.setAccounts(n);
        synth.latencyMs = 0;
        synth.padBytes = padKib * 1024;
        const [req0, bytes0, miss0] = [synth.requests, synth.bytesServed, synth.misses];
        const out = join(dir, `org-${n}.json`);
        // Progress of a long run, against the calls per account-Region of the template (43 with every collector).
        const t0 = Date.now();
        const progress = setInterval(() => {
          process.stderr.write(`  ${n} accounts: ${synth!.requests - req0} calls after ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${loadavg()[0].toFixed(1)}\n`);
        }, 60_000);
        const run = await runCli(['scan', '--org', '--regions', REGIONS.join(','), '--concurrency', String(memoryConcurrency), '--format', 'json', '--output', out, '--fail-on', 'none'], synth.endpoint, dir);
        clearInterval(progress);
        if (run.code !== 0 && run.code !== 1) throw new Error(`${n} accounts: exit ${run.code}: ${run.stderr}`);
        const s = await summary(out);
        rmSync(out, { force: true });
        const units = n * REGIONS.length;
        const calls = synth.requests - req0;
        // Growth between consecutive sizes at the same padding: the slope that says whether memory follows the results kept.
        const before = previous.get(padKib);
        const growth = before ? (((run.rssMiB - before.rssMiB) / (s.results - before.results)) * 1000).toFixed(1) : '–';
        previous.set(padKib, { results: s.results, rssMiB: run.rssMiB });
        first ??= s.digest;
        const row = [
          n,
          REGIONS.length,
          padKib,
          padKib === pads[0] ? '–' : s.digest === first ? 'yes' : 'NO',
          calls,
          (calls / units).toFixed(1),
          ((synth.bytesServed - bytes0) / 2 ** 20).toFixed(1),
          s.results,
          s.resources,
          (s.bytes / 2 ** 20).toFixed(1),
          run.rssMiB.toFixed(0),
          ((run.rssMiB / s.results) * 1000).toFixed(1),
          growth,
          run.cpuS.toFixed(1),
          ((run.cpuS / units) * 1000).toFixed(0),
          (run.wallMs / 1000).toFixed(1),
          run.load.toFixed(1),
          run.code ?? 'signal',
          synth.misses - miss0,
        ];
        memRows.push(row);
        if (synth.missed.size) process.stderr.write(`  not in the recording: ${[...synth.missed].map(([a, k]) => `${a} ×${k}`).join(', ')}\n`);
        process.stderr.write(`${memHeader.map((h, i) => `${h}: ${row[i]}`).join(', ')}\n`);
      }
    }
    const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
    process.stdout.write(`\nresilint organisation audit at scale — through the CLI, synthetic accounts answering as one moto-seeded account\n\n`);
    process.stdout.write(`Peak memory (concurrency ${memoryConcurrency}, no added latency; load average ${load()} at the end)\n\n${table(memRows)}\n\n`);
    if (process.argv.includes('--no-latency')) return;

    // Latency hiding through the CLI: 120 accounts × 2 Regions, +latency ms per call.
    synth.setAccounts(120);
    synth.latencyMs = latency;
    synth.padBytes = 0;
    const [req0, miss0] = [synth.requests, synth.misses];
    const out = join(dir, 'org-latency.json');
    const run = await runCli(['scan', '--org', '--regions', REGIONS.join(','), '--concurrency', String(concurrency), '--format', 'json', '--output', out, '--fail-on', 'none'], synth.endpoint, dir);
    if (run.code !== 0 && run.code !== 1) throw new Error(`latency run: exit ${run.code}: ${run.stderr}`);
    const calls = synth.requests - req0;
    const ideal = (calls * latency) / concurrency;
    const units = 120 * REGIONS.length;
    const latencyRows = [
      ['accounts', 'units', 'API calls', 'calls per account-Region', 'added latency', 'concurrency', 'wall s', 'calls × latency ÷ concurrency s', 'ratio', 'misses'],
      [120, units, calls, (calls / units).toFixed(1), `${latency} ms`, concurrency, (run.wallMs / 1000).toFixed(1), (ideal / 1000).toFixed(1), (run.wallMs / ideal).toFixed(2), synth.misses - miss0],
    ];
    process.stdout.write(`Latency hiding (target ratio ≤ 1.3; wall includes Node start-up and the organisation listing; load average ${load()})\n\n${table(latencyRows)}\n`);
  } finally {
    restore();
    await synth?.stop();
    await proxy.stop();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
