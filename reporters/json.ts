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
  for (const piece of pretty(prepared(result, ''), '')) {
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

/** Levels streamed member by member; below them a value is one JSON.stringify (small enough, and the same text). */
const STREAMED_LEVELS = 4;

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

/**
 * JSON.stringify(value, null, 2) at `indent` (every line after the first
 * indented), as pieces. `value` has had its toJSON called (as JSON.stringify
 * does, once, with its key); a toJSON that returns yet another object with a
 * toJSON is the one case where the text could differ, and no value of a
 * result is one.
 */
function* pretty(value: unknown, indent: string, level = 0): Generator<string> {
  if (!isContainer(value) || level >= STREAMED_LEVELS) {
    const text = JSON.stringify(value, null, 2);
    yield indent && text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let k = 0; k < value.length; k++) {
      yield k === 0 ? `\n${inner}` : `,\n${inner}`;
      const item = prepared(value[k], String(k));
      if (omitted(item)) yield 'null';
      else yield* pretty(item, inner, level + 1);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const k of Object.keys(value)) {
    const member = prepared((value as Record<string, unknown>)[k], k);
    if (omitted(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(k)}: `;
    first = false;
    yield* pretty(member, inner, level + 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}
