/**
 * Reading candidate files for sources that recognise their input by content
 * (CloudFormation templates, Terraform plan JSON), where a repository holds
 * many other `.json` / `.yaml` files. A file that cannot be decoded or is
 * too large is an error only when it looks like ours (`looksLikeOurs` on
 * its first 64 KiB, decoded leniently); otherwise it is silently "not ours".
 * The reading itself (regular files only, encodings) is src/sources/common/read.ts.
 */
import type { InputError } from '../../graph/types.js';
import { decodeLenient, decodeText, peekFileBytes, readFileBytes, type SizeLimit } from './read.js';

export { DEFAULT_MAX_FILE_BYTES } from './read.js';
const PEEK_BYTES = 64 * 1024;

export { relativePath } from '../discover.js';

export type ReadResult = { text: string } | { error: InputError } | { notTemplate: true };

export async function readCandidate(
  abs: string,
  file: string,
  maxBytes: number,
  mustBeOurs: boolean,
  looksLikeOurs: (text: string) => boolean,
  limit?: SizeLimit,
): Promise<ReadResult> {
  const r = readFileBytes(abs, file, maxBytes, limit);
  if ('error' in r) {
    if (r.error.kind === 'too-large' && !mustBeOurs) {
      const head = peekFileBytes(abs, PEEK_BYTES);
      if (head && !looksLikeOurs(decodeLenient(head))) return { notTemplate: true };
    }
    return r;
  }
  const d = decodeText(r.bytes, file);
  if ('error' in d) {
    if (!mustBeOurs && !looksLikeOurs(decodeLenient(r.bytes.subarray(0, PEEK_BYTES)))) return { notTemplate: true };
    return d;
  }
  return { text: d.text };
}
