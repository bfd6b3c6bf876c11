/**
 * Reading candidate files for sources that recognise their input by content
 * (CloudFormation templates, Terraform plan JSON), where a repository holds
 * many other `.json` / `.yaml` files. A file that cannot be decoded or is
 * too large is an error only when it looks like ours (`looksLikeOurs` on
 * its first 64 KiB); otherwise it is silently "not ours".
 */
import { open } from 'node:fs/promises';
import type { InputError } from '../../graph/types.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

export { relativePath } from '../discover.js';

export type ReadResult = { text: string } | { error: InputError } | { notTemplate: true };

export async function readCandidate(
  abs: string,
  file: string,
  maxBytes: number,
  mustBeOurs: boolean,
  looksLikeOurs: (text: string) => boolean,
): Promise<ReadResult> {
  let handle;
  try {
    handle = await open(abs, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((e as Error)?.message ?? e);
    return { error: { file, kind: 'read', message: `cannot read ${file}: ${why}${code ? ` (${code})` : ''}` } };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { error: { file, kind: 'read', message: `${file} is not a regular file` } };
    if (st.size > maxBytes) {
      const buf = Buffer.alloc(Math.min(PEEK_BYTES, st.size));
      await handle.read(buf, 0, buf.length, 0);
      if (!mustBeOurs && !looksLikeOurs(buf.toString('utf8'))) return { notTemplate: true };
      return { error: { file, kind: 'too-large', message: `${file} is ${(st.size / 1048576).toFixed(1)} MiB, over the ${(maxBytes / 1048576).toFixed(1)} MiB limit; not parsed` } };
    }
    const buf = await handle.readFile();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      return mustBeOurs ? { error: { file, kind: 'binary', message: `${file} is not valid UTF-8` } } : { notTemplate: true };
    }
    if (text.includes('\u0000')) return mustBeOurs ? { error: { file, kind: 'binary', message: `${file} contains a NUL byte: not a text file` } } : { notTemplate: true };
    return { text };
  } catch (e) {
    return { error: { file, kind: 'read', message: `cannot read ${file}: ${(e as Error)?.message ?? e}` } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
