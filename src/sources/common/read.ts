/**
 * The one way resilint reads a file a user names or a source opens (scanned
 * files, tfvars, module files, nested-stack templates, --var-file,
 * --cfn-param-file, --baseline, --policy).
 *
 * - Regular files only: the path is stat'ed before it is opened, and opened
 *   with O_NONBLOCK, so a FIFO (or a device) never blocks the scan; the open
 *   descriptor is checked again (a path swapped between the two checks).
 * - The size limit is checked on the descriptor before anything is read.
 * - Encodings: a UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 (LE/BE)
 *   are recognised by their BOM, or without one by the NUL pattern of a
 *   first ASCII character (what RFC 4627 used for JSON), and decoded.
 * - Invalid UTF-8 (or UTF-16) and NUL characters are input errors with the
 *   line and column of the first bad character, never a silent skip.
 * Every error has a line and column (1:1 when it is about the whole file).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { InputError } from '../../graph/types.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

export type BytesRead = { bytes: Buffer } | { error: InputError };
export type TextRead = { text: string; encoding: Encoding } | { error: InputError };

/** O_NONBLOCK where the platform has it (not on Windows, where FIFOs are not files anyway). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function wholeFile(file: string, kind: string, message: string): InputError {
  return { file, line: 1, column: 1, kind, message };
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function describeType(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** An fs error as a one-line reason (no stack, no JavaScript internals). */
function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file (ENOENT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EISDIR':
      return 'is a directory (EISDIR)';
    case 'ELOOP':
      return 'too many symbolic links (ELOOP)';
    case 'ENAMETOOLONG':
      return 'file name too long (ENAMETOOLONG)';
    case undefined:
      return 'cannot be read';
    default:
      return `cannot be read (${code})`;
  }
}

/** Open a path only if it is a regular file (checked before and after the non-blocking open). */
function openRegular(abs: string, file: string): { fd: number; size: number } | { error: InputError } {
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    return { error: wholeFile(file, 'read', `cannot read ${file}: ${fsReason(e)}`) };
  }
  if (!st.isFile()) return { error: wholeFile(file, 'read', `${file} is ${describeType(st)}, not a regular file; not read`) };
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch (e) {
    return { error: wholeFile(file, 'read', `cannot read ${file}: ${fsReason(e)}`) };
  }
  try {
    const fst = fstatSync(fd);
    if (fst.isFile()) return { fd, size: fst.size };
    closeQuietly(fd);
    return { error: wholeFile(file, 'read', `${file} is ${describeType(fst)}, not a regular file; not read`) };
  } catch (e) {
    closeQuietly(fd);
    return { error: wholeFile(file, 'read', `cannot read ${file}: ${fsReason(e)}`) };
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/**
 * Up to `max` bytes from the descriptor's current position; `more` when the
 * file goes on. Read into one buffer of the size the file had when opened
 * (plus one byte, to see that it goes on), grown only if the file grows: a
 * 250 MiB plan costs 250 MiB, not its chunks and their concatenation.
 */
function readUpTo(fd: number, max: number, sizeHint: number): { bytes: Buffer; more: boolean } {
  let buf = Buffer.allocUnsafe(Math.max(1, Math.min(max + 1, Math.max(sizeHint + 1, 4096))));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > max) return { bytes: buf.subarray(0, max), more: true };
      const grown = Buffer.allocUnsafe(Math.min(max + 1, Math.max(buf.length * 2, 4096)));
      buf.copy(grown, 0, 0, total);
      buf = grown;
    }
    const n = readSync(fd, buf, total, Math.min(buf.length - total, 1 << 24), null);
    if (n <= 0) break;
    total += n;
  }
  if (total > max) return { bytes: buf.subarray(0, max), more: true };
  // A small file keeps no oversized allocation alive; a large one is returned in place.
  return { bytes: total === buf.length || total > 1 << 20 ? buf.subarray(0, total) : Buffer.from(buf.subarray(0, total)), more: false };
}

/** The limit a too-large error names (docs/limits.md), and how to raise it when that is worth saying. */
export interface SizeLimit {
  name: string;
  hint?: string;
}

const FILE_LIMIT: SizeLimit = { name: 'maxFileBytes' };

/**
 * The bytes of a regular file, at most `maxBytes`. `file` is the name used in
 * messages (relative to the scan root).
 */
export function readFileBytes(abs: string, file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES, limit: SizeLimit = FILE_LIMIT): BytesRead {
  const o = openRegular(abs, file);
  if ('error' in o) return o;
  try {
    if (o.size > maxBytes) {
      return { error: wholeFile(file, 'too-large', `${file} is ${formatBytes(o.size)}, over the ${formatBytes(maxBytes)} file size limit (${limit.name}); not parsed${limit.hint ?? ''}`) };
    }
    // Never past the limit, even for a file that grows while it is read.
    const r = readUpTo(o.fd, maxBytes, o.size);
    if (r.more) return { error: wholeFile(file, 'too-large', `${file} is over the ${formatBytes(maxBytes)} file size limit (maxFileBytes); not parsed`) };
    return { bytes: r.bytes };
  } catch (e) {
    return { error: wholeFile(file, 'read', `cannot read ${file}: ${fsReason(e)}`) };
  } finally {
    closeQuietly(o.fd);
  }
}

