/**
 * Sources benchmark: a full scan of each input form at 10,000 resources, and
 * cfn-lint against `resilint scan` on one 1,000-resource template.
 *
 *   npm run build && node --expose-gc dist/bench/sources.js
 *   node --expose-gc dist/bench/sources.js --runs 5 --corpora cfn-yaml-10k,plan-10k --skip-cfn-lint
 *
 * Corpora (generated into bench/out/sources/<name>/, deterministic):
 *
 *   cfn-yaml-10k    10,000 resources in 50 CloudFormation YAML root templates (+ a nested template)
 *   cfn-json-10k    the same stacks as JSON
 *   plan-10k        one `terraform show -json` plan of 10,000 resource instances (about 42 MiB)
 *   cfn-yaml-1k-1   one YAML template of 1,000 resources (over CloudFormation's 500 limit on purpose)
 *   terraform-10k   (not by default) the Terraform HCL corpus of terraform.ts, for reference
 *
 * Every scan runs in a fresh `node --expose-gc` child (no shared module
 * cache, JIT state or heap): `scan({ paths: [corpus] })`, then
 * `renderReport(result, 'json')` written to bench/out/sources/reports/. The
 * corpora alternate within each run so that drift of the machine hits all
 * of them alike; the table shows the median of `--runs` (default 3).
 *
 * Then the CLI comparison on cfn-yaml-1k-1: `node dist/src/cli/main.js scan
 * <template> -f json -o <out> --fail-on none` (`--runs` times, wall time
 * including Node start-up) and `cfn-lint --format json <template>` once
 * (wall time, exit code, findings by level), and the ratio.
 *
 * The same file is the child entry: `sources.js --child scan <path> <report>`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmtCount, fmtLoad, fmtMiB, fmtMs, fmtX, gc, medianOf, projectRoot, runIfMain, spread, table } from './common.js';
import { generate as generateCloudFormation } from './generate-cloudformation.js';
import { generate as generatePlan } from './generate-plan.js';
import { generate as generateTerraform } from './generate-terraform.js';

const THIS_FILE = fileURLToPath(import.meta.url);
/** Prefix of the one line a child prints for the parent. */
const RESULT_MARK = '@@resilint-bench ';

interface ChildResult {
  /** scan() + JSON report rendered and written (after Node and module start-up). */
  ms: number;
  scanMs: number;
  renderMs: number;
  sources: string[];
  files: number;
  /** summary.resources: resources in the graph (normalized kinds only). */
  resources: number;
  findings: number;
  byStatus: Record<string, number>;
  inputErrors: number;
  /** The first input errors, verbatim (`file:line:col kind: message`). */
  errorSamples: string[];
  coverageGaps: number;
  reportBytes: number;
  /** Peak resident set size of the child, KiB. */
  maxRssKiB: number;
}

// ---------------------------------------------------------------------------
// Child side
// ---------------------------------------------------------------------------

