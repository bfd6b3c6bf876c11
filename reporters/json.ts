import type { ScanResult } from '../src/engine/result.js';

/** The full result, as described by schemas/report.schema.json. Unknown values serialize as `{unknown: true, reason}`. */
export function renderJson(result: ScanResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

/**
 * The same text as renderJson, in pieces of about `chunkChars` characters,
 * so that a large report (a plan of 130k instances gives ~180 MB) is written
 * without holding the whole text, nor its bytes, at once.
 */
export function* renderJsonChunks(result: ScanResult, chunkChars = 1 << 20): Generator<string> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pretty(prepared(result, ''), 0)) {
    pending.push(piece);
    size += piece.length;
    if (size >= chunkChars) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  pending.push('\n');
  yield pending.join('');
}

/**
 * Levels streamed: the result's members and those of its members (e.g.
 * failureDomains) one by one, and the elements of their arrays (findings,
 * impacts, …) BATCH at a time. Everything else is written by one
 * JSON.stringify per member or batch, at its depth (see atDepth), so the
 * text is JSON.stringify's own and costs little more than it.
 */
const STREAMED_LEVELS = 2;
/** Array elements per JSON.stringify call. */
const BATCH = 256;

/** What JSON.stringify does to a value before writing it: toJSON(key). */
function prepared(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint') && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Plain arrays and objects are streamed; anything else (strings, numbers, boxed primitives) is JSON.stringify's. */
function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !(value instanceof Number) && !(value instanceof String) && !(value instanceof Boolean) && !(typeof (value as { rawJSON?: unknown }).rawJSON === 'string');
}

/** Indentation of a value `depth` levels down (JSON.stringify's two spaces per level). */
function pad(depth: number): string {
  return '  '.repeat(depth);
}

/**
 * JSON.stringify(value, null, 2) as it appears `depth` levels down, every
 * line after the first indented by `depth` levels: the value is wrapped in
 * `depth` one-element arrays, so that JSON.stringify indents it itself, and
 * the wrapping text is cut off (no pass over the text to re-indent it).
 */
function atDepth(value: unknown, depth: number): string {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  if (depth === 0) return text;
  // Before the value: "[\n" at each level's indentation, then its own; after it: "\n", indentation, "]" per level.
  const head = depth * depth + 3 * depth;
  const tail = depth * depth + depth;
  return text.slice(head, text.length - tail);
}

/**
 * JSON.stringify(value, null, 2) `depth` levels down, as pieces. `value`
 * has had its toJSON called (as JSON.stringify does, once, with its key); a
 * toJSON that returns yet another object with a toJSON is the one case where
 * the text could differ, and no value of a result is one.
 */
function* pretty(value: unknown, depth: number): Generator<string> {
  if (!isContainer(value) || depth >= STREAMED_LEVELS) {
    yield atDepth(value, depth);
    return;
  }
  const inner = pad(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let from = 0; from < value.length; from += BATCH) {
      const to = Math.min(value.length, from + BATCH);
      // Each element's toJSON with its own index, as JSON.stringify calls it.
      const batch = new Array<unknown>(to - from);
      for (let k = from; k < to; k++) batch[k - from] = prepared(value[k], String(k));
      const text = atDepth(batch, depth);
      // The batch's elements without its brackets: "[\n" + inner … "\n" + indentation + "]".
      yield `\n${inner}${text.slice(2 + inner.length, text.length - (2 + 2 * depth))}`;
      if (to < value.length) yield ',';
    }
    yield `\n${pad(depth)}]`;
    return;
  }
  let first = true;
  for (const k of Object.keys(value)) {
    const member = prepared((value as Record<string, unknown>)[k], k);
    if (omitted(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* pretty(member, depth + 1);
  }
  yield first ? '{}' : `\n${pad(depth)}}`;
}
