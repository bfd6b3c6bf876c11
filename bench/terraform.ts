/**
 * Terraform benchmark: how much a full scan costs on top of parsing alone.
 *
 *   npm run build && npm run bench            # both corpora: mixed 1k and 10k, eval 10k; 3 runs each
 *   node --expose-gc dist/bench/terraform.js --sizes 1000:50 --runs 5
 *   node --expose-gc dist/bench/terraform.js --sizes mixed:1000:50,eval:10000:500
 *
 * Two corpora (generate-terraform.ts): `mixed` (the construct mix of real
 * stacks, modules included) and `eval` (every file for_each over variables
 * with index(), interpolation and locals: evaluation-heavy).
 *
 * For each size the corpus is generated into bench/out/ (see
 * generate-terraform.ts), then every measurement runs in a fresh Node
 * process so that runs share no module cache, JIT state or heap:
 *
 *   parse  read every .tf file and `await parse(file, text)` (@cdktf/hcl2json), nothing else
 *   scan   `scan({ paths: [dir] })`, then the JSON report written to a file as the CLI writes it (in pieces)
 *
 * Each child prints one JSON line (wall ms, CPU ms of all its threads, counts,
 * peak RSS); the parent takes the median of the runs and prints a table, a
 * linearity line and the load average at the start and at the end.
 * The same file is the child entry: `terraform.js --child parse|scan <dir> [report]`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../src/engine/result.js';
import { fmtCount, fmtMiB, fmtMs, fmtX, gc, medianOf, projectRoot, runIfMain, spread, table } from './common.js';
import { generate, generateEvalHeavy, type CorpusStats } from './generate-terraform.js';

const THIS_FILE = fileURLToPath(import.meta.url);
/** Prefix of the one line a child prints for the parent. */
const RESULT_MARK = '@@resilint-bench ';

/**
 * scan: default parsing (worker threads when worth it); scan1: parsing on the main thread only;
 * scanBase (--compare-rules): default parsing with only the rules that existed before the requirement
 * catalogue's rules (BASE_RULES), to show what all the rules cost on top.
 */
type Mode = 'parse' | 'scan' | 'scan1' | 'scanBase';

/** The first seven rules (four per-resource checks and the three on the failure simulation). */
const BASE_RULES = new Set(['db-multi-az', 'db-backup-retention', 'ecs-min-tasks-per-az', 'nat-gateway-per-az', 'single-point-of-failure', 'az-failure-tolerance', 'region-failure-recovery']);

interface ChildResult {
  mode: Mode;
  /** Wall time of the measured work (after Node and module start-up). */
  ms: number;
  /** parse: time of the first file alone (includes loading the hcl2json WebAssembly module). */
  firstFileMs?: number;
  /** scan: scan() alone, and rendering + writing the JSON report. */
  scanMs?: number;
  renderMs?: number;
  /** scan: rendering every format (json, sarif, html, markdown, junit, text) of this result. */
  allFormatsMs?: number;
  /** scan: rendering every format for the result's findings replicated to 10,000 results. */
  allFormats10kMs?: number;
  files: number;
  /** parse: resource blocks in the parsed files; scan: resources in the scan result. */
  resources: number;
  findings?: number;
  byStatus?: Record<string, number>;
  inputErrors?: number;
  reportBytes?: number;
  /** Peak resident set size of the child, KiB (process.resourceUsage().maxRSS). */
  maxRssKiB: number;
  /**
   * CPU time (user + system, every thread of the child) of the measured work.
   * On a machine shared with other work, wall time swings with the load
   * while CPU time barely moves: it tells what a change saved.
   */
  cpuMs?: number;
}

type Corpus = 'mixed' | 'eval';

interface SizeSpec {
  corpus: Corpus;
  label: string;
  resources: number;
  files: number;
}

interface SizeResult {
  size: SizeSpec;
  corpus: CorpusStats;
  parse: ChildResult[];
  scan: ChildResult[];
  scan1: ChildResult[];
  scanBase: ChildResult[];
  errors: string[];
}

// ---------------------------------------------------------------------------
// Child side
// ---------------------------------------------------------------------------

/** Every `.tf` file under dir, sorted, skipping dot directories (.terraform). */
function listTfFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.tf')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function countResourceBlocks(json: Record<string, unknown>): number {
  const resources = json.resource as Record<string, Record<string, unknown[]>> | undefined;
  if (!resources) return 0;
  let n = 0;
  for (const byName of Object.values(resources)) for (const blocks of Object.values(byName)) n += Array.isArray(blocks) ? blocks.length : 1;
  return n;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function emit(result: ChildResult): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