async function childScan(path: string, reportFile: string): Promise<void> {
  const { scan } = await import('../src/scan.js');
  const { renderReport } = await import('../reporters/index.js');
  gc();
  const t0 = performance.now();
  const result = await scan({ paths: [path] });
  const t1 = performance.now();
  const report = await renderReport(result, 'json');
  writeFileSync(reportFile, report);
  const t2 = performance.now();
  const out: ChildResult = {
    ms: t2 - t0,
    scanMs: t1 - t0,
    renderMs: t2 - t1,
    sources: result.sources,
    files: result.files.length,
    resources: result.summary.resources,
    findings: result.findings.length,
    byStatus: { ...result.summary.byStatus },
    inputErrors: result.errors.length,
    errorSamples: result.errors.slice(0, 5).map((e) => `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''} ${e.kind}: ${e.message}`),
    coverageGaps: result.coverage.length,
    reportBytes: Buffer.byteLength(report),
    maxRssKiB: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(out)}\n`);
}

// ---------------------------------------------------------------------------
// Parent side
// ---------------------------------------------------------------------------

interface Exec {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** spawn failed (ENOENT: not installed). */
  error?: NodeJS.ErrnoException;
}

/** Process groups of the commands running now (started detached), ended with us on Ctrl-C. */
const running = new Set<number>();
let onSignal: ((signal: NodeJS.Signals) => void) | undefined;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Run a command, wall time from spawn to exit; on timeout kill its process group (it is started detached, so a shim's children go too). */
function exec(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Exec> {
  if (!onSignal) {
    onSignal = (signal) => {
      for (const pid of running) killGroup(pid);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid) running.add(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (e: Omit<Exec, 'ms' | 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      if (child.pid) running.delete(child.pid);
      if (timer) clearTimeout(timer);
      resolvePromise({ ...e, ms: performance.now() - t0, stdout, stderr, timedOut });
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid) killGroup(child.pid);
        }, opts.timeoutMs)
      : undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (error: NodeJS.ErrnoException) => finish({ code: null, signal: null, error }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}

async function runChild(path: string, reportFile: string): Promise<ChildResult> {
  const r = await exec(process.execPath, ['--expose-gc', THIS_FILE, '--child', 'scan', path, reportFile]);
  const line = r.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (r.code === 0 && line) return JSON.parse(line.slice(RESULT_MARK.length)) as ChildResult;
  const tail = (r.stderr || r.stdout).trim().split('\n').slice(-12).join('\n');
  throw new Error(`child scan ${path} exited with ${r.signal ?? r.code ?? r.error?.message}${tail ? `:\n${tail}` : ''}`);
}

// ---------------------------------------------------------------------------
// Corpora
// ---------------------------------------------------------------------------

interface Corpus {
  name: string;
  /** What scan() is given: a directory or a file. */
  path: string;
  /** Resources the generator wrote (CloudFormation: across stacks incl. nested; plan: planned instances; Terraform: instances). */
  resources: number;
  /** Files the generator wrote. */
  files: number;
  bytes: number;
  note: string;
}

const CORPORA: Record<string, (dir: string) => Corpus> = {
  'cfn-yaml-10k': (dir) => {
    const s = generateCloudFormation(dir, { resources: 10_000, files: 50, format: 'yaml' });
    return { name: 'cfn-yaml-10k', path: dir, resources: s.resources, files: s.files, bytes: s.bytes, note: `${s.rootTemplates.length} root + ${s.nestedTemplates} nested template(s), ${s.nestedStackInstances} nested stacks, ${s.notDeployed} not deployed (condition false)` };
  },
  'cfn-json-10k': (dir) => {
    const s = generateCloudFormation(dir, { resources: 10_000, files: 50, format: 'json' });
    return { name: 'cfn-json-10k', path: dir, resources: s.resources, files: s.files, bytes: s.bytes, note: `${s.rootTemplates.length} root + ${s.nestedTemplates} nested template(s), ${s.nestedStackInstances} nested stacks, ${s.notDeployed} not deployed (condition false)` };
  },
  'plan-10k': (dir) => {
    const s = generatePlan(dir, { resources: 10_000 });
    return { name: 'plan-10k', path: dir, resources: s.resources, files: 1, bytes: s.bytes, note: `${s.workloads} workload modules, ${s.moduleInstances} module instances, ${s.resourceChanges} resource_changes (${s.deletes} deletes)` };
  },
  'cfn-yaml-1k-1': (dir) => {
    const s = generateCloudFormation(dir, { resources: 1000, files: 1, format: 'yaml' });
    return { name: 'cfn-yaml-1k-1', path: s.rootTemplates[0], resources: s.resources, files: s.files, bytes: s.bytes, note: `one template, ${s.largestTemplate} resources (CloudFormation's limit is 500)` };
  },
  'terraform-10k': (dir) => {
    const s = generateTerraform(dir, { resources: 10_000, files: 500 });
    return { name: 'terraform-10k', path: dir, resources: s.resourceInstances, files: s.files, bytes: s.bytes, note: `${s.stacks} stacks, ${s.tfFiles} .tf files (HCL, for reference)` };
  },
};
const DEFAULT_CORPORA = ['cfn-yaml-10k', 'cfn-json-10k', 'plan-10k', 'cfn-yaml-1k-1'];
/** The template cfn-lint and the CLI are timed on. */
const LINT_CORPUS = 'cfn-yaml-1k-1';

interface CorpusResult {
  corpus: Corpus;
  runs: ChildResult[];
  loads: number[];
  errors: string[];
}

interface LintResult {
  template: string;
  templateBytes: number;
  resilint: { runs: { ms: number; code: number | null; findings?: number; load: number }[]; errors: string[] };
  cfnLint?: { version: string; ms: number; code: number | null; signal: string | null; timedOut: boolean; findings?: number; byLevel?: Record<string, number>; byRule?: Record<string, number>; load: number; stderrTail?: string };
  cfnLintMissing?: string;
}

interface Options {
  runs: number;
  out: string;
  corpora: string[];
  cfnLint: boolean;
  cfnLintTimeoutMs: number;
}

