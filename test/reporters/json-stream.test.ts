import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { renderJson, renderJsonChunks } from '../../reporters/json.js';
import type { ScanResult } from '../../src/engine/result.js';
import { Unknown } from '../../src/graph/values.js';
import { scan } from '../../src/scan.js';
import { sampleResult } from '../support/sample-result.js';

const streamed = (value: unknown, chunkChars?: number): string[] => [...renderJsonChunks(value as ScanResult, chunkChars)];

describe('renderJsonChunks: the text of renderJson, in pieces', () => {
  it('gives the same text as renderJson for a real scan (the Terraform of the bundled example)', async () => {
    const dir = path.resolve('fixtures/technova/terraform');
    const result = await scan({ paths: [dir], root: dir, now: () => new Date('2026-12-01T00:00:00Z') });
    expect(result.findings.length).toBeGreaterThan(10);
    expect(streamed(result).join('')).toBe(renderJson(result));
  });

  it('gives the same text for a hostile sample result, whatever the piece size', () => {
    const result = sampleResult(60, { hostile: true });
    const whole = renderJson(result);
    for (const size of [1, 100, 4096, 1 << 20]) {
      const pieces = streamed(result, size);
      expect(pieces.join('')).toBe(whole);
      // Pieces are bounded: a piece is the pending text once it reaches the size, plus at most one member below the streamed levels.
      if (size === 4096) expect(pieces.length).toBeGreaterThan(whole.length / 100_000);
    }
    expect(streamed(result, 1 << 30)).toHaveLength(1);
  });

  it('does what JSON.stringify does with toJSON, undefined, functions, symbols, empties, boxed and odd keys', () => {
    const value = {
      unknown: new Unknown('known only after apply'),
      date: new Date('2026-12-07T09:00:00Z'),
      keyed: { toJSON: (key: string) => `toJSON(${key})` },
      gone: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      list: [undefined, () => 1, Symbol('x'), null, 0, -0, NaN, Infinity, 'a\nb', { toJSON: () => undefined }],
      empty: { object: {}, array: [], nested: [[], [{}], { a: [] }] },
      allGone: { a: undefined, b: () => 2 },
      boxed: [new Number(3), new String('s'), new Boolean(false)],
      'quote"key\n\u2028': 'é 😀 \u0000 \u001f',
      deep: { a: { b: { c: { d: { e: { f: [1, { g: 'h' }] } } } } } },
      toJSONObject: { toJSON: () => ({ made: [1, 2, { three: 3 }] }) },
    };
    const expected = JSON.stringify(value, null, 2) + '\n';
    expect(streamed(value).join('')).toBe(expected);
    expect(streamed(value, 1).join('')).toBe(expected);
    expect(streamed([]).join('')).toBe('[]\n');
    expect(streamed('text').join('')).toBe('"text"\n');
  });

  it('writes long arrays in batches with the text and toJSON keys of one JSON.stringify, at the first two levels and below', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => (i % 7 === 0 ? { toJSON: (key: string) => `element ${key}` } : i % 11 === 0 ? undefined : { i, nested: [i, { text: 'a\nb' }] }));
    const value = { top: list(1000), level: { two: list(513), deeper: { three: list(300) } }, exact: list(256), one: list(257) };
    const expected = JSON.stringify(value, null, 2) + '\n';
    expect(expected).toContain('"element 994"');
    expect(streamed(value).join('')).toBe(expected);
    expect(streamed(list(700)).join('')).toBe(JSON.stringify(list(700), null, 2) + '\n');
  });

  it('throws as JSON.stringify does on a cycle (never writes an endless report)', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = { again: { more: { deeper: { a } } } };
    expect(() => JSON.stringify(a)).toThrow(TypeError);
    expect(() => streamed(a)).toThrow(TypeError);
  });
});
