/**
 * Commands on JSON reports already written: `resilint merge` (shards or
 * repositories into one report, in every format) and `resilint diff`
 * (yesterday's report against today's). Neither scans anything.
 */
import { errorLine, ResilintError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { FORMATS, isFormat, renderReport, REPORTERS, type Format } from '../../reporters/index.js';
import { diffReports, renderDiffText } from '../engine/diff.js';
import { gateOutcome } from '../engine/gate.js';
import { mergeReports, MergeError, type NamedReport } from '../engine/merge.js';
import type { ScanResult } from '../engine/result.js';
import { SEVERITIES, type Severity } from '../policy/types.js';
import { OutputPathError, prepareOutput, writeReport } from './output.js';

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color?: boolean;
}

/** A report file that cannot be used (message: file and why, one line). */
class ReportFileError extends ResilintError {}

/** Reads a resilint JSON report; anything else is a one-line error naming the file. */
export async function readReport(file: string): Promise<ScanResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ReportFileError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ReportFileError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = data as Partial<ScanResult> | null;
  if (!r || typeof r !== 'object' || r.tool?.name !== 'resilint' || !Array.isArray(r.findings) || !Array.isArray(r.coverage) || !r.summary) {
    throw new ReportFileError(`${file}: not a resilint JSON report (write one with --format json)`);
  }
  return r as ScanResult;
}

function parseFormats(value: string): Format[] {
  const out = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = out.filter((f) => !isFormat(f));
  if (bad.length || out.length === 0) throw new ReportFileError(`--format: unknown format ${bad.join(', ') || "''"} (choose from ${FORMATS.join(', ')})`);
  return out as Format[];
}

/** Known errors: one line on stderr, exit 2. */
async function guarded(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ResilintError) {
      io.stderr(`${errorLine(e)}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

interface MergeFlags {
  format: string;
  output?: string;
  force?: boolean;
  failOn: Severity | 'none';
  failOnUnknown?: boolean;
}

async function runMerge(files: string[], flags: MergeFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  if (!flags.output && formats.length > 1) throw new ReportFileError('several formats need --output DIR');
  const plan = flags.output ? await prepareOutput(flags.output, formats.length) : undefined;
  const reports: NamedReport[] = [];
  for (const file of files) reports.push({ file, report: await readReport(file) });
  const merged = mergeReports(reports, { force: flags.force });
  merged.gate = gateOutcome(merged, { failOn: flags.failOn, failOnUnknown: Boolean(flags.failOnUnknown) });
  if (!plan) {
    io.stdout(renderReport(merged, formats[0], { color: formats[0] === 'text' && io.color }));
    return merged.gate.exitCode;
  }
  const fallback: { dir?: string } = {};
  let lost = false;
  for (const format of formats) {
    const file = plan.asDir ? join(plan.path, `report.${REPORTERS[format].extension}`) : plan.path;
    const reportLink = formats.includes('html') && format !== 'html' ? 'report.html' : undefined;
    const w = await writeReport(file, renderReport(merged, format, { color: false, reportLink }), fallback);
    if (w.failure) {
      lost = true;
      io.stderr(`resilint: could not write ${w.wanted} (${w.failure}); the report was written to ${w.file} instead\n`);
    } else io.stderr(`wrote ${w.file}\n`);
  }
  return lost ? Math.max(merged.gate.exitCode, 3) : merged.gate.exitCode;
}

interface DiffFlags {
  format: string;
  output?: string;
  failOnNew?: boolean;
}

async function runDiff(before: string, after: string, flags: DiffFlags, io: Io): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new ReportFileError(`--format: diff writes text or json, got '${flags.format}'`);
  const plan = flags.output ? await prepareOutput(flags.output, 1) : undefined;
  const d = diffReports(await readReport(before), await readReport(after));
  const text = flags.format === 'json' ? JSON.stringify(d, null, 2) + '\n' : renderDiffText(d);
  if (plan) {
    const w = await writeReport(plan.path, text, {});
    io.stderr(w.failure ? `resilint: could not write ${w.wanted} (${w.failure}); the diff was written to ${w.file} instead\n` : `wrote ${w.file}\n`);
    if (w.failure) return 3;
  } else io.stdout(text);
  return flags.failOnNew && d.newFailing.length > 0 ? 1 : 0;
}

export function addReportCommands(cmd: Command, io: Io, done: (code: number) => void): void {
  cmd
    .command('merge')
    .description('Merge JSON reports (the shards of `scan --org --shard K/N`, or scans of several repositories) into one report, in any format')
    .argument('<reports...>', 'JSON reports written by `resilint scan --format json`')
    .option('-f, --format <formats>', `output format(s), comma-separated: ${FORMATS.join(', ')}`, 'json')
    .option('-o, --output <path>', 'write to this file (one format) or directory (several formats); without it one format goes to stdout')
    .option('--force', 'merge reports of different policies or resilint versions anyway')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a failing result has this severity or higher').choices([...SEVERITIES, 'none']).default('low'))
    .option('--fail-on-unknown', 'also exit 1 when a result that could not be determined has the --fail-on severity or higher')
    .action(async (files: string[], flags: MergeFlags) => done(await guarded(io, () => runMerge(files, flags, io))));

  cmd
    .command('diff')
    .description('Compare two JSON reports: new failing, fixed, still failing and newly unknown results, and coverage changes')
    .argument('<before>', 'the older JSON report (e.g. yesterday.json)')
    .argument('<after>', 'the newer JSON report (e.g. today.json)')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--fail-on-new', 'exit 1 when there is a new failing result')
    .action(async (before: string, after: string, flags: DiffFlags) => done(await guarded(io, () => runDiff(before, after, flags, io))));
}