function parseArgs(argv: string[], root: string): Options {
  const opts: Options = { runs: 3, out: join(root, 'bench', 'out'), corpora: DEFAULT_CORPORA, cfnLint: true, cfnLintTimeoutMs: 15 * 60_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') opts.runs = Math.max(1, Number.parseInt(value(), 10) || 1);
    else if (a === '--out') opts.out = resolve(value());
    else if (a === '--corpora') {
      opts.corpora = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const c of opts.corpora) if (!(c in CORPORA)) throw new Error(`--corpora: unknown corpus '${c}' (known: ${Object.keys(CORPORA).join(', ')})`);
    } else if (a === '--skip-cfn-lint') opts.cfnLint = false;
    else if (a === '--cfn-lint-timeout') opts.cfnLintTimeoutMs = Math.max(1, Number(value())) * 1000;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: node --expose-gc dist/bench/sources.js [--runs 3] [--out bench/out] [--corpora ' +
          `${DEFAULT_CORPORA.join(',')}] [--skip-cfn-lint] [--cfn-lint-timeout 900]\n` +
          `corpora: ${Object.keys(CORPORA).join(', ')}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

function scanTable(results: CorpusResult[], runs: number): string {
  const rows: string[][] = [['source', 'corpus', 'files', 'resources', 'graph res.', 'findings', 'scan ms', 'ms/1k res.', 'peak MiB']];
  for (const r of results) {
    const ms = medianOf(r.runs, (x) => x.ms);
    rows.push([
      r.runs[0]?.sources.join('+') || 'n/a',
      r.corpus.name,
      fmtCount(medianOf(r.runs, (x) => x.files)),
      String(r.corpus.resources),
      fmtCount(medianOf(r.runs, (x) => x.resources)),
      fmtCount(medianOf(r.runs, (x) => x.findings)),
      fmtMs(ms),
      fmtMs(ms === undefined ? undefined : (ms / r.corpus.resources) * 1000),
      fmtMiB(medianOf(r.runs, (x) => x.maxRssKiB)),
    ]);
  }
  const lines = [
    `median of ${runs} run(s), each in a fresh node process; files = files scanned, resources = generated resources, ` +
      'graph res. = summary.resources (normalized kinds only), scan ms = scan() + JSON report written, ms/1k res. per 1,000 generated resources',
    '',
    table(rows, 2),
    '',
  ];
  for (const r of results) {
    const statuses = r.runs[0] ? Object.entries(r.runs[0].byStatus).map(([k, v]) => `${v} ${k}`).join(', ') : 'n/a';
    lines.push(
      `${r.corpus.name}: ${r.corpus.files} file(s), ${(r.corpus.bytes / 2 ** 20).toFixed(1)} MiB; ${r.corpus.note}\n` +
        `    runs ${spread(r.runs.map((x) => x.ms))} ms (load ${fmtLoad(r.loads)}); scan() ${fmtMs(medianOf(r.runs, (x) => x.scanMs))} ms + JSON report ` +
        `${fmtMs(medianOf(r.runs, (x) => x.renderMs))} ms (${((medianOf(r.runs, (x) => x.reportBytes) ?? 0) / 2 ** 20).toFixed(1)} MiB); findings ${statuses}; ` +
        `input errors ${fmtCount(medianOf(r.runs, (x) => x.inputErrors))}, coverage gaps ${fmtCount(medianOf(r.runs, (x) => x.coverageGaps))}`,
    );
    for (const e of r.runs[0]?.errorSamples ?? []) lines.push(`    input error: ${e}`);
    for (const e of r.errors) lines.push(`    FAILED: ${e.replace(/\n/g, '\n      ')}`);
  }
  return lines.join('\n');
}

function lintReport(l: LintResult, runs: number): string {
  const lines = [`cfn-lint vs resilint on one template: ${l.template} (${(l.templateBytes / 1024).toFixed(0)} KiB)`];
  const ok = l.resilint.runs.filter((r) => r.code === 0);
  const rMs = medianOf(ok, (r) => r.ms);
  lines.push(
    `  resilint scan (CLI, all rules, JSON report; median of ${runs}): ${fmtMs(rMs)} ms  [runs ${spread(ok.map((r) => r.ms))} ms, exit ${[...new Set(l.resilint.runs.map((r) => r.code))].join('/')}, ` +
      `${fmtCount(ok[0]?.findings)} findings, load ${fmtLoad(l.resilint.runs.map((r) => r.load))}]`,
  );
  for (const e of l.resilint.errors) lines.push(`  resilint FAILED: ${e}`);
  if (l.cfnLintMissing) {
    lines.push(`  cfn-lint: not run (${l.cfnLintMissing})`);
    return lines.join('\n');
  }
  const c = l.cfnLint;
  if (!c) return lines.join('\n');
  const levels = c.byLevel ? Object.entries(c.byLevel).map(([k, v]) => `${k} ${v}`).join(', ') : 'n/a';
  const rules = c.byRule ? Object.entries(c.byRule).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k}×${v}`).join(' ') : '';
  lines.push(
    `  cfn-lint ${c.version} (once):${' '.repeat(Math.max(1, 34 - c.version.length))}${fmtMs(c.ms)} ms  [exit ${c.timedOut ? 'timed out, killed' : (c.signal ?? c.code)}, ` +
      `${fmtCount(c.findings)} findings (${levels}), load ${c.load.toFixed(2)}]`,
  );
  if (rules) lines.push(`    by rule: ${rules}`);
  if (c.stderrTail) lines.push(`    stderr: ${c.stderrTail.replace(/\n/g, '\n            ')}`);
  if (rMs !== undefined && !c.timedOut) {
    const ratio = c.ms / rMs;
    lines.push(`  ratio cfn-lint / resilint = ${fmtX(ratio)} (target ≥ 50×) → ${ratio >= 50 ? 'met' : 'NOT met'}`);
  } else if (c.timedOut && rMs !== undefined) {
    lines.push(`  ratio cfn-lint / resilint > ${fmtX(c.ms / rMs)} (cfn-lint did not finish within the timeout)`);
  }
  return lines.join('\n');
}