async function childParse(dir: string): Promise<void> {
  const { parse } = await import('@cdktf/hcl2json');
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const files = listTfFiles(dir);
  let resources = 0;
  let firstFileMs: number | undefined;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    resources += countResourceBlocks(await parse(file, text));
    firstFileMs ??= performance.now() - t0;
  }
  const ms = performance.now() - t0;
  emit({ mode: 'parse', ms, cpuMs: cpuMsSince(cpu0), firstFileMs, files: files.length, resources, maxRssKiB: process.resourceUsage().maxRSS });
}

/** The result with its findings repeated (distinct addresses and fingerprints) up to `n` results. */
function replicate(result: ScanResult, n: number): ScanResult {
  const base = result.findings;
  if (base.length === 0) return result;
  const findings = Array.from({ length: n }, (_, i) => {
    const f = base[i % base.length];
    const copy = Math.floor(i / base.length);
    if (copy === 0) return f;
    const address = `${f.resource.address}#${copy}`;
    return { ...f, fingerprint: `${f.fingerprint.slice(0, 24)}${copy.toString(16).padStart(8, '0')}`, resource: { ...f.resource, id: address, address } };
  });
  return { ...result, findings };
}

async function childScan(dir: string, reportFile: string, mode: 'scan' | 'scan1' | 'scanBase'): Promise<void> {
  const { scan } = await import('../src/scan.js');
  const { renderReport, FORMATS } = await import('../reporters/index.js');
  const { builtinRules } = await import('../rules/index.js');
  const rules = mode === 'scanBase' ? builtinRules.filter((r) => BASE_RULES.has(r.id)) : builtinRules;
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await scan({ paths: [dir], parseWorkers: mode === 'scan1' ? 0 : undefined, rules });
  const t1 = performance.now();
  // Written as `resilint scan --format json --output FILE` writes it: in pieces (src/cli/output.ts).
  const { renderJsonChunks } = await import('../reporters/json.js');
  const { writeReport } = await import('../src/cli/output.js');
  await writeReport(reportFile, () => renderJsonChunks(result), {});
  const t2 = performance.now();
  const cpuMs = cpuMsSince(cpu0);
  let allFormatsMs: number | undefined;
  let allFormats10kMs: number | undefined;
  if (mode === 'scan') {
    const renderAll = (r: ScanResult): number => {
      const s = performance.now();
      for (const format of FORMATS) writeFileSync(`${reportFile}.${format}`, renderReport(r, format));
      return performance.now() - s;
    };
    allFormatsMs = renderAll(result);
    allFormats10kMs = renderAll(replicate(result, 10_000));
  }
  emit({
    mode,
    ms: t2 - t0,
    cpuMs,
    scanMs: t1 - t0,
    renderMs: t2 - t1,
    allFormatsMs,
    allFormats10kMs,
    files: result.files.length,
    resources: result.summary.resources,
    findings: result.findings.length,
    byStatus: { ...result.summary.byStatus },
    inputErrors: result.errors.length,
    reportBytes: statSync(reportFile).size,
    maxRssKiB: process.resourceUsage().maxRSS,
  });
}

// ---------------------------------------------------------------------------
// Parent side
// ---------------------------------------------------------------------------

function runChild(args: string[]): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', THIS_FILE, '--child', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code === 0 && line) {
        resolvePromise(JSON.parse(line.slice(RESULT_MARK.length)) as ChildResult);
        return;
      }
      const tail = (stderr || stdout).trim().split('\n').slice(-12).join('\n');
      reject(new Error(`child ${args[0]} exited with ${signal ?? code}${tail ? `:\n${tail}` : ''}`));
    });
  });
}

function parseSizes(spec: string): SizeSpec[] {
  return spec.split(',').map((part) => {
    const fields = part.split(':').map((x) => x.trim());
    const corpus: Corpus = fields[0] === 'eval' || fields[0] === 'mixed' ? (fields.shift() as Corpus) : 'mixed';
    const [r, f] = fields.map(Number);
    if (!Number.isFinite(r) || r <= 0) throw new Error(`--sizes: bad entry '${part}' (want [mixed:|eval:]RESOURCES[:FILES])`);
    const files = Number.isFinite(f) && f > 0 ? f : Math.round(r / 20);
    const n = r % 1000 === 0 ? `${r / 1000}k` : String(r);
    return { corpus, label: corpus === 'mixed' ? n : `eval-${n}`, resources: r, files };
  });
}

interface ParentOptions {
  sizes: SizeSpec[];
  runs: number;
  out: string;
  /** Also scan with BASE_RULES only, and report what the other rules add. */
  compareRules: boolean;
}

