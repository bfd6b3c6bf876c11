/**
 * Where reports go. A nightly audit can scan for an hour: the output path is
 * checked (and its parent directories created) before scanning, so that a
 * typo fails in a second, and a write that still fails afterwards (disk
 * full, a directory where a report should be) never loses the report: it is
 * written to a fresh directory under the system temporary directory and the
 * run says where.
 */
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, open, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ResilintError } from '../errors.js';

/** The output path could not be prepared (the message names the path and why). */
export class OutputPathError extends ResilintError {}

export interface OutputPlan {
  /** A directory receiving `report.<ext>` per format, or one file. */
  asDir: boolean;
  path: string;
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

function reason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Decides file or directory (several formats, an existing directory, or a
 * trailing slash mean a directory), creates the directory or the file's
 * parents, and checks it can be written to — before any scanning.
 */
export async function prepareOutput(output: string, formatCount: number): Promise<OutputPlan> {
  const existing = await statOrUndefined(output);
  const asDir = formatCount > 1 || Boolean(existing?.isDirectory()) || output.endsWith('/');
  const dir = asDir ? output : dirname(output);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputPathError(`--output ${output}: cannot create directory ${dir} (${reason(e)})`);
  }
  if (!asDir && existing && !existing.isFile()) throw new OutputPathError(`--output ${output}: exists and is not a regular file`);
  try {
    await access(dir, constants.W_OK);
    if (!asDir && existing) await access(output, constants.W_OK);
  } catch (e) {
    throw new OutputPathError(`--output ${output}: not writable (${reason(e)})`);
  }
  return { asDir, path: output };
}

export interface WrittenReport {
  /** Where it was asked to go. */
  wanted: string;
  /** Where it is. */
  file: string;
  /** Why it is not where it was asked to go. */
  failure?: string;
}

/**
 * Writes one report; on failure writes it under a new directory in the
 * system temporary directory instead (`fallbackDir` is created on first use
 * and shared by the reports of one run).
 */
export async function writeReport(wanted: string, content: ReportContent, fallback: { dir?: string }): Promise<WrittenReport> {
  try {
    await writeContent(wanted, content);
    return { wanted, file: wanted };
  } catch (e) {
    const failure = reason(e);
    fallback.dir ??= await mkdtemp(join(tmpdir(), 'resilint-report-'));
    const file = join(fallback.dir, basename(resolve(wanted)));
    await writeContent(file, content);
    return { wanted, file, failure };
  }
}

/** A report's text, or its pieces (made anew for each attempt), so that a large report is never one string. */
export type ReportContent = string | (() => Iterable<string>);

async function writeContent(file: string, content: ReportContent): Promise<void> {
  if (typeof content === 'string') return writeFile(file, content);
  const handle = await open(file, 'w');
  try {
    for (const piece of content()) await handle.write(piece);
  } finally {
    await handle.close();
  }
}