async function lintComparison(template: string, root: string, outDir: string, opts: Options, log: (s: string) => void): Promise<LintResult> {
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  const l: LintResult = { template: relative(process.cwd(), template) || template, templateBytes: statSync(template).size, resilint: { runs: [], errors: [] } };
  if (!existsSync(cli)) {
    l.resilint.errors.push(`${cli} not found: run npm run build`);
  } else {
    for (let run = 1; run <= opts.runs; run++) {
      const out = join(outDir, `cli-${LINT_CORPUS}-run${run}.json`);
      const load = loadavg()[0];
      const r = await exec(process.execPath, [cli, 'scan', template, '-f', 'json', '-o', out, '--fail-on', 'none'], { cwd: root, timeoutMs: opts.cfnLintTimeoutMs });
      let findings: number | undefined;
      try {
        findings = (JSON.parse(readFileSync(out, 'utf8')) as { findings?: unknown[] }).findings?.length;
      } catch {
        /* reported through the exit code */
      }
      l.resilint.runs.push({ ms: r.ms, code: r.code, findings, load });
      if (r.code !== 0) l.resilint.errors.push(`run ${run}: exit ${r.signal ?? r.code ?? r.error?.message}: ${(r.stderr || r.stdout).trim().split('\n').slice(-6).join(' | ')}`);
      log(`  resilint CLI run ${run}: ${fmtMs(r.ms)} ms, exit ${r.code}, ${fmtCount(findings)} findings`);
    }
  }
  if (!opts.cfnLint) {
    l.cfnLintMissing = 'skipped (--skip-cfn-lint)';
    return l;
  }
  const v = await exec('cfn-lint', ['--version'], { timeoutMs: 60_000 });
  if (v.error || v.code !== 0) {
    l.cfnLintMissing = v.error?.code === 'ENOENT' ? 'cfn-lint is not installed (not on PATH)' : `cfn-lint --version failed: ${(v.error?.message ?? v.stderr.trim()) || `exit ${v.code}`}`;
    log(`  ${l.cfnLintMissing}; skipping the comparison`);
    return l;
  }
  const version = (v.stdout || v.stderr).trim().replace(/^cfn-lint\s*/, '');
  const load = loadavg()[0];
  log(`  running cfn-lint ${version} once on ${l.template} (can take minutes; timeout ${opts.cfnLintTimeoutMs / 1000} s)…`);
  const r = await exec('cfn-lint', ['--format', 'json', template], { cwd: root, timeoutMs: opts.cfnLintTimeoutMs });
  writeFileSync(join(outDir, `cfn-lint-${LINT_CORPUS}.json`), r.stdout);
  let findings: number | undefined;
  let byLevel: Record<string, number> | undefined;
  let byRule: Record<string, number> | undefined;
  try {
    const list = JSON.parse(r.stdout) as { Level?: string; Rule?: { Id?: string } }[];
    findings = list.length;
    byLevel = {};
    byRule = {};
    for (const m of list) {
      byLevel[m.Level ?? '?'] = (byLevel[m.Level ?? '?'] ?? 0) + 1;
      byRule[m.Rule?.Id ?? '?'] = (byRule[m.Rule?.Id ?? '?'] ?? 0) + 1;
    }
  } catch {
    /* no JSON (crash, timeout): the stderr tail says why */
  }
  const stderrTail = findings === undefined ? (r.stderr || r.stdout).trim().split('\n').slice(-6).join('\n') || undefined : undefined;
  l.cfnLint = { version, ms: r.ms, code: r.code, signal: r.signal, timedOut: r.timedOut, findings, byLevel, byRule, load, stderrTail };
  log(`  cfn-lint: ${fmtMs(r.ms)} ms, exit ${r.timedOut ? 'timeout' : r.code}, ${fmtCount(findings)} findings`);
  return l;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--child') {
    const [, mode, path, reportFile] = argv;
    if (mode !== 'scan') throw new Error(`unknown child mode ${mode}`);
    await childScan(path, reportFile);
    return 0;
  }

  const root = projectRoot(THIS_FILE);
  const opts = parseArgs(argv, root);
  const base = join(opts.out, 'sources');
  const reportsDir = join(base, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const startLoad = loadavg();
  log(`node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${fmtLoad(startLoad)}`);
  if (startLoad[0] > cpus().length / 2) log(`warning: load average ${startLoad[0].toFixed(1)} on ${cpus().length} CPU(s): other processes compete for the CPU, expect noisy numbers`);

  const corpora = [...new Set([...opts.corpora, ...(opts.cfnLint || opts.corpora.includes(LINT_CORPUS) ? [LINT_CORPUS] : [])])];
  const results: CorpusResult[] = [];
  for (const name of corpora) {
    const t0 = performance.now();
    const corpus = CORPORA[name](join(base, name));
    log(`${name}: generated ${corpus.files} file(s), ${corpus.resources} resources, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB in ${(performance.now() - t0).toFixed(0)} ms → ${relative(process.cwd(), corpus.path) || '.'}`);
    results.push({ corpus, runs: [], loads: [], errors: [] });
  }
  const measured = results.filter((r) => opts.corpora.includes(r.corpus.name));
  for (let run = 1; run <= opts.runs; run++) {
    for (const r of measured) {
      const load = loadavg()[0];
      try {
        const c = await runChild(r.corpus.path, join(reportsDir, `${r.corpus.name}-run${run}.json`));
        r.runs.push(c);
        r.loads.push(load);
        log(`  run ${run} ${r.corpus.name}: ${fmtMs(c.ms)} ms, ${fmtMiB(c.maxRssKiB)} MiB peak RSS, ${c.resources} graph resources, ${c.findings} findings, ${c.inputErrors} input errors`);
      } catch (e) {
        const msg = `run ${run}: ${(e as Error).message}`;
        r.errors.push(msg);
        log(`  ${r.corpus.name} ${msg}`);
      }
    }
  }

  let lint: LintResult | undefined;
  const lintCorpus = results.find((r) => r.corpus.name === LINT_CORPUS);
  if (lintCorpus && (opts.cfnLint || opts.corpora.includes(LINT_CORPUS))) {
    log(`CLI comparison on ${LINT_CORPUS}:`);
    lint = await lintComparison(lintCorpus.corpus.path, root, reportsDir, opts, log);
  }

  const endLoad = loadavg();
  const text = [
    scanTable(measured, opts.runs),
    ...(lint ? ['', lintReport(lint, opts.runs)] : []),
    '',
    `load average at start ${fmtLoad(startLoad)}, at end ${fmtLoad(endLoad)} (1, 5, 15 min) on ${cpus().length} CPU(s)`,
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
  const summaryFile = join(opts.out, 'sources-results.json');
  writeFileSync(
    summaryFile,
    `${JSON.stringify({ node: process.version, cpus: cpus().length, loadavg: { start: startLoad, end: endLoad }, runs: opts.runs, results: measured, lint }, null, 2)}\n`,
  );
  log(`\nraw results: ${relative(process.cwd(), summaryFile)}`);
  const failed = measured.flatMap((r) => r.errors).length + (lint?.resilint.errors.length ?? 0);
  if (failed) {
    log(`${failed} measurement(s) failed`);
    return 1;
  }
  return 0;
}

runIfMain(THIS_FILE, main);