function parseArgs(argv: string[], root: string): ParentOptions {
  const opts: ParentOptions = { sizes: parseSizes('mixed:1000:50,mixed:10000:500,eval:10000:500'), runs: 3, out: join(root, 'bench', 'out'), compareRules: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') opts.sizes = parseSizes(value());
    else if (a === '--runs') opts.runs = Math.max(1, Number.parseInt(value(), 10) || 1);
    else if (a === '--out') opts.out = resolve(value());
    else if (a === '--compare-rules') opts.compareRules = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node --expose-gc dist/bench/terraform.js [--sizes mixed:1000:50,mixed:10000:500,eval:10000:500] [--runs 3] [--out bench/out] [--compare-rules]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

function report(results: SizeResult[], runs: number): string {
  const rows: string[][] = [
    ['size', 'files', 'resources', 'graph res.', 'findings', 'parse ms', 'scan ms', 'scan/parse', 'scan 1-thread ms', '1-thread/parse', 'CPU parse / scan ms', 'CPU scan/parse', 'parse MiB', 'scan MiB'],
  ];
  for (const r of results) {
    const parseMs = medianOf(r.parse, (x) => x.ms);
    const scanMs = medianOf(r.scan, (x) => x.ms);
    const parseCpu = medianOf(r.parse, (x) => x.cpuMs);
    const scanCpu = medianOf(r.scan, (x) => x.cpuMs);
    rows.push([
      r.size.label,
      String(r.corpus.tfFiles),
      String(r.corpus.resourceInstances),
      fmtCount(medianOf(r.scan, (x) => x.resources)),
      fmtCount(medianOf(r.scan, (x) => x.findings)),
      fmtMs(parseMs),
      fmtMs(scanMs),
      fmtX(parseMs && scanMs !== undefined ? scanMs / parseMs : undefined),
      fmtMs(medianOf(r.scan1, (x) => x.ms)),
      fmtX(parseMs ? (medianOf(r.scan1, (x) => x.ms) ?? NaN) / parseMs : undefined),
      `${fmtMs(parseCpu)} / ${fmtMs(scanCpu)}`,
      fmtX(parseCpu && scanCpu !== undefined ? scanCpu / parseCpu : undefined),
      fmtMiB(medianOf(r.parse, (x) => x.maxRssKiB)),
      fmtMiB(medianOf(r.scan, (x) => x.maxRssKiB)),
    ]);
  }
  const withBase = results.filter((r) => r.scanBase.length > 0);
  const baseLines = withBase.map((r) => {
    const parseMs = medianOf(r.parse, (x) => x.ms);
    const all = medianOf(r.scan, (x) => x.ms);
    const base = medianOf(r.scanBase, (x) => x.ms);
    const allCpu = medianOf(r.scan, (x) => x.cpuMs);
    const baseCpu = medianOf(r.scanBase, (x) => x.cpuMs);
    const growth = (a: number | undefined, b: number | undefined): string => (a !== undefined && b ? `${(((a - b) / b) * 100).toFixed(1)} %` : 'n/a');
    return (
      `${r.size.label}: ${BASE_RULES.size} rules ${fmtMs(base)} ms (scan/parse ${fmtX(parseMs && base !== undefined ? base / parseMs : undefined)}, ${fmtCount(medianOf(r.scanBase, (x) => x.findings))} results), ` +
      `all rules ${fmtMs(all)} ms (scan/parse ${fmtX(parseMs && all !== undefined ? all / parseMs : undefined)}, ${fmtCount(medianOf(r.scan, (x) => x.findings))} results): ` +
      `ratio grows ${growth(all, base)} (wall), ${growth(allCpu, baseCpu)} (CPU ${fmtMs(baseCpu)} → ${fmtMs(allCpu)} ms)`
    );
  });
  const lines = [`median of ${runs} run(s), each in a fresh node process; files = .tf files, resources = generated resource instances (eval-*: normalized resources)`, '', table(rows)];

  const detail = results
    .map((r) => {
      const first = medianOf(r.parse, (x) => x.firstFileMs);
      const scanOnly = medianOf(r.scan, (x) => x.scanMs);
      const render = medianOf(r.scan, (x) => x.renderMs);
      const errs = medianOf(r.scan, (x) => x.inputErrors);
      const all = medianOf(r.scan, (x) => x.allFormatsMs);
      const all10k = medianOf(r.scan, (x) => x.allFormats10kMs);
      const pct = (v: number | undefined) => (v !== undefined && scanOnly ? `${((100 * v) / scanOnly).toFixed(0)} % of scan()` : 'n/a');
      return (
        `${r.size.label}: runs parse ${spread(r.parse.map((x) => x.ms))} ms, scan ${spread(r.scan.map((x) => x.ms))} ms, scan 1-thread ${spread(r.scan1.map((x) => x.ms))} ms; first parse ${fmtMs(first)} ms (WebAssembly start-up); ` +
        `scan() ${fmtMs(scanOnly)} ms + JSON report ${fmtMs(render)} ms; input errors ${fmtCount(errs)}\n` +
        `    all 6 formats: ${fmtMs(all)} ms for ${fmtCount(medianOf(r.scan, (x) => x.findings))} results (${pct(all)}); for 10,000 results ${fmtMs(all10k)} ms (${pct(all10k)})`
      );
    })
    .join('\n');
  lines.push('', detail);
  if (baseLines.length) lines.push('', `rules: the first ${BASE_RULES.size} rules against all of them (--compare-rules; target: ratio grows ≤ 10 %)`, ...baseLines);

  const mixed = results.filter((r) => r.size.corpus === 'mixed');
  if (mixed.length >= 2) {
    const small = mixed[0];
    const big = mixed[mixed.length - 1];
    const resRatio = big.corpus.resourceInstances / small.corpus.resourceInstances;
    const ratio = (pick: (x: ChildResult) => number, list: (r: SizeResult) => ChildResult[]): number | undefined => {
      const a = medianOf(list(small), pick);
      const b = medianOf(list(big), pick);
      return a !== undefined && b !== undefined && a > 0 ? b / a : undefined;
    };
    const parseRatio = ratio((x) => x.ms, (r) => r.parse);
    const scanRatio = ratio((x) => x.ms, (r) => r.scan);
    const verdict =
      scanRatio === undefined ? 'full scan not measured' : scanRatio <= resRatio * 1.15 ? 'full scan grows linearly or better' : 'full scan grows faster than linearly';
    lines.push(
      '',
      `linearity ${big.size.label} vs ${small.size.label} (${fmtX(resRatio)} resources): parse ${fmtX(parseRatio)}, full scan ${fmtX(scanRatio)} (linear = ${fmtX(resRatio)}; below it, fixed start-up cost is being amortised) → ${verdict}`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--child') {
    const [, mode, dir, reportFile] = argv;
    if (mode === 'parse') await childParse(dir);
    else if (mode === 'scan' || mode === 'scan1' || mode === 'scanBase') await childScan(dir, reportFile, mode);
    else throw new Error(`unknown child mode ${mode}`);
    return 0;
  }

  const root = projectRoot(THIS_FILE);
  const opts = parseArgs(argv, root);
  mkdirSync(opts.out, { recursive: true });
  const reportsDir = join(opts.out, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(`node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  const load = loadavg()[0];
  log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the start`);
  if (load > cpus().length / 2) log(`warning: load average ${load.toFixed(1)} on ${cpus().length} CPU(s): other processes compete for the CPU, expect noisy numbers`);

  const results: SizeResult[] = [];
  for (const size of opts.sizes) {
    const dir = join(opts.out, `terraform-${size.label}`);
    const t0 = performance.now();
    const corpus = (size.corpus === 'eval' ? generateEvalHeavy : generate)(dir, { resources: size.resources, files: size.files });
    log(
      `${size.label}: generated ${corpus.tfFiles} .tf files (${corpus.files} files), ${corpus.resourceInstances} resource instances, ` +
        `${corpus.stacks} stacks, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB in ${(performance.now() - t0).toFixed(0)} ms → ${relative(process.cwd(), dir) || '.'}`,
    );
    const res: SizeResult = { size, corpus, parse: [], scan: [], scan1: [], scanBase: [], errors: [] };
    for (let run = 1; run <= opts.runs; run++) {
      // Alternate the two measurements so that drift of the machine hits both alike.
      for (const mode of ['parse', 'scan', 'scan1', ...(opts.compareRules ? (['scanBase'] as const) : [])] as const) {
        const args = mode === 'parse' ? ['parse', dir] : [mode, dir, join(reportsDir, `terraform-${size.label}-run${run}-${mode}.json`)];
        try {
          const r = await runChild(args);
          res[mode].push(r);
          log(`  run ${run} ${mode}: ${fmtMs(r.ms)} ms, ${fmtMiB(r.maxRssKiB)} MiB peak RSS, ${r.resources} resources${r.findings !== undefined ? `, ${r.findings} findings` : ''}`);
        } catch (e) {
          const msg = `${size.label} run ${run} ${mode}: ${(e as Error).message}`;
          res.errors.push(msg);
          log(`  ${msg}`);
        }
      }
    }
    results.push(res);
  }

  const text = `${report(results, opts.runs)}\n\nload average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`;
  process.stdout.write(`\n${text}\n`);
  const summaryFile = join(opts.out, 'terraform-results.json');
  writeFileSync(summaryFile, `${JSON.stringify({ node: process.version, cpus: cpus().length, loadavg: loadavg(), runs: opts.runs, results }, null, 2)}\n`);
  log(`\nraw results: ${relative(process.cwd(), summaryFile)}`);
  const failed = results.flatMap((r) => r.errors);
  if (failed.length) {
    log(`${failed.length} measurement(s) failed`);
    return 1;
  }
  return 0;
}

runIfMain(THIS_FILE, main);
