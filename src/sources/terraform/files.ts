/**
 * Finding, reading and parsing Terraform files.
 *
 * `parseTerraformFile` is the whole per-file job (read, checks, hcl2json
 * parse, locate) as one function with no shared state and a structured-clone
 * friendly result, so it can move to worker threads later.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InputError } from '../../graph/types.js';
import { discoverFiles, readError, relativePath, type Discovery } from '../discover.js';

export { relativePath } from '../discover.js';
import { locate, type FileLocations } from './locate.js';

import { DEFAULT_MAX_FILE_BYTES, readTextFileSync } from '../common/read.js';
import { DEFAULT_LIMITS, limitHint } from '../common/limits.js';
import { nestingOver } from './nesting.js';

export { DEFAULT_MAX_FILE_BYTES };

/** The JSON hcl2json returns for a file: block types → labels → arrays of bodies. */
export type HclBody = Record<string, unknown>;

export interface ParsedFile {
  /** Absolute path. */
  path: string;
  /** Relative to the scan root, `/` separators. */
  file: string;
  /** Absolute directory. */
  dir: string;
  body?: HclBody;
  locations?: FileLocations;
  /** Set when the file could not be read or parsed; then `body` is absent. */
  error?: InputError;
}


/** Read a text file with the checks every input gets (src/sources/common/read.ts). */
export async function readSourceText(absPath: string, file: string, maxFileBytes: number): Promise<{ text: string } | { error: InputError }> {
  return readSourceTextSync(absPath, file, maxFileBytes);
}

export function readSourceTextSync(absPath: string, file: string, maxFileBytes: number): { text: string } | { error: InputError } {
  const r = readTextFileSync(absPath, file, maxFileBytes);
  return 'error' in r ? r : { text: r.text };
}

/**
 * hcl2json errors read `parse config: [main.tf:2,7-8: Summary; Detail. other…]`.
 * Take the first diagnostic's position and text.
 */
export function parseErrorFromMessage(file: string, name: string, message: string): InputError {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${esc}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, 'g');
  const m = re.exec(message);
  if (!m) return { file, kind: 'parse', message: `cannot parse ${file}: ${oneLine(message)}` };
  const start = m.index + m[0].length;
  const next = re.exec(message);
  let text = message.slice(start, next ? next.index : undefined).trim();
  text = text.replace(/\]$/, '').trim();
  const semi = text.indexOf('; ');
  const reason = semi >= 0 ? `${text.slice(0, semi)}: ${text.slice(semi + 2)}` : text;
  return { file, line: Number(m[1]), column: Number(m[2]), kind: 'parse', message: oneLine(reason) };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

type HclParse = (typeof import('@cdktf/hcl2json'))['parse'];
let hclParser: Promise<HclParse> | undefined;

/**
 * hcl2json, loaded on first use: importing it decompresses and compiles its
 * Go WebAssembly (~150 ms), which a scan without `.tf` files (CloudFormation,
 * a plan, `--org`) or `resilint --version` should not pay.
 */
function loadHclParser(): Promise<HclParse> {
  hclParser ??= import('@cdktf/hcl2json').then((m) => m.parse);
  return hclParser;
}

/** Parse HCL text with hcl2json (errors → InputError with position). */
export async function parseHcl(text: string, file: string, maxNesting: number = DEFAULT_LIMITS.maxHclNesting): Promise<{ body: HclBody } | { error: InputError }> {
  const deep = nestingOver(text, maxNesting);
  if (deep) return { error: { file, ...deep, kind: 'limit', message: `${file}: brackets nested ${limitHint('maxHclNesting', maxNesting)}; not parsed` } };
  // A name without spaces or colons keeps the position regex unambiguous.
  const name = path.posix.basename(file).replace(/[\s:]/g, '_') || 'input.tf';
  const hclParse = await loadHclParser(); // outside the try: a broken install is not the file's parse error
  try {
    const body = (await hclParse(name, text)) as HclBody | null;
    return { body: body ?? {} };
  } catch (e) {
    return { error: parseErrorFromMessage(file, name, String((e as Error)?.message ?? e)) };
  }
}

/** Read, check, parse and locate one `.tf` file. Never throws. */
export async function parseTerraformFile(absPath: string, root: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES, maxHclNesting = DEFAULT_LIMITS.maxHclNesting): Promise<ParsedFile> {
  const file = relativePath(root, absPath);
  const out: ParsedFile = { path: absPath, file, dir: path.dirname(absPath) };
  const read = await readSourceText(absPath, file, maxFileBytes);
  if ('error' in read) {
    out.error = read.error;
    return out;
  }
  const parsed = await parseHcl(read.text, file, maxHclNesting);
  if ('error' in parsed) {
    out.error = parsed.error;
    return out;
  }
  out.body = parsed.body;
  out.locations = locate(read.text);
  return out;
}


/** Every `.tf` file under the given paths (see discoverFiles). */
export function discoverTerraformFiles(paths: string[], root: string): Promise<Discovery> {
  return discoverFiles(paths, root, (file) => file.endsWith('.tf'));
}

/** The `.tf` files directly in one directory (for modules outside the scanned paths). */
export async function listModuleFiles(dir: string): Promise<string[] | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || !e.name.endsWith('.tf')) continue;
    if (e.isFile() || e.isSymbolicLink()) out.push(path.join(dir, e.name));
  }
  return out.sort();
}

/** Run `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
