/**
 * Safe extraction of module archives (tar, tar.gz, zip) with Node's zlib:
 * every entry must land inside the target directory (no absolute names, no
 * `..` escaping), symbolic links may only point inside it (and are created
 * after every file, so nothing is written through one), and the number of
 * entries and the extracted size are bounded.
 */
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import type { ArchiveKind } from './address.js';

export interface ArchiveLimits {
  maxExtractedBytes: number;
  maxFiles: number;
}

export class ArchiveError extends Error {}

type Entry =
  | { type: 'file'; name: string; data: Buffer; mode?: number }
  | { type: 'dir'; name: string }
  | { type: 'symlink'; name: string; target: string }
  | { type: 'hardlink'; name: string; target: string };

/** The archive kind from the first bytes, when the URL did not say. */
export function sniffArchive(buf: Buffer): ArchiveKind | undefined {
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'tar.gz';
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (buf.length >= 262 && buf.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}

export async function extractArchive(buf: Buffer, kind: ArchiveKind, dest: string, limits: ArchiveLimits): Promise<void> {
  const entries = kind === 'zip' ? readZip(buf, limits) : readTar(kind === 'tar.gz' ? gunzip(buf, limits) : buf, limits);
  await writeEntries(entries, dest);
}

function gunzip(buf: Buffer, limits: ArchiveLimits): Buffer {
  try {
    // Tar headers add 512 bytes per entry on top of the contents.
    return gunzipSync(buf, { maxOutputLength: limits.maxExtractedBytes + 512 * (limits.maxFiles + 2) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ArchiveError(`archive expands to more than ${limits.maxExtractedBytes} bytes`);
    throw new ArchiveError(`corrupt gzip data (${(e as Error).message})`);
  }
}

/** An entry name as a safe relative path, or undefined for the archive root itself. */
function safeName(raw: string): string | undefined {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new ArchiveError(`entry "${raw}" has an absolute path`);
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') throw new ArchiveError(`entry "${raw}" points outside the archive`);
    parts.push(p);
  }
  return parts.length ? parts.join('/') : undefined;
}

function checkLimits(count: number, bytes: number, limits: ArchiveLimits): void {
  if (count > limits.maxFiles) throw new ArchiveError(`archive has more than ${limits.maxFiles} entries`);
  if (bytes > limits.maxExtractedBytes) throw new ArchiveError(`archive expands to more than ${limits.maxExtractedBytes} bytes`);
}

function tarString(buf: Buffer, off: number, len: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('utf8', off, end < 0 || end > off + len ? off + len : end);
}

function tarNumber(buf: Buffer, off: number, len: number): number {
  if (buf[off] & 0x80) {
    // GNU base-256 for large values.
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + buf[i];
    return n;
  }
  const s = tarString(buf, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new ArchiveError(`corrupt tar header (bad number "${s}")`);
  return parseInt(s, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(data.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) throw new ArchiveError('corrupt tar pax header');
    const rec = data.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

function readTar(buf: Buffer, limits: ArchiveLimits): Entry[] {
  const entries: Entry[] = [];
  let off = 0;
  let bytes = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  let sawEnd = false;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) {
      sawEnd = true;
      break;
    }
    const stored = tarNumber(h, 148, 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (sum !== stored) throw new ArchiveError(`corrupt tar header at byte ${off} (checksum mismatch)`);
    const size = tarNumber(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    const dataStart = off + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > buf.length) throw new ArchiveError('truncated tar archive');
    const data = buf.subarray(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / 512) * 512;

    if (type === 'L') {
      longName = tarString(data, 0, data.length);
      continue;
    }
    if (type === 'K') {
      longLink = tarString(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      pax = parsePax(data);
      continue;
    }
    if (type === 'g') continue;
    const prefix = h.toString('latin1', 257, 262) === 'ustar' ? tarString(h, 345, 155) : '';
    const rawName = pax.path ?? longName ?? (prefix ? `${prefix}/${tarString(h, 0, 100)}` : tarString(h, 0, 100));
    const link = pax.linkpath ?? longLink ?? tarString(h, 157, 100);
    longName = longLink = undefined;
    pax = {};
    const name = safeName(rawName);
    if (!name) continue;
    if (type === '0' || type === '7') {
      bytes += size;
      entries.push({ type: 'file', name, data, mode: tarNumber(h, 100, 8) });
    } else if (type === '5') entries.push({ type: 'dir', name });
    else if (type === '2') entries.push({ type: 'symlink', name, target: link });
    else if (type === '1') entries.push({ type: 'hardlink', name, target: safeName(link) ?? '' });
    // Devices, FIFOs and other types carry nothing a module needs: skipped.
    checkLimits(entries.length, bytes, limits);
  }
  if (!sawEnd && entries.length === 0) throw new ArchiveError('not a tar archive');
  return entries;
}

function readZip(buf: Buffer, limits: ArchiveLimits): Entry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ArchiveError('corrupt zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let off = buf.readUInt32LE(eocd + 16);
  checkLimits(count, 0, limits);
  const entries: Entry[] = [];
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    if (off + 46 > buf.length || buf.readUInt32LE(off) !== 0x02014b50) throw new ArchiveError('corrupt zip archive (bad central directory)');
    const flags = buf.readUInt16LE(off + 8);
    const method = buf.readUInt16LE(off + 10);
    const compressed = buf.readUInt32LE(off + 20);
    const size = buf.readUInt32LE(off + 24);
    const nameLen = buf.readUInt16LE(off + 28);
    const extraLen = buf.readUInt16LE(off + 30);
    const commentLen = buf.readUInt16LE(off + 32);
    const external = buf.readUInt32LE(off + 38);
    const local = buf.readUInt32LE(off + 42);
    const rawName = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', off + 46, off + 46 + nameLen);
    off += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) throw new ArchiveError(`zip entry "${rawName}" is encrypted`);
    const name = safeName(rawName);
    if (!name) continue;
    if (rawName.endsWith('/')) {
      entries.push({ type: 'dir', name });
      continue;
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ArchiveError(`corrupt zip archive (bad local header for "${rawName}")`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ArchiveError('truncated zip archive');
    bytes += size;
    checkLimits(entries.length + 1, bytes, limits);
    const raw = buf.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch (e) {
        throw new ArchiveError(`corrupt zip entry "${rawName}" (${(e as Error).message})`);
      }
    } else throw new ArchiveError(`zip entry "${rawName}" uses unsupported compression method ${method}`);
    if (data.length !== size) throw new ArchiveError(`corrupt zip entry "${rawName}" (size mismatch)`);
    const unixMode = external >>> 16;
    if ((unixMode & 0o170000) === 0o120000) entries.push({ type: 'symlink', name, target: data.toString('utf8') });
    else entries.push({ type: 'file', name, data, mode: unixMode & 0o777 });
  }
  return entries;
}

function inside(dest: string, p: string): boolean {
  const rel = path.relative(dest, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function writeEntries(entries: Entry[], dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  // Links are checked first and created last, so no file is written through one.
  for (const e of entries) {
    if (e.type !== 'symlink') continue;
    const at = path.join(dest, e.name);
    if (path.isAbsolute(e.target) || !inside(dest, path.resolve(path.dirname(at), e.target))) {
      throw new ArchiveError(`entry "${e.name}" is a symbolic link pointing outside the archive (${e.target})`);
    }
  }
  const written = new Set<string>();
  for (const e of entries) {
    const at = path.join(dest, e.name);
    if (e.type === 'dir') await mkdir(at, { recursive: true });
    else if (e.type === 'file') {
      await mkdir(path.dirname(at), { recursive: true });
      // Never executable, never setuid: these are files to read.
      await writeFile(at, e.data, { mode: 0o644 });
      written.add(e.name);
    } else if (e.type === 'hardlink') {
      if (!written.has(e.target)) throw new ArchiveError(`entry "${e.name}" links to "${e.target}", which is not an earlier file of the archive`);
      await mkdir(path.dirname(at), { recursive: true });
      await copyFile(path.join(dest, e.target), at);
      written.add(e.name);
    }
  }
  for (const e of entries) {
    if (e.type !== 'symlink') continue;
    const at = path.join(dest, e.name);
    await mkdir(path.dirname(at), { recursive: true });
    await symlink(e.target, at);
  }
}