/** The first `max` bytes of a regular file (content recognition of files over the size limit). */
export function peekFileBytes(abs: string, max: number): Buffer | undefined {
  const o = openRegular(abs, abs);
  if ('error' in o) return undefined;
  try {
    return readUpTo(o.fd, max, Math.min(o.size, max)).bytes;
  } catch {
    return undefined;
  } finally {
    closeQuietly(o.fd);
  }
}

/** The encoding by byte-order mark, or by the NUL pattern of a first ASCII character. */
export function detectEncoding(b: Uint8Array): { encoding: Encoding; bom: number } {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', bom: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (b.length >= 4) {
    if (b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', bom: 0 };
    if (b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] !== 0) return { encoding: 'utf-32be', bom: 0 };
    if (b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return { encoding: 'utf-16le', bom: 0 };
    if (b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return { encoding: 'utf-16be', bom: 0 };
  } else if (b.length === 2) {
    if (b[0] !== 0 && b[1] === 0) return { encoding: 'utf-16le', bom: 0 };
    if (b[0] === 0 && b[1] !== 0) return { encoding: 'utf-16be', bom: 0 };
  }
  return { encoding: 'utf-8', bom: 0 };
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Line and 1-based column (in characters) of the UTF-16 index `at` in `text`. */
export function lineColumnAt(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: [...text.slice(lineStart, at)].length + 1 };
}

function firstInvalidUtf8(b: Uint8Array): number {
  let k = 0;
  while (k < b.length) {
    const c = b[k];
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 0 || k + len > b.length) return k;
    for (let m = 1; m < len; m++) if ((b[k + m] & 0xc0) !== 0x80) return k;
    // Overlong 3/4-byte forms and UTF-16 surrogates are invalid too.
    if (len === 3 && ((c === 0xe0 && b[k + 1] < 0xa0) || (c === 0xed && b[k + 1] >= 0xa0))) return k;
    if (len === 4 && ((c === 0xf0 && b[k + 1] < 0x90) || (c === 0xf4 && b[k + 1] >= 0x90))) return k;
    k += len;
  }
  return -1;
}

function decodeUtf32(b: Uint8Array, littleEndian: boolean): { text: string } | { badAt: number } {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const parts: string[] = [];
  let cur: number[] = [];
  for (let k = 0; k + 3 < b.length; k += 4) {
    const cp = view.getUint32(k, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { badAt: k };
    cur.push(cp);
    if (cur.length >= 8192) {
      parts.push(String.fromCodePoint(...cur));
      cur = [];
    }
  }
  if (b.length % 4 !== 0) return { badAt: b.length - (b.length % 4) };
  parts.push(String.fromCodePoint(...cur));
  return { text: parts.join('') };
}

/**
 * Bytes → text with encoding detection. Invalid sequences and NUL characters
 * are errors at their line and column.
 */
export function decodeText(bytes: Uint8Array, file: string): TextRead {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  let text: string;
  const what = encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase().replace('LE', ' LE').replace('BE', ' BE');
  if (encoding === 'utf-8') {
    try {
      text = FATAL_UTF8.decode(body);
    } catch {
      const at = Math.max(0, firstInvalidUtf8(body));
      const prefix = new TextDecoder('utf-8').decode(body.subarray(0, at));
      return { error: { file, ...lineColumnAt(prefix, prefix.length), kind: 'encoding', message: `${file} is not valid UTF-8 (byte 0x${body[at]?.toString(16).padStart(2, '0') ?? '??'} at offset ${at + bom}); save it as UTF-8` } };
    }
  } else if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    if (body.length % 2 !== 0) return { error: wholeFile(file, 'encoding', `${file} looks like ${what} but has an odd number of bytes`) };
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(body);
    } catch {
      const lenient = new TextDecoder(encoding).decode(body);
      const at = Math.max(0, lenient.indexOf('\ufffd'));
      return { error: { file, ...lineColumnAt(lenient, at), kind: 'encoding', message: `${file} is not valid ${what} (unpaired surrogate)` } };
    }
  } else {
    const r = decodeUtf32(body, encoding === 'utf-32le');
    if ('badAt' in r) {
      const ok = decodeUtf32(body.subarray(0, r.badAt), encoding === 'utf-32le');
      const prefix = 'text' in ok ? ok.text : '';
      return { error: { file, ...lineColumnAt(prefix, prefix.length), kind: 'encoding', message: `${file} is not valid ${what}` } };
    }
    text = r.text;
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { error: { file, ...lineColumnAt(text, nul), kind: 'binary', message: `${file} contains a NUL character: not a text file` } };
  return { text, encoding };
}

/** Decode without failing (for "does this look like ours?" on a file that does not decode). */
export function decodeLenient(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') {
    const r = decodeUtf32(body.subarray(0, body.length - (body.length % 4)), encoding === 'utf-32le');
    return 'text' in r ? r.text : '';
  }
  return new TextDecoder(encoding).decode(body);
}

/** Read a regular file as text (see the module comment). Never throws. */
export function readTextFileSync(abs: string, file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): TextRead {
  const r = readFileBytes(abs, file, maxBytes);
  if ('error' in r) return r;
  return decodeText(r.bytes, file);
}
